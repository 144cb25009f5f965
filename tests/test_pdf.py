"""The PDF printer (``benchmark.pdf.Printer``): a browser that cannot start is a located error, raised where the
site is written, and the printer's thread ends (no hang)."""

from __future__ import annotations

import pytest

from benchmark import chromium, pdf
from benchmark.errors import ReportError


def test_a_missing_chromium_is_reported_by_finish_and_nothing_hangs(tmp_path, monkeypatch):
    monkeypatch.setattr(chromium, "CHROMIUM", tmp_path / "no-chromium")
    (tmp_path / "page.html").write_text("<!DOCTYPE html><title>x</title><p>x</p>", encoding="utf-8")
    printer = pdf.Printer(tmp_path)
    printer.add("page.html")
    with pytest.raises(ReportError, match="no-chromium"):
        printer.finish(["page.html"], info=None)  # not read: nothing was printed
    assert not printer._thread.is_alive()
    assert not (tmp_path / pdf.PDF_DIR).exists()
