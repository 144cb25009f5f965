"""The ordinary mistakes of upkeep, each answered by one located message a non-programmer can act on: the file,
sheet, row, column, the value, what is allowed in plain words and the fix — no validator jargon, no knock-on
error inviting the wrong correction (issue 27, point 4)."""

from __future__ import annotations

import pytest
from raw_edits import csv_rows, edit_csv

from benchmark.clean.pipeline import clean
from benchmark.core.errors import DataError
from benchmark.ingest import workbook_edit

JARGON = ("isin(", "str_matches", "dtype(", "field_uniqueness", "not_nullable", "SchemaError", "Traceback")


def only_problem(raw_dir):
    with pytest.raises(DataError) as err:
        clean(raw_dir)
    problems = err.value.problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    text = str(problems[0])
    assert not any(word in text for word in JARGON), text
    return problems[0]


def test_an_uncoded_value_names_the_codes_and_the_codebook_without_a_knock_on(raw_copy):
    """« subside » as primary_type used to add « types must contain primary_type 'subside' », inviting a researcher
    to write the uncoded value in types too."""
    path = raw_copy / "inventories.xlsx"
    row = workbook_edit.set_cell(path, "BE-BRU", ("instrument_id", "bru-prime-web"), "primary_type", "subside")
    p = only_problem(raw_copy)
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("inventories.xlsx", "BE-BRU", row, "primary_type", "subside")
    assert "« subside » is not a code of primary_type" in p.message
    assert "Allowed: strategy, grant, voucher" in p.message
    assert "docs/codebook.md (« primary_type et types »)" in p.message


def test_a_near_miss_code_is_suggested(raw_copy):
    path = raw_copy / "inventories.xlsx"
    workbook_edit.set_cell(path, "BE-WAL", ("instrument_id", "wal-digiscore"), "stages", "diagnostic")
    assert "Did you mean « diagnosis »?" in only_problem(raw_copy).message


def test_an_id_with_spaces_and_capitals_gets_the_id_to_write(raw_copy):
    path = raw_copy / "inventories.xlsx"
    workbook_edit.set_cell(path, "amounts", ("amount_id", "bru-febi-per-day"), "amount_id", "FeBi par jour")
    p = only_problem(raw_copy)
    assert p.column == "amount_id" and "without spaces or accents" in p.message and "« febi-par-jour »" in p.message


def test_a_quote_at_the_wrong_lines_says_where_it_is(raw_copy):
    """Digibrux's description stands at L324: cited at L320, the message names L324 and the cell to change."""
    path = raw_copy / "inventories.xlsx"
    key = ("instrument_id", "bru-digibrux")
    row = workbook_edit.set_cell(path, "BE-BRU", key, "description_lines", "L320")
    p = only_problem(raw_copy)
    assert (p.sheet, p.row, p.column) == ("BE-BRU", row, "description")
    assert "is not at L320" in p.message and "it is at L324: write that in description_lines" in p.message


def test_a_declared_report_mistake_at_the_wrong_lines_is_refused(raw_copy):
    """« 2020 - 20230 » stands at L1037; declared at L500 it used to be accepted."""
    row = edit_csv(raw_copy / "source_problems.csv", {"problem_id": "eu-digital-decade-date-typo"}, lines="L500")
    p = only_problem(raw_copy)
    assert (p.file, p.row, p.column, p.value) == ("source_problems.csv", row, "lines", "L500")
    assert "none of the passages detail quotes stands at L500: « 2020 - 20230 » is at L1037" in p.message


def test_a_declared_mistake_that_quotes_nothing_is_refused(raw_copy):
    path = raw_copy / "source_problems.csv"
    row = edit_csv(path, {"problem_id": "vlg-socius-description-typo"}, detail="An adjective lacks its feminine.")
    p = only_problem(raw_copy)
    assert (p.row, p.column) == (row, "detail") and "quote the mistaken words between « »" in p.message


def test_a_boolean_typed_as_text_says_how_to_type_it(raw_copy):
    path = raw_copy / "inventories.xlsx"
    workbook_edit.set_cell(path, "BE-BRU", ("instrument_id", "bru-febi"), "covers_brussels", "oui")
    p = only_problem(raw_copy)
    assert p.column == "covers_brussels" and "TRUE or FALSE (VRAI or FAUX" in p.message


def test_a_missing_plotly_bundle_stops_the_build_before_any_step(tmp_path, monkeypatch, capsys):
    """The build used to start all eight notebooks (45 s) before it stopped on the missing bundle."""
    from benchmark import cli
    from benchmark.build import steps
    from benchmark.publish import plotlyjs

    monkeypatch.setattr(plotlyjs, "PATH", tmp_path / "node_modules" / "absent.min.js")
    plotlyjs.source.cache_clear()
    started = []
    monkeypatch.setattr(steps, "cmd_build", lambda args: started.append(args) or 0)
    try:
        assert cli.main(["build", "--skip-figures", "--skip-pdfs"]) == 1
    finally:
        plotlyjs.source.cache_clear()
    err = capsys.readouterr().err
    assert started == []
    assert "need plotly.js: plotly.js (plotly.js-cartesian-dist-min) is missing at" in err and "absent.min.js" in err
    assert "run `bash scripts/setup.sh` (npm ci installs it)" in err and "No step was started" in err


def test_an_amount_cut_inside_a_number_is_one_message(raw_copy):
    """« 56 euros » is a fragment of « une prime unique de 4 256 euros » (L145): it would have become 56 €."""
    path = raw_copy / "inventories.xlsx"
    key = ("amount_id", "be-inami-prime-demarrage-ceiling")
    row = workbook_edit.set_cell(path, "amounts", key, "text", "56 euros")
    p = only_problem(raw_copy)
    assert (p.sheet, p.row, p.column) == ("amounts", row, "text")
    assert "begins or ends inside a word or a number at L145" in p.message


@pytest.mark.parametrize("spec, words", [("L0", "numbered from L1"), ("L300-L290", "ends before it starts")])
def test_impossible_lines_in_source_lines_are_one_message(raw_copy, spec, words):
    path = raw_copy / "inventories.xlsx"
    row = workbook_edit.set_cell(path, "BE-BRU", ("instrument_id", "bru-prime-web"), "source_lines", spec)
    p = only_problem(raw_copy)
    assert (p.row, p.column, p.value) == (row, "source_lines", spec) and words in p.message


@pytest.mark.parametrize("file", ["currency_symbols.csv", "currency_rates.csv", "source_problems.csv"])
def test_every_csv_locator_is_within_the_reports_lines(raw_copy, file):
    """Not only quotes: a locator cell that quotes nothing must still cite lines the source has."""
    path = raw_copy / file
    rows = csv_rows(path)
    key = next(iter(rows[0]))
    first = next(r for r in rows if r["lines"])
    row = edit_csv(path, {key: first[key]}, lines="L9999")
    p = only_problem(raw_copy)
    assert (p.file, p.row, p.column) == (file, row, "lines")
    assert "cites L9999 but the report has 1124 lines" in p.message
