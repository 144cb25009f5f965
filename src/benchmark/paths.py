"""Where things are: the repository's folders and the source report beside it."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
CLEAN = ROOT / "data" / "clean"
FIGURES = ROOT / "figures"
REPORTS = ROOT / "reports"
NOTEBOOKS = ROOT / "notebooks"
# The report itself is read only by tests (to prove quotes and Annex I word for word); the pipeline
# needs only data/raw/. BENCHMARK_SOURCE overrides where it is.
SOURCE = Path(os.environ.get("BENCHMARK_SOURCE",
                             ROOT.parent / "shared" / "source" / "rapport-etape3-explorer-pour-s-inspirer-2024-02.txt"))
