"""Bad input is caught and located: a test per case, on real files broken in a temporary copy of data/raw."""

import csv
import shutil

import openpyxl
import pytest
from conftest import edit_workbook

from benchmark.clean.pipeline import clean
from benchmark.cli import main
from benchmark.core import paths
from benchmark.core.errors import DataError


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
    header = [c.value for c in wb["FR"][1]]
    wb["FR"].cell(row=1, column=header.index("funder_type") + 1).value = "funder_typ"  # renamed by a typo
    wb.save(raw_copy / "inventories.xlsx")
    p = one(problems_of(raw_copy), sheet="FR", column="funder_type")
    assert "missing" in p.message and "funder_typ" in p.message


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
    assert "not an Excel workbook" in p.message  # half a zip has no central directory


def test_file_that_is_not_a_workbook(raw_copy):
    (raw_copy / "inventories.xlsx").write_text("instrument_id;name\nx;y\n", encoding="utf-8")
    assert "not an Excel workbook" in one(problems_of(raw_copy), file="inventories.xlsx").message


def test_unknown_code_in_a_coded_column(raw_copy):
    row = edit_workbook(raw_copy, "BE-BRU", "bru-prime-web", "funder_type", "publique")
    p = one(problems_of(raw_copy), sheet="BE-BRU", row=row, column="funder_type")
    assert p.value == "publique" and "public" in p.message


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


@pytest.mark.parametrize(
    "text, message",
    [
        ("environ cinq mille €", "unknown amount notation"),
        ("maximum 5 000 CHF par projet", "unknown currency"),
        ("-5000€ par année civile", "negative"),
        ("120 % des coûts et max 5.000€", "above 100"),
    ],
)
def test_bad_amounts_are_located(raw_copy, text, message):
    path = raw_copy / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["amounts"]
    ws.cell(row=2, column=[c.value for c in ws[1]].index("text") + 1).value = text
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
    p = one(problems_of(raw_copy), file="part4_initiatives.csv", row=4)  # « Québec » is the first non-ASCII byte
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
    ws["D3"] = '=CONCAT("Aide ", "x")'  # column D (other_names) of row 3, typed as a formula
    wb.save(path)
    p = one(problems_of(raw_copy), sheet="BE-BRU", row=3, column="other_names")
    assert "cell D3 holds a formula" in p.message and "Values only" in p.message


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


# --- what spreadsheet programs write: nothing changed or dropped silently ------------------------------


def test_a_date_in_a_text_column_is_refused(raw_copy):
    """Excel turns « 2021-2023 » into a date easily; read as text it would silently change end_year."""
    import datetime as dt

    row = edit_workbook(raw_copy, "BE-WAL", "wal-digitalees", "dates_text", dt.datetime(2021, 1, 1))
    p = one(problems_of(raw_copy), sheet="BE-WAL", row=row, column="dates_text")
    assert p.message.startswith("a date where text was expected — type it as text")
    assert "2021-01-01" in str(p.value)


def add_column(raw_dir, sheet, header, row, value):
    """Write ``header`` in the first free column of ``sheet`` and ``value`` at ``row`` of it."""
    path = raw_dir / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = ws.max_column + 1
    ws.cell(row=1, column=col).value = header
    ws.cell(row=row, column=col).value = value
    wb.save(path)
    return openpyxl.utils.get_column_letter(col)


def test_an_unknown_column_with_content_is_refused(raw_copy):
    add_column(raw_copy, "BE-BRU", "comment", 4, "à vérifier avec la COCOF")
    p = one(problems_of(raw_copy), sheet="BE-BRU", row=4, column="comment")
    assert "does not know" in p.message and p.value == "à vérifier avec la COCOF"


def test_data_under_an_empty_header_is_refused(raw_copy):
    letter = add_column(raw_copy, "amounts", None, 3, "5 000 €")
    p = one(problems_of(raw_copy), sheet="amounts", row=3, column=f"{letter} (no header)")
    assert "empty header" in p.message and p.value == "5 000 €"


def test_an_unknown_column_without_content_is_harmless(raw_copy):
    add_column(raw_copy, "BE-BRU", "comment", 1, "comment")  # header only
    assert clean(raw_copy).tables["instruments"]["instrument_id"].str.startswith("bru-").sum() >= 11


@pytest.mark.parametrize("column", ["notes", "description"])
def test_a_merged_range_is_refused_in_any_column(raw_copy, column):
    path = raw_copy / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["BE-WAL"]
    col = [c.value for c in ws[1]].index(column) + 1
    ws.merge_cells(start_row=3, end_row=4, start_column=col, end_column=col)
    wb.save(path)
    letter = openpyxl.utils.get_column_letter(col)
    p = one(problems_of(raw_copy), sheet="BE-WAL", row=3, column=column)
    assert "merged" in p.message and p.value == f"{letter}3:{letter}4"


def test_a_constant_formula_without_its_cached_value_is_its_boolean(raw_copy):
    """openpyxl writes « =TRUE() » with no cached value (what it makes of a workbook LibreOffice saved): TRUE()
    never depends on a recalculation, so it is read as TRUE; another formula is still refused."""
    path = raw_copy / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["FR"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("focus") + 1).value = "=TRUE()"
    ws.cell(row=3, column=header.index("focus") + 1).value = "=1=1"
    wb.save(path)
    problems = problems_of(raw_copy)
    assert not [p for p in problems if p.sheet == "FR" and p.row == 2]
    p = one(problems, sheet="FR", row=3)
    assert "formula" in p.message and p.value == "=1=1"


def test_hidden_rows_and_trailing_formatted_rows_change_nothing(raw_copy, result):
    from openpyxl.styles import PatternFill

    path = raw_copy / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["CA-QC"]
    ws.row_dimensions[3].hidden = True  # hidden is still data
    fill = PatternFill("solid", fgColor="FFFFCC")
    width, last = ws.max_column, ws.max_row
    for row in range(last + 1, last + 201):
        for col in range(1, width + 1):
            ws.cell(row=row, column=col).fill = fill
    wb.save(path)
    again = clean(raw_copy).tables["instruments"]
    assert again.equals(result.tables["instruments"])


def test_a_csv_column_the_reader_does_not_know_is_refused(raw_copy):
    path = raw_copy / "part4_needs.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] += ",commentaire"
    lines[2] += ",à reformuler"
    lines[3] += ","
    path.write_text("\n".join(lines), encoding="utf-8")
    p = one(problems_of(raw_copy), file="part4_needs.csv", row=3, column="commentaire")
    assert "does not know" in p.message and p.value == "à reformuler"


def test_a_missing_raw_folder_is_named_once(tmp_path):
    problems = problems_of(tmp_path / "nowhere")
    assert len(problems) == 1 and "does not exist" in problems[0].message


def test_a_raw_rule_broken_is_one_problem_naming_its_columns(raw_copy):
    """A web page without its access date: one problem on that row, naming kind and accessed (not one per column)."""
    path = raw_copy / "sources.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows.append(
        ["web-example", "web_page", "Une page", "Un éditeur", "https://example.org", "", "unverifiable", "", "", ""]
    )
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    problems = [p for p in problems_of(raw_copy) if p.file == "sources.csv"]
    assert [(p.row, p.column) for p in problems] == [(len(rows), "kind, url, accessed")]
    assert "the day it was read" in problems[0].message and "YYYY-MM-DD" in problems[0].message
