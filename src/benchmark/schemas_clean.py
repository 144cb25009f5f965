"""Pandera schemas of the clean tables (every rule of the data contract) and the cross-table rules."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from benchmark.errors import DataError, Problem
from benchmark.parsing import MAX_YEAR, MIN_YEAR
from benchmark.vocabulary import (
    AMOUNT_KINDS,
    BUDGET_KINDS,
    COUNTRIES,
    FUNDER_TYPES,
    INSTRUMENT_TYPES,
    JURISDICTIONS,
    LEVELS,
    MAX_AWARD_PERIODS,
    NONMARKET_ACCESS,
    RATE_KINDS,
    SOURCE_ISSUE_KINDS,
    SOURCE_KINDS,
    STAGES,
    TARGET_GROUPS,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_PIECE = r"(?:(?:[a-z0-9]+(?:-[a-z0-9]+)*:)?L\d+(?:-L\d+)?|[a-z0-9]+(?:-[a-z0-9]+)*)"
SPANS = rf"^{_PIECE}(?:; {_PIECE})*$"  # report lines (L12-L14), another source's (web-x:L3) or a whole source


def _codes_in(vocabulary):
    return lambda items: isinstance(items, list) and all(i in vocabulary for i in items)


class Instruments(pa.DataFrameModel):
    instrument_id: Series[str] = pa.Field(str_matches=SLUG, unique=True)
    name: Series[str]
    jurisdiction: Series[str] = pa.Field(isin=JURISDICTIONS)
    country: Series[str] = pa.Field(isin=COUNTRIES)
    level: Series[str] = pa.Field(isin=LEVELS)
    start_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=MIN_YEAR, le=MAX_YEAR)
    end_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=MIN_YEAR, le=MAX_YEAR)
    primary_type: Series[str] = pa.Field(isin=INSTRUMENT_TYPES)
    types: Series[object]
    stages: Series[object]
    target_groups: Series[object]
    nonmarket_access: Series[str] = pa.Field(isin=NONMARKET_ACCESS)
    digital_specific: Series[object] = pa.Field(nullable=True)
    covers_brussels: Series[bool]
    funder: Series[str] = pa.Field(nullable=True)
    funder_type: Series[str] = pa.Field(isin=FUNDER_TYPES)
    max_award_eur: Series[float] = pa.Field(nullable=True, gt=0)
    budget_total_eur: Series[float] = pa.Field(nullable=True, gt=0)
    cofunding_rate: Series[float] = pa.Field(nullable=True, ge=0, le=1)
    in_annex_i: Series[bool]
    focus: Series[bool]
    source_lines: Series[str] = pa.Field(str_matches=SPANS)
    parent_id: Series[str] = pa.Field(nullable=True, str_matches=SLUG)
    max_award_period: Series[str] = pa.Field(nullable=True, isin=MAX_AWARD_PERIODS)

    @pa.dataframe_check(error="max_award_eur and max_award_period go together")
    def award_with_period(cls, df: pd.DataFrame) -> Series[bool]:
        return df["max_award_eur"].isna() == df["max_award_period"].isna()

    @pa.dataframe_check(error="parent_id is another instrument")
    def parent_known(cls, df: pd.DataFrame) -> Series[bool]:
        ids = set(df["instrument_id"])
        return df["parent_id"].isna() | (df["parent_id"].isin(ids) & (df["parent_id"] != df["instrument_id"]))

    @pa.check("types", element_wise=True, error="every code an instrument type")
    def types_known(cls, v) -> bool:
        return _codes_in(INSTRUMENT_TYPES)(v) and len(v) > 0

    @pa.check("stages", element_wise=True, error="every code a stage")
    def stages_known(cls, v) -> bool:
        return _codes_in(STAGES)(v)

    @pa.check("target_groups", element_wise=True, error="every code a target group")
    def targets_known(cls, v) -> bool:
        return _codes_in(TARGET_GROUPS)(v)

    @pa.check("digital_specific", element_wise=True, error="true, false or empty")
    def digital_bool(cls, v) -> bool:
        return v is None or pd.isna(v) or isinstance(v, bool)

    @pa.dataframe_check(error="types contains primary_type")
    def primary_in_types(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series([p in t for p, t in zip(df["primary_type"], df["types"])], index=df.index)

    @pa.dataframe_check(error="start_year ≤ end_year")
    def ordered_years(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["start_year"].isna() | df["end_year"].isna() | (df["start_year"] <= df["end_year"])).astype(bool)

    class Config:
        strict = False


class AnnexI(pa.DataFrameModel):
    annex_row: Series[int] = pa.Field(unique=True, ge=1)
    region: Series[str]
    name: Series[str]
    domains: Series[object]
    start_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=MIN_YEAR, le=MAX_YEAR)
    end_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=MIN_YEAR, le=MAX_YEAR)
    budget_eur: Series[float] = pa.Field(nullable=True, gt=0)
    budget_kind: Series[str] = pa.Field(nullable=True, isin=BUDGET_KINDS)
    instrument_id: Series[str] = pa.Field(str_matches=SLUG, unique=True)
    source_lines: Series[str] = pa.Field(str_matches=SPANS)

    @pa.dataframe_check(error="text cells hold no HTML")
    def no_html(cls, df: pd.DataFrame) -> Series[bool]:
        cols = ["name", "date_raw", "description", "means_raw", "objectives", "target_public"]
        return ~df[cols].apply(lambda c: c.fillna("").str.contains(r"</?[a-zA-Z][^>]*>", regex=True)).any(axis=1)

    @pa.dataframe_check(error="budget_eur and budget_kind go together")
    def budget_pairs(cls, df: pd.DataFrame) -> Series[bool]:
        return df["budget_eur"].isna() == df["budget_kind"].isna()

    class Config:
        strict = False


class Amounts(pa.DataFrameModel):
    amount_id: Series[str] = pa.Field(unique=True)
    instrument_id: Series[str] = pa.Field(str_matches=SLUG)
    kind: Series[str] = pa.Field(isin=AMOUNT_KINDS)
    value: Series[float] = pa.Field(gt=0)
    currency: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}$")
    value_eur: Series[float] = pa.Field(gt=0)
    stated_eur: Series[float] = pa.Field(nullable=True, gt=0)
    text: Series[str]
    source_lines: Series[str] = pa.Field(str_matches=SPANS)
    origin: Series[str] = pa.Field(isin=("inventory", "annex_i"))

    class Config:
        strict = False


class Rates(pa.DataFrameModel):
    rate_id: Series[str] = pa.Field(unique=True)
    instrument_id: Series[str] = pa.Field(str_matches=SLUG)
    kind: Series[str] = pa.Field(isin=RATE_KINDS)
    rate: Series[float] = pa.Field(ge=0, le=1)
    cofunding_rate: Series[float] = pa.Field(ge=0, le=1)
    source_lines: Series[str] = pa.Field(str_matches=SPANS)

    class Config:
        strict = False


class Recommendations(pa.DataFrameModel):
    rec_id: Series[str] = pa.Field(unique=True, str_matches=r"^rec-\d{2}$")
    category: Series[str] = pa.Field(
        isin=(
            "Sensibilisation et information aux enjeux et opportunités de la digitalisation",
            "Soutien spécifique aux organisations non-marchandes",
            "Développement d'un réseau collaboratif pour la digitalisation du non-marchand",
        )
    )
    title: Series[str]
    text: Series[str]
    sources: Series[object]
    instrument_ids: Series[object]

    @pa.check("instrument_ids", element_wise=True, error="every recommendation has evidence")
    def has_evidence(cls, v) -> bool:
        return isinstance(v, list) and len(v) > 0

    class Config:
        strict = False


class Needs(pa.DataFrameModel):
    need_id: Series[str] = pa.Field(unique=True)
    text: Series[str]
    source_lines: Series[str] = pa.Field(str_matches=SPANS)


class SourceIssues(pa.DataFrameModel):
    issue_id: Series[str] = pa.Field(unique=True)
    kind: Series[str] = pa.Field(isin=SOURCE_ISSUE_KINDS)
    instrument_id: Series[str] = pa.Field(nullable=True)
    detail: Series[str]
    source_lines: Series[str] = pa.Field(str_matches=SPANS)
    found_by: Series[str] = pa.Field(isin=("rule", "reader"))

    class Config:
        strict = False


class Sources(pa.DataFrameModel):
    source_id: Series[str] = pa.Field(unique=True, str_matches=SLUG)
    kind: Series[str] = pa.Field(isin=SOURCE_KINDS)
    title: Series[str]
    accessed: Series[str] = pa.Field(nullable=True)
    sha256: Series[str] = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$")
    line_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)

    @pa.dataframe_check(error="the first source is the report")
    def report_first(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series([i > 0 or k == "report" for i, k in enumerate(df["kind"])], index=df.index)

    class Config:
        strict = False


SCHEMAS = {
    "sources": Sources,
    "instruments": Instruments,
    "annex_i": AnnexI,
    "amounts": Amounts,
    "rates": Rates,
    "recommendations": Recommendations,
    "needs": Needs,
    "source_issues": SourceIssues,
}


def _locate(table: str, frame: pd.DataFrame, index, raw) -> dict:
    """Where a clean row comes from: the inventory row of its instrument, when there is one."""
    if raw is None or index is None or pd.isna(index) or "instrument_id" not in frame.columns:
        return dict(file=f"data/clean/{table}.csv", row=None if index is None or pd.isna(index) else int(index) + 2)
    iid = frame["instrument_id"].iat[int(index)]
    hit = raw.inventories[raw.inventories["instrument_id"] == iid]
    if hit.empty:
        return dict(file=f"data/clean/{table}.csv", row=int(index) + 2)
    r = hit.iloc[0]
    return dict(file=r["_file"], sheet=r["_sheet"], row=int(r["_row"]))


def validate_tables(tables: dict[str, pd.DataFrame], raw=None) -> None:
    """Every schema lazily, then the cross-table rules; one ``DataError`` with every problem."""
    problems: list[Problem] = []
    for name, schema in SCHEMAS.items():
        frame = tables[name].reset_index(drop=True)
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as err:
            for case in err.failure_cases.to_dict("records"):
                where = _locate(name, frame, case.get("index"), raw)
                problems.append(
                    Problem(
                        message=f"{name}: expected {case.get('check')}",
                        column=case.get("column"),
                        value=case.get("failure_case"),
                        **where,
                    )
                )
    problems += cross_table_problems(tables)
    if raw is not None:
        rates = {r["currency"]: float(r["eur_per_unit"]) for r in raw.currency.to_dict("records")}
        problems += check_euro_values(tables["amounts"], rates)
    if problems:
        raise DataError(problems)


def cross_table_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every referenced instrument exists; euro values equal value × declared rate; max award and budget
    agree with the amounts they derive from."""
    problems = []
    known = set(tables["instruments"]["instrument_id"])
    for name in ("annex_i", "amounts", "rates", "source_issues"):
        frame = tables[name]
        for i, iid in frame["instrument_id"].items():
            if isinstance(iid, str) and iid not in known:
                problems.append(
                    Problem(
                        f"data/clean/{name}.csv",
                        "instrument_id not in instruments",
                        row=i + 2,
                        column="instrument_id",
                        value=iid,
                    )
                )
    for i, ids in tables["recommendations"]["instrument_ids"].items():
        for iid in ids:
            if iid not in known:
                problems.append(
                    Problem(
                        "data/clean/recommendations.csv",
                        "instrument_id not in instruments",
                        row=i + 2,
                        column="instrument_ids",
                        value=iid,
                    )
                )
    return problems


def check_euro_values(amounts: pd.DataFrame, eur_per_unit: dict[str, float]) -> list[Problem]:
    """``value_eur`` = ``value`` × the declared rate of its currency (to the cent)."""
    problems = []
    for i, r in amounts.iterrows():
        expected = round(r["value"] * eur_per_unit[r["currency"]], 2)
        if abs(r["value_eur"] - expected) > 0.005:
            problems.append(
                Problem(
                    "data/clean/amounts.csv",
                    f"value_eur should be {expected}",
                    row=i + 2,
                    column="value_eur",
                    value=r["value_eur"],
                )
            )
    return problems
