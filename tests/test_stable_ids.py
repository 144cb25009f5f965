"""Amount ids are typed in the workbook (sheet amounts, column amount_id) and never renumbered: inserting,
deleting or reordering amounts rows leaves every decision file pointing at the same amount; a decision naming an
id that no longer exists, or an amount its lines no longer hold, is refused with its file and row (issue 27)."""

from __future__ import annotations

import pytest
from raw_edits import add_amount, amounts_row, csv_rows, edit_csv, fixture_text, register_source

from benchmark.clean.decisions import references_to
from benchmark.clean.pipeline import clean
from benchmark.core.errors import DataError
from benchmark.core.parsing import split_list
from benchmark.ingest import workbook_edit

PAGE = "web-fixture-prime-web-2025"
NEWER = dict(
    amount_id="bru-prime-web-per-year-2025",
    instrument_id="bru-prime-web",
    kind="per_year",
    text="maximum € 10.000 par année civile",
    lines=f"{PAGE}:L3",
    notes="Newer ceiling read on the official page.",
)


def referenced(raw_dir, tables) -> dict[tuple[str, int, str, str], tuple]:
    """(file, row, column, id) → the (text, value, lines) of the amount each decision cell names."""
    amounts = tables["amounts"].set_index("amount_id")
    found = {}
    for file, column in references_to("amounts"):
        for number, row in enumerate(csv_rows(raw_dir / file), start=2):
            for amount_id in split_list(row[column]) or []:
                a = amounts.loc[amount_id]
                found[(file, number, column, amount_id)] = (a["text"], a["value"], a["source_lines"])
    return found


def problems_of(raw_dir):
    with pytest.raises(DataError) as err:
        clean(raw_dir)
    return err.value.problems


@pytest.mark.parametrize("where", ["top", "above Prime Web"])
def test_inserting_an_amount_row_leaves_every_decision_on_its_amount(raw_copy, tables, where):
    before = referenced(raw_copy, tables)
    assert any(value[2] == "L300" for value in before.values())  # Prime Web's ceiling is named by step 5
    register_source(raw_copy, PAGE, fixture_text(PAGE))
    row = 2 if where == "top" else amounts_row(raw_copy, "bru-prime-web-per-year")
    add_amount(raw_copy, NEWER, before=row)
    after = clean(raw_copy).tables
    assert referenced(raw_copy, after) == before
    new = after["amounts"].set_index("amount_id").loc["bru-prime-web-per-year-2025"]
    assert (new["value"], new["source_id"], new["source_lines"]) == (10000, PAGE, f"{PAGE}:L3")


def test_deleting_and_reordering_rows_keeps_the_ids(raw_copy, tables):
    before = referenced(raw_copy, tables)
    with workbook_edit.editing(raw_copy / "inventories.xlsx") as book:
        ws = book["amounts"]
        unused = workbook_edit.find_row(ws, "amount_id", "qc-mon-commerce-en-ligne-service-value")
        ws.delete_rows(unused)
        last = [c.value for c in ws[ws.max_row]]  # the last row moved to the top
        ws.delete_rows(ws.max_row)
        ws.insert_rows(2)
        for col, value in enumerate(last, start=1):
            ws.cell(2, col).value = value
    after = clean(raw_copy).tables
    assert "qc-mon-commerce-en-ligne-service-value" not in set(after["amounts"]["amount_id"])
    assert referenced(raw_copy, after) == before


def test_an_old_numbered_id_is_refused_with_its_row_and_the_fix(raw_copy):
    row = edit_csv(raw_copy / "step5_ladders.csv", {"instrument_id": "bru-prime-web"}, amount_id="bru-prime-web-1")
    problems = [p for p in problems_of(raw_copy) if p.file == "step5_ladders.csv"]
    assert [(p.row, p.column, p.value) for p in problems] == [(row, "amount_id", "bru-prime-web-1")]
    assert "Amounts are no longer numbered" in problems[0].message
    assert "Write the id of the row you mean (did you mean 'bru-prime-web-per-year'?)" in problems[0].message


def test_a_deleted_amount_still_named_by_a_decision_is_refused(raw_copy, tables):
    naming = {
        (file, column) for file, _, column, i in referenced(raw_copy, tables) if i == "wal-digitalees-bourses-ceiling"
    }
    assert ("step5_ladders.csv", "amount_id") in naming  # the bourse is a step of the Walloon ladder (L511)
    with workbook_edit.editing(raw_copy / "inventories.xlsx") as book:
        ws = book["amounts"]
        ws.delete_rows(workbook_edit.find_row(ws, "amount_id", "wal-digitalees-bourses-ceiling"))
    problems = problems_of(raw_copy)
    named = {(p.file, p.column) for p in problems if p.value == "wal-digitalees-bourses-ceiling"}
    assert named == naming
    assert all("no amount_id 'wal-digitalees-bourses-ceiling'" in p.message for p in problems if p.value)


def test_an_amount_edited_in_place_from_a_newer_page_makes_its_decision_stale(raw_copy):
    """The issue's case: Prime Web's row now quotes a newer page (10 000 €); the ladder step still cites
    L294-L300 (5 000 €) and would show the new amount beside the old lines."""
    register_source(raw_copy, PAGE, fixture_text(PAGE))
    row = amounts_row(raw_copy, "bru-prime-web-per-year")
    path = raw_copy / "inventories.xlsx"
    for column, value in (("text", NEWER["text"]), ("lines", NEWER["lines"])):
        workbook_edit.set_cell(path, "amounts", ("amount_id", "bru-prime-web-per-year"), column, value)
    problems = problems_of(raw_copy)
    assert len(problems) == 1, [str(p) for p in problems]
    p = problems[0]
    assert (p.file, p.column, p.value) == ("step5_ladders.csv", "amount_id", "bru-prime-web-per-year")
    assert p.row == next(
        n
        for n, r in enumerate(csv_rows(raw_copy / "step5_ladders.csv"), start=2)
        if r["instrument_id"] == "bru-prime-web"
    )
    assert f"« maximum € 10.000 par année civile » at {PAGE}:L3" in p.message
    assert "this row cites L294-L300; L386, which does not hold it" in p.message and row > 1


def test_an_amount_id_is_required_and_unique(raw_copy):
    path = raw_copy / "inventories.xlsx"
    empty = workbook_edit.set_cell(path, "amounts", ("amount_id", "vlg-sifo-ceiling"), "amount_id", None)
    first = amounts_row(raw_copy, "qc-tnec-budget")
    twice = workbook_edit.set_cell(
        path, "amounts", ("amount_id", "qc-mon-commerce-en-ligne-service-value"), "amount_id", "qc-tnec-budget"
    )
    problems = [p for p in problems_of(raw_copy) if p.sheet == "amounts"]
    # the later of the two rows is named, with the earlier one
    assert [(p.row, p.column) for p in problems] == [(empty, "amount_id"), (max(first, twice), "amount_id")]
    assert "the cell is empty, but every row needs its amount_id" in problems[0].message
    assert f"'qc-tnec-budget' is already the id of row {min(first, twice)}" in problems[1].message


def test_an_amount_id_is_not_one_another_row_gives(raw_copy):
    """A range's low end is <amount_id>-low: a row typing that id is refused, not silently shadowed."""
    path = raw_copy / "inventories.xlsx"
    key = ("amount_id", "wal-softlab-academy-daily-rate")
    low = workbook_edit.set_cell(path, "amounts", key, "amount_id", "be-inami-prime-cabinet-integre-ceiling-low")
    problems = [p for p in problems_of(raw_copy) if p.sheet == "amounts"]
    assert [(p.row, p.column) for p in problems] == [(low, "amount_id")]
    assert "is also the id that sheet amounts row" in problems[0].message
    assert "min_per_beneficiary" in problems[0].message


def test_a_whole_unverifiable_page_is_a_valid_citation_of_an_amount(raw_copy):
    """Citing a web page by its id alone crashed clean (the amounts were numbered by their first line)."""
    register_source(raw_copy, "web-prime-web-news", None, title="Actualité Prime Web")
    add_amount(raw_copy, dict(NEWER, amount_id="bru-prime-web-news", lines="web-prime-web-news"))
    amounts = clean(raw_copy).tables["amounts"].set_index("amount_id")
    assert amounts.at["bru-prime-web-news", "source_id"] == "web-prime-web-news"
    assert amounts.at["bru-prime-web-news", "value"] == 10000
