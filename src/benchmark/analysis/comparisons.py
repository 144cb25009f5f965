"""Pure analysis functions the notebooks call: each takes clean tables and returns a DataFrame (or Series).

Missing values stay missing: an instrument whose maximum award the report does not give has NaN, never 0.
Jurisdictions, types, stages and access codes come out in the order of ``benchmark.registry.codes``.

Every function takes the notebook's ``selection`` (``benchmark.analysis.selection.Selection``; ``None`` is the
published choice): it keeps the selection's rows (jurisdictions, stages, types) of the frame it is given — the caller
chooses the level, passing ``selection.units(instruments)`` or every row — and shows only the chosen jurisdictions,
stages and types. A chosen jurisdiction with no row is not drawn as a row of zeros: it is named in the table's
``attrs["no_data"]``, which ``benchmark.present.formatting.reader_table`` turns into a sentence. A table about
Brussels when Brussels is not chosen is empty, with ``attrs["requires"]`` naming it.
"""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.selection import Selection, resolve
from benchmark.analysis.units import COUNTING_LEVELS, counting_units  # noqa: F401 (notebooks call them here)
from benchmark.core.spans import parse_spans
from benchmark.ingest.raw import ANNEX_TABLE_LINES as ANNEX_LINES
from benchmark.registry.codes import (
    JURISDICTIONS,
    NONMARKET_ACCESS,
    PROVISION_FAMILIES,
    TARGET_GROUPS,
)
from benchmark.registry.fields import FIELDS

BRUSSELS = "BE-BRU"
SOURCES = ("body_only", "both", "annex_only")


def _by_jurisdiction(table: pd.DataFrame, present, columns: list, selection: Selection) -> pd.DataFrame:
    """Rows: the chosen jurisdictions among ``present`` (those with rows), in the vocabulary's order; columns in the
    given order, absent combinations as 0; the chosen jurisdictions without rows named in ``attrs["no_data"]``."""
    present = set(present)
    table = table.reindex(index=[j for j in selection.jurisdictions if j in present], columns=columns, fill_value=0)
    table.index.name = "jurisdiction"
    table.attrs["no_data"] = selection.without_data(present)
    return table


def requires(table: pd.DataFrame, jurisdiction: str, selection: Selection) -> pd.DataFrame:
    """A table about one jurisdiction: empty, with ``attrs["requires"]``, when that jurisdiction is not chosen."""
    if selection.includes(jurisdiction):
        return table
    empty = table.iloc[0:0].copy()
    empty.attrs["requires"] = [jurisdiction]
    return empty


def source_of(instruments: pd.DataFrame) -> pd.Series:
    """Where the report describes each instrument: ``annex_only``, ``body_only`` (prose) or ``both``."""

    def one(row) -> str:
        body = any(b < ANNEX_LINES[0] or a > ANNEX_LINES[1] for a, b in parse_spans(row.source_lines))
        if row.in_annex_i:
            return "both" if body else "annex_only"
        return "body_only"

    return instruments.apply(one, axis=1).rename("source")


def counts_by_jurisdiction_source(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.DataFrame:
    """Number of instruments per jurisdiction × source (body/both/annex), with a ``total`` column."""
    selection = resolve(selection)
    rows = selection.rows(instruments)
    table = pd.crosstab(rows["jurisdiction"], source_of(rows)) if len(rows) else pd.DataFrame()
    table = _by_jurisdiction(table, rows["jurisdiction"], list(SOURCES), selection)
    table["total"] = table.sum(axis=1)
    table.columns.name = "source"
    return table


def _is_filled(value) -> bool:
    """A cell is filled when it is not missing and, for a list, not empty."""
    if isinstance(value, list):
        return len(value) > 0
    return not pd.isna(value)


def field_completeness(
    instruments: pd.DataFrame, columns: list[str] | None = None, selection: Selection | None = None
) -> pd.DataFrame:
    """Per column: how many instruments have it filled, out of how many, and the share (sorted ascending). By
    default every column but the locators (``source_lines``, ``description_lines``…): they say where a value comes
    from, and are filled exactly when their value is."""
    rows = resolve(selection).rows(instruments)
    columns = columns or [c for c in rows.columns if c not in FIELDS or FIELDS[c].format != "lines"]
    filled = {c: int(rows[c].map(_is_filled).sum()) for c in columns}
    table = pd.DataFrame({"filled": filled, "total": len(rows)})
    table["share"] = table["filled"] / table["total"] if len(rows) else float("nan")
    table.index.name = "column"
    return table.sort_values(["share", "filled"], kind="stable")


def type_counts(
    instruments: pd.DataFrame, column: str = "primary_type", selection: Selection | None = None
) -> pd.DataFrame:
    """Instruments per jurisdiction × type (rows: the chosen jurisdictions, columns: the chosen types, in vocabulary
    order).

    With ``column="types"`` every type an instrument lists is counted (an instrument counts once per type).
    """
    selection = resolve(selection)
    rows = selection.rows(instruments)
    data = rows[["jurisdiction", column]].explode(column) if column == "types" else rows
    data = data[data[column].isin(selection.types)]
    table = pd.crosstab(data["jurisdiction"], data[column]) if len(data) else pd.DataFrame()
    return _by_jurisdiction(table, data["jurisdiction"], list(selection.types), selection)


def type_shares(
    instruments: pd.DataFrame, column: str = "primary_type", selection: Selection | None = None
) -> pd.DataFrame:
    """Share of each primary type within each jurisdiction (rows sum to 1 over the chosen types)."""
    counts = type_counts(instruments, column, selection)
    shares = counts.div(counts.sum(axis=1), axis=0)
    shares.attrs = dict(counts.attrs)
    return shares


def provision_family(primary_type: str) -> str:
    """What an instrument provides, by its primary type: ``advice``, ``paid_service`` (a voucher pays a provider),
    ``equipment``, ``project_funding`` or ``policy`` (``vocabulary.PROVISION_FAMILIES``)."""
    for family, types in PROVISION_FAMILIES.items():
        if primary_type in types:
            return family
    raise KeyError(f"primary type {primary_type!r} has no provision family (vocabulary.PROVISION_FAMILIES)")


def advice_vs_funding(
    instruments: pd.DataFrame,
    jurisdiction: str = BRUSSELS,
    digital_specific: bool | None = None,
    selection: Selection | None = None,
) -> pd.DataFrame:
    """Test of the report's claim (L276) that Brussels aides fund little equipment and mostly give advice.

    Counts and shares of a jurisdiction's instruments by provision family of their ``primary_type``, with the
    instrument ids in each family; ``digital_specific`` True/False restricts to the aides dedicated (or not)
    to digitalisation. Empty (``attrs["requires"]``) when the jurisdiction is not chosen.
    """
    selection = resolve(selection)
    subset = selection.rows(instruments)
    subset = subset[subset["jurisdiction"] == jurisdiction]
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
    return requires(table, jurisdiction, selection)


def advice_vs_funding_by_digital(
    instruments: pd.DataFrame, jurisdiction: str = BRUSSELS, selection: Selection | None = None
) -> pd.DataFrame:
    """Counts by provision family for the aides dedicated to digitalisation and for the others (L288, L390)."""
    selection = resolve(selection)
    table = pd.DataFrame(
        {
            "digital": advice_vs_funding(instruments, jurisdiction, True, selection)["count"],
            "not_digital": advice_vs_funding(instruments, jurisdiction, False, selection)["count"],
        }
    )
    return requires(table, jurisdiction, selection)


def target_group_counts(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.Series:
    """How many instruments name each target group (an instrument counts once per group it names)."""
    counts = resolve(selection).rows(instruments)["target_groups"].explode().dropna().value_counts()
    return counts.reindex([g for g in TARGET_GROUPS if g in counts.index]).rename("count")


def access_by_jurisdiction(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.DataFrame:
    """Instruments per chosen jurisdiction (rows, vocabulary order) × non-market access code (columns)."""
    selection = resolve(selection)
    rows = selection.rows(instruments)
    table = pd.crosstab(rows["jurisdiction"], rows["nonmarket_access"]) if len(rows) else pd.DataFrame()
    table = _by_jurisdiction(table, rows["jurisdiction"], list(NONMARKET_ACCESS), selection)
    table.columns.name = "nonmarket_access"
    return table


def budgets(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.DataFrame:
    """Instruments with a known whole envelope (``budget_total_eur``), largest first."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "budget_total_eur"]
    rows = resolve(selection).rows(instruments)
    table = rows.loc[rows["budget_total_eur"].notna(), columns]
    return table.sort_values("budget_total_eur", ascending=False, kind="stable").reset_index(drop=True)


def cofunding_rates(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.DataFrame:
    """Instruments with a known co-funding rate (share of eligible costs paid), highest first."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "cofunding_rate", "max_award_eur"]
    rows = resolve(selection).rows(instruments)
    table = rows.loc[rows["cofunding_rate"].notna(), columns]
    return table.sort_values(["cofunding_rate", "instrument_id"], ascending=[False, True]).reset_index(drop=True)


def access_matrix(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.DataFrame:
    """Instruments per ``covers_brussels`` (rows True, False) × ``nonmarket_access`` (columns, vocabulary order)."""
    rows = resolve(selection).rows(instruments)
    table = pd.crosstab(rows["covers_brussels"], rows["nonmarket_access"]) if len(rows) else pd.DataFrame()
    table = table.reindex(index=[True, False], columns=list(NONMARKET_ACCESS), fill_value=0)
    table.index.name, table.columns.name = "covers_brussels", "nonmarket_access"
    return table


def stage_coverage(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.DataFrame:
    """Instruments serving each chosen stage, per chosen jurisdiction (rows: jurisdictions, columns: stages); a
    jurisdiction none of whose instruments serves a chosen stage is named in ``attrs["no_data"]``."""
    selection = resolve(selection)
    rows = selection.rows(instruments)
    exploded = rows[["jurisdiction", "stages"]].explode("stages").dropna(subset=["stages"])
    exploded = exploded[exploded["stages"].isin(selection.stages)]
    table = pd.crosstab(exploded["jurisdiction"], exploded["stages"]) if len(exploded) else pd.DataFrame()
    table = _by_jurisdiction(table, exploded["jurisdiction"], list(selection.stages), selection)
    table.columns.name = "stages"
    return table


def timeline(instruments: pd.DataFrame, selection: Selection | None = None) -> pd.DataFrame:
    """Instruments with a known start year: ``start_year``, ``end_year`` (missing when open-ended) and
    ``open_ended``; sorted by jurisdiction order then start year."""
    columns = ["instrument_id", "name", "jurisdiction", "primary_type", "start_year", "end_year"]
    rows = resolve(selection).rows(instruments)
    table = rows.loc[rows["start_year"].notna(), columns].copy()
    table["open_ended"] = table["end_year"].isna()
    table["order"] = table["jurisdiction"].map({j: i for i, j in enumerate(JURISDICTIONS)})
    table = table.sort_values(["order", "start_year", "instrument_id"]).drop(columns="order")
    return table.reset_index(drop=True)
