"""Pandera schemas of the raw data, derived from the raw tables' specifications (``benchmark.registry.raw_tables``), and the
translation of their failures into located problems."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from benchmark.core.errors import Problem
from benchmark.core.parsing import records
from benchmark.core.spans import parse_spans
from benchmark.registry.classes import Field
from benchmark.registry.fields import FIELDS
from benchmark.registry.raw_tables import (
    AMOUNTS,
    ANNEX_REGIONS,
    ANNEX_ROWS,
    CURRENCY,
    INVENTORY,
    PART4_MAP,
    SOURCE_PROBLEMS,
    SOURCES,
    TEXT_SPANS,
    RawTable,
)

# The raw tables' specifications (benchmark.registry.raw_tables), under the names the readers validate with.
InventorySchema = INVENTORY
AmountSchema = AMOUNTS
AnnexRowsSchema = ANNEX_ROWS
AnnexRegionsSchema = ANNEX_REGIONS
Part4MapSchema = PART4_MAP
CurrencySchema = CURRENCY
SourceProblemsSchema = SOURCE_PROBLEMS
SourcesSchema = SOURCES


# Cell checks run on the whole column (one pass over plain values, no call per cell); pandera reports each False
# cell as it would an element-wise check's.


def _all_in(vocabulary):
    """A ``; ``-joined list cell whose every code is in ``vocabulary`` (empty allowed)."""
    codes = frozenset(vocabulary)

    def check(series: pd.Series) -> pd.Series:
        ok = [
            value is None or all(item.strip() in codes for item in str(value).split(";") if item.strip())
            for value in series.tolist()
        ]
        return pd.Series(ok, index=series.index, dtype=bool)

    return check


def _is_bool(value) -> bool:
    return isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(series: pd.Series) -> pd.Series:
    """A number cell (not text that looks like one)."""
    return pd.Series([_is_number(v) for v in series.tolist()], index=series.index, dtype=bool)


def _within(ok: Callable[[Any], bool]) -> Callable[[pd.Series], pd.Series]:
    """A bound on number cells only (a text cell is the « a number » check's problem)."""

    def check(series: pd.Series) -> pd.Series:
        return pd.Series([not _is_number(v) or ok(v) for v in series.tolist()], index=series.index, dtype=bool)

    return check


def _range_checks(field: Field) -> list:
    """The field's bounds, on number cells only (a text cell is the « a number » check's problem)."""
    import pandera.pandas as pa

    bounds: list[tuple[float | None, Callable[[Any, float], bool], str]] = [
        (field.minimum, lambda v, b: v >= b, "greater_than_or_equal_to"),
        (field.maximum, lambda v, b: v <= b, "less_than_or_equal_to"),
        (field.exclusive_minimum, lambda v, b: v > b, "greater_than"),
    ]
    return [
        pa.Check(_within(partial(_bounded, ok=ok, bound=bound)), error=f"{name}({bound:g})")
        for bound, ok, name in bounds
        if bound is not None
    ]


def _bounded(value: Any, ok: Callable[[Any, float], bool], bound: float) -> bool:
    return ok(value, bound)


def raw_schema(table: RawTable):
    """The pandera schema of a raw table, from its specification: text cells, required ones not empty, codes of the
    vocabulary (each code of a list cell), patterns, unique columns; a dataframe check per rule."""
    import pandera.pandas as pa

    columns = {}
    for col in table.columns:
        if not col.checked or col.type == "boolean":  # Excel booleans: validate_inventories says TRUE or FALSE
            continue
        checks = []
        dtype: type | None = str
        if col.type in ("number", "integer"):  # a number cell, not text that looks like one, within the field's range
            dtype = None
            checks.append(pa.Check(_numbers, error="a number"))
            checks += _range_checks(FIELDS[col.like or col.name])
        allowed, regex = col.allowed, col.regex
        if col.is_list and allowed is not None:
            checks.append(pa.Check(_all_in(allowed), error=f"every code in {allowed}"))
        elif allowed is not None:
            checks.append(pa.Check.isin(allowed))
        if regex is not None and not col.is_list:
            checks.append(pa.Check.str_matches(regex))
        columns[col.name] = pa.Column(dtype, checks=checks, nullable=not col.required, unique=col.unique)
    rules = [pa.Check(r.check, name=r.name, error=r.error) for r in table.rules]
    return pa.DataFrameSchema(columns, checks=rules, strict=False, coerce=False, name=table.name)


def failures_to_problems(frame: pd.DataFrame, table: RawTable) -> list[Problem]:
    """Validate lazily and map each failure case back to its file, sheet, Excel row and column.

    ``SchemaErrors``' text omits the row; ``failure_cases`` carries the frame index, which is mapped to the
    ``_row`` a researcher sees (header = row 1). A rule broken by a row is one problem naming the rule's columns.
    """
    import pandera.pandas as pa

    data = frame.reset_index(drop=True)
    rules = {r.error: r for r in table.rules}
    try:
        raw_schema(table).validate(data, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        problems = []
        broken: set[tuple[str, int]] = set()
        # Each row's place read once as lists: 100 000 bad rows give a million failure cases, and a pandas lookup
        # per case would take minutes.
        files, rows = data["_file"].tolist(), data["_row"].tolist()
        sheets = data["_sheet"].tolist() if "_sheet" in data.columns else [None] * len(data)
        cases = err.failure_cases
        for index, column, check, failure in zip(
            cases["index"].tolist(),
            cases["column"].tolist(),
            cases["check"].astype(str).tolist(),
            cases["failure_case"].tolist(),
        ):
            if index is None or index != index:  # None or NaN: a failure of the whole column (no pd.isna per case)
                problems.append(
                    Problem(str(data["_file"].iat[0]), f"column fails {check}", column=column, sheet=_sheet_of(data, 0))
                )
                continue
            i = int(index)
            rule = rules.get(check)
            if rule is not None:
                if (rule.name, i) in broken:  # pandera lists the row once per column: one problem per rule
                    continue
                broken.add((rule.name, i))
                column = ", ".join(rule.fields)
                value = ", ".join(f"{f}={data[f].iat[i]!r}" for f in rule.fields)
                expected = rule.message
            else:
                value = failure
                expected = {"not_nullable": "a value (the cell is empty)"}.get(check, check)
            problems.append(
                Problem(
                    str(files[i]), f"expected {expected}", sheet=sheets[i], row=int(rows[i]), column=column, value=value
                )
            )
        return problems


def _sheet_of(data: pd.DataFrame, i: int):
    return data["_sheet"].iat[i] if "_sheet" in data.columns else None


def check_span_cells(frame: pd.DataFrame, columns, line_count: int) -> list[Problem]:
    """Every line span parses and lies within the source report."""
    found: list[tuple[int, Problem]] = []
    # What is wrong with each distinct cell, worked out once (many cells cite the same lines): a parse error or
    # a span beyond the report, as many times as it has such spans.
    verdicts: dict[str | None, tuple[str | None, int]] = {}
    n = len(frame)
    files, rows = frame["_file"].tolist(), frame["_row"].tolist()
    sheets = frame["_sheet"].tolist() if "_sheet" in frame.columns else [None] * n
    for col in columns:
        specs = frame[col].tolist() if col in frame.columns else [None] * n
        for i, spec in enumerate(specs):
            verdict = verdicts.get(spec)
            if verdict is None:
                try:
                    verdict = (None, sum(b > line_count for _start, b in parse_spans(spec)))
                except ValueError as exc:
                    verdict = (str(exc), 0)
                verdicts[spec] = verdict
            error, beyond = verdict
            if error is None and not beyond:
                continue
            where = dict(sheet=sheets[i], row=rows[i], column=col, value=spec)
            if error is not None:
                found.append((i, Problem(files[i], error, **where)))
                continue
            message = f"line span beyond the source's {line_count} lines"
            found += [(i, Problem(files[i], message, **where)) for _ in range(beyond)]
    found.sort(key=lambda item: item[0])  # row by row, each row's columns in order, as before
    return [p for _, p in found]


def validate_inventories(frame: pd.DataFrame, line_count: int) -> list[Problem]:
    """Schema, booleans, ``types`` ⊇ ``primary_type``, text cells paired with spans, unique ids."""
    problems = failures_to_problems(frame, InventorySchema)
    problems += check_span_cells(frame, list(TEXT_SPANS.values()) + ["source_lines"], line_count)
    booleans = INVENTORY.booleans  # a property read from the registry: once, not once per row
    read = ("_file", "_sheet", "_row", "types", "primary_type", *(b.name for b in booleans), *TEXT_SPANS)
    for r in records(frame, (*read, *TEXT_SPANS.values())):  # the cells checked here only
        where = dict(sheet=r["_sheet"], row=r["_row"])
        for spec in booleans:
            col = spec.name
            value = r.get(col)
            if value is None and not spec.required:
                continue
            if not _is_bool(value):
                problems.append(
                    Problem(r["_file"], "expected TRUE or FALSE (an Excel boolean)", column=col, value=value, **where)
                )
        types = [t.strip() for t in str(r.get("types") or "").split(";") if t.strip()]
        if r.get("primary_type") and r["primary_type"] not in types:
            problems.append(
                Problem(
                    r["_file"],
                    f"types must contain primary_type {r['primary_type']!r}",
                    column="types",
                    value=r.get("types"),
                    **where,
                )
            )
        for text_col, span_col in TEXT_SPANS.items():
            if (r.get(text_col) is None) != (r.get(span_col) is None):
                missing = span_col if r.get(span_col) is None else text_col
                problems.append(
                    Problem(
                        r["_file"],
                        f"{text_col} and {span_col} go together: one is empty",
                        column=missing,
                        value=r.get(text_col) or r.get(span_col),
                        **where,
                    )
                )
    problems += parent_problems(frame)
    ids = frame["instrument_id"]
    for i in frame.index[ids.duplicated(keep=False) & ids.notna()]:
        r = frame.loc[i]
        first = frame[(ids == r["instrument_id"])].iloc[0]
        if r["_row"] == first["_row"] and r["_sheet"] == first["_sheet"]:
            continue
        problems.append(
            Problem(
                r["_file"],
                f"duplicate instrument_id: already used in sheet {first['_sheet']} row {first['_row']}",
                sheet=r["_sheet"],
                row=r["_row"],
                column="instrument_id",
                value=r["instrument_id"],
            )
        )
    return problems


def parent_problems(frame: pd.DataFrame) -> list[Problem]:
    """``parent_id`` names another row of the workbook (the programme this row is a component of), and
    following parents never comes back to the row itself."""
    problems = []
    rows = records(frame, ("_file", "_sheet", "_row", "instrument_id", "parent_id"))
    parent_of = {r["instrument_id"]: r.get("parent_id") for r in rows if r["instrument_id"]}
    for r in rows:
        parent = r.get("parent_id")
        if parent is None:
            continue
        where = dict(sheet=r["_sheet"], row=r["_row"], column="parent_id", value=parent)
        if parent not in parent_of:
            near = difflib.get_close_matches(str(parent), list(parent_of), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problems.append(Problem(r["_file"], f"parent_id is not the instrument_id of any row{hint}", **where))
            continue
        seen, current = {r["instrument_id"]}, parent
        while current is not None:
            if current in seen:
                problems.append(
                    Problem(r["_file"], "parent_id makes a cycle: a programme cannot be its own component", **where)
                )
                break
            seen.add(current)
            current = parent_of.get(current)
    return problems


def validate_amounts(frame: pd.DataFrame, instrument_ids: set[str], line_count: int) -> list[Problem]:
    problems = failures_to_problems(frame, AmountSchema) + check_span_cells(frame, ["lines"], line_count)
    for r in records(frame):
        if r["instrument_id"] and r["instrument_id"] not in instrument_ids:
            problems.append(
                Problem(
                    r["_file"],
                    "instrument_id is not a row of any jurisdiction sheet",
                    sheet=r["_sheet"],
                    row=r["_row"],
                    column="instrument_id",
                    value=r["instrument_id"],
                )
            )
    return problems


def validate_csv(frame: pd.DataFrame, table: RawTable) -> list[Problem]:
    return failures_to_problems(frame, table)
