"""The PDF printer (``benchmark.publish.pdf.print_site``): a browser that cannot start is a located error, and
nothing is written."""

from __future__ import annotations

import pytest

from benchmark.core.errors import ReportError
from benchmark.publish import chromium, pdf


def test_a_missing_chromium_is_reported_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(chromium, "CHROMIUM", tmp_path / "no-chromium")
    (tmp_path / "page.html").write_text("<!DOCTYPE html><title>x</title><p>x</p>", encoding="utf-8")
    with pytest.raises(ReportError, match="no-chromium"):
        pdf.print_site(tmp_path, ["page.html"], info=None)  # not read: nothing was printed
    assert not (tmp_path / pdf.PDF_DIR).exists()
