"""Pandera schemas of the raw data, derived from the raw tables' specifications (``benchmark.registry.raw_tables``), and the
translation of their failures into located problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from benchmark.core.errors import Problem
from benchmark.core.parsing import fold_text, records
from benchmark.core.spans import parse_spans
from benchmark.registry.classes import Field
from benchmark.registry.fields import DATE, FIELDS, SLUG, SPANS
from benchmark.registry.raw_tables import (
    AMOUNTS,
    ANNEX_REGIONS,
    ANNEX_ROWS,
    CURRENCY,
    INVENTORY,
    NUMBER,
    PART4_MAP,
    SOURCE_PROBLEMS,
    SOURCES,
    TEXT_SPANS,
    YEAR,
    RawColumn,
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


# Each pattern a raw cell must match, in words a researcher acts on (no regular expression in a message).
PATTERN_WORDS = {
    SLUG: "an id of lowercase letters, digits and hyphens, without spaces or accents (like bru-prime-web)",
    DATE: "a date written YYYY-MM-DD (like 2025-03-14)",
    NUMBER: "a number with a dot for decimals (like 0.67756)",
    r"^\d+$": "a whole number (1, 2, 3…)",
    YEAR: "a year in four digits (like 2023), alone",
    r"^[0-9a-f]{64}$": "the 64 characters that `sha256sum data/raw/<copy>` prints",
    r"^https?://\S+$": "an address beginning with https:// (or http://), without spaces",
    r"^[A-Z]{3}$": "a three-letter currency code in capitals (EUR, CAD)",
    SPANS: "locators: L123, L123-L130, source-id:L12 or source-id, joined by « ; »",
}
# Where a coded column's codes are defined in docs/codebook.md, when the section is not named by the column.
CODEBOOK_SECTION = {
    ("inventory", "types"): "primary_type et types",
    ("inventory", "primary_type"): "primary_type et types",
    ("amounts", "kind"): "Natures de montant",
    ("source_problems", "kind"): "Problèmes relevés dans le rapport",
    ("sources", "kind"): "Sources et localisateurs",
    ("sources", "verification"): "Sources et localisateurs",
}


def slug_of(value) -> str:
    """What ``value`` would be as an id: accents folded, lowercase, other characters as hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold_text(str(value))).strip("-")


def _codes_message(column: str, value, allowed: tuple[str, ...], is_list: bool, section: str) -> str:
    items = [i.strip() for i in str(value).split(";") if i.strip()] if is_list else [str(value)]
    bad = [i for i in items if i not in allowed] or items
    near = [m for i in bad for m in difflib.get_close_matches(i, allowed, n=1, cutoff=0.6)]
    hint = f" Did you mean « {near[0]} »?" if len(bad) == 1 and near else ""
    listed = " (a list: codes joined by « ; »)" if is_list else ""
    return (
        f"« {' », « '.join(bad)} » {'is not a code' if len(bad) == 1 else 'are not codes'} of {column}{listed}.{hint} "
        f"Allowed: {', '.join(allowed)} — each is defined in docs/codebook.md (« {section} »); write the one that fits "
        "and explain a borderline case in notes"
    )


def _pattern_message(column: str, value, pattern: str) -> str:
    words = PATTERN_WORDS.get(pattern, f"text of the expected form ({pattern})")
    fix = ""
    if pattern == SLUG and slug_of(value) and slug_of(value) != value:
        fix = f": write « {slug_of(value)} »"
    return f"{column} must be {words}{fix}"


def _type_message(column: str, value) -> str:
    kind = "a number" if _is_number(value) else "TRUE or FALSE" if isinstance(value, bool) else type(value).__name__
    return (
        f"{column} holds {kind} where text is expected: type the text itself (format the cell as Text, or start it "
        "with an apostrophe)"
    )


_BOUND_WORDS = {
    "greater_than_or_equal_to": "at least",
    "less_than_or_equal_to": "at most",
    "greater_than": "more than",
}


def _plain(check: str, column: str, value, spec: RawColumn | None, data: pd.DataFrame, i: int, table: str) -> str:
    """A failed pandera check in words: what is wrong, what is allowed, the fix."""
    if check == "not_nullable":
        return f"the cell is empty, but every row needs its {column}: fill it in"
    if (check.startswith("isin(") or check.startswith("every code in")) and spec is not None:
        allowed = spec.allowed or ()
        section = CODEBOOK_SECTION.get((table, column), column)
        return _codes_message(column, value, allowed, spec.is_list, section)
    if check.startswith("str_matches(") and spec is not None and spec.regex is not None:
        return _pattern_message(column, value, spec.regex)
    if check.startswith("dtype("):
        return _type_message(column, value)
    if check == "a number":
        return f"{column} must be a number (like 0.25 or 12), not text: type the number alone"
    for name, words in _BOUND_WORDS.items():
        if check.startswith(f"{name}("):
            return f"{column} must be {words} {check[len(name) + 1 : -1]}: correct the number"
    return f"{column} fails the check {check}"


def failures_to_problems(frame: pd.DataFrame, table: RawTable) -> list[Problem]:
    """Validate lazily and map each failure case back to its file, sheet, Excel row and column, in plain words.

    ``SchemaErrors``' text omits the row; ``failure_cases`` carries the frame index, which is mapped to the
    ``_row`` a researcher sees (header = row 1). A rule broken by a row is one problem naming the rule's columns;
    a rule is not checked on a row whose own cells already failed (its message would invite the wrong fix).
    """
    import pandera.pandas as pa

    data = frame.reset_index(drop=True)
    rules = {r.error: r for r in table.rules}
    specs = {c.name: c for c in table.columns}
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
        cases = list(
            zip(
                err.failure_cases["index"].tolist(),
                err.failure_cases["column"].tolist(),
                err.failure_cases["check"].astype(str).tolist(),
                err.failure_cases["failure_case"].tolist(),
            )
        )
        failed_cells = {(int(i), c) for i, c, check, _ in cases if i is not None and i == i and check not in rules}
        first_row: dict[str, dict] = {}  # per column, the first index holding each value (duplicate ids)
        for index, column, check, failure in cases:
            if index is None or index != index:  # None or NaN: a failure of the whole column (no pd.isna per case)
                problems.append(
                    Problem(
                        str(files[0]),
                        _plain(check, str(column), None, specs.get(str(column)), data, 0, table.name),
                        column=column,
                        sheet=sheets[0],
                    )
                )
                continue
            i = int(index)
            rule = rules.get(check)
            if rule is not None:
                if (rule.name, i) in broken or any((i, f) in failed_cells for f in rule.fields):
                    continue  # pandera lists the row once per column: one problem per rule, none after a cell's own
                broken.add((rule.name, i))
                column = ", ".join(rule.fields)
                value = ", ".join(f"{f}={data[f].iat[i]!r}" for f in rule.fields)
                message = rule.message
            else:
                value = failure
                if check == "field_uniqueness":
                    if column not in first_row:
                        first_row[column] = {}
                        for k, v in enumerate(data[column].tolist()):
                            first_row[column].setdefault(v, k)
                    first = first_row[column].get(value)
                    if first == i:
                        continue  # the first row holding the id is not the mistake: the later ones are named
                    message = (
                        f"{column} {value!r} is already the id of row {rows[first]}: each row needs its own {column}, "
                        "never shared"
                    )
                else:
                    message = _plain(check, str(column), value, specs.get(str(column)), data, i, table.name)
            problems.append(
                Problem(str(files[i]), message, sheet=sheets[i], row=int(rows[i]), column=column, value=value)
            )
        return problems


def check_span_cells(frame: pd.DataFrame, columns, line_count: int) -> list[Problem]:
    """Every line span parses and lies within the source report: one problem per cell that does not."""
    found: list[tuple[int, Problem]] = []
    # What is wrong with each distinct cell, worked out once (many cells cite the same lines): a parse error, or the
    # furthest line it cites beyond the report (0 when none).
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
                    verdict = (None, max((b for _start, b in parse_spans(spec) if b > line_count), default=0))
                except ValueError as exc:
                    verdict = (str(exc), 0)
                verdicts[spec] = verdict
            error, beyond = verdict
            if error is None and not beyond:
                continue
            where = dict(sheet=sheets[i], row=rows[i], column=col, value=spec)
            message = error or (
                f"cites L{beyond} but the report has {line_count} lines: a line number runs from L1 to L{line_count}"
            )
            found.append((i, Problem(files[i], message, **where)))
    found.sort(key=lambda item: item[0])  # row by row, each row's columns in order, as before
    return [p for _, p in found]


def validate_inventories(frame: pd.DataFrame, line_count: int) -> list[Problem]:
    """Schema, booleans, ``types`` ⊇ ``primary_type``, text cells paired with spans, unique ids."""
    problems = failures_to_problems(frame, InventorySchema)
    problems += check_span_cells(frame, list(TEXT_SPANS.values()) + ["source_lines"], line_count)
    booleans = INVENTORY.booleans  # a property read from the registry: once, not once per row
    primary_codes = set(next(c for c in INVENTORY.columns if c.name == "primary_type").allowed or ())
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
                    Problem(
                        r["_file"],
                        f"{col} must be TRUE or FALSE (VRAI or FAUX in a French spreadsheet), typed as a boolean, not "
                        "as text: type TRUE or FALSE in the cell"
                        + ("" if spec.required else ", or leave it empty when the source says nothing"),
                        column=col,
                        value=value,
                        **where,
                    )
                )
        types = [t.strip() for t in str(r.get("types") or "").split(";") if t.strip()]
        coded = r.get("primary_type") in primary_codes  # an uncoded one is its own cell's problem, not types'
        if coded and r["primary_type"] not in types:
            problems.append(
                Problem(
                    r["_file"],
                    f"types must list every type of the row, primary_type {r['primary_type']!r} included: add it "
                    "to types (codes joined by « ; »)",
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
