"""Pure analysis functions the notebooks call: each takes clean tables and returns a DataFrame (or Series).

Missing values stay missing: an instrument whose maximum award the report does not give has NaN, never 0.
Jurisdictions, types, stages and access codes come out in the order of ``benchmark.registry.codes``.
"""

from __future__ import annotations

import pandas as pd

from benchmark.core.spans import parse_spans
from benchmark.ingest.raw import ANNEX_TABLE_LINES as ANNEX_LINES
from benchmark.registry.codes import (
    INSTRUMENT_TYPES,
    JURISDICTIONS,
    NO_DIRECT_SUPPORT_TYPES,
    NONMARKET_ACCESS,
    PROVISION_FAMILIES,
    RESTRICTED_ACCESS,
    STAGES,
    TARGET_GROUPS,
    USABLE_ACCESS,
)
from benchmark.registry.fields import FIELDS

BRUSSELS = "BE-BRU"
SOURCES = ("body_only", "both", "annex_only")


def _ordered(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Rows in the jurisdictions' order and columns in the vocabulary's, absent combinations as 0."""
    return frame.reindex(index=list(JURISDICTIONS), columns=columns, fill_value=0)


COUNTING_LEVELS = ("applicable", "programme", "all")


def counting_units(instruments: pd.DataFrame, level: str = "applicable") -> pd.DataFrame:
    """The rows a comparison counts, so that a programme and its parts are never counted twice
    (docs/codebook.md, « Counting level »).

    - ``applicable`` (default): what an organisation applies to. A component counts and its programme does not;
      the policy actions of a strategy (children that give no direct support) are counted once, through their
      programme.
    - ``programme``: programmes only (rows with no parent), each counted once with its parts.
    - ``all``: every row of the inventory (data-quality views).
    """
    if level not in COUNTING_LEVELS:
        raise ValueError(f"counting level {level!r}: expected one of {', '.join(COUNTING_LEVELS)}")
    if level == "all" or "parent_id" not in instruments:
        return instruments
    has_parent = instruments["parent_id"].notna()
    if level == "programme":
        return instruments[~has_parent]
    folded = has_parent & instruments["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES)
    parents_with_counted_parts = set(instruments.loc[has_parent & ~folded, "parent_id"])
    return instruments[~folded & ~instruments["instrument_id"].isin(parents_with_counted_parts)]


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


def max_awards(instruments: pd.DataFrame, known_only: bool = True) -> pd.DataFrame:
    """Instruments with their maximum award per beneficiary, largest first; ``known_only`` drops missing ones."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "nonmarket_access", "max_award_eur"]
    table = instruments[columns]
    if known_only:
        table = table[table["max_award_eur"].notna()]
    return table.sort_values("max_award_eur", ascending=False, kind="stable").reset_index(drop=True)


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


def usable_in_brussels(instruments: pd.DataFrame, include_restricted: bool = False) -> pd.DataFrame:
    """Instruments a Brussels ASBL can use: ``covers_brussels``, access dedicated/open (or also
    conditional/sectoral with ``include_restricted``), and a direct support (a strategy or a resolution gives
    none: ``vocabulary.NO_DIRECT_SUPPORT_TYPES``)."""
    allowed = USABLE_ACCESS + (RESTRICTED_ACCESS if include_restricted else ())
    mask = (
        instruments["covers_brussels"]
        & instruments["nonmarket_access"].isin(allowed)
        & ~instruments["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES)
    )
    columns = [
        "instrument_id",
        "name",
        "jurisdiction",
        "primary_type",
        "stages",
        "nonmarket_access",
        "digital_specific",
        "max_award_eur",
    ]
    return instruments.loc[mask, columns].reset_index(drop=True)


def stage_coverage(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments serving each stage, per jurisdiction (rows: jurisdictions, columns: stages)."""
    exploded = instruments[["jurisdiction", "stages"]].explode("stages").dropna(subset=["stages"])
    table = pd.crosstab(exploded["jurisdiction"], exploded["stages"])
    return _ordered(table, columns=list(STAGES))


def brussels_stage_gaps(instruments: pd.DataFrame) -> pd.DataFrame:
    """Per stage, what a Brussels ASBL can use: Brussels aides dedicated to digitalisation (``brussels_digital``),
    other Brussels aides (``brussels_general``: general grants that may fund part of a digital project, L392), and
    usable instruments of any jurisdiction (``usable_anywhere``); ``gap`` where no Brussels aide dedicated to
    digitalisation serves the stage."""
    usable = usable_in_brussels(instruments)
    bru = usable[usable["jurisdiction"] == BRUSSELS]
    digital = bru["digital_specific"].fillna(False).astype(bool)
    table = (
        pd.DataFrame(
            {
                "brussels_digital": bru[digital].explode("stages")["stages"].value_counts(),
                "brussels_general": bru[~digital].explode("stages")["stages"].value_counts(),
                "usable_anywhere": usable.explode("stages")["stages"].value_counts(),
            }
        )
        .reindex(list(STAGES))
        .fillna(0)
        .astype(int)
    )
    table["gap"] = table["brussels_digital"] == 0
    table.index.name = "stage"
    return table


def timeline(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments with a known start year: ``start_year``, ``end_year`` (missing when open-ended) and
    ``open_ended``; sorted by jurisdiction order then start year."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "start_year", "end_year"]
    table = instruments.loc[instruments["start_year"].notna(), columns].copy()
    table["open_ended"] = table["end_year"].isna()
    table["order"] = table["jurisdiction"].map({j: i for i, j in enumerate(JURISDICTIONS)})
    table = table.sort_values(["order", "start_year", "instrument_id"]).drop(columns="order")
    return table.reset_index(drop=True)


def peer_profile(instruments: pd.DataFrame) -> pd.DataFrame:
    """Where each jurisdiction stands, one row each (vocabulary order): instruments, of which dedicated to
    non-market organisations and dedicated to digitalisation, stages covered, the largest known ceiling per
    beneficiary and the range of known co-funding rates. Missing stays missing (a ceiling nobody states is NaN)."""
    grouped = instruments.groupby("jurisdiction")
    stages = instruments[["jurisdiction", "stages"]].explode("stages").dropna(subset=["stages"])
    table = pd.DataFrame(
        {
            "instruments": grouped.size(),
            "dedicated": grouped["nonmarket_access"].agg(lambda s: int((s == "dedicated").sum())),
            "digital": grouped["digital_specific"].agg(lambda s: int(s.fillna(False).astype(bool).sum())),
            "stages_covered": stages.groupby("jurisdiction")["stages"].nunique(),
            "max_award_eur": grouped["max_award_eur"].max(),
            "cofunding_min": grouped["cofunding_rate"].min(),
            "cofunding_max": grouped["cofunding_rate"].max(),
        }
    ).reindex([j for j in JURISDICTIONS if j in set(instruments["jurisdiction"])])
    for column in ("dedicated", "digital", "stages_covered"):
        table[column] = table[column].fillna(0).astype(int)
    table.index.name = "jurisdiction"
    return table


def brussels_offer_by_stage(instruments: pd.DataFrame) -> pd.DataFrame:
    """Per stage, the names of what a Brussels ASBL can use today: Brussels aides dedicated to digitalisation,
    other Brussels aides (general grants), and usable instruments of other jurisdictions."""
    usable = usable_in_brussels(instruments).explode("stages").dropna(subset=["stages"])
    digital = usable["digital_specific"].fillna(False).astype(bool)
    bru = usable["jurisdiction"] == BRUSSELS

    def names(mask) -> pd.Series:
        return usable[mask].groupby("stages")["name"].agg(list)

    table = pd.DataFrame(
        {"brussels_digital": names(bru & digital), "brussels_general": names(bru & ~digital), "elsewhere": names(~bru)}
    ).reindex(list(STAGES))
    table = table.apply(lambda column: column.map(lambda v: v if isinstance(v, list) else []))
    table.index.name = "stage"
    return table
