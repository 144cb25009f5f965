"""Shared fixtures: the source report, the real raw data, and editable copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from benchmark import paths
from benchmark.pipeline import clean


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The report's lines (index 0 = L1). CI lays shared/ beside the clone; without it the tests fail."""
    assert paths.SOURCE.exists(), f"source report not found at {paths.SOURCE} (set BENCHMARK_SOURCE)"
    return paths.SOURCE.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def result():
    """The clean result of the real raw data."""
    return clean(paths.RAW)


@pytest.fixture(scope="session")
def tables(result):
    return result.tables


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of data/raw/ to break in one test."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


def edit_workbook(raw_dir: Path, sheet: str, instrument_id: str | None, column: str, value) -> int:
    """Set one cell of the inventory workbook (row found by instrument_id, or the first data row);
    return the Excel row edited."""
    path = raw_dir / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if instrument_id is None or row[0].value == instrument_id:
            cell = row[header.index(column)]
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "f" if value.startswith("=") and column == "__formula__" else "s"
            wb.save(path)
            return cell.row
    raise KeyError(instrument_id)
