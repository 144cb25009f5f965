"""The clean schemas (derived from the metadata registry) fed bad tables: each failure is one problem naming its row
and the fields at fault — the field of a column check, the fields of a rule, the key of a foreign key."""

import pandas as pd
import pytest

from benchmark.clean.load import load_clean
from benchmark.clean.schemas import table_problems, validate_tables
from benchmark.core import paths
from benchmark.core.errors import DataError


def where(problems):
    """(file, sheet, row, column) of each problem, in order."""
    return [(p.file, p.sheet, p.row, p.column) for p in problems]


def row_of(frame, column, value):
    """Position of the first row whose ``column`` is ``value``."""
    return int(frame.index[frame[column] == value][0])


def edited(tables, name, position, **values):
    frame = tables[name].copy()
    for column, value in values.items():
        if isinstance(value, list):  # a list is one cell only in an object column
            frame[column] = frame[column].astype(object)
        frame.at[frame.index[position], column] = value
    return frame


def test_the_committed_tables_pass_as_loaded():
    """The loader's types (from the registry) are the schemas' types: the committed CSVs, read back, pass."""
    assert table_problems(load_clean(paths.CLEAN)) == []


def test_a_year_out_of_range_is_one_problem_on_that_year(tables):
    """Before the registry, one start_year of 2040 gave 24 problems, one per column of the row."""
    instruments = tables["instruments"]
    i = row_of(instruments, "instrument_id", "bru-prime-web")
    bad = edited(tables, "instruments", i, start_year=2040, end_year=pd.NA)
    problems = table_problems({"instruments": bad}, raw=None)
    assert where(problems) == [("data/clean/instruments.csv", None, i + 2, "start_year")]
    assert problems[0].value == 2040 and "2035" in problems[0].message


def test_a_rule_broken_too_is_one_more_problem_naming_its_fields(tables):
    instruments = tables["instruments"]
    i = row_of(instruments, "instrument_id", "eu-digital-decade")  # 2020 - 2030
    bad = edited(tables, "instruments", i, start_year=2040)
    problems = table_problems({"instruments": bad})
    assert sorted(where(problems)) == [
        ("data/clean/instruments.csv", None, i + 2, "start_year"),
        ("data/clean/instruments.csv", None, i + 2, "start_year, end_year"),
    ]
    rule = next(p for p in problems if p.column == "start_year, end_year")
    assert "start_year ≤ end_year" in rule.message and "2040" in rule.value and "2030" in rule.value


def test_instrument_problems_point_at_the_inventory_row(tables):
    """With the raw sources, an instrument's problem names its workbook, sheet and Excel row."""
    from benchmark.ingest.raw import load_raw

    raw = load_raw(paths.RAW)
    instruments = tables["instruments"]
    i = row_of(instruments, "instrument_id", "bru-prime-web")
    bad = edited(tables, "instruments", i, jurisdiction="BE-XX")
    source = raw.inventories[raw.inventories["instrument_id"] == "bru-prime-web"].iloc[0]
    problems = table_problems({"instruments": bad}, raw)
    assert where(problems) == [("inventories.xlsx", "BE-BRU", int(source["_row"]), "jurisdiction")]
    assert problems[0].value == "BE-XX"


def test_a_wrong_code_in_a_list_and_a_plain_string_where_a_list_is_required(tables):
    instruments = tables["instruments"]
    i = row_of(instruments, "instrument_id", "bru-digibrux")
    bad = edited(tables, "instruments", i, stages=["diagnosis", "mise en oeuvre"])
    assert where(table_problems({"instruments": bad})) == [("data/clean/instruments.csv", None, i + 2, "stages")]
    annex = tables["annex_i"]
    j = row_of(annex, "instrument_id", "eu-digital-europe")
    text = "; ".join(annex.at[j, "domains"])
    problems = table_problems({"annex_i": edited(tables, "annex_i", j, domains=text)})  # the contract's list column
    assert where(problems) == [("data/clean/annex_i.csv", None, j + 2, "domains")]
    assert "a list" in problems[0].message and problems[0].value == text


def test_an_empty_evidence_list_is_refused(tables):
    recommendations = tables["recommendations"]
    i = row_of(recommendations, "rec_id", "rec-04")
    problems = table_problems({"recommendations": edited(tables, "recommendations", i, instrument_ids=[])})
    assert where(problems) == [("data/clean/recommendations.csv", None, i + 2, "instrument_ids")]


def test_a_duplicate_key_names_the_repeated_rows(tables):
    amounts = tables["amounts"].copy()
    amounts.loc[amounts.index[1], "amount_id"] = amounts.at[amounts.index[0], "amount_id"]
    problems = table_problems({"amounts": amounts})
    assert {(p.row, p.column) for p in problems} == {(2, "amount_id"), (3, "amount_id")}
    links = tables["links"]
    doubled = pd.concat([links, links.iloc[[5]]], ignore_index=True)
    problems = table_problems({"links": doubled})
    assert where(problems) == [("data/clean/links.csv", None, len(doubled) + 1, "instrument_id, url")]


def test_broken_foreign_keys_are_located(tables):
    amounts = edited(tables, "amounts", 3, instrument_id="no-such-instrument")
    recommendations = tables["recommendations"]
    r = row_of(recommendations, "rec_id", "rec-14")
    recs = edited(tables, "recommendations", r, instrument_ids=["qc-tnec", "qc-tnecc"])
    instruments = tables["instruments"]
    k = row_of(instruments, "instrument_id", "qc-tnec-volet-2")
    parents = edited(tables, "instruments", k, parent_id="qc-tnecc")
    problems = table_problems({"instruments": parents, "amounts": amounts, "recommendations": recs})
    assert sorted((p.file, p.row, p.column, p.value) for p in problems) == [
        ("data/clean/amounts.csv", 5, "instrument_id", "no-such-instrument"),
        ("data/clean/instruments.csv", k + 2, "parent_id", "qc-tnecc"),
        ("data/clean/recommendations.csv", r + 2, "instrument_ids", "qc-tnecc"),
    ]
    # an empty source_issues.instrument_id names no instrument: not a broken key
    issues = tables["source_issues"]
    assert issues["instrument_id"].isna().any()
    assert table_problems({"instruments": instruments, "source_issues": issues}) == []


@pytest.mark.parametrize(
    "table, key, changes, fields",
    [
        (
            "instruments",
            ("instrument_id", "bru-digibrux"),
            dict(types=["advisory"], primary_type="training"),
            "primary_type, types",
        ),
        (
            "instruments",
            ("instrument_id", "qc-tnec-volet-3"),
            dict(max_award_period=None),
            "max_award_eur, max_award_period",
        ),
        (
            "instruments",
            ("instrument_id", "qc-tnec-volet-1"),
            dict(parent_id="qc-tnec-volet-1"),
            "instrument_id, parent_id",
        ),
        ("annex_i", ("instrument_id", "eu-digital-europe"), dict(budget_kind=None), "budget_eur, budget_kind"),
        (
            "annex_i",
            ("instrument_id", "eu-digital-europe"),
            dict(objectives="<b>Objectif</b>"),
            "name, date_raw, description, means_raw, objectives, target_public",
        ),
        ("rates", ("rate_id", "qc-tnec-volet-2-own-share"), dict(cofunding_rate=0.123), "kind, rate, cofunding_rate"),
    ],
)
def test_each_cross_field_rule_names_the_row_and_its_fields_only(tables, table, key, changes, fields):
    frame = tables[table]
    i = row_of(frame, *key)
    problems = table_problems({table: edited(tables, table, i, **changes)})
    assert where(problems) == [(f"data/clean/{table}.csv", None, i + 2, fields)]


def test_the_extra_tables_have_their_rules_too(result):
    conservation = result.conservation.copy()
    conservation.loc[0, "clean_rows"] -= 1
    problems = table_problems({"conservation": conservation})
    assert where(problems) == [
        ("data/clean/conservation.csv", None, 2, "raw_rows, clean_rows, rejected_rows, balanced")
    ]
    sources = result.tables["sources"].copy()
    sources.loc[0, "kind"] = "web_page"
    assert ("data/clean/sources.csv", None, 2, "kind") in where(table_problems({"sources": sources}))


def test_validate_tables_gathers_every_problem_in_one_error(tables):
    amounts = edited(tables, "amounts", 0, currency="euro")
    amounts = amounts.assign(kind=amounts["kind"].where(amounts.index != amounts.index[1], "per_week"))
    with pytest.raises(DataError) as err:
        validate_tables({"amounts": amounts})
    found = sorted((p.row, p.column, p.value) for p in err.value.problems)
    assert found == [(2, "currency", "euro"), (3, "kind", "per_week")]


def test_an_unregistered_column_is_named(tables):
    frame = tables["needs"].assign(comment="x")
    problems = table_problems({"needs": frame})
    assert where(problems) == [("data/clean/needs.csv", None, None, "comment")]
    assert "not registered" in problems[0].message
