"""Findings as data: the « Constats » of the notebooks and reports, computed from the clean tables.

Each function takes the clean tables and returns a :class:`Finding`: the French sentence (wording from
``findings.fr.toml``, numbers from the data, formatted by ``benchmark.present.formatting``), the values it rests on, and
the report lines it cites. A notebook cell that ends with a finding shows it as Markdown, so nbval guards the prose
as it guards the tables, and a data edit rewrites the sentence at the next ``benchmark build``.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from benchmark.analysis import comparisons
from benchmark.present.formatting import fmt_eur, fmt_int, fmt_pct, french_typography, label, render
from benchmark.registry.codes import JURISDICTIONS, MONEY_FIELDS, STAGES, SYNTHESIS_PEERS

TEMPLATES = Path(__file__).with_name("findings.fr.toml")
BRUSSELS = comparisons.BRUSSELS
_LINE_REF = re.compile(r"\bL\d+(?:[-–]L\d+)?")


@dataclass(frozen=True)
class Finding:
    """One statement for readers: its text (Markdown), the values it rests on, the report lines it cites."""

    key: str
    text: str
    values: Mapping[str, object] = field(default_factory=dict)
    lines: tuple[str, ...] = ()

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __add__(self, other: Finding) -> Finding:
        """Two findings shown as one paragraph (values and lines of both kept)."""
        return Finding(
            f"{self.key}+{other.key}",
            f"{self.text} {other.text}".strip(),
            {**self.values, **other.values},
            tuple(dict.fromkeys(self.lines + other.lines)),
        )


@cache
def templates() -> dict:
    """The wording of every finding (``findings.fr.toml``)."""
    with TEMPLATES.open("rb") as handle:
        return tomllib.load(handle)


def template(key: str, variant: str | None = None) -> str:
    entry = templates()[key]
    return (entry[variant] if variant else entry)["text"]


def make(key: str, variant: str | None = None, **values) -> Finding:
    """Render one finding; the lines it cites are read from its text (« (L276) »)."""
    text = render(template(key, variant), **values).strip()
    text = french_typography(re.sub(r"\s+\.", ".", re.sub(r" {2,}", " ", text)))
    return Finding(key if variant is None else f"{key}.{variant}", text, values, tuple(_LINE_REF.findall(text)))


def _counted(text: str, n) -> str:
    """« Wallonie (19) »; « Canada (fédéral) : 3 » where the label has its own parentheses."""
    count = fmt_int(n) if isinstance(n, (int, float)) else n
    return f"{text} : {count}" if text.endswith(")") else f"{text} ({count})"


def _lower_first(text: str) -> str:
    """« Subvention » → « subvention », « Associations (ASBL) » → « associations (ASBL) » (acronyms kept)."""
    return text[:1].lower() + text[1:]


def _verb(n: int, singular: str, plural: str) -> str:
    return singular if n < 2 else plural


def _names(frame: pd.DataFrame) -> list[str]:
    return [str(n) for n in frame["name"]]


def _ordered_jurisdictions(counts: pd.Series) -> pd.Series:
    """Counts by jurisdiction, largest first, ties in the vocabulary order."""
    order = {j: i for i, j in enumerate(JURISDICTIONS)}
    frame = counts.rename("n").to_frame().assign(order=lambda f: f.index.map(order))
    return frame.sort_values(["n", "order"], ascending=[False, True])["n"]


def _units(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """What comparisons count: one row per thing an organisation applies to (``comparisons.counting_units``)."""
    return comparisons.counting_units(tables["instruments"])


# --------------------------------------------------------------------------------------------------------
# 01 Inventory and data quality


def inventory_overview(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = tables["instruments"]
    units = _units(tables)
    counts = _ordered_jurisdictions(units["jurisdiction"].value_counts())
    total = len(units)
    top, rest = counts.index[0], counts.iloc[1:4]
    overview = make(
        "inventory_overview",
        rows=len(instruments),
        total=total,
        n_jurisdictions=len(counts),
        top_label=label(top),
        top_count=int(counts.iloc[0]),
        top_share=counts.iloc[0] / total,
        next=[_counted(label(j), n) for j, n in rest.items()],
        brussels_label=label(BRUSSELS),
        brussels_count=int(counts.get(BRUSSELS, 0)),
    )
    source = comparisons.source_of(instruments)
    bru = source[instruments["jurisdiction"] == BRUSSELS]
    in_annex = int(bru.isin(["both", "annex_only"]).sum())
    if in_annex == 0:
        brussels = make("brussels_sources", "none")
    else:
        body_only = int((bru == "body_only").sum())
        brussels = make(
            "brussels_sources",
            "some",
            in_annex=in_annex,
            body_only=body_only,
            body_only_verb=_verb(body_only, "vient", "viennent"),
        )
    by_jurisdiction = pd.crosstab(instruments["jurisdiction"], source)
    annex_only = [
        j
        for j in JURISDICTIONS
        if j in by_jurisdiction.index and by_jurisdiction.loc[j].sum() == by_jurisdiction.loc[j].get("annex_only", 0)
    ]
    if annex_only:
        n = len(annex_only)
        detail = [
            _counted(
                label(j), f"{int(by_jurisdiction.loc[j].sum())} ligne{'s' if by_jurisdiction.loc[j].sum() > 1 else ''}"
            )
            for j in annex_only
        ]
        annex = make(
            "annex_only_jurisdictions",
            "some",
            verb=_verb(n, "est", "sont"),
            agreement="e" if n == 1 else "es",
            detail=detail,
        )
    else:
        annex = make("annex_only_jurisdictions", "none")
    return overview + brussels + annex


def field_completeness(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = tables["instruments"]
    table = comparisons.field_completeness(instruments)
    total = len(instruments)

    def filled(column: str) -> int:
        return int(table.at[column, "filled"])

    return make(
        "field_completeness",
        total=total,
        stages_filled=filled("stages"),
        max_award=filled("max_award_eur"),
        max_award_share=filled("max_award_eur") / total,
        budget=filled("budget_total_eur"),
        budget_share=filled("budget_total_eur") / total,
        cofunding=filled("cofunding_rate"),
        cofunding_share=filled("cofunding_rate") / total,
        start_year=filled("start_year"),
        start_year_share=filled("start_year") / total,
    )


def conservation_and_issues(tables: dict[str, pd.DataFrame]) -> Finding:
    conservation, rejects, issues = tables["conservation"], tables["rejects"], tables["source_issues"]
    annex_rejects = rejects[rejects["source"].str.startswith("annex_i")]
    by_kind = issues["kind"].value_counts()
    order = {k: i for i, k in enumerate(by_kind.index)}
    kinds = sorted(by_kind.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    money = int(issues["field"].isin(MONEY_FIELDS).sum())
    money_sentence = (
        render(template("conservation_and_issues", "money_some"), money=money)
        if money
        else template("conservation_and_issues", "money_none")
    )
    return make(
        "conservation_and_issues",
        balanced=int(conservation["balanced"].sum()),
        sources=len(conservation),
        annex_rejected=len(annex_rejects),
        annex_blank=int(annex_rejects["reason"].str.startswith("blank line").sum()),
        issues=len(issues),
        issues_verb=_verb(len(issues), "est", "sont"),
        reader=int((issues["found_by"] == "reader").sum()),
        rule=int((issues["found_by"] == "rule").sum()),
        by_kind=[_counted(_lower_first(label(k)), n) for k, n in kinds],
        money_sentence=money_sentence,
    )


# --------------------------------------------------------------------------------------------------------
# 02 Types of instruments


def type_profiles(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = _units(tables)
    counts = comparisons.type_counts(instruments)
    items = []
    for jurisdiction, row in counts.iterrows():
        total = int(row.sum())
        if total == 0:
            continue
        top = row[row == row.max()]
        items.append(
            render(
                template("type_profile_item"),
                jurisdiction=label(jurisdiction),
                types=[_lower_first(label(t)) for t in top.index],
                count=int(row.max()),
                total=total,
            )
        )
    bru = counts.loc[BRUSSELS]
    breakdown = [
        _counted(_lower_first(label(t)), n) for t, n in bru[bru > 0].sort_values(ascending=False, kind="stable").items()
    ]
    return make("type_profiles", profiles=items) + make(
        "brussels_types", brussels_label=label(BRUSSELS), breakdown=breakdown
    )


def brussels_l276(tables: dict[str, pd.DataFrame]) -> Finding:
    """The report's claim (L276) tested on what each Brussels aide dedicated to digitalisation provides."""
    instruments = tables["instruments"]
    bru = instruments[instruments["jurisdiction"] == BRUSSELS]
    digital = bru[bru["digital_specific"] == True]  # noqa: E712 (nullable boolean: missing is not digital)
    general = bru[bru["digital_specific"] == False]  # noqa: E712
    family = digital["primary_type"].map(comparisons.provision_family)
    advice = digital[family.isin(["advice", "paid_service"])]
    equipment, project = (digital[family == f] for f in ("equipment", "project_funding"))
    if len(equipment):
        equipment_sentence = render(
            template("brussels_l276", "equipment_some"), equipment=len(equipment), equipment_names=_names(equipment)
        )
    else:
        equipment_sentence = template("brussels_l276", "equipment_none")
    variant = "confirmed" if len(advice) * 2 > len(digital) and len(equipment) <= len(advice) else "not_confirmed"
    general_family = general["primary_type"].map(comparisons.provision_family)
    return make(
        "brussels_l276",
        variant,
        advice=len(advice),
        digital=len(digital),
        advice_names=_names(advice),
        equipment_sentence=equipment_sentence,
        project=len(project),
        project_names=_names(project),
        general=len(general),
        general_verb=_verb(len(general), "est", "sont") if (general_family == "project_funding").all() else "comptent",
        general_names=_names(general),
    )


# --------------------------------------------------------------------------------------------------------
# 03 Budgets


def max_awards(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = tables["instruments"]
    known = comparisons.max_awards(instruments)
    low, high = known.iloc[-1], known.iloc[0]
    with_award = set(known["jurisdiction"])
    without = [label(j) for j in JURISDICTIONS if j in set(instruments["jurisdiction"]) and j not in with_award]
    periods = instruments.set_index("instrument_id").get("max_award_period")
    bru = known[known["jurisdiction"] == BRUSSELS].sort_values("max_award_eur", ascending=False)
    items = []
    for r in bru.itertuples():
        period = periods.get(r.instrument_id) if periods is not None else None
        suffix = f" {label(period)}" if isinstance(period, str) and period else ""
        items.append(f"{r.name} ({fmt_eur(r.max_award_eur)}{suffix})")
    brussels_sentence = (
        render(template("max_awards", "brussels_some"), brussels_n=len(bru), brussels_items=items)
        if len(bru)
        else template("max_awards", "brussels_none")
    )
    return make(
        "max_awards",
        n=len(known),
        low=low["max_award_eur"],
        low_name=low["name"],
        low_jurisdiction=label(low["jurisdiction"]),
        high=high["max_award_eur"],
        high_name=high["name"],
        high_jurisdiction=label(high["jurisdiction"]),
        brussels_sentence=brussels_sentence,
        without=without,
    )


def envelopes(tables: dict[str, pd.DataFrame]) -> Finding:
    table = comparisons.budgets(tables["instruments"])
    low, high = table.iloc[-1], table.iloc[0]
    amounts = tables["amounts"]
    from_annex = amounts[(amounts["origin"] == "annex_i") & amounts["instrument_id"].isin(table["instrument_id"])]
    names = table.set_index("instrument_id")["name"]
    annex_ids = list(dict.fromkeys(from_annex["instrument_id"]))
    annex_sentence = (
        render(template("envelopes", "annex_some"), annex=len(annex_ids), annex_names=[names[i] for i in annex_ids])
        if annex_ids
        else template("envelopes", "annex_none")
    )
    return make(
        "envelopes",
        n=len(table),
        low=low["budget_total_eur"],
        low_name=low["name"],
        high=high["budget_total_eur"],
        high_name=high["name"],
        ratio=10 ** math.floor(math.log10(high["budget_total_eur"] / low["budget_total_eur"])),
        annex_sentence=annex_sentence,
    )


def cofunding(tables: dict[str, pd.DataFrame]) -> Finding:
    table = comparisons.cofunding_rates(tables["instruments"])
    high, low = table.iloc[0], table.iloc[-1]
    bru = table[table["jurisdiction"] == BRUSSELS]
    brussels_sentence = (
        render(
            template("cofunding", "brussels_some"),
            brussels_items=[f"{r.name} ({fmt_pct(r.cofunding_rate)})" for r in bru.itertuples()],
        )
        if len(bru)
        else template("cofunding", "brussels_none")
    )
    return make(
        "cofunding",
        n=len(table),
        low=low["cofunding_rate"],
        low_name=low["name"],
        low_jurisdiction=label(low["jurisdiction"]),
        high=high["cofunding_rate"],
        high_name=high["name"],
        high_jurisdiction=label(high["jurisdiction"]),
        brussels_sentence=brussels_sentence,
    )


# --------------------------------------------------------------------------------------------------------
# 04 Target groups and access


def target_groups(tables: dict[str, pd.DataFrame]) -> Finding:
    counts = comparisons.target_group_counts(_units(tables)).sort_values(ascending=False, kind="stable")
    return make("target_groups", top=[f"{_lower_first(label(g))} ({n} instruments)" for g, n in counts.head(3).items()])


def brussels_access(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = _units(tables)
    covers = instruments[instruments["covers_brussels"]]
    usable = comparisons.usable_in_brussels(instruments)
    usable_breakdown = [f"{n} d'accès « {label(a)} »" for a, n in usable["nonmarket_access"].value_counts().items()]
    not_usable = covers[~covers["instrument_id"].isin(usable["instrument_id"])]
    reasons = []
    no_support = not_usable[not_usable["primary_type"].isin(comparisons.NO_DIRECT_SUPPORT_TYPES)]
    if len(no_support):
        reasons.append(f"{len(no_support)} sans aide directe ({', '.join(_names(no_support))})")
    rest = not_usable[~not_usable["primary_type"].isin(comparisons.NO_DIRECT_SUPPORT_TYPES)]
    for access, n in rest["nonmarket_access"].value_counts().items():
        reasons.append(f"{n} d'accès « {label(access)} »")
    excluded_sentence = render(template("brussels_access", "restricted"), restricted=reasons) if reasons else ""
    by_jurisdiction = _ordered_jurisdictions(usable["jurisdiction"].value_counts())
    return make(
        "brussels_access",
        total=len(instruments),
        covers=len(covers),
        usable=len(usable),
        usable_breakdown=usable_breakdown,
        excluded_sentence=excluded_sentence,
        usable_by_jurisdiction=[_counted(label(j), n) for j, n in by_jurisdiction.items()],
    )


def outside_access(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = _units(tables)
    outside = instruments[~instruments["covers_brussels"]]
    unknown = outside[outside["nonmarket_access"] == "unknown"]
    top = _ordered_jurisdictions(unknown["jurisdiction"].value_counts()).head(2)
    return make(
        "outside_access",
        unknown=len(unknown),
        unknown_top=[_counted(label(j), n) for j, n in top.items()],
        excluded=int((outside["nonmarket_access"] == "excluded").sum()),
    )


# --------------------------------------------------------------------------------------------------------
# 05 Stages of the digital journey


def stage_coverage(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = _units(tables)
    coverage = comparisons.stage_coverage(instruments)
    complete = [label(j) for j, row in coverage.iterrows() if (row > 0).all()]
    complete_sentence = (
        render(
            template("stage_coverage", "complete_some"),
            complete=complete,
            complete_verb=_verb(len(complete), "couvre", "couvrent"),
        )
        if complete
        else template("stage_coverage", "complete_none")
    )
    bru = coverage.loc[BRUSSELS]
    stages_per_instrument = instruments.assign(n=instruments["stages"].map(len))
    bru_rows = stages_per_instrument[stages_per_instrument["jurisdiction"] == BRUSSELS]
    strongest = bru_rows.sort_values("n", ascending=False, kind="stable").iloc[0]
    return make(
        "stage_coverage",
        complete_sentence=complete_sentence,
        brussels=[_counted(_lower_first(label(s)), n) for s, n in bru.items()],
        strongest_label=f"{strongest['name']} ({strongest['n']} étapes)",
    )


def brussels_gaps(tables: dict[str, pd.DataFrame]) -> Finding:
    gaps = comparisons.brussels_stage_gaps(_units(tables))
    digital = [_counted(_lower_first(label(s)), n) for s, n in gaps["brussels_digital"].items()]
    missing = [s for s in STAGES if gaps.at[s, "brussels_digital"] == 0]
    gap_sentence = (
        render(template("brussels_gaps", "gap_some"), gaps=[_lower_first(label(s)) for s in missing])
        if missing
        else template("brussels_gaps", "gap_none")
    )
    general = gaps["brussels_general"]
    general_top = label(general.idxmax()) if general.max() > 0 else "aucune"
    return make("brussels_gaps", digital=digital, gap_sentence=gap_sentence, general_top=general_top)


def timeline(tables: dict[str, pd.DataFrame]) -> Finding:
    instruments = tables["instruments"]
    has_year = instruments["start_year"].notna() | instruments["end_year"].notna()
    full = instruments[instruments["start_year"].notna() & instruments["end_year"].notna()]
    short = int(((full["end_year"] - full["start_year"] + 1) <= 2).sum())
    open_ended = instruments[instruments["start_year"].notna() & instruments["end_year"].isna()]
    open_sentence = (
        render(template("timeline", "open_some"), open=len(open_ended), open_names=_names(open_ended))
        if len(open_ended)
        else template("timeline", "open_none")
    )
    return make(
        "timeline",
        dated=int(has_year.sum()),
        full=len(full),
        full_verb=_verb(len(full), "a", "ont"),
        short=short,
        open_sentence=open_sentence,
    )


# --------------------------------------------------------------------------------------------------------
# Synthesis


def brussels_vs_peers(tables: dict[str, pd.DataFrame], peers: tuple[str, ...] = SYNTHESIS_PEERS) -> Finding:
    profile = comparisons.peer_profile(_units(tables))
    bru = profile.loc[BRUSSELS]
    others = profile.drop(index=BRUSSELS)
    if pd.notna(bru["max_award_eur"]):
        top = others["max_award_eur"].idxmax()
        ceiling = render(
            template("brussels_vs_peers", "ceiling"),
            ceiling=bru["max_award_eur"],
            peer_ceiling=others.at[top, "max_award_eur"],
            peer_ceiling_label=label(top),
        )
    else:
        ceiling = template("brussels_vs_peers", "no_ceiling")
    if pd.notna(bru["cofunding_min"]):
        cofunding_sentence = render(
            template("brussels_vs_peers", "cofunding"), low=bru["cofunding_min"], high=bru["cofunding_max"]
        )
    else:
        cofunding_sentence = render(
            template("brussels_vs_peers", "no_cofunding"),
            with_rates=[label(j) for j in others.index[others["cofunding_min"].notna()]],
        )
    items = [
        render(
            template("peer_item"),
            label=label(j),
            instruments=profile.at[j, "instruments"],
            dedicated=profile.at[j, "dedicated"],
            stages=profile.at[j, "stages_covered"],
        )
        for j in peers
        if j in profile.index
    ]
    return make(
        "brussels_vs_peers",
        brussels=int(bru["instruments"]),
        dedicated=int(bru["dedicated"]),
        digital=int(bru["digital"]),
        stages=int(bru["stages_covered"]),
        n_stages=len(STAGES),
        ceiling_sentence=ceiling,
        cofunding_sentence=cofunding_sentence,
        peers=" ; ".join(items),
    )


NOTEBOOK_FINDINGS = {
    "01_inventaire_et_qualite": (inventory_overview, field_completeness, conservation_and_issues),
    "02_types_d_instruments": (type_profiles, brussels_l276),
    "03_budgets": (max_awards, envelopes, cofunding),
    "04_publics_cibles_et_acces": (target_groups, brussels_access, outside_access),
    "05_etapes_du_parcours": (stage_coverage, brussels_gaps, timeline),
    "00_synthese": (brussels_vs_peers,),
}
