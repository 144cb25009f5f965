"""The step 5 decision files of ``data/raw/`` (``step5_*.csv``) into clean tables.

Each file is a reading of the report by the researchers: every row cites its lines and says why. ``ingest`` already
checked each cell against its field (required, codes, patterns, numbers) and each quote at its lines; here every
reference to another table (an instrument, an amount, a need, an option, an assumption) is checked with the file and
row it stands in, then the tables are typed as the registry declares them (docs/codebook.md, « Décisions de
l'étape 5 »).
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from benchmark import registry
from benchmark.clean.load import type_table
from benchmark.core.errors import Problem
from benchmark.core.parsing import records, split_list
from benchmark.core.spans import Locator, parse_locators
from benchmark.registry.codes import COMPUTED_CRITERIA

# Amount kinds that are a ceiling of one beneficiary's award (a ladder's step shows one).
PER_BENEFICIARY = ("max_per_beneficiary", "per_year", "per_day", "phase_max")
_NUMBERED = re.compile(r"-\d+$")  # the ids amounts had before they were typed: <instrument_id>-<n>


def _bad(problems: list[Problem], r: dict, column: str, message: str, value=None) -> None:
    problems.append(
        Problem(r["_file"], message, row=r["_row"], column=column, value=r.get(column) if value is None else value)
    )


def _dangling(table: str, key: str, value: str, known: set) -> str:
    """A reference to no row, in words: where the ids are, the old numbered amount ids, the nearest id."""
    near = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    numbered = (
        " Amounts are no longer numbered: each row of the amounts sheet has its own id, typed once in its column "
        "amount_id."
        if table == "amounts" and _NUMBERED.search(value)
        else ""
    )
    where = "the amounts sheet of inventories.xlsx (column amount_id)" if table == "amounts" else f"{table}"
    return f"no {key} {value!r} in {where}.{numbered} Write the id of the row you mean{hint}"


def _covers(outer: list[Locator], inner: list[Locator], report_id: str) -> bool:
    """Whether every locator of ``inner`` stands within one of ``outer`` (same source, lines inside; a source cited
    whole covers any of its lines)."""

    def within(o: Locator, loc: Locator) -> bool:
        if (o.source or report_id) != (loc.source or report_id):
            return False
        if o.first is None or o.last is None:
            return True
        return loc.first is not None and loc.last is not None and o.first <= loc.first and loc.last <= o.last

    return all(any(within(o, loc) for o in outer) for loc in inner)


def _references(
    name: str, frame: pd.DataFrame, known: dict[tuple[str, str], set], tables: dict, report_id: str, problems: list
) -> None:
    """Every foreign key of the table (``Resource.foreign_keys``) names an existing row; a list cell, each item. A row
    that cites lines and names one amount must cite the lines that hold it: a decision written for one amount never
    silently points at another after the amount was edited from a newer source."""
    for fk in registry.resource(name).foreign_keys:
        (column,), target = fk.fields, (fk.reference, fk.reference_fields[0])
        ids = known.get(target)
        if ids is None:
            continue
        is_list = registry.FIELDS[column].is_list
        check_lines = target[0] == "amounts" and not is_list and "source_lines" in frame.columns
        amounts = tables["amounts"].set_index("amount_id") if check_lines else None
        for r in records(frame):
            values = split_list(r[column]) if is_list else ([r[column]] if r[column] is not None else [])
            for value in values:
                if value not in ids:
                    _bad(problems, r, column, _dangling(target[0], target[1], value, ids), value)
                elif check_lines and amounts is not None and r["source_lines"]:
                    named = amounts.loc[value]
                    try:
                        outer, inner = parse_locators(r["source_lines"]), parse_locators(named["source_lines"])
                    except ValueError:
                        continue  # a bad locator is reported where it is read
                    if not _covers(outer, inner, report_id):
                        _bad(
                            problems,
                            r,
                            column,
                            f"names {value}, « {named['text']} » at {named['source_lines']}, but this row cites "
                            f"{r['source_lines']}, which does not hold it: the amount changed after this row was "
                            "written. Check the row still means this amount, then cite its lines in source_lines (and "
                            "update why), or name another amount",
                            value,
                        )


def references_to(table: str) -> list[tuple[str, str]]:
    """(decision file, column) of every cell of ``data/raw/`` that names a row of ``table`` by its id."""
    return [
        (r.raw_file, fk.fields[0])
        for r in registry.RESOURCES.values()
        if r.raw_file
        for fk in r.foreign_keys
        if fk.reference == table
    ]


def check(decisions: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], report_id: str) -> list[Problem]:
    """Located problems of the decision files against the clean ``tables`` and against each other."""
    problems: list[Problem] = []
    known: dict[tuple[str, str], set] = {}
    for table, column in (
        ("instruments", "instrument_id"),
        ("recommendations", "rec_id"),
        ("needs", "need_id"),
        ("amounts", "amount_id"),
    ):
        known[(table, column)] = set(tables[table][column])
    for name, frame in decisions.items():
        for key in registry.resource(name).primary_key[:1]:
            known[(name, key)] = set(frame[key].dropna())
    for name, frame in decisions.items():
        _references(name, frame, known, tables, report_id, problems)
    amounts = tables["amounts"].set_index("amount_id")
    for r in records(decisions["step5_ladders"]):
        amount = r["amount_id"]
        if amount in amounts.index:
            if amounts.at[amount, "instrument_id"] != r["instrument_id"]:
                _bad(
                    problems,
                    r,
                    "amount_id",
                    f"an amount of {amounts.at[amount, 'instrument_id']}, not of this step's instrument",
                )
            elif amounts.at[amount, "kind"] not in PER_BENEFICIARY:
                _bad(
                    problems,
                    r,
                    "amount_id",
                    f"a ladder step shows what one beneficiary can receive; this amount is a « {amounts.at[amount, 'kind']} »",
                )
    for r in records(decisions["step5_comparisons"]):
        if r["cad_amount_id"] in amounts.index and amounts.at[r["cad_amount_id"], "currency"] != "CAD":
            _bad(problems, r, "cad_amount_id", "not an amount in Canadian dollars (amounts.csv, column currency)")
    for r in records(decisions["step5_assumptions"]):
        low, central, high = (float(r[c]) for c in ("low", "central", "high"))
        if not low <= central <= high:
            _bad(problems, r, "central", f"expected low ≤ central ≤ high, got {low} / {central} / {high}")
        if r["figure_status"] != "hypothesis" and r["source_lines"] is None:
            _bad(
                problems,
                r,
                "source_lines",
                f"a « {r['figure_status']} » value cites the report's lines; a hypothesis says why",
            )
    criteria = decisions["step5_criteria"]
    for r in records(criteria):
        if r["criterion_source"] == "computed" and r["criterion_id"] not in COMPUTED_CRITERIA:
            _bad(
                problems,
                r,
                "criterion_id",
                f"no computed score of this name (computed: {', '.join(COMPUTED_CRITERIA)}); set criterion_source to "
                "« decided » and give its scores in step5_option_scores.csv",
            )
    if criteria["weight"].map(float).sum() <= 0:
        problems.append(
            Problem("step5_criteria.csv", "the weights add up to 0: give at least one a weight", column="weight")
        )
    options = set(decisions["step5_options"]["option_id"])
    scores = decisions["step5_option_scores"]
    for r in records(criteria[criteria["criterion_source"] == "decided"]):
        scored = set(scores.loc[scores["criterion_id"] == r["criterion_id"], "option_id"])
        for option in sorted(options - scored):
            _bad(problems, r, "criterion_id", f"a decided criterion needs a score for every option: none for {option}")
    for name, column in (("step5_inspirations", "option_id"), ("step5_cost_items", "option_id")):
        used = set(decisions[name][column].dropna())
        for option in sorted(options - used):
            problems.append(Problem(f"{name}.csv", f"option {option} has no row here", column=column, value=option))
    inspirations = set(decisions["step5_inspirations"]["rec_id"])
    for rec in sorted(known[("recommendations", "rec_id")] - inspirations):
        problems.append(
            Problem(
                "step5_inspirations.csv", "inspiration of Part 4 without a row: give its option and needs", value=rec
            )
        )
    return problems


def build(decisions: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The decision files typed as clean tables (call after :func:`check` found nothing)."""
    tables = {}
    for name, frame in decisions.items():
        text = (
            frame.drop(columns=["_file", "_row"])
            .astype(object)
            .where(frame.drop(columns=["_file", "_row"]).notna(), "")
        )
        tables[name] = type_table(name, text)[registry.columns(name)].reset_index(drop=True)
    return tables
