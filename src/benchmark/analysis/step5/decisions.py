"""The step 5 decision files of ``data/raw/`` (``step5_*.csv``), read and checked against the clean tables.

Each file is a reading of the report by the researchers: every row cites its lines and says why. A row that names
an unknown instrument, inspiration, need, amount or code, or cites no valid line span, is refused with its file,
row and column (all problems at once), never dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmark.core import paths
from benchmark.core.errors import DataError, Problem
from benchmark.core.parsing import split_list
from benchmark.core.spans import parse_spans
from benchmark.ingest.quotes import check_quote
from benchmark.ingest.raw import read_csv_strict
from benchmark.ingest.sources import load_sources
from benchmark.registry.codes import COMPONENT_ROLES, DIGITAL_AIMS

AWARD_UNITS = ("organisation", "group_project", "project", "year", "day", "phase")
REACHES = ("direct", "intermediary")
INSPIRATION_KINDS = ("help", "practice")
LESSON_KINDS = ("uptake", "lesson")
NEED_FITS = ("full", "partial")
OPERATIONS = ("cost", "per")
DENOMINATOR_UNITS = ("etp", "organisations", "workers")
HIGHLIGHT_KINDS = ("instrument", "need", "amount")
# The rows of step5_highlights.csv the texts and tables of step 5 name (each the place of its prose that it fills):
# the ids are the researchers' decision, the names of the places are the code's.
HIGHLIGHTS = {
    "journey_wal": "instrument",
    "journey_qc_plan": "instrument",
    "journey_qc_group": "instrument",
    "gap_need": "need",
    "sensitivity_ceiling": "amount",
    "programme_budget": "instrument",
}
PARAMETERS = (
    "cofunding",
    "hourly_cap",
    "salary_cost_cap",
    "duration",
    "recurrence",
    "selection",
    "one_proposal",
    "reporting",
    "eligibility",
)


@dataclass(frozen=True)
class Spec:
    """One decision file: its columns, which are required, which hold codes, ids or numbers."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    codes: dict[str, tuple[str, ...]]
    instrument_columns: tuple[str, ...] = ("instrument_id",)
    numbers: tuple[str, ...] = ()
    lines: tuple[str, ...] = ("source_lines",)
    key: str | None = None


SPECS: dict[str, Spec] = {
    "instrument_terms": Spec(
        (
            "instrument_id",
            "award_unit",
            "digital_aim",
            "reaches_asbl",
            "conditions",
            "quote",
            "source_lines",
            "justification",
        ),
        ("instrument_id", "digital_aim", "reaches_asbl", "quote", "source_lines", "justification"),
        {"award_unit": AWARD_UNITS, "digital_aim": DIGITAL_AIMS, "reaches_asbl": REACHES},
        key="instrument_id",
    ),
    "components": Spec(
        ("rec_id", "instrument_id", "role", "quote", "source_lines", "why"),
        ("rec_id", "instrument_id", "role", "quote", "source_lines", "why"),
        {"role": COMPONENT_ROLES},
    ),
    "inspirations": Spec(
        ("rec_id", "need_ids", "kind", "actor_ids", "brussels_today", "brussels_today_lines", "why"),
        ("rec_id", "kind", "why"),
        {"kind": INSPIRATION_KINDS},
        instrument_columns=(),
        lines=("brussels_today_lines",),
        key="rec_id",
    ),
    "actors": Spec(
        ("actor_id", "name", "role", "instrument_id", "quote", "source_lines"),
        ("actor_id", "name", "role", "quote", "source_lines"),
        {},
        key="actor_id",
    ),
    "lessons": Spec(
        ("lesson_id", "instrument_id", "kind", "text", "quote", "source_lines"),
        ("lesson_id", "instrument_id", "kind", "text", "quote", "source_lines"),
        {"kind": LESSON_KINDS},
        key="lesson_id",
    ),
    "need_links": Spec(
        ("need_id", "instrument_id", "fit", "quote", "source_lines", "why"),
        ("need_id", "instrument_id", "fit", "quote", "source_lines", "why"),
        {"fit": NEED_FITS},
    ),
    "denominators": Spec(
        (
            "denominator_id",
            "population_id",
            "jurisdiction",
            "population",
            "unit",
            "value",
            "year",
            "quote",
            "source_lines",
        ),
        ("denominator_id", "population_id", "jurisdiction", "population", "unit", "value", "quote", "source_lines"),
        {"unit": DENOMINATOR_UNITS},
        instrument_columns=(),
        numbers=("value", "year"),
        key="denominator_id",
    ),
    "scenarios": Spec(
        ("scenario_id", "label", "operation", "amount_id", "share", "denominator_id", "count", "why"),
        ("scenario_id", "label", "operation", "amount_id", "why"),
        {"operation": OPERATIONS},
        instrument_columns=(),
        numbers=("share", "count"),
        lines=(),
        key="scenario_id",
    ),
    "design_parameters": Spec(
        ("param_id", "instrument_id", "parameter", "value", "unit", "quote", "source_lines"),
        ("param_id", "instrument_id", "parameter", "quote", "source_lines"),
        {"parameter": PARAMETERS},
        numbers=("value",),
        key="param_id",
    ),
    "ladders": Spec(
        ("ladder_id", "step", "instrument_id", "amount_id", "why", "source_lines"),
        ("ladder_id", "step", "instrument_id", "why", "source_lines"),
        {},
        numbers=("step",),
    ),
    "comparisons": Spec(
        ("cad_amount_id", "eur_amount_id", "why"),
        ("cad_amount_id", "eur_amount_id", "why"),
        {},
        instrument_columns=(),
        lines=(),
    ),
    "highlights": Spec(
        ("highlight_id", "kind", "id", "why"),
        ("highlight_id", "kind", "id", "why"),
        {"kind": HIGHLIGHT_KINDS},
        instrument_columns=(),
        lines=(),
        key="highlight_id",
    ),
}


def file_name(name: str) -> str:
    return f"step5_{name}.csv"


def _check_scenario_inputs(r: dict, bad) -> None:
    """« per » divides by a denominator; « cost » multiplies a share of a denominator, or a count."""
    if r["operation"] == "per" and r["denominator_id"] is None:
        bad("denominator_id", "operation « per » needs a denominator_id")
    if r["operation"] == "cost" and r["count"] is None and (r["denominator_id"] is None or r["share"] is None):
        bad("count", "operation « cost » needs a count, or a share and a denominator_id")


def _check(
    name: str, frame: pd.DataFrame, tables: dict[str, pd.DataFrame], known: dict[str, set], problems: list[Problem]
) -> None:
    spec = SPECS[name]
    file = file_name(name)
    instruments = set(tables["instruments"]["instrument_id"])
    for r in frame.to_dict("records"):

        def bad(column: str, message: str, r: dict = r) -> None:
            problems.append(Problem(file, message, row=r["_row"], column=column, value=r[column]))

        for column in spec.required:
            if r[column] is None:
                bad(column, "required cell is empty")
        if name == "scenarios":
            _check_scenario_inputs(r, bad)
        for column, allowed in spec.codes.items():
            if r[column] is not None and r[column] not in allowed:
                bad(column, f"unknown code; expected one of {', '.join(allowed)}")
        for column in spec.instrument_columns:
            if r[column] is not None and r[column] not in instruments:
                bad(column, "no such instrument_id in instruments.csv")
        for column in spec.numbers:
            if r[column] is not None:
                try:
                    float(r[column])
                except ValueError:
                    bad(column, "not a number (write 0.1, not 10 % or 0,1)")
        for column in spec.lines:
            if r[column] is not None:
                try:
                    if not parse_spans(r[column]):
                        raise ValueError("no span")
                except ValueError as exc:
                    bad(column, f"not report lines like L123 or L123-L130 ({exc})")
        for column, ids in (
            ("rec_id", known["rec_id"]),
            ("denominator_id", known["denominator_id"]),
            ("amount_id", known["amount_id"]),
            ("cad_amount_id", known["amount_id"]),
            ("eur_amount_id", known["amount_id"]),
        ):
            if column in frame and r[column] is not None and r[column] not in ids:
                bad(column, f"no such {column.removeprefix('cad_').removeprefix('eur_')}")
        if name == "comparisons" and r["cad_amount_id"] in known["amount_id"] - known["CAD"]:
            bad("cad_amount_id", "not an amount in CAD (amounts.csv, column currency)")
        if name == "highlights" and r["kind"] in HIGHLIGHT_KINDS and r["id"] not in known[f"{r['kind']}_id"]:
            bad("id", f"no such {r['kind']}_id")
        for column, ids in (
            ("need_ids", known["need_id"]),
            ("actor_ids", known["actor_id"]),
            ("need_id", known["need_id"]),
        ):
            if column in frame and r[column] is not None:
                for one in split_list(r[column]):
                    if one not in ids:
                        bad(column, f"no such {column.rstrip('s')} {one!r}")
    if spec.key:
        duplicated = frame[frame[spec.key].duplicated(keep="first") & frame[spec.key].notna()]
        for r in duplicated.to_dict("records"):
            problems.append(Problem(file, "duplicate id", row=r["_row"], column=spec.key, value=r[spec.key]))
    if name == "highlights":
        kinds = dict(zip(frame["highlight_id"], frame["kind"]))
        for highlight_id, kind in HIGHLIGHTS.items():
            if highlight_id not in kinds:
                problems.append(
                    Problem(
                        file,
                        f"no row for this highlight: step 5's texts name an id of kind {kind} there",
                        column="highlight_id",
                        value=highlight_id,
                    )
                )
            elif kinds[highlight_id] != kind:
                row = int(frame.loc[frame["highlight_id"] == highlight_id, "_row"].iloc[0])
                problems.append(
                    Problem(
                        file,
                        f"this highlight names an id of kind {kind}",
                        row=row,
                        column="kind",
                        value=kinds[highlight_id],
                    )
                )


def _check_quotes(raw_dir: Path, frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Every ``quote`` must stand word for word at its ``source_lines`` in the registered copy of the report."""
    meta_path = raw_dir / "source.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else None
    registry = load_sources(raw_dir, meta, problems)
    if registry is None:
        return
    for name, frame in frames.items():
        if "quote" not in frame:
            continue
        for r in frame.to_dict("records"):
            if r["quote"] is None:
                continue
            found = check_quote(
                registry, r["quote"], r["source_lines"], dict(file=file_name(name), row=r["_row"], column="quote")
            )
            if found:
                problems.append(found)


def load_decisions(tables: dict[str, pd.DataFrame], raw_dir: Path | str = paths.RAW) -> dict[str, pd.DataFrame]:
    """Read and check every ``step5_*.csv`` of ``raw_dir`` against the clean ``tables``; raise ``DataError``
    listing every problem. List cells (``need_ids``, ``actor_ids``) come back as lists, numbers as floats."""
    raw_dir = Path(raw_dir)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for name, spec in SPECS.items():
        frame = read_csv_strict(raw_dir / file_name(name), spec.columns, problems)
        if frame is not None:
            frames[name] = frame
    if problems:
        raise DataError(problems)
    amounts = tables["amounts"]
    known = {
        "rec_id": set(tables["recommendations"]["rec_id"]),
        "need_id": set(tables["needs"]["need_id"]),
        "instrument_id": set(tables["instruments"]["instrument_id"]),
        "amount_id": set(amounts["amount_id"]),
        "CAD": set(amounts.loc[amounts["currency"] == "CAD", "amount_id"]),
        "denominator_id": set(frames["denominators"]["denominator_id"].dropna()),
        "actor_id": set(frames["actors"]["actor_id"].dropna()),
    }
    for name, frame in frames.items():
        _check(name, frame, tables, known, problems)
    highlights, compared = frames["highlights"], set(frames["comparisons"]["cad_amount_id"])
    for r in highlights[highlights["highlight_id"] == "sensitivity_ceiling"].to_dict("records"):
        if r["id"] not in compared:  # the paragraph gives this amount's range: it must be one the table compares
            problems.append(
                Problem(
                    file_name("highlights"),
                    f"not a cad_amount_id of {file_name('comparisons')}: the sensitivity paragraph gives its range",
                    row=r["_row"],
                    column="id",
                    value=r["id"],
                )
            )
    _check_quotes(raw_dir, frames, problems)
    if problems:
        raise DataError(problems)
    for name, spec in SPECS.items():
        frame = frames[name].drop(columns=["_file", "_row"])
        for column in spec.numbers:
            frame[column] = pd.to_numeric(frame[column]).astype(float)
        for column in ("need_ids", "actor_ids"):
            if column in frame:
                frame[column] = frame[column].map(split_list).astype(object)
        frames[name] = frame.reset_index(drop=True)
    return frames


def highlight(decisions: dict[str, pd.DataFrame], highlight_id: str) -> str:
    """The id a place of step 5's prose names (``step5_highlights.csv``, checked when the decisions are read)."""
    table = decisions["highlights"]
    return str(table.loc[table["highlight_id"] == highlight_id, "id"].iloc[0])
