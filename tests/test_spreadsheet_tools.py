"""Any spreadsheet tool, in any order: a workbook saved by LibreOffice, then edited by a script (openpyxl), then
saved by LibreOffice again gives the same data/clean/ as the same edit made on the committed workbook."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
from libreoffice import save_with_libreoffice
from raw_edits import append_csv
from test_living_data import DECISIONS, NEW_ROW

from benchmark.clean.pipeline import clean
from benchmark.cli import main
from benchmark.core import paths
from benchmark.ingest import workbook_edit

NOTE = "Vérifié sur la page officielle en 2025."


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def note_with_plain_openpyxl(workbook: Path) -> None:
    """A researcher's own script: openpyxl as it is, which rewrites LibreOffice's TRUE() cells without their
    cached result."""
    book = openpyxl.load_workbook(workbook)
    ws = book["BE-BRU"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "bru-prime-web")
    ws.cell(row, header.index("notes") + 1).value = NOTE
    book.save(workbook)


def formulas_without_result(workbook: Path) -> int:
    with zipfile.ZipFile(workbook) as zf:
        return sum(
            zf.read(n).count(b"<v></v>") + zf.read(n).count(b"<v/>") for n in zf.namelist() if "worksheets/" in n
        )


def test_libreoffice_then_a_script_then_libreoffice_gives_the_same_clean_data(raw_copy, tmp_path):
    reference = tmp_path / "reference"
    shutil.copytree(paths.RAW, reference)
    workbook_edit.set_cell(reference / "inventories.xlsx", "BE-BRU", ("instrument_id", "bru-prime-web"), "notes", NOTE)
    assert main(["clean", "--raw", str(reference), "--out", str(tmp_path / "clean-reference")]) == 0

    workbook = raw_copy / "inventories.xlsx"
    save_with_libreoffice(workbook, tmp_path / "lo1")
    note_with_plain_openpyxl(workbook)
    assert formulas_without_result(workbook) > 100  # the state that used to give hundreds of « formula » errors
    assert main(["clean", "--raw", str(raw_copy), "--out", str(tmp_path / "clean-script")]) == 0
    save_with_libreoffice(workbook, tmp_path / "lo2")
    assert main(["clean", "--raw", str(raw_copy), "--out", str(tmp_path / "clean-chain")]) == 0

    expected = snapshot(tmp_path / "clean-reference")
    assert snapshot(tmp_path / "clean-script") == expected
    assert snapshot(tmp_path / "clean-chain") == expected


def test_the_projects_own_edit_of_a_libreoffice_workbook_keeps_its_booleans(raw_copy, tmp_path):
    """test_living_data's edit (``workbook_edit``) on a workbook last saved by LibreOffice: every boolean is
    written back as a boolean, and the new instrument is read."""
    workbook = raw_copy / "inventories.xlsx"
    save_with_libreoffice(workbook, tmp_path / "lo")
    workbook_edit.append_row(workbook, "BE-BRU", NEW_ROW)
    append_csv(raw_copy / "eligibility.csv", DECISIONS[0])  # its eligibility decision (data/raw/eligibility.csv)
    assert formulas_without_result(workbook) == 0
    instruments = clean(raw_copy).tables["instruments"].set_index("instrument_id")
    assert instruments.at["bru-irisnet", "digital_specific"] is True
    assert instruments.at["bru-irisnet", "covers_brussels"]
    assert not instruments.at["bru-irisnet", "focus"]
