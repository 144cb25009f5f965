"""Bad input is caught and located: a test per case, on real files broken in a temporary copy of data/raw."""

import csv
import shutil

import openpyxl
import pytest

from benchmark import paths
from benchmark.cli import main
from benchmark.errors import DataError
from benchmark.pipeline import clean

from conftest import edit_workbook


def problems_of(raw_dir):
    with pytest.raises(DataError) as err:
        clean(raw_dir)
    return err.value.problems


def one(problems, **where):
    hits = [p for p in problems if all(getattr(p, k) == v for k, v in where.items())]
    assert hits, f"no problem at {where} among: {[str(p) for p in problems]}"
    return hits[0]


def test_required_column_renamed(raw_copy):
    wb = openpyxl.load_workbook(raw_copy / "inventories.xlsx")
    wb["FR"].cell(row=1, column=20).value = "nonmarket_acces"   # column T renamed by a typo
    wb.save(raw_copy / "inventories.xlsx")
    p = one(problems_of(raw_copy), sheet="FR", column="nonmarket_access")
    assert "missing" in p.message and "nonmarket_acces" in p.message


def test_unknown_sheet(raw_copy):
    wb = openpyxl.load_workbook(raw_copy / "inventories.xlsx")
    wb.create_sheet("Bruxelles")
    wb.save(raw_copy / "inventories.xlsx")
    assert "unknown sheet" in one(problems_of(raw_copy), sheet="Bruxelles").message


def test_empty_workbook(raw_copy):
    wb = openpyxl.Workbook()
    wb.save(raw_copy / "inventories.xlsx")
    problems = problems_of(raw_copy)
    assert any(p.sheet == "BE-BRU" and "missing" in p.message for p in problems)


def test_truncated_workbook(raw_copy):
    data = (raw_copy / "inventories.xlsx").read_bytes()
    (raw_copy / "inventories.xlsx").write_bytes(data[: len(data) // 2])
    p = one(problems_of(raw_copy), file="inventories.xlsx")
    assert "not an Excel workbook" in p.message   # half a zip has no central directory


def test_file_that_is_not_a_workbook(raw_copy):
    (raw_copy / "inventories.xlsx").write_text("instrument_id;name\nx;y\n", encoding="utf-8")
    assert "not an Excel workbook" in one(problems_of(raw_copy), file="inventories.xlsx").message


def test_unknown_code_in_a_coded_column(raw_copy):
    row = edit_workbook(raw_copy, "BE-BRU", "bru-prime-web", "nonmarket_access", "ouvert")
    p = one(problems_of(raw_copy), sheet="BE-BRU", row=row, column="nonmarket_access")
    assert p.value == "ouvert" and "dedicated" in p.message


def test_unknown_code_in_a_list_column(raw_copy):
    row = edit_workbook(raw_copy, "BE-WAL", "wal-digiscore", "stages", "diagnosis; mise en oeuvre")
    p = one(problems_of(raw_copy), sheet="BE-WAL", row=row, column="stages")
    assert p.value == "diagnosis; mise en oeuvre"


def test_duplicate_instrument_id(raw_copy):
    row = edit_workbook(raw_copy, "FR", "fr-dla", "instrument_id", "fr-pana")
    p = one(problems_of(raw_copy), sheet="FR", column="instrument_id", value="fr-pana")
    assert "duplicate" in p.message and p.row in (row, row - 1)


def test_an_id_two_sources_give_to_different_instruments(raw_copy):
    """annex_i_rows.csv gives SIFO's id to the Digiraf row: the names disagree and the error says where."""
    path = raw_copy / "annex_i_rows.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[15][2], rows[16][2] = "vlg-digiraf", "vlg-sifo"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    p = one(problems_of(raw_copy), file="annex_i_rows.csv", column="instrument_id", value="vlg-digiraf")
    assert "two sources give one id to different instruments" in p.message and "SIFO" in p.message


@pytest.mark.parametrize("text, message", [
    ("environ cinq mille €", "unknown amount notation"),
    ("maximum 5 000 CHF par projet", "unknown currency"),
    ("-5000€ par année civile", "negative"),
    ("120 % des coûts et max 5.000€", "above 100"),
])
def test_bad_amounts_are_located(raw_copy, text, message):
    path = raw_copy / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["amounts"]
    ws.cell(row=2, column=3).value = text
    wb.save(path)
    p = one(problems_of(raw_copy), sheet="amounts", row=2, column="text")
    assert message in p.message and p.value == text


@pytest.mark.parametrize("text, message", [("2027 - 2021", "before start"), ("2021 - 20270", "four digits")])
def test_impossible_dates_in_the_inventory_stop_the_run(raw_copy, text, message):
    row = edit_workbook(raw_copy, "EU", "eu-digital-europe", "dates_text", text)
    p = one(problems_of(raw_copy), sheet="EU", row=row, column="dates_text")
    assert message in p.message


def test_excel_export_in_a_belgian_locale(raw_copy):
    path = raw_copy / "part4_initiatives.csv"
    text = path.read_text(encoding="utf-8").replace(",", ";")
    path.write_bytes(text.encode("cp1252"))
    p = one(problems_of(raw_copy), file="part4_initiatives.csv", row=4)   # « Québec » is the first non-ASCII byte
    assert "not UTF-8" in p.message and "Windows-1252" in p.message


def test_semicolon_export_in_utf8_is_named_too(raw_copy):
    src = raw_copy / "part4_needs.csv"
    src.write_text(src.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    p = one(problems_of(raw_copy), file="part4_needs.csv", row=1)
    assert "separated by ';'" in p.message and p.value.startswith("need_id;text")


def test_formula_in_a_text_cell(raw_copy):
    path = raw_copy / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["BE-BRU"]
    ws["D3"] = '=CONCAT("Aide ", "x")'   # column D (other_names) of row 3, typed as a formula
    wb.save(path)
    p = one(problems_of(raw_copy), sheet="BE-BRU", row=3, column="D")
    assert "formula" in p.message


def test_cli_exits_non_zero_and_leaves_clean_untouched(raw_copy, tmp_path, capsys):
    out = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit_workbook(raw_copy, "BE-BRU", "bru-prime-web", "primary_type", "subside")
    assert main(["clean", "--raw", str(raw_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "[sheet BE-BRU]" in err and "primary_type" in err and "'subside'" in err
    assert before == {p.name: p.read_bytes() for p in out.iterdir()}
    assert not list(tmp_path.glob(".clean-*"))
