"""End to end, as a researcher works: add one verbatim instrument to the workbook, run ``benchmark build``: every
notebook runs on the new data, its stored outputs and the reports' prose show the new counts.

The build skips what this proof does not read — the exported figures and the PDFs, which the session's shared
build (tests/conftest.py) produces and checks — and still cleans, executes every notebook and writes the pages.
That nbval then passes on the refreshed notebooks is what nbval already proves on the committed ones in the same
session: they too are what ``benchmark build`` wrote, and re-executing them gives the same outputs. Re-running
every notebook a third time here would prove it again at the cost of a whole execution."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_source import SOURCE as REPORT_SOURCE
from shared_build import link_node_modules

from benchmark.analysis import comparisons
from benchmark.clean.load import load_clean
from benchmark.core import paths
from benchmark.ingest import workbook_edit
from benchmark.present.formatting import fmt_int

pytestmark = pytest.mark.early  # a long module: started first (tests/conftest.py)

# IRISNET, named at L274 among the Brussels « partenariats publics/privés », is left out of the committed inventory
# (data/raw/README.md): a researcher adding it is the smallest real edit of the Brussels sheet.
NEW_ROW = {
    "instrument_id": "bru-irisnet",
    "name": "IRISNET",
    "name_lines": "L274",
    "primary_type": "advisory",
    "types": "advisory",
    "stages": "implementation",
    "target_groups": "nonprofit",
    "nonmarket_access": "unknown",
    "digital_specific": True,
    "funder_type": "mixed",
    "covers_brussels": True,
    "focus": False,
    "interviewed": False,
    "source_lines": "L274",
    "notes": "Named among the public/private partnerships of L274; the report describes it no further.",
}


def _copy_project(target: Path) -> Path:
    """The committed project (what a fresh clone holds) in ``target``, without virtualenv or caches."""
    files = subprocess.run(["git", "-C", str(paths.ROOT), "ls-files", "-z"], capture_output=True, check=True)
    for name in files.stdout.decode().split("\0"):
        if name:
            source = paths.ROOT / name
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            if source.exists():
                shutil.copy2(source, target / name)
    link_node_modules(target)
    return target


def add_instrument(workbook: Path, sheet: str, values: dict) -> int:
    """Append one row to a jurisdiction sheet, cells placed by the sheet's own header, as a spreadsheet program
    writes them (a workbook last saved by LibreOffice keeps its booleans); return its Excel row."""
    return workbook_edit.append_row(workbook, sheet, values)


def _visible_text(page: Path) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _stored_text(notebook: Path) -> str:
    """The text of a notebook's stored outputs (markdown and plain text), as nbval compares them."""
    import nbformat

    parts = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(data.get("text/markdown") or data.get("text/plain") or output.get("text", ""))
    return " ".join(" ".join(parts).replace("**", "").split())  # markdown bold is not text


def test_one_added_instrument_refreshes_everything(tmp_path):
    project = _copy_project(tmp_path / "project")
    committed = load_clean(project / "data" / "clean")["instruments"]
    rows_before, units_before = len(committed), len(comparisons.counting_units(committed))
    add_instrument(project / "data/raw/inventories.xlsx", "BE-BRU", NEW_ROW)

    inherited = {k: v for k, v in os.environ.items() if k not in paths.ENVIRONMENT}
    env = {**inherited, "PYTHONPATH": str(project / "src"), "BENCHMARK_SOURCE": str(REPORT_SOURCE)}
    build = subprocess.run(
        [sys.executable, "-m", "benchmark.cli", "build", "--skip-figures", "--skip-pdfs"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]

    instruments = (project / "data/clean/instruments.csv").read_text(encoding="utf-8")
    assert "bru-irisnet," in instruments
    new = f"L'inventaire compte {fmt_int(rows_before + 1)} lignes, soit {fmt_int(units_before + 1)} instruments"
    old = f"L'inventaire compte {fmt_int(rows_before)} lignes"
    # every notebook ran again and was written back: the stored outputs of 01 give the new total, computed
    executed = [line for line in build.stdout.splitlines() if line.strip().endswith("ok")]
    assert len(executed) == len(list((project / "notebooks").glob("[0-9][0-9]_*.ipynb"))), build.stdout
    stored = _stored_text(project / "notebooks" / "01_inventaire_et_qualite.ipynb")
    assert new in stored and old not in stored
    # and so does the prose of report 01
    report = _visible_text(project / "reports" / "01_inventaire_et_qualite.html")
    assert new in report and old not in report
