"""Every error path of the decision files of data/raw/: a broken copy is refused with the file, row, column and
value to fix, never a bare exception, never a row dropped.

Each test breaks one real row of a copy of data/raw/ (``raw_copy``) and finds the row it broke by its content, so
that the tests hold when researchers add rows.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmark.clean.pipeline import clean
from benchmark.core.errors import DataError, Problem
from benchmark.registry.raw_tables import DECISIONS


def problems_of(raw_dir: Path) -> list[Problem]:
    with pytest.raises(DataError) as err:
        clean(raw_dir)
    return err.value.problems


def one(problems: list[Problem], **where) -> Problem:
    hits = [p for p in problems if all(getattr(p, k) == v for k, v in where.items())]
    assert hits, f"no problem at {where} among: {[str(p) for p in problems]}"
    return hits[0]


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def edit_row(path: Path, where, **changes) -> tuple[int, dict[str, str]]:
    """Change the first row for which ``where(row)`` holds; return its CSV row number (header = 1) and the row
    as it was."""
    rows = rows_of(path)
    n = next(i for i, r in enumerate(rows) if where(r))
    before = dict(rows[n])
    rows[n].update(changes)
    write_rows(path, rows)
    return n + 2, before


# --- the decisions clean reads -----------------------------------------------------------------------------


def test_a_stale_correction_from_is_refused_at_its_row(raw_copy):
    """The source no longer says what the correction replaces (L1037 « 2020 - 20230 »)."""
    row, before = edit_row(
        raw_copy / "source_problems.csv", lambda r: r["correction_target"] == "annex_i", correction_from="2020 - 20231"
    )
    assert before["correction_from"] == "2020 - 20230"
    found = one(
        problems_of(raw_copy), file="source_problems.csv", row=row, column="correction_from", value="2020 - 20231"
    )
    assert "'2020 - 20230'" in found.message  # what the source says now


def test_a_correction_of_a_field_annex_i_does_not_have_names_the_field(raw_copy):
    row, _ = edit_row(raw_copy / "source_problems.csv", lambda r: r["correction_target"] == "annex_i", field="datum")
    found = one(problems_of(raw_copy), file="source_problems.csv", row=row, column="field", value="datum")
    assert "date_raw" in found.message  # the columns it could name


def test_an_annex_i_row_left_out_of_the_mapping_is_named(raw_copy):
    path = raw_copy / "annex_i_rows.csv"
    rows = rows_of(path)
    write_rows(path, rows[:-1])
    last = rows[-1]
    found = one(problems_of(raw_copy), file="annex_i_rows.csv", column="annex_row", value=int(last["annex_row"]))
    assert f"« {last['name']} »" in found.message and "has no row here" in found.message


def test_a_mapping_row_annex_i_does_not_have_and_a_row_given_twice_are_located(raw_copy):
    path = raw_copy / "annex_i_rows.csv"
    rows = rows_of(path)
    last = int(rows[-1]["annex_row"])
    row, _ = edit_row(path, lambda r: r["annex_row"] == str(last), annex_row=str(last + 7))
    problems = problems_of(raw_copy)
    one(problems, file="annex_i_rows.csv", row=row, column="annex_row", value=last + 7)
    one(problems, file="annex_i_rows.csv", row=None, column="annex_row", value=last)  # now without a row
    rows[-1]["annex_row"] = rows[0]["annex_row"]  # the last row says it is the first one
    write_rows(path, rows)
    problems = problems_of(raw_copy)
    one(problems, file="annex_i_rows.csv", row=len(rows) + 1, column="annex_row", value=int(rows[0]["annex_row"]))


def test_an_unknown_instrument_id_in_part4_initiatives_is_located(raw_copy):
    row, _ = edit_row(
        raw_copy / "part4_initiatives.csv", lambda r: r["initiative"] == "France Num", instrument_id="fr-nowhere"
    )
    found = one(
        problems_of(raw_copy), file="part4_initiatives.csv", row=row, column="instrument_id", value="fr-nowhere"
    )
    assert "inventories.xlsx" in found.message


def test_a_part4_pair_without_its_decision_row_is_located_in_the_inspirations(raw_copy):
    path = raw_copy / "part4_initiatives.csv"
    write_rows(path, [r for r in rows_of(path) if r["initiative"] != "SGA"])
    cited = [i + 2 for i, r in enumerate(rows_of(raw_copy / "part4_inspirations.csv")) if "SGA" in r["sources"]]
    problems = problems_of(raw_copy)
    for row in cited:  # every inspiration that cites the pair (L998-L1023), at its row
        found = one(problems, file="part4_inspirations.csv", row=row, column="sources")
        assert "France – SGA has no row in part4_initiatives.csv" in found.message


def test_a_missing_budget_kind_is_located(raw_copy):
    """« 7,5 milliards € » (L1038) is a money amount: its kind must be declared."""
    row, before = edit_row(
        raw_copy / "annex_i_rows.csv", lambda r: r["budget_kind"] == "programme_total", budget_kind=""
    )
    found = one(problems_of(raw_copy), file="annex_i_rows.csv", row=row, column="budget_kind")
    assert "declare its budget_kind" in found.message and "€" in str(found.value)


def test_a_budget_kind_without_money_and_an_unknown_kind_are_located(raw_copy):
    path = raw_copy / "annex_i_rows.csv"
    row, _ = edit_row(path, lambda r: r["instrument_id"] == "eu-digital-decade", budget_kind="programme_total")
    found = one(problems_of(raw_copy), file="annex_i_rows.csv", row=row, column="budget_kind", value="programme_total")
    assert "no money amount" in found.message  # « 20% de budget de résilience » (L1037) is a share
    row, _ = edit_row(path, lambda r: r["budget_kind"] == "pillar_total", budget_kind="whole")
    problems = problems_of(raw_copy)
    assert any(p.file == "annex_i_rows.csv" and p.column == "budget_kind" and p.value == "whole" for p in problems)


def test_an_unknown_instrument_id_in_annex_i_rows_is_located(raw_copy):
    row, _ = edit_row(
        raw_copy / "annex_i_rows.csv", lambda r: r["instrument_id"] == "eu-digital-decade", instrument_id="eu-nowhere"
    )
    one(problems_of(raw_copy), file="annex_i_rows.csv", row=row, column="instrument_id", value="eu-nowhere")


def test_a_currency_with_no_declared_rate_is_located_where_it_is_used(raw_copy):
    """Without the CAD row, the symbol declared CAD and each dollar amount of the inventory (L879-L939) are named;
    without the EUR row, each Annex I budget is named at its line, and nothing else is blamed."""
    path = raw_copy / "currency_rates.csv"
    rates = rows_of(path)
    write_rows(path, [r for r in rates if r["currency"] != "CAD"])
    problems = problems_of(raw_copy)
    one(problems, file="currency_symbols.csv", row=2, column="currency", value="CAD")
    dollars = [p for p in problems if p.file == "inventories.xlsx"]
    assert dollars and all(p.sheet == "amounts" and p.column == "text" for p in dollars)
    assert all("« $ » is declared CAD in currency_symbols.csv, which has no rate" in p.message for p in dollars)
    assert all("$" in p.value or "dollars" in p.value for p in dollars)  # « 8 millions de dollars » (L916)
    write_rows(path, [r for r in rates if r["currency"] != "EUR"])
    problems = problems_of(raw_copy)
    found = one(problems, file="annex_i.tsv", row=1038, column="Moyens", value="7,5 milliards €")
    assert "no declared rate for currency EUR: add its row to currency_rates.csv" in found.message
    assert not [p for p in problems if p.column == "budget_kind"]  # not blamed for the missing rate


def test_which_dollar_a_dollar_is_is_a_declared_decision(raw_copy):
    """« $ » names no country: without its row in currency_symbols.csv, no dollar amount is converted."""
    path = raw_copy / "currency_symbols.csv"
    symbols = rows_of(path)
    assert {r["written"]: r["currency"] for r in symbols}["$"] == "CAD"
    write_rows(path, [r for r in symbols if r["written"] != "$"] or [dict.fromkeys(symbols[0], "")])
    problems = problems_of(raw_copy)
    dollars = [p for p in problems if p.file == "inventories.xlsx"]
    assert dollars and all("« $ » names no currency: declare which one" in p.message for p in dollars)
    write_rows(path, [*symbols, symbols[0]])
    one(problems_of(raw_copy), file="currency_symbols.csv", row=len(symbols) + 2, column="written", value="$")
    path.unlink()
    found = one(problems_of(raw_copy), file="currency_symbols.csv")
    assert "file is missing" in found.message


def test_an_annex_i_region_heading_without_its_jurisdiction_is_refused(raw_copy):
    """The region headings of Annex I (« France », L1045) each need a declared jurisdiction: without it the
    classification check would be skipped silently."""
    path = raw_copy / "annex_i_regions.csv"
    write_rows(path, [r for r in rows_of(path) if r["region"] != "France"])
    found = one(problems_of(raw_copy), file="annex_i_regions.csv", column="region", value="France")
    assert "L1045" in found.message


def test_an_annex_i_copy_of_another_length_is_refused(raw_copy):
    path = raw_copy / "annex_i.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")
    found = one(problems_of(raw_copy), file="annex_i.tsv", value=len(lines) - 3)
    assert "L1035–L1075" in found.message


def test_a_left_out_amount_without_its_reason_is_located(raw_copy):
    row, _ = edit_row(raw_copy / "amounts_left_out.csv", lambda r: True, why="")
    one(problems_of(raw_copy), file="amounts_left_out.csv", row=row, column="why")


# --- the step 5 decisions and the eligibility model: read by benchmark clean, every reference located ------------


STEP5 = [(name, t) for name, t in DECISIONS.items()]
CODED = [(name, col.name) for name, t in STEP5 for col in t.columns if col.allowed]


@pytest.mark.parametrize(("name", "column"), CODED, ids=[f"{n}.{c}" for n, c in CODED])
def test_an_unknown_code_in_a_step5_decision_file_is_located(raw_copy, name, column):
    table = DECISIONS[name]
    row, _ = edit_row(raw_copy / table.file, lambda r: bool(r[column]), **{column: "zzz"})
    found = one(problems_of(raw_copy), file=table.file, row=row, column=column)
    allowed = next(c.allowed for c in table.columns if c.name == column)
    assert all(code in found.message for code in allowed)  # the message lists the codes it may hold


@pytest.mark.parametrize(
    ("file", "column", "value", "message"),
    [
        ("step5_ladders.csv", "amount_id", "bru-prime-web-99", "no amount_id "),
        ("step5_need_links.csv", "need_id", "need-9", "no need_id "),
        ("step5_inspirations.csv", "actor_ids", "digibrux; nobody", "no actor_id "),
        ("step5_inspirations.csv", "option_id", "opt-nowhere", "no option_id "),
        ("step5_components.csv", "rec_id", "rec-99", "no rec_id "),
        ("step5_lessons.csv", "instrument_id", "qc-nowhere", "no instrument_id "),
        ("step5_cost_items.csv", "unit_cost_id", "a-nowhere", "no assumption_id "),
        ("step5_options.csv", "carrier_ids", "cocof; nobody", "no actor_id "),
    ],
)
def test_an_unknown_id_in_a_step5_decision_file_is_located(raw_copy, file, column, value, message):
    row, _ = edit_row(raw_copy / file, lambda r: bool(r[column]), **{column: value})
    found = one(problems_of(raw_copy), file=file, row=row, column=column)
    assert message in found.message


@pytest.mark.parametrize(
    ("file", "column", "value"),
    [
        ("step5_denominators.csv", "value", "10 %"),
        ("step5_assumptions.csv", "central", "1 000"),
        ("step5_criteria.csv", "weight", ""),
    ],
)
def test_a_bad_number_in_a_step5_decision_file_is_located(raw_copy, file, column, value):
    row, _ = edit_row(raw_copy / file, lambda r: bool(r[column]), **{column: value})
    one(problems_of(raw_copy), file=file, row=row, column=column)


def test_a_step5_quote_not_at_its_lines_is_refused(raw_copy):
    row, before = edit_row(
        raw_copy / "step5_lessons.csv", lambda r: r["lesson_id"] == "tnec-v3-exhausted", source_lines="L950"
    )
    found = one(problems_of(raw_copy), file="step5_lessons.csv", row=row, column="quote")
    assert "L950" in found.message


def test_a_duplicate_step5_id_is_located(raw_copy):
    path = raw_copy / "step5_actors.csv"
    rows = rows_of(path)
    write_rows(path, [*rows, rows[0]])
    one(problems_of(raw_copy), file="step5_actors.csv", row=len(rows) + 2, column="actor_id")


def test_the_compared_amounts_are_known_and_the_first_is_in_dollars(raw_copy):
    path = raw_copy / "step5_comparisons.csv"
    euro = "bru-prime-web-per-year"
    row, _ = edit_row(path, lambda r: True, cad_amount_id=euro)
    found = one(problems_of(raw_copy), file="step5_comparisons.csv", row=row, column="cad_amount_id")
    assert "not an amount in Canadian dollars" in found.message


def test_a_ladder_step_never_shows_an_envelope(raw_copy):
    """A ladder shows what one beneficiary can receive: the Québec programme's 8 million dollars (L916) is refused."""
    row, _ = edit_row(
        raw_copy / "step5_ladders.csv",
        lambda r: r["instrument_id"] == "qc-tnec-volet-1",
        instrument_id="qc-tnec",
        amount_id="qc-tnec-budget",
    )
    found = [
        p.message for p in problems_of(raw_copy) if (p.file, p.row, p.column) == ("step5_ladders.csv", row, "amount_id")
    ]
    assert any("programme_total" in message for message in found), found


def test_an_assumption_out_of_order_or_without_its_source_is_located(raw_copy):
    path = raw_copy / "step5_assumptions.csv"
    row, before = edit_row(path, lambda r: r["assumption_id"] == "a-grants", low="30")
    assert (
        "low ≤ central ≤ high"
        in one(problems_of(raw_copy), file="step5_assumptions.csv", row=row, column="central").message
    )
    edit_row(path, lambda r: r["assumption_id"] == "a-grants", low=before["low"])
    row, _ = edit_row(path, lambda r: r["figure_status"] == "stated", source_lines="")
    one(problems_of(raw_copy), file="step5_assumptions.csv", row=row, column="source_lines")


def test_a_criterion_the_code_cannot_compute_or_a_missing_score_is_located(raw_copy):
    path = raw_copy / "step5_criteria.csv"
    row, _ = edit_row(path, lambda r: r["criterion_source"] == "computed", criterion_id="beauty")
    found = one(problems_of(raw_copy), file="step5_criteria.csv", row=row, column="criterion_id")
    assert "decided" in found.message
    raw_copy_scores = raw_copy / "step5_option_scores.csv"
    rows = rows_of(raw_copy_scores)
    write_rows(raw_copy_scores, rows[1:])
    found = one(problems_of(raw_copy), file="step5_criteria.csv", column="criterion_id", value="carrier")
    assert rows[0]["option_id"] in found.message


def test_every_inspiration_and_every_option_has_its_rows(raw_copy):
    inspirations = raw_copy / "step5_inspirations.csv"
    rows = rows_of(inspirations)
    write_rows(inspirations, rows[1:])
    found = one(problems_of(raw_copy), file="step5_inspirations.csv")
    assert found.value == rows[0]["rec_id"]


def test_a_year_written_in_words_says_how_to_write_it(raw_copy):
    """« mars 2023 » in a year column: the message says what a year looks like, not a pattern."""
    row, _ = edit_row(raw_copy / "step5_denominators.csv", lambda r: bool(r["year"]), year="mars 2023")
    found = one(problems_of(raw_copy), file="step5_denominators.csv", row=row, column="year")
    assert "a year in four digits (like 2023)" in found.message and "str_matches" not in found.message
