"""Pure analysis functions the notebooks call: each takes clean tables and returns a DataFrame (or Series).

Missing values stay missing: an instrument whose maximum award the report does not give has NaN, never 0.
Jurisdictions, types, stages and access codes come out in the order of ``benchmark.registry.codes``.
"""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.units import COUNTING_LEVELS, counting_units  # noqa: F401 (notebooks call them here)
from benchmark.core.spans import parse_spans
from benchmark.ingest.raw import ANNEX_TABLE_LINES as ANNEX_LINES
from benchmark.registry.codes import (
    INSTRUMENT_TYPES,
    JURISDICTIONS,
    NONMARKET_ACCESS,
    PROVISION_FAMILIES,
    STAGES,
    TARGET_GROUPS,
)
from benchmark.registry.fields import FIELDS

BRUSSELS = "BE-BRU"
SOURCES = ("body_only", "both", "annex_only")


def _ordered(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Rows in the jurisdictions' order and columns in the vocabulary's, absent combinations as 0."""
    return frame.reindex(index=list(JURISDICTIONS), columns=columns, fill_value=0)


def source_of(instruments: pd.DataFrame) -> pd.Series:
    """Where the report describes each instrument: ``annex_only``, ``body_only`` (prose) or ``both``."""

    def one(row) -> str:
        body = any(b < ANNEX_LINES[0] or a > ANNEX_LINES[1] for a, b in parse_spans(row.source_lines))
        if row.in_annex_i:
            return "both" if body else "annex_only"
        return "body_only"

    return instruments.apply(one, axis=1).rename("source")


def counts_by_jurisdiction_source(instruments: pd.DataFrame) -> pd.DataFrame:
    """Number of instruments per jurisdiction × source (body/both/annex), with a ``total`` column."""
    table = pd.crosstab(instruments["jurisdiction"], source_of(instruments))
    table = _ordered(table, columns=list(SOURCES))
    table["total"] = table.sum(axis=1)
    table.columns.name = "source"
    return table


def _is_filled(value) -> bool:
    """A cell is filled when it is not missing and, for a list, not empty."""
    if isinstance(value, list):
        return len(value) > 0
    return not pd.isna(value)


def field_completeness(instruments: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Per column: how many instruments have it filled, out of how many, and the share (sorted ascending). By
    default every column but the locators (``source_lines``, ``description_lines``…): they say where a value comes
    from, and are filled exactly when their value is."""
    columns = columns or [c for c in instruments.columns if c not in FIELDS or FIELDS[c].format != "lines"]
    filled = {c: int(instruments[c].map(_is_filled).sum()) for c in columns}
    table = pd.DataFrame({"filled": filled, "total": len(instruments)})
    table["share"] = table["filled"] / table["total"]
    table.index.name = "column"
    return table.sort_values(["share", "filled"], kind="stable")


def type_counts(instruments: pd.DataFrame, column: str = "primary_type") -> pd.DataFrame:
    """Instruments per jurisdiction × type (rows: jurisdictions, columns: types, in vocabulary order).

    With ``column="types"`` every type an instrument lists is counted (an instrument counts once per type).
    """
    data = instruments[["jurisdiction", column]].explode(column) if column == "types" else instruments
    table = pd.crosstab(data["jurisdiction"], data[column])
    return _ordered(table, columns=list(INSTRUMENT_TYPES))


def type_shares(instruments: pd.DataFrame, column: str = "primary_type") -> pd.DataFrame:
    """Share of each primary type within each jurisdiction (rows sum to 1)."""
    counts = type_counts(instruments, column)
    return counts.div(counts.sum(axis=1), axis=0)


def provision_family(primary_type: str) -> str:
    """What an instrument provides, by its primary type: ``advice``, ``paid_service`` (a voucher pays a provider),
    ``equipment``, ``project_funding`` or ``policy`` (``vocabulary.PROVISION_FAMILIES``)."""
    for family, types in PROVISION_FAMILIES.items():
        if primary_type in types:
            return family
    raise KeyError(f"primary type {primary_type!r} has no provision family (vocabulary.PROVISION_FAMILIES)")


def advice_vs_funding(
    instruments: pd.DataFrame, jurisdiction: str = BRUSSELS, digital_specific: bool | None = None
) -> pd.DataFrame:
    """Test of the report's claim (L276) that Brussels aides fund little equipment and mostly give advice.

    Counts and shares of a jurisdiction's instruments by provision family of their ``primary_type``, with the
    instrument ids in each family; ``digital_specific`` True/False restricts to the aides dedicated (or not)
    to digitalisation.
    """
    subset = instruments[instruments["jurisdiction"] == jurisdiction]
    if digital_specific is not None:
        subset = subset[subset["digital_specific"] == digital_specific]
    family = subset["primary_type"].map(provision_family)
    families = list(PROVISION_FAMILIES)
    table = pd.DataFrame(
        {
            "count": family.value_counts().reindex(families, fill_value=0),
            "instruments": subset.groupby(family)["name"].agg(list).reindex(families),
        }
    )
    table["instruments"] = table["instruments"].map(lambda v: v if isinstance(v, list) else [])
    table["share"] = table["count"] / len(subset) if len(subset) else float("nan")
    table.index.name = "family"
    return table


def advice_vs_funding_by_digital(instruments: pd.DataFrame, jurisdiction: str = BRUSSELS) -> pd.DataFrame:
    """Counts by provision family for the aides dedicated to digitalisation and for the others (L288, L390)."""
    return pd.DataFrame(
        {
            "digital": advice_vs_funding(instruments, jurisdiction, digital_specific=True)["count"],
            "not_digital": advice_vs_funding(instruments, jurisdiction, digital_specific=False)["count"],
        }
    )


def target_group_counts(instruments: pd.DataFrame) -> pd.Series:
    """How many instruments name each target group (an instrument counts once per group it names)."""
    counts = instruments["target_groups"].explode().dropna().value_counts()
    return counts.reindex([g for g in TARGET_GROUPS if g in counts.index]).rename("count")


def access_by_jurisdiction(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments per jurisdiction (rows, vocabulary order) × non-market access code (columns)."""
    table = pd.crosstab(instruments["jurisdiction"], instruments["nonmarket_access"])
    return table.reindex(index=list(JURISDICTIONS), columns=list(NONMARKET_ACCESS), fill_value=0)


def budgets(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments with a known whole envelope (``budget_total_eur``), largest first."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "budget_total_eur"]
    table = instruments.loc[instruments["budget_total_eur"].notna(), columns]
    return table.sort_values("budget_total_eur", ascending=False, kind="stable").reset_index(drop=True)


def cofunding_rates(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments with a known co-funding rate (share of eligible costs paid), highest first."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "cofunding_rate", "max_award_eur"]
    table = instruments.loc[instruments["cofunding_rate"].notna(), columns]
    return table.sort_values(["cofunding_rate", "instrument_id"], ascending=[False, True]).reset_index(drop=True)


def access_matrix(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments per ``covers_brussels`` (rows True, False) × ``nonmarket_access`` (columns, vocabulary order)."""
    table = pd.crosstab(instruments["covers_brussels"], instruments["nonmarket_access"])
    return table.reindex(index=[True, False], columns=list(NONMARKET_ACCESS), fill_value=0)


def stage_coverage(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments serving each stage, per jurisdiction (rows: jurisdictions, columns: stages)."""
    exploded = instruments[["jurisdiction", "stages"]].explode("stages").dropna(subset=["stages"])
    table = pd.crosstab(exploded["jurisdiction"], exploded["stages"])
    return _ordered(table, columns=list(STAGES))


def timeline(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments with a known start year: ``start_year``, ``end_year`` (missing when open-ended) and
    ``open_ended``; sorted by jurisdiction order then start year."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "start_year", "end_year"]
    table = instruments.loc[instruments["start_year"].notna(), columns].copy()
    table["open_ended"] = table["end_year"].isna()
    table["order"] = table["jurisdiction"].map({j: i for i, j in enumerate(JURISDICTIONS)})
    table = table.sort_values(["order", "start_year", "instrument_id"]).drop(columns="order")
    return table.reset_index(drop=True)
