"""Where the tests find the report itself (read-only, beside the repository): they prove that the copy the pipeline
reads (data/raw/sources/) and Annex I are word for word the report's. BENCHMARK_SOURCE overrides where it is."""

from __future__ import annotations

import os
from pathlib import Path

from benchmark.core import paths

SOURCE = Path(
    os.environ.get(
        "BENCHMARK_SOURCE",
        paths.ROOT.parent / "shared" / "source" / "rapport-etape3-explorer-pour-s-inspirer-2024-02.txt",
    )
)
