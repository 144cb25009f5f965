"""Where things are: the project the user stands in, its folders, and the source report beside it.

The project is the folder holding ``pyproject.toml`` and ``data/raw/``, found by walking up from the current
directory (so one virtualenv serves several working copies, each acting on its own files); ``BENCHMARK_ROOT``
overrides it (the CLI sets it from ``--root``, and the notebooks' kernels inherit it). ``BENCHMARK_RAW`` and
``BENCHMARK_CLEAN`` point the notebooks at other raw and clean folders (``benchmark build --raw DIR --clean DIR``).
Outside any project, the
library falls back to the checkout it is installed from; the CLI refuses instead (``find_root``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_CHECKOUT = Path(__file__).resolve().parents[3]


def is_project(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "data" / "raw").is_dir()


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the current directory) that is a project."""
    start = (start or Path.cwd()).resolve()
    return next((folder for folder in (start, *start.parents) if is_project(folder)), None)


def _root() -> Path:
    if os.environ.get("BENCHMARK_ROOT"):
        return Path(os.environ["BENCHMARK_ROOT"]).resolve()
    return find_root() or PACKAGE_CHECKOUT


ROOT = _root()
ENVIRONMENT = ("BENCHMARK_ROOT", "BENCHMARK_RAW", "BENCHMARK_CLEAN")  # what the CLI tells the kernels
RAW = Path(os.environ["BENCHMARK_RAW"]).resolve() if os.environ.get("BENCHMARK_RAW") else ROOT / "data" / "raw"
CLEAN = Path(os.environ["BENCHMARK_CLEAN"]).resolve() if os.environ.get("BENCHMARK_CLEAN") else ROOT / "data" / "clean"
FIGURES = ROOT / "figures"
REPORTS = ROOT / "reports"
NOTEBOOKS = ROOT / "notebooks"
