"""Every table of ``data/clean/``, once: its columns in order, keys, cross-field rules and description. The order of
``RESOURCES`` is the order of the workbook's sheets."""

from __future__ import annotations

import pandas as pd

from benchmark.registry.classes import ForeignKey, Resource, Rule
from benchmark.registry.codes import AMOUNT_KINDS, RATE_KINDS, SOURCE_ISSUE_KINDS, SOURCE_KINDS

# --- cross-field rules: True for every row that keeps the rule. A cell of the wrong type is the field checks'
# business: a rule lets it pass, so that one bad cell is one problem.


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value)


def _ordered_years(df: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [
            not (_is_number(a) and _is_number(b)) or a <= b
            for a, b in zip(df["start_year"].tolist(), df["end_year"].tolist())
        ],
        index=df.index,
    )


def _paired(a: str, b: str):
    def check(df: pd.DataFrame) -> pd.Series:
        return df[a].isna() == df[b].isna()

    return check


def _primary_in_types(df: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [not isinstance(t, list) or p in t for p, t in zip(df["primary_type"], df["types"])], index=df.index
    )


def _parent_not_self(df: pd.DataFrame) -> pd.Series:
    return df["parent_id"].isna() | (df["parent_id"] != df["instrument_id"])


_ANNEX_TEXT = ["name", "date_raw", "description", "means_raw", "objectives", "target_public"]


def _no_html(df: pd.DataFrame) -> pd.Series:
    tag = r"</?[a-zA-Z][^>]*>"
    return ~df[_ANNEX_TEXT].apply(lambda c: c.astype(object).fillna("").astype(str).str.contains(tag)).any(axis=1)


def _report_first(df: pd.DataFrame) -> pd.Series:
    return pd.Series([i > 0 or k == "report" for i, k in enumerate(df["kind"])], index=df.index)


def _cofunding_from_rate(df: pd.DataFrame) -> pd.Series:
    rows = zip(df["kind"], df["rate"].tolist(), df["cofunding_rate"].tolist())
    return pd.Series(
        [
            not (_is_number(r) and _is_number(c))
            or abs(c - (r if k == "cofunding_rate" else 1 - r)) < 1e-9
            or k not in RATE_KINDS
            for k, r, c in rows
        ],
        index=df.index,
    )


def _rows_add_up(df: pd.DataFrame) -> pd.Series:
    return (df["raw_rows"] == df["clean_rows"] + df["rejected_rows"]) == df["balanced"]


ORDERED_YEARS = Rule("ordered_years", ("start_year", "end_year"), _ordered_years, "start_year ≤ end_year")
_TO_INSTRUMENT = (ForeignKey(("instrument_id",), "instruments", ("instrument_id",)),)
_TO_INSTRUMENT_AND_SOURCE = (*_TO_INSTRUMENT, ForeignKey(("source_id",), "sources", ("source_id",)))


RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (
        Resource(
            name="instruments",
            title="Instruments",
            description="One row per support instrument, all sources merged: the inventory row (`data/raw/"
            "inventories.xlsx`) and its Annex I row become one instrument. Years come from the inventory's "
            "`dates_text`, else from Annex I; the money columns derive from `amounts` and `rates` by the rules of "
            "the codebook; `source_lines` is the union of every locator the row stands on.",
            fields=(
                # the contract's columns
                "instrument_id",
                "name",
                "jurisdiction",
                "country",
                "level",
                "start_year",
                "end_year",
                "primary_type",
                "types",
                "stages",
                "target_groups",
                "nonmarket_access",
                "digital_specific",
                "covers_brussels",
                "funder",
                "funder_type",
                "max_award_eur",
                "budget_total_eur",
                "cofunding_rate",
                "in_annex_i",
                "focus",
                "source_lines",
                # second pass of the contract: programme → component, and the period of the ceiling
                "parent_id",
                "max_award_period",
                # added for the comparisons and the catalogue
                "interviewed",
                "recipients",
                "description",
                "stip_codes",
                "yearly_budget_eur",
                "stip_budget_band",
                "notes",
                # where each quoted value comes from: pages show its source when it is not the report
                "name_lines",
                "recipients_lines",
                "funder_lines",
                "description_lines",
                "dates_lines",
            ),
            primary_key=("instrument_id",),
            foreign_keys=(ForeignKey(("parent_id",), "instruments", ("instrument_id",)),),
            rules=(
                Rule(
                    "award_with_period",
                    ("max_award_eur", "max_award_period"),
                    _paired("max_award_eur", "max_award_period"),
                    "max_award_eur and max_award_period go together",
                ),
                Rule("primary_in_types", ("primary_type", "types"), _primary_in_types, "types contains primary_type"),
                ORDERED_YEARS,
                Rule(
                    "parent_not_self",
                    ("instrument_id", "parent_id"),
                    _parent_not_self,
                    "parent_id is another instrument",
                ),
            ),
            overrides={"notes": {"description": "The coder's notes."}},
            in_contract=True,
        ),
        Resource(
            name="annex_i",
            title="Annexe I",
            description="Annex I (L1031–L1075) as logical rows, in the report's order: page-break continuation rows "
            "merged into the row they continue, HTML remnants turned into plain text.",
            fields=(
                "annex_row",
                "region",
                "name",
                "date_raw",
                "date_corrected",
                "description",
                "domains",
                "means_raw",
                "objectives",
                "target_public",
                "start_year",
                "end_year",
                "budget_eur",
                "budget_kind",
                "instrument_id",
                "source_lines",
            ),
            primary_key=("annex_row",),
            unique=("instrument_id",),
            foreign_keys=_TO_INSTRUMENT,
            rules=(
                Rule("no_html", tuple(_ANNEX_TEXT), _no_html, "text cells hold no HTML"),
                Rule(
                    "budget_pairs",
                    ("budget_eur", "budget_kind"),
                    _paired("budget_eur", "budget_kind"),
                    "budget_eur and budget_kind go together",
                ),
                ORDERED_YEARS,
            ),
            overrides={
                "name": {"description": "The Nom cell, cleaned."},
                "description": {"description": "The Description cell, cleaned of HTML."},
                "start_year": {"description": "Parsed from `date_raw`, after declared corrections."},
                "end_year": {"description": "Parsed from `date_raw`, after declared corrections."},
                "instrument_id": {"description": "The row's instrument (declared in `data/raw/annex_i_rows.csv`)."},
                "source_lines": {"description": "The physical lines of the row, merged."},
            },
            in_contract=True,
        ),
        Resource(
            name="amounts",
            title="Montants",
            description="Every money amount the sources give, one row each. A range gives two rows: its high end with "
            "the row's kind, its low end as `min_per_beneficiary`. Foreign currencies are converted at one declared "
            "rate per currency (`data/raw/currency_rates.csv`).",
            fields=(
                "amount_id",
                "instrument_id",
                "kind",
                "value",
                "currency",
                "value_eur",
                "stated_eur",
                "text",
                "source_lines",
                "source_id",
                "origin",
            ),
            primary_key=("amount_id",),
            foreign_keys=_TO_INSTRUMENT_AND_SOURCE,
            overrides={
                "kind": {"description": "Amount kind (codebook, « Amount kinds »).", "enum": AMOUNT_KINDS},
                "origin": {
                    "description": "`inventory`: the workbook's amounts sheet; `annex_i`: an Annex I budget.",
                    "enum": ("inventory", "annex_i"),
                },
            },
            in_contract=True,
        ),
        Resource(
            name="rates",
            title="Taux",
            description="Co-funding rates and own shares, one row each, from the workbook's amounts sheet.",
            fields=(
                "rate_id",
                "instrument_id",
                "kind",
                "rate",
                "cofunding_rate",
                "applies_to",
                "text",
                "source_lines",
                "source_id",
            ),
            primary_key=("rate_id",),
            foreign_keys=_TO_INSTRUMENT_AND_SOURCE,
            rules=(
                Rule(
                    "cofunding_from_rate",
                    ("kind", "rate", "cofunding_rate"),
                    _cofunding_from_rate,
                    "cofunding_rate is the rate (cofunding_rate) or 1 − the rate (own_share)",
                ),
            ),
            overrides={
                "kind": {"description": "`cofunding_rate` or `own_share`.", "enum": RATE_KINDS},
                "cofunding_rate": {"required": True},
            },
        ),
        Resource(
            name="recommendations",
            title="Recommandations",
            description="The sixteen step 5 inspirations of Part 4 (L998–L1023), word for word.",
            fields=("rec_id", "category", "title", "text", "sources", "instrument_ids", "source_lines"),
            primary_key=("rec_id",),
            foreign_keys=(ForeignKey(("instrument_ids",), "instruments", ("instrument_id",)),),
            in_contract=True,
        ),
        Resource(
            name="needs",
            title="Besoins",
            description="The four needs listed at the top of Part 4 (L985–L988), word for word.",
            fields=("need_id", "text", "source_lines"),
            primary_key=("need_id",),
            in_contract=True,
        ),
        Resource(
            name="source_issues",
            title="Problèmes de la source",
            description="What the source contradicts or gets wrong: found by a rule wherever one can find it, or "
            "declared by a reader in `data/raw/source_problems.csv` with its lines.",
            fields=("issue_id", "kind", "instrument_id", "field", "detail", "source_lines", "found_by", "correction"),
            primary_key=("issue_id",),
            foreign_keys=_TO_INSTRUMENT,
            overrides={
                "kind": {"description": "Issue kind (codebook, « Source issues »).", "enum": SOURCE_ISSUE_KINDS},
                "instrument_id": {
                    "required": False,
                    "description": "The instrument concerned; empty for an issue of the report as a whole.",
                },
            },
            in_contract=True,
        ),
        Resource(
            name="sources",
            title="Sources",
            description="The sources registry, from `data/raw/sources.csv`, the report first, with each text copy's "
            "line count. A locator without a source id (`L123`) cites the report; `web-xyz:L3` cites line 3 of "
            "source `web-xyz`'s copy.",
            fields=(
                "source_id",
                "kind",
                "title",
                "publisher",
                "url",
                "accessed",
                "verification",
                "copy",
                "sha256",
                "line_count",
                "notes",
            ),
            primary_key=("source_id",),
            rules=(Rule("report_first", ("kind",), _report_first, "the first source is the report"),),
            overrides={
                "kind": {"description": "Source kind.", "enum": SOURCE_KINDS},
                "title": {"description": "The source's title."},
            },
            in_contract=True,
        ),
        Resource(
            name="conservation",
            title="Conservation des lignes",
            description="Per raw source: rows in = clean rows + rejected rows (nothing lost silently).",
            fields=("source", "raw_rows", "clean_rows", "rejected_rows", "clean_table", "balanced"),
            primary_key=("source",),
            rules=(
                Rule(
                    "rows_add_up",
                    ("raw_rows", "clean_rows", "rejected_rows", "balanced"),
                    _rows_add_up,
                    "balanced says whether raw_rows = clean_rows + rejected_rows",
                ),
            ),
        ),
        Resource(
            name="rejects",
            title="Lignes écartées",
            description="Each raw line or row that is not data (Annex I header, blank lines, closing row; a declared "
            "correction carried by a rule's issue), with its reason.",
            fields=("source", "location", "reason"),
            primary_key=("source", "location"),
        ),
        Resource(
            name="step5_equivalents",
            title="Équivalents bruxellois",
            description="Brussels equivalents of the peer designs: one row per inspiration of kind `help` × peer "
            "component × Brussels-Capital instrument, with the four criteria and the verdict. Written by "
            "`benchmark.analysis.step5.write_step5`, a step of its own after the clean tables (the cleaning pipeline never "
            "imports the analysis layer); the rule is in `docs/codebook.md`, « Step 5 decisions ».",
            fields=(
                "rec_id",
                "component_id",
                "role",
                "brussels_id",
                "same_stage",
                "same_form",
                "asbl_can_use",
                "digital_aim",
                "verdict",
                "reason",
                "source_lines",
            ),
            primary_key=("rec_id", "component_id", "brussels_id"),
            foreign_keys=(
                ForeignKey(("rec_id",), "recommendations", ("rec_id",)),
                ForeignKey(("component_id",), "instruments", ("instrument_id",)),
                ForeignKey(("brussels_id",), "instruments", ("instrument_id",)),
            ),
            overrides={
                "reason": {"description": "The verdict's reason, in French, for readers."},
                "source_lines": {"description": "The Brussels instrument's lines and those of its terms."},
            },
            in_workbook=False,
            written_by="benchmark.analysis.step5.write_step5 (after clean)",
        ),
    )
}
