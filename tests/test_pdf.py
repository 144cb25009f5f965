"""The PDF printer (``benchmark.publish.pdf.Printer``): a browser that cannot start is a located error, raised where the
site is written, and the printer's thread ends (no hang)."""

from __future__ import annotations

import pytest

from benchmark.core.errors import ReportError
from benchmark.publish import chromium, pdf


def test_a_missing_chromium_is_reported_by_finish_and_nothing_hangs(tmp_path, monkeypatch):
    monkeypatch.setattr(chromium, "CHROMIUM", tmp_path / "no-chromium")
    (tmp_path / "page.html").write_text("<!DOCTYPE html><title>x</title><p>x</p>", encoding="utf-8")
    printer = pdf.Printer(tmp_path)
    printer.add("page.html")
    with pytest.raises(ReportError, match="no-chromium"):
        printer.finish(["page.html"], info=None)  # not read: nothing was printed
    assert not printer._thread.is_alive()
    assert not (tmp_path / pdf.PDF_DIR).exists()


def test_a_missing_chromium_is_reported_by_draw_too(tmp_path, monkeypatch):
    """The build's figure thread draws in the printer's browser: it gets the same located error, without waiting."""
    import plotly.graph_objects as go

    from benchmark.publish import chart_images

    monkeypatch.setattr(chromium, "CHROMIUM", tmp_path / "no-chromium")
    printer = pdf.Printer(tmp_path)
    with pytest.raises(ReportError, match="no-chromium"):
        printer.draw([chart_images.Image(go.Figure(go.Bar(x=["a"], y=[1])), "svg", 300, 200)])
    printer.stop()
    assert not printer._thread.is_alive()


def test_the_printer_draws_figures_as_their_own_browser_does_while_it_prints(tmp_path):
    """One Chromium for the build: images drawn by the printer between two pages are the bytes ``draw`` gives."""
    import plotly.graph_objects as go
    from conftest import CHROMIUM, require

    from benchmark.publish import chart_images

    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    figure = go.Figure(go.Bar(x=["Bruxelles", "Wallonie"], y=[3, 5]), layout={"title": {"text": "Aides"}})
    images = [chart_images.Image(figure, "svg", 600, 400), chart_images.Image(figure, "png", 600, 400, scale=2)]
    (tmp_path / "page.html").write_text("<!DOCTYPE html><title>x</title><p>x</p>", encoding="utf-8")
    printer = pdf.Printer(tmp_path)
    try:
        printer.add("page.html")
        drawn = printer.draw(images)
    finally:
        printer.stop()
    assert drawn == chart_images.draw(images)
    assert drawn[0].startswith(b"<svg") and drawn[1][:4] == b"\x89PNG"
