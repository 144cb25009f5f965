"""Every error path of the decision files of data/raw/: a broken copy is refused with the file, row, column and
value to fix, never a bare exception, never a row dropped.

Each test breaks one real row of a copy of data/raw/ (``raw_copy``) and finds the row it broke by its content, so
that the tests hold when researchers add rows.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmark.analysis.step5.decisions import SPECS, file_name, load_decisions
from benchmark.clean.pipeline import clean
from benchmark.core.errors import DataError, Problem


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


# --- the step 5 decisions ----------------------------------------------------------------------------------


def decision_problems(committed_tables, raw_dir: Path) -> list[Problem]:
    with pytest.raises(DataError) as err:
        load_decisions(committed_tables, raw_dir)
    return err.value.problems


CODED = [(name, column) for name, spec in SPECS.items() for column in spec.codes]


@pytest.mark.parametrize(("name", "column"), CODED, ids=[f"{n}.{c}" for n, c in CODED])
def test_an_unknown_code_in_a_step5_decision_file_is_located(committed_tables, raw_copy, name, column):
    row, _ = edit_row(raw_copy / file_name(name), lambda r: bool(r[column]), **{column: "zzz"})
    found = one(
        decision_problems(committed_tables, raw_copy), file=file_name(name), row=row, column=column, value="zzz"
    )
    assert all(code in found.message for code in SPECS[name].codes[column])  # the codes it may hold


@pytest.mark.parametrize(
    ("name", "column", "value", "message"),
    [
        ("ladders", "amount_id", "bru-prime-web-99", "no such amount_id"),
        ("scenarios", "denominator_id", "bru-nowhere", "no such denominator_id"),
        ("need_links", "need_id", "need-9", "no such need_id 'need-9'"),
        ("inspirations", "actor_ids", "digibrux; nobody", "no such actor_id 'nobody'"),
        ("components", "rec_id", "rec-99", "no such rec_id"),
        ("lessons", "instrument_id", "qc-nowhere", "no such instrument_id"),
        ("denominators", "value", "10 %", "not a number"),
        ("design_parameters", "source_lines", "ligne 12", "not report lines"),
        ("instrument_terms", "quote", "", "required cell is empty"),
    ],
)
def test_an_unknown_id_or_bad_cell_in_a_step5_decision_file_is_located(
    committed_tables, raw_copy, name, column, value, message
):
    row, _ = edit_row(raw_copy / file_name(name), lambda r: bool(r[column]), **{column: value})
    found = one(decision_problems(committed_tables, raw_copy), file=file_name(name), row=row, column=column)
    assert message in found.message and found.value == (value or None)


def test_a_duplicate_step5_id_is_located(committed_tables, raw_copy):
    path = raw_copy / file_name("actors")
    rows = rows_of(path)
    write_rows(path, [*rows, rows[0]])
    one(decision_problems(committed_tables, raw_copy), file=file_name("actors"), row=len(rows) + 2, column="actor_id")


def test_the_compared_amounts_are_known_and_the_first_is_in_dollars(committed_tables, raw_copy):
    path = raw_copy / file_name("comparisons")
    row, _ = edit_row(path, lambda r: True, eur_amount_id="bru-nowhere-1")
    found = one(
        decision_problems(committed_tables, raw_copy), file=file_name("comparisons"), row=row, column="eur_amount_id"
    )
    assert found.value == "bru-nowhere-1" and "no such amount_id" in found.message
    euro = committed_tables["amounts"].loc[committed_tables["amounts"]["currency"] == "EUR", "amount_id"].iloc[0]
    row, _ = edit_row(path, lambda r: True, eur_amount_id=rows_of(path)[1]["eur_amount_id"], cad_amount_id=euro)
    found = one(
        decision_problems(committed_tables, raw_copy), file=file_name("comparisons"), row=row, column="cad_amount_id"
    )
    assert found.value == euro and "not an amount in CAD" in found.message


def test_every_highlight_the_texts_name_is_declared_and_known(committed_tables, raw_copy):
    """The ids step 5's prose names (« la bourse DigitalEES », « le besoin 3 »…) are data: each one declared, of its
    kind, known to the clean tables."""
    path = raw_copy / file_name("highlights")
    row, _ = edit_row(path, lambda r: r["highlight_id"] == "gap_need", id="need-9")
    one(
        decision_problems(committed_tables, raw_copy),
        file=file_name("highlights"),
        row=row,
        column="id",
        value="need-9",
    )
    rows = rows_of(path)
    write_rows(path, [r for r in rows if r["highlight_id"] != "journey_wal"])
    found = one(decision_problems(committed_tables, raw_copy), file=file_name("highlights"), column="highlight_id")
    assert found.value == "journey_wal" and "kind instrument" in found.message
    write_rows(path, [dict(r, kind="amount") if r["highlight_id"] == "journey_wal" else r for r in rows])
    problems = decision_problems(committed_tables, raw_copy)
    one(problems, file=file_name("highlights"), column="kind", value="amount")
    rows = [dict(r, id="need-1") if r["highlight_id"] == "gap_need" else r for r in rows]  # a valid need again
    compared = {r["cad_amount_id"] for r in rows_of(raw_copy / file_name("comparisons"))}
    other = next(a for a in committed_tables["amounts"]["amount_id"] if a not in compared)
    write_rows(path, [dict(r, id=other) if r["highlight_id"] == "sensitivity_ceiling" else r for r in rows])
    found = one(decision_problems(committed_tables, raw_copy), file=file_name("highlights"), column="id", value=other)
    assert "sensitivity" in found.message
