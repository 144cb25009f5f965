"""Findings as data: the « Constats » of the notebooks and reports, computed from the clean tables.

Each function takes the clean tables and the notebook's ``selection`` (``benchmark.analysis.selection.Selection``)
and returns a :class:`Finding`: the French sentence (wording from ``findings.fr.toml``, numbers from the data,
formatted by ``benchmark.present.formatting``), the values it rests on, and the report lines it cites. A notebook cell
that ends with a finding shows it as Markdown, so nbval guards the prose as it guards the tables, and a data edit
rewrites the sentence at the next ``benchmark build``.

A finding follows the selection: it counts the chosen rows only, its « Constats » heading names the selection when
it is not the published one (and its headline quantities are then not marked: they are not the published ones), a
finding about a jurisdiction that is not chosen is not shown (empty text), and a selection without data gets a
sentence saying so. What an ASBL can obtain is always the eligibility model's one answer
(``benchmark.analysis.eligibility.obtainable``), narrowed to the selection's stages and types.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from benchmark.analysis import comparisons, eligibility
from benchmark.analysis.selection import Selection
from benchmark.present import access
from benchmark.present.formatting import fmt_int, fmt_list, fmt_pct, french_typography, label, plural, quantity, render
from benchmark.registry.codes import (
    AUDIENCES,
    JURISDICTIONS,
    MONEY_FIELDS,
    STAGES,
    SYNTHESIS_PEERS,
    TIME_STATUSES,
)

TEMPLATES = Path(__file__).with_name("findings.fr.toml")
BRUSSELS = comparisons.BRUSSELS
_LINE_REF = re.compile(r"\bL\d+(?:[-–]L\d+)?")
_DOLLAR = re.compile(r"(?<!\\)\$")


@dataclass(frozen=True)
class Finding:
    """One statement for readers: its text (Markdown), the values it rests on, the report lines it cites."""

    key: str
    text: str
    values: Mapping[str, object] = field(default_factory=dict)
    lines: tuple[str, ...] = ()

    def _repr_markdown_(self) -> str:
        # JupyterLab reads « 100 000 $ à 50 M$ » as mathematics; an escaped dollar is a dollar there and on the pages
        return _DOLLAR.sub(r"\\$", self.text)

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


# --------------------------------------------------------------------------------------------------------
# The selection of a notebook's parameters cell

HEADING = "**Constats.**"
# The counting levels of ``comparisons.counting_units`` as a reader names them (docs/codebook.md, « Niveau de
# comptage »).
LEVEL_LABELS = {"applicable": "ce à quoi l'on s'adresse", "programme": "programmes", "all": "toutes les lignes"}
_QUANTITY = re.compile(r'<data value="[^"]*" data-q="[^"]*">(.*?)</data>', re.S)


def selection_text(selection: Selection, level: str | None = "applicable") -> str:
    """What a selection keeps, in French, for a heading: « Flandre et Wallonie ; étape diagnostic »; empty for the
    published choice (``level``: the counting level the finding is published at; ``None``: it reads every row)."""
    parts = []
    if not selection.all_jurisdictions:
        parts.append(fmt_list([label(j) for j in selection.jurisdictions]))
    if not selection.all_stages:
        word = "étape" if len(selection.stages) == 1 else "étapes"
        parts.append(f"{word} {fmt_list([_lower_first(label(s)) for s in selection.stages])}")
    if not selection.all_types:
        word = "type principal" if len(selection.types) == 1 else "types principaux"
        parts.append(f"{word} {fmt_list([_lower_first(label(t)) for t in selection.types])}")
    if level is not None and selection.level != level:
        parts.append(f"niveau de comptage « {LEVEL_LABELS[selection.level]} »")
    return " ; ".join(parts)


def not_shown(key: str) -> Finding:
    """A finding about what the selection leaves out: nothing to show (no text, no output in the notebook)."""
    return Finding(key, "", {"shown": False})


def no_data(key: str, what: str) -> Finding:
    """The sentence a selection without rows gets instead of a finding."""
    return Finding(key, make("no_data", what=what).text, {"shown": False})


def follows_selection(default_level: str | None = "applicable") -> Callable:
    """Decorate a finding ``f(tables, selection)``: a missing selection is the published one (at ``default_level``;
    ``None``: the finding reads every row of the selection, whatever its counting level). The « Constats » heading
    of a selection that is not the published one names it, and its quantities lose their headline marks."""

    def decorate(function: Callable[..., Finding]) -> Callable[..., Finding]:
        @functools.wraps(function)
        def finding(tables: dict[str, pd.DataFrame], selection: Selection | None = None, **options) -> Finding:
            selection = selection if selection is not None else Selection(level=default_level or "applicable")
            result = function(tables, selection, **options)
            scope = selection_text(selection, default_level)
            if not scope:
                return result
            text = _QUANTITY.sub(r"\1", result.text)
            if text.startswith(HEADING):
                text = text.replace(HEADING, french_typography(f"**Constats (sélection : {scope}).**"), 1)
            return Finding(result.key, text, result.values, result.lines)

        return finding

    return decorate


def _parenthesised(names: list[str]) -> str:
    """« (a, b et c) » after a count, nothing when there is no name."""
    return f" ({fmt_list(names)})" if names else ""


# --------------------------------------------------------------------------------------------------------
# 01 Inventory and data quality


@follows_selection()
def inventory_overview(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    instruments = selection.rows(tables["instruments"])
    units = selection.units(tables["instruments"])
    if units.empty:
        return no_data("inventory_overview", "aucun instrument")
    counts = _ordered_jurisdictions(units["jurisdiction"].value_counts())
    total = len(units)
    overview = make("inventory_overview", rows=len(instruments), total=total, n_jurisdictions=len(counts))
    if len(counts) > 1:
        top, rest = counts.index[0], counts.iloc[1:4]
        overview += make(
            "inventory_top",
            top_label=label(top),
            top_count=int(counts.iloc[0]),
            top_share=counts.iloc[0] / total,
            next=[_counted(label(j), n) for j, n in rest.items()],
        )
    if not selection.includes(BRUSSELS):
        return overview + _annex_only(instruments)
    overview += make("inventory_brussels", brussels_label=label(BRUSSELS), brussels_count=int(counts.get(BRUSSELS, 0)))
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
    return overview + brussels + _annex_only(instruments)


def _annex_only(instruments: pd.DataFrame) -> Finding:
    """The jurisdictions known only through Annex I (among those of ``instruments``)."""
    by_jurisdiction = pd.crosstab(instruments["jurisdiction"], comparisons.source_of(instruments))
    annex_only = [
        j
        for j in JURISDICTIONS
        if j in by_jurisdiction.index and by_jurisdiction.loc[j].sum() == by_jurisdiction.loc[j].get("annex_only", 0)
    ]
    if not annex_only:
        return make("annex_only_jurisdictions", "none")
    n = len(annex_only)
    detail = [
        _counted(
            label(j), f"{int(by_jurisdiction.loc[j].sum())} ligne{'s' if by_jurisdiction.loc[j].sum() > 1 else ''}"
        )
        for j in annex_only
    ]
    return make(
        "annex_only_jurisdictions",
        "some",
        verb=_verb(n, "est", "sont"),
        agreement="e" if n == 1 else "es",
        detail=detail,
    )


@follows_selection(None)
def field_completeness(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    instruments = selection.rows(tables["instruments"])
    if instruments.empty:
        return no_data("field_completeness", "aucune ligne de l'inventaire")
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


def conservation_and_issues(tables: dict[str, pd.DataFrame], selection: Selection | None = None) -> Finding:
    """Per source, not per jurisdiction: the rows kept or set aside and the report's own errors (``selection`` is
    accepted and has no effect: the balance is made per source file)."""
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


@follows_selection()
def type_profiles(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    counts = comparisons.type_counts(selection.units(tables["instruments"]), selection=selection)
    if counts.empty:
        return no_data("type_profiles", "aucun instrument")
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
    profiles = make("type_profiles", profiles=items)
    if BRUSSELS not in counts.index:
        return profiles
    bru = counts.loc[BRUSSELS]
    breakdown = [
        _counted(_lower_first(label(t)), n) for t, n in bru[bru > 0].sort_values(ascending=False, kind="stable").items()
    ]
    return profiles + make("brussels_types", brussels_label=label(BRUSSELS), breakdown=breakdown)


@follows_selection(None)
def brussels_l276(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    """The report's claim (L276) tested on what each Brussels aide dedicated to digitalisation provides. The claim is
    about every Brussels aide: not shown when Brussels, a stage or a type is left out of the selection."""
    if not (selection.includes(BRUSSELS) and selection.whole_focus):
        return not_shown("brussels_l276")
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


@follows_selection()
def max_awards(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    """Ceilings compared only within their class (one organisation per project; per year, groups, providers,
    professionals and loans apart), each obtainable one with its conditions; the selection's aids only."""
    every = eligibility.comparable_ceilings(tables, classes=eligibility.CEILING_CLASSES, selection=selection)
    if every.empty:
        return no_data("max_awards", "aucun plafond par bénéficiaire connu")
    ranked = every[every["ceiling_class"] == "organisation_project"]
    mine = ranked[eligibility.can_obtain(ranked)]
    values: dict[str, Any] = {"n": len(ranked), "obtainable": len(mine), "closed": len(ranked) - len(mine)}
    if ranked.empty:
        ranked_sentence = template("max_awards", "ranked_none")
    elif mine.empty:
        ranked_sentence = render(template("max_awards", "obtainable_none"), **values)
    else:
        low, high = mine.iloc[-1], mine.iloc[0]
        values |= {
            "low": low["ceiling_eur"],
            "low_name": low["name"],
            "low_jurisdiction": label(low["jurisdiction"]),
            "high": high["ceiling_eur"],
            "high_name": high["name"],
            "high_jurisdiction": label(high["jurisdiction"]),
        }
        ranked_sentence = render(template("max_awards", "ranked" if len(mine) > 1 else "ranked_one"), **values)
    apart = every[every["ceiling_class"] != "organisation_project"]
    others = [
        f"{_lower_first(label(c, 'ceiling_class'))} ({plural(n, 'aide', 'aides')})"
        for c, n in apart["ceiling_class"].value_counts().reindex(eligibility.CEILING_CLASSES).dropna().items()
    ]
    brussels_sentence = ""
    if selection.includes(BRUSSELS):
        bru = eligibility.obtainable(tables, BRUSSELS, selection=selection)
        bru = bru[bru["ceiling"].notna()]
        items = [
            f"{r['name']} : {access.ceiling_text(r['ceiling'], r['ceiling_class'])} "
            f"({access.conditions_text(r['conditions'])})"
            for r in bru.to_dict("records")
        ]
        brussels_sentence = (
            render(template("max_awards", "brussels_some"), brussels_n=len(bru), brussels_items=items)
            if len(bru)
            else template("max_awards", "brussels_none")
        )
    return make(
        "max_awards",
        **values,
        ranked_sentence=ranked_sentence,
        others_sentence=render(template("max_awards", "others"), others=others) if others else "",
        brussels_sentence=brussels_sentence,
    )


@follows_selection(None)
def envelopes(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    table = comparisons.budgets(tables["instruments"], selection)
    if table.empty:
        return no_data("envelopes", "aucune enveloppe totale connue")
    low, high = table.iloc[-1], table.iloc[0]
    amounts = tables["amounts"]
    from_annex = amounts[(amounts["origin"] == "annex_i") & amounts["instrument_id"].isin(table["instrument_id"])]
    names = table.set_index("instrument_id")["name"]
    annex_ids = list(dict.fromkeys(from_annex["instrument_id"]))
    issues = tables["source_issues"]
    flagged = issues[(issues["kind"] == "magnitude") & issues["instrument_id"].isin(table["instrument_id"])]
    implausible_sentence = (
        render(
            template("envelopes", "implausible"),
            implausible=[names[i] for i in dict.fromkeys(flagged["instrument_id"])],
            implausible_verb=_verb(flagged["instrument_id"].nunique(), "a", "ont"),
            implausible_lines="; ".join(flagged["source_lines"]),
        )
        if len(flagged)
        else ""
    )
    annex_sentence = (
        render(
            template("envelopes", "annex_some"),
            annex=len(annex_ids),
            annex_names=[names[i] for i in annex_ids],
            implausible_sentence=implausible_sentence,
        )
        if annex_ids
        else template("envelopes", "annex_none")
    )
    if len(table) == 1:
        return make(
            "envelopes", "one", value=high["budget_total_eur"], name=high["name"], annex_sentence=annex_sentence
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


@follows_selection(None)
def cofunding(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    table = comparisons.cofunding_rates(tables["instruments"], selection)
    if table.empty:
        return no_data("cofunding", "aucun taux de cofinancement connu")
    high, low = table.iloc[0], table.iloc[-1]
    brussels_sentence = ""
    if selection.includes(BRUSSELS):
        bru = table[table["jurisdiction"] == BRUSSELS]
        brussels_sentence = (
            render(
                template("cofunding", "brussels_some"),
                brussels_rates=len(bru),
                brussels_items=[f"{r.name} ({fmt_pct(r.cofunding_rate)})" for r in bru.itertuples()],
            )
            if len(bru)
            else render(template("cofunding", "brussels_none"), brussels_rates=0)
        )
    if len(table) == 1:
        return make(
            "cofunding",
            "one",
            rate=high["cofunding_rate"],
            name=high["name"],
            jurisdiction=label(high["jurisdiction"]),
            brussels_sentence=brussels_sentence,
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


@follows_selection()
def target_groups(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    counts = comparisons.target_group_counts(selection.units(tables["instruments"]))
    counts = counts.sort_values(ascending=False, kind="stable")
    if counts.empty:
        return no_data("target_groups", "aucun public cible")
    return make("target_groups", top=[f"{_lower_first(label(g))} ({n} instruments)" for g, n in counts.head(3).items()])


@follows_selection()
def brussels_access(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    """What a Brussels ASBL can obtain for its own digitalisation: the eligibility model's one answer, over every aid
    that covers Brussels (federal, European and private ones too), narrowed to the selection's stages and types;
    then, for the chosen jurisdictions, who the aids an ASBL can obtain at home are for. The Brussels part is shown
    only when Brussels is chosen."""
    frame = selection.focus(eligibility.with_eligibility(tables, selection.level))
    mine = frame[frame["jurisdiction"].isin(selection.jurisdictions) & eligibility.can_obtain(frame)]
    breakdown = [
        f"{int(n)} « {_lower_first(label(a))} »"
        for a, n in mine["audience"].value_counts().reindex(AUDIENCES).dropna().items()
    ]
    if not selection.includes(BRUSSELS):
        if mine.empty:
            return no_data("brussels_access", "aucune aide qu'une ASBL des juridictions choisies puisse obtenir")
        return make("audiences", "alone", obtainable=len(mine), breakdown=breakdown)
    covers = frame[frame["covers_brussels"]]
    usable = eligibility.obtainable(tables, BRUSSELS, selection=selection)
    outright = usable[usable["brussels_asbl"] == "yes"]
    conditional = usable[usable["brussels_asbl"] == "conditional"]
    general = usable[usable["digital_aim"] != "dedicated"]  # it may fund digitalisation among other aims
    rest = covers[~covers["instrument_id"].isin(usable["instrument_id"])]
    by_answer = [
        f"{n} « {label(a, 'brussels_asbl').lower()} » ({fmt_list(_names(rest[rest['brussels_asbl'] == a]))})"
        for a, n in rest["brussels_asbl"].value_counts().items()
    ]
    result = make(
        "brussels_access",
        total=len(frame),
        covers=len(covers),
        usable=len(usable),
        outright=len(outright),
        outright_names=_parenthesised(_names(outright)),
        conditional=len(conditional),
        conditional_items=_parenthesised(
            [f"{r['name']} : {access.conditions_text(r['conditions'])}" for r in conditional.to_dict("records")]
        ),
        rest_sentence=render(template("brussels_access", "rest"), rest=by_answer) if by_answer else "",
        general_sentence=render(
            template("brussels_access", "general"),
            n=len(general),
            names=_names(general),
            verb="finance" if len(general) == 1 else "financent",
        )
        if len(general)
        else "",
    )
    if mine.empty:
        return result
    return result + make("audiences", obtainable=len(mine), breakdown=breakdown)


@follows_selection()
def outside_access(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    frame = selection.rows(eligibility.with_eligibility(tables, selection.level))
    outside = frame[~frame["covers_brussels"]]
    if outside.empty:  # only aids that cover Brussels in the selection: nothing « hors de Bruxelles » to say
        return not_shown("outside_access")
    unknown = outside[outside["asbl_access"] == "not_stated"]
    top = _ordered_jurisdictions(unknown["jurisdiction"].value_counts()).head(2)
    return make(
        "outside_access",
        "unknown" if len(unknown) else "known",
        outside=len(outside),
        obtainable=int(eligibility.can_obtain(outside).sum()),
        conditional=int((eligibility.can_obtain(outside) & (outside["asbl_access"] == "conditional")).sum()),
        no=int((outside["asbl_access"] == "no").sum()),
        not_stated=len(unknown),
        unknown_top=[_counted(label(j), n) for j, n in top.items()],
    )


# --------------------------------------------------------------------------------------------------------
# 05 Stages of the digital journey


@follows_selection()
def stage_coverage(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    instruments = selection.units(tables["instruments"])
    coverage = comparisons.stage_coverage(instruments, selection)
    if coverage.empty:
        return no_data("stage_coverage", "aucun instrument qui serve ces étapes")
    complete = [label(j) for j, row in coverage.iterrows() if (row > 0).all()]
    variant = "complete" if selection.all_stages else "chosen"
    stages = [_lower_first(label(s)) for s in selection.stages]
    complete_sentence = (
        render(
            template("stage_coverage", f"{variant}_some"),
            complete=complete,
            complete_verb=_verb(len(complete), "couvre", "couvrent"),
            stages=stages,
        )
        if complete
        else render(template("stage_coverage", f"{variant}_none"), stages=stages)
    )
    result = make("stage_coverage", complete_sentence=complete_sentence)
    if BRUSSELS not in coverage.index:
        return result
    bru = coverage.loc[BRUSSELS]
    result += make("stage_coverage_brussels", brussels=[_counted(_lower_first(label(s)), n) for s, n in bru.items()])
    if len(selection.stages) > 1:
        chosen = set(selection.stages)
        bru_rows = instruments[instruments["jurisdiction"] == BRUSSELS]
        served = bru_rows.assign(n=bru_rows["stages"].map(lambda s: len(chosen.intersection(s))))
        strongest = served.sort_values("n", ascending=False, kind="stable").iloc[0]
        result += make("stage_coverage_strongest", strongest_label=f"{strongest['name']} ({strongest['n']} étapes)")
    return result


@follows_selection()
def brussels_gaps(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    """What a Brussels ASBL can obtain per chosen stage (the eligibility model): not shown when Brussels is not
    chosen."""
    if not selection.includes(BRUSSELS):
        return not_shown("brussels_gaps")
    gaps = eligibility.stage_gaps(tables, BRUSSELS, selection)
    # the total per stage is the finder's count for the same question: one quantity, marked on both pages
    by_stage = [
        f"{_lower_first(label(s))} : "
        + quantity(
            plural(r.outright + r.conditional, "aide", "aides"), r.outright + r.conditional, f"brussels-obtainable-{s}"
        )
        + f" ({fmt_int(r.outright)} sans condition, {fmt_int(r.conditional)} sous conditions)"
        for s, r in gaps.iterrows()
    ]
    missing = [s for s in selection.stages if gaps.at[s, "gap"]]
    gap_sentence = (
        render(template("brussels_gaps", "gap_some"), gaps=[_lower_first(label(s)) for s in missing])
        if missing
        else template("brussels_gaps", "gap_none" if selection.all_stages else "gap_none_chosen")
    )
    only = [s for s in selection.stages if gaps.at[s, "outright"] == 0 and gaps.at[s, "conditional"] > 0]
    conditional_sentence = (
        render(
            template("brussels_gaps", "conditional_some"),
            only_conditional=[_lower_first(label(s)) for s in only],
            verb=_verb(len(only), "est", "sont"),
            agreement="" if len(only) < 2 else "s",
        )
        if only
        else template("brussels_gaps", "conditional_none")
    )
    return make(
        "brussels_gaps", by_stage=by_stage, gap_sentence=gap_sentence, conditional_sentence=conditional_sentence
    )


@follows_selection(None)
def timeline(tables: dict[str, pd.DataFrame], selection: Selection) -> Finding:
    """Dates of every row of the inventory in the selection (the timeline is a data-quality view: every level), and
    what the report says of each offer's time."""
    instruments = selection.rows(tables["instruments"])
    has_year = instruments["start_year"].notna() | instruments["end_year"].notna()
    if not has_year.any():
        return no_data("timeline", "aucun instrument daté")
    full = instruments[instruments["start_year"].notna() & instruments["end_year"].notna()]
    short = int(((full["end_year"] - full["start_year"] + 1) <= 2).sum())
    open_ended = instruments[instruments["start_year"].notna() & instruments["end_year"].isna()]
    open_sentence = (
        render(template("timeline", "open_some"), open=len(open_ended), open_names=_names(open_ended))
        if len(open_ended)
        else template("timeline", "open_none")
    )
    # about one Brussels call: only where the selection keeps every Brussels row
    brussels_sentence = (
        template("timeline", "brussels") if selection.includes(BRUSSELS) and selection.whole_focus else ""
    )
    eligibility_rows = tables["eligibility"][tables["eligibility"]["instrument_id"].isin(instruments["instrument_id"])]
    statuses = eligibility_rows["time_status"].value_counts().reindex(TIME_STATUSES).dropna()
    return make(
        "timeline",
        dated=int(has_year.sum()),
        full=len(full),
        full_verb=_verb(len(full), "a", "ont"),
        short=short,
        open_sentence=open_sentence,
        brussels_sentence=brussels_sentence,
    ) + make(
        "time_statuses",
        n=len(eligibility_rows),
        breakdown=[f"« {_lower_first(label(st, 'time_status'))} » : {int(n)}" for st, n in statuses.items()],
    )


# --------------------------------------------------------------------------------------------------------
# 00 Synthesis


def brussels_vs_peers(tables: dict[str, pd.DataFrame], peers: tuple[str, ...] = SYNTHESIS_PEERS) -> Finding:
    """Brussels beside its peers, each for an ASBL of its own territory (the eligibility model), ceilings compared
    only per organisation and always with their conditions."""
    profile = eligibility.peer_profile(tables, (BRUSSELS, *peers))
    bru = profile.loc[BRUSSELS]

    def period(klass) -> str:
        return "par an" if klass == "organisation_year" else "par projet"

    if bru["ceiling"] is not None:
        ceiling = render(
            template("brussels_vs_peers", "ceiling" if bru["ceilings"] > 1 else "ceiling_only"),
            ceiling=bru["ceiling"].value,
            ceiling_period=period(bru["ceiling_class"]),
            ceiling_name=bru["ceiling_name"],
            ceiling_conditions=access.conditions_text(bru["ceiling_conditions"]),
        )
    else:
        ceiling = template("brussels_vs_peers", "no_ceiling")
    rates = comparisons.cofunding_rates(tables["instruments"])
    bru_rates = rates[rates["jurisdiction"] == BRUSSELS]
    if len(bru_rates):
        cofunding_sentence = render(
            template("brussels_vs_peers", "cofunding"),
            rates=len(bru_rates),
            items=[f"{r.name} ({fmt_pct(r.cofunding_rate)})" for r in bru_rates.itertuples()],
        )
    else:
        cofunding_sentence = render(
            template("brussels_vs_peers", "no_cofunding"),
            rates=0,
            with_rates=[label(j) for j in dict.fromkeys(rates["jurisdiction"])],
        )
    items = []
    for j in peers:
        row = profile.loc[j]
        ceiling_part = (
            render(
                template("peer_item", "ceiling"),
                ceiling=row["ceiling"].value,
                period=period(row["ceiling_class"]),
                name=row["ceiling_name"],
                # a dated edition or a planned offer says so beside its ceiling (never read as today's)
                status=(
                    f", {label(row['ceiling_status'], 'time_status').lower()}"
                    if row["ceiling_status"] in ("edition", "planned")
                    else ""
                ),
                conditions=access.conditions_text(row["ceiling_conditions"]),
            )
            if row["ceiling"] is not None
            else ""
        )
        items.append(
            render(
                template("peer_item"),
                label=label(j),
                obtainable=int(row["obtainable"]),
                conditional=int(row["conditional"]),
                stages=int(row["stages_covered"]),
                closed=render(template("peer_item", "closed"), closed=int(row["closed"])) if row["closed"] else "",
                ceiling=ceiling_part,
            )
        )
    return make(
        "brussels_vs_peers",
        brussels=int(bru["instruments"]),
        usable=int(bru["obtainable"]),
        conditional=int(bru["conditional"]),
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
