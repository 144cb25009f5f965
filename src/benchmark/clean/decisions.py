"""The step 5 decision files of ``data/raw/`` (``step5_*.csv``) into clean tables.

Each file is a reading of the report by the researchers: every row cites its lines and says why. ``ingest`` already
checked each cell against its field (required, codes, patterns, numbers) and each quote at its lines; here every
reference to another table (an instrument, an amount, a need, an option, an assumption) is checked with the file and
row it stands in, then the tables are typed as the registry declares them (docs/codebook.md, « Décisions de
l'étape 5 »).
"""

from __future__ import annotations

import pandas as pd

from benchmark import registry
from benchmark.clean.load import type_table
from benchmark.core.errors import Problem
from benchmark.core.parsing import records, split_list
from benchmark.registry.codes import COMPUTED_CRITERIA

# Amount kinds that are a ceiling of one beneficiary's award (a ladder's step shows one).
PER_BENEFICIARY = ("max_per_beneficiary", "per_year", "per_day", "phase_max")


def _bad(problems: list[Problem], r: dict, column: str, message: str, value=None) -> None:
    problems.append(
        Problem(r["_file"], message, row=r["_row"], column=column, value=r.get(column) if value is None else value)
    )


def _references(name: str, frame: pd.DataFrame, known: dict[tuple[str, str], set], problems: list[Problem]) -> None:
    """Every foreign key of the table (``Resource.foreign_keys``) names an existing row; a list cell, each item."""
    for fk in registry.resource(name).foreign_keys:
        (column,), target = fk.fields, (fk.reference, fk.reference_fields[0])
        ids = known.get(target)
        if ids is None:
            continue
        is_list = registry.FIELDS[column].is_list
        for r in records(frame):
            values = split_list(r[column]) if is_list else ([r[column]] if r[column] is not None else [])
            for value in values:
                if value not in ids:
                    _bad(problems, r, column, f"no such {target[1]} in {target[0]}", value)


def check(decisions: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame]) -> list[Problem]:
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
        _references(name, frame, known, problems)
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
