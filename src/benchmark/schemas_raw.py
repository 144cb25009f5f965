"""Pandera schemas of the raw data, and the translation of their failures into located problems."""

from __future__ import annotations

import difflib

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from benchmark.errors import Problem
from benchmark.spans import parse_spans
from benchmark.vocabulary import (
    AMOUNT_KINDS,
    BUDGET_KINDS,
    FUNDER_TYPES,
    INSTRUMENT_TYPES,
    JURISDICTIONS,
    NONMARKET_ACCESS,
    RATE_KINDS,
    SOURCE_ISSUE_KINDS,
    SOURCE_KINDS,
    STAGES,
    TARGET_GROUPS,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _all_in(vocabulary):
    """Element check: a ``; ``-joined list cell whose every code is in ``vocabulary`` (empty allowed)."""

    def check(value) -> bool:
        if value is None:
            return True
        return all(item.strip() in vocabulary for item in str(value).split(";") if item.strip())

    return check


def _is_bool(value) -> bool:
    return isinstance(value, bool)


class InventorySchema(pa.DataFrameModel):
    """One instrument row of a jurisdiction sheet of ``inventories.xlsx``."""

    instrument_id: Series[str] = pa.Field(str_matches=SLUG)
    name: Series[str]
    name_lines: Series[str]
    primary_type: Series[str] = pa.Field(isin=INSTRUMENT_TYPES)
    types: Series[str] = pa.Field(nullable=True)
    stages: Series[str] = pa.Field(nullable=True)
    target_groups: Series[str]
    nonmarket_access: Series[str] = pa.Field(isin=NONMARKET_ACCESS)
    funder_type: Series[str] = pa.Field(isin=FUNDER_TYPES)
    source_lines: Series[str]
    parent_id: Series[str] = pa.Field(str_matches=SLUG, nullable=True)

    @pa.check("types", element_wise=True, error=f"every code in {INSTRUMENT_TYPES}")
    def types_known(cls, value) -> bool:
        return _all_in(INSTRUMENT_TYPES)(value)

    @pa.check("stages", element_wise=True, error=f"every code in {STAGES}")
    def stages_known(cls, value) -> bool:
        return _all_in(STAGES)(value)

    @pa.check("target_groups", element_wise=True, error=f"every code in {TARGET_GROUPS}")
    def targets_known(cls, value) -> bool:
        return _all_in(TARGET_GROUPS)(value)

    class Config:
        strict = False
        coerce = False


class AmountSchema(pa.DataFrameModel):
    """One row of the ``amounts`` sheet."""

    instrument_id: Series[str] = pa.Field(str_matches=SLUG)
    kind: Series[str] = pa.Field(isin=AMOUNT_KINDS + RATE_KINDS)
    text: Series[str]
    lines: Series[str]

    class Config:
        strict = False


class AnnexRowsSchema(pa.DataFrameModel):
    annex_row: Series[str] = pa.Field(str_matches=r"^\d+$")
    instrument_id: Series[str] = pa.Field(str_matches=SLUG, unique=True)
    budget_kind: Series[str] = pa.Field(isin=BUDGET_KINDS, nullable=True)
    justification: Series[str]

    class Config:
        strict = False


class AnnexRegionsSchema(pa.DataFrameModel):
    region: Series[str] = pa.Field(unique=True)
    jurisdiction: Series[str] = pa.Field(isin=JURISDICTIONS)
    justification: Series[str]

    class Config:
        strict = False


class Part4MapSchema(pa.DataFrameModel):
    region: Series[str]
    initiative: Series[str]
    instrument_id: Series[str] = pa.Field(str_matches=SLUG)

    class Config:
        strict = False


class CurrencySchema(pa.DataFrameModel):
    currency: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}$", unique=True)
    eur_per_unit: Series[str] = pa.Field(str_matches=r"^\d+(\.\d+)?$")
    tolerance_eur: Series[str] = pa.Field(str_matches=r"^\d+(\.\d+)?$")
    method: Series[str]

    class Config:
        strict = False


class SourceProblemsSchema(pa.DataFrameModel):
    problem_id: Series[str] = pa.Field(str_matches=SLUG, unique=True)
    kind: Series[str] = pa.Field(isin=SOURCE_ISSUE_KINDS)
    detail: Series[str]
    lines: Series[str]
    justification: Series[str]

    class Config:
        strict = False


class SourcesSchema(pa.DataFrameModel):
    """One source of ``data/raw/sources.csv``: a web page needs its access date, a text copy its fingerprint."""

    source_id: Series[str] = pa.Field(str_matches=SLUG, unique=True)
    kind: Series[str] = pa.Field(isin=SOURCE_KINDS)
    title: Series[str]
    accessed: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}-\d{2}-\d{2}$")
    sha256: Series[str] = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$")

    @pa.dataframe_check(error="a web page gives its access date (accessed, YYYY-MM-DD)")
    def web_page_dated(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "web_page") | df["accessed"].notna()

    @pa.dataframe_check(error="a text copy (copy) and its sha256 go together")
    def copy_fingerprinted(cls, df: pd.DataFrame) -> Series[bool]:
        return df["copy"].isna() == df["sha256"].isna()

    class Config:
        strict = False


def failures_to_problems(frame: pd.DataFrame, schema: type[pa.DataFrameModel]) -> list[Problem]:
    """Validate lazily and map each failure case back to its file, sheet, Excel row and column.

    ``SchemaErrors``' text omits the row; ``failure_cases`` carries the frame index, which is mapped to the
    ``_row`` a researcher sees (header = row 1).
    """
    data = frame.reset_index(drop=True)
    try:
        schema.validate(data, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.to_dict("records"):
            index = case.get("index")
            column = case.get("column")
            check = str(case.get("check"))
            if index is None or pd.isna(index):
                problems.append(
                    Problem(str(data["_file"].iat[0]), f"column fails {check}", column=column, sheet=_sheet_of(data, 0))
                )
                continue
            i = int(index)
            expected = {"not_nullable": "a value (the cell is empty)"}.get(check, check)
            problems.append(
                Problem(
                    str(data["_file"].iat[i]),
                    f"expected {expected}",
                    sheet=_sheet_of(data, i),
                    row=int(data["_row"].iat[i]),
                    column=column,
                    value=case.get("failure_case"),
                )
            )
        return problems


def _sheet_of(data: pd.DataFrame, i: int):
    return data["_sheet"].iat[i] if "_sheet" in data.columns else None


def check_span_cells(frame: pd.DataFrame, columns, line_count: int) -> list[Problem]:
    """Every line span parses and lies within the source report."""
    problems = []
    for record in frame.to_dict("records"):
        for col in columns:
            spec = record.get(col)
            try:
                spans = parse_spans(spec)
            except ValueError as exc:
                problems.append(
                    Problem(
                        record["_file"],
                        str(exc),
                        sheet=record.get("_sheet"),
                        row=record["_row"],
                        column=col,
                        value=spec,
                    )
                )
                continue
            for _start, b in spans:
                if b > line_count:
                    problems.append(
                        Problem(
                            record["_file"],
                            f"line span beyond the source's {line_count} lines",
                            sheet=record.get("_sheet"),
                            row=record["_row"],
                            column=col,
                            value=spec,
                        )
                    )
    return problems


def validate_inventories(frame: pd.DataFrame, line_count: int) -> list[Problem]:
    """Schema, booleans, ``types`` ⊇ ``primary_type``, text cells paired with spans, unique ids."""
    from benchmark.raw import BOOL_COLUMNS, TEXT_SPANS

    problems = failures_to_problems(frame, InventorySchema)
    problems += check_span_cells(frame, list(TEXT_SPANS.values()) + ["source_lines"], line_count)
    for r in frame.to_dict("records"):
        where = dict(sheet=r["_sheet"], row=r["_row"])
        for col in BOOL_COLUMNS:
            value = r.get(col)
            if value is None and col == "digital_specific":
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
    parent_of = {r["instrument_id"]: r.get("parent_id") for r in frame.to_dict("records") if r["instrument_id"]}
    for r in frame.to_dict("records"):
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
    for r in frame.to_dict("records"):
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


def validate_csv(frame: pd.DataFrame, schema: type[pa.DataFrameModel]) -> list[Problem]:
    return failures_to_problems(frame, schema)
