"""What the synthesis and reports 06 and 07 say of step 5 in prose, each a
:class:`benchmark.present.findings.Finding` (Markdown for the reader, guarded by nbval). The wording is in
``texts.fr.toml``; every number comes from ``benchmark.analysis.step5`` and is formatted by
``benchmark.present.formatting``; a cost is rounded to two significant figures, never shown to the euro."""

from __future__ import annotations

import math
import re
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

from benchmark.analysis import eligibility
from benchmark.analysis.money import amount_figure, cad_sensitivity, report_cad_rates
from benchmark.analysis.step5 import equivalents, gaps, journey, options
from benchmark.core.french import MISSING
from benchmark.present import access
from benchmark.present.findings import Finding
from benchmark.present.formatting import fmt_eur, fmt_lines, fmt_list, french_typography, label, reader_text, render

TEMPLATES = Path(__file__).with_name("texts.fr.toml")
_LINE_REF = re.compile(r"\bL\d+(?:[-–]L\d+)?")
DELIVERY = {"quick_win": "un gain rapide", "structural": "une réforme de structure"}
DIRECTION = {"higher": "plus est mieux", "lower": "moins est mieux"}
EVIDENCE_WORDS = {
    "interview": "entretien avec le programme",
    "documented": "programme décrit dans le rapport",
    "uptake": "usage constaté",
}
FORM_WORDS = equivalents.FORM_LABELS


@cache
def templates() -> dict:
    with TEMPLATES.open("rb") as handle:
        return tomllib.load(handle)


def make(key: str, variant: str | None = None, **values) -> Finding:
    entry = templates()[key]
    text = french_typography(render((entry[variant] if variant else entry)["text"], **values).strip())
    return Finding(key if variant is None else f"{key}.{variant}", text, values, tuple(_LINE_REF.findall(text)))


def join(findings: list[Finding], key: str, sep: str = "\n\n") -> Finding:
    return Finding(
        key, sep.join(f.text for f in findings), {}, tuple(dict.fromkeys(line for f in findings for line in f.lines))
    )


def quoted(text: str) -> str:
    """A report quote for Markdown: the extraction's escapes removed, a dollar sign escaped (never maths)."""
    return reader_text(text).replace("$", "\\$")


def full_text(title: str, text: str) -> str:
    """The inspiration as the report writes it: its bold title, then its text."""
    text = (text or "").strip()
    return f"**{title}**{'' if text[:1] in '.,;:' else ' '}{text}"


def approx(value: float) -> str:
    """An order of magnitude in euros, two significant figures: « 950 000 € », « 1,9 M€ »."""
    if not value:
        return fmt_eur(0)
    digits = 1 - int(math.floor(math.log10(abs(value))))
    rounded = round(value, digits)
    return fmt_eur(rounded, compact=rounded >= 1e6)


def _titles(tables: dict[str, pd.DataFrame]) -> pd.Series:
    return tables["step5_options"].set_index("option_id")["title"]


def _multiplied_by(tables: dict[str, pd.DataFrame], option_id: str, assumption_id: str) -> str:
    """What a ceiling is multiplied by in the option's cost items: the other entry's label (« jours de formation »)."""
    items = tables["step5_cost_items"]
    labels = tables["step5_assumptions"].set_index("assumption_id")["label"]
    mine = items[items["option_id"] == option_id]
    others = [
        q if u == assumption_id else u
        for q, u in zip(mine["quantity_id"], mine["unit_cost_id"])
        if assumption_id in (q, u)
    ]
    return fmt_list([labels[o].lower() for o in others if isinstance(o, str) and o in labels.index]) or "une quantité"


def _actor_names(tables: dict[str, pd.DataFrame], ids) -> str:
    names = tables["step5_actors"].set_index("actor_id")["name"]
    return fmt_list([names[i] for i in ids])


# --- synthesis ------------------------------------------------------------------------------------------------


def options_answer(tables: dict[str, pd.DataFrame]) -> Finding:
    """The answer first: the options in their rank, ties and how fragile the order is."""
    ranked = options.ranking(tables)
    titles = _titles(tables)
    criteria = tables["step5_criteria"]
    order = [f"{int(r['rank'])}. {titles[o]} ({r['score']:.0f}/100)" for o, r in ranked.iterrows()]
    top = ranked[ranked["rank"] == 1]
    tie = make("options_answer", "tie", tied=[titles[o] for o in top.index]).text + " " if len(top) > 1 else ""
    _, robust = options.sensitivity(tables)
    first, top2 = robust["first"].idxmax(), robust["top2"].idxmax()
    fragile = make(
        "options_answer",
        "fragile_same" if first == top2 else "fragile",
        n_grid=options.grid_size(tables),
        first=titles[first],
        first_share=robust.at[first, "first"],
        top2=titles[top2],
        top2_share=robust.at[top2, "top2"],
    ).text
    counted = options.counted_criteria(tables)
    equal = [c.label.lower() for c in criteria.itertuples() if c.criterion_id not in counted]
    at_most = [titles[o] for o in ranked.index if len(options.ceilings_of(tables, o))]
    assumptions = tables["step5_assumptions"]
    used = {a for o in ranked.index for a in options.assumptions_of(tables, o)["assumption_id"]}
    hypotheses = assumptions[assumptions["assumption_id"].isin(used) & (assumptions["figure_status"] == "hypothesis")]
    return make(
        "options_answer",
        ceiling_sentence=" " + make("options_answer", "ceilings", n=len(at_most)).text if at_most else "",
        n_used=len(used),
        n_hypotheses=len(hypotheses),
        n_inspirations=len(tables["step5_inspirations"]),
        n_options=len(ranked),
        n_criteria=len(counted),
        criteria=fmt_list(
            [f"{c.label.lower()} {_weight(c.weight)}" for c in criteria.itertuples() if c.criterion_id in counted]
        ),
        equal_sentence=make(
            "options_answer",
            "equal",
            lead="Le critère" if len(equal) == 1 else "Les critères",
            names=[f"« {e} »" for e in equal],
            verb="n'entre" if len(equal) == 1 else "n'entrent",
        ).text
        + " "
        if equal
        else "",
        order=" ; ".join(order),
        tie_sentence=tie,
        fragile_sentence=fragile,
    )


def lesson_text(row) -> str:
    """A peer's lesson as read on a card: its kind first (« Limite : … »), a usage as written (« Demande : … »)."""
    text = reader_text(row.text)
    return (
        text
        if row.lesson_kind == "uptake"
        else f"{label(row.lesson_kind, 'lesson_kind')} : {text[0].lower()}{text[1:]}"
    )


def options_watch(tables: dict[str, pd.DataFrame]) -> Finding:
    """Per option, in rank order: the first difficulty a peer met with its components (the researchers order the
    lessons), how many more report 07 lists, and the result indicator that would follow it."""
    ranked = options.ranking(tables)
    titles = _titles(tables)
    indicators = tables["step5_indicators"]
    items = []
    for option_id, row in ranked.iterrows():
        risks = options.risks(tables, option_id)
        result = indicators[(indicators["option_id"] == option_id) & (indicators["indicator_kind"] == "result")]
        items.append(
            make(
                "options_watch",
                "item",
                rank=int(row["rank"]),
                title=titles[option_id],
                risk=(
                    make(
                        "options_watch",
                        "risk" if len(risks) > 1 else "risk_alone",
                        text=reader_text(risks["text"].iloc[0]).rstrip("."),
                        lines=risks["source_lines"].iloc[0],
                        more=len(risks) - 1,
                    ).text
                    if len(risks)
                    else templates()["options_watch"]["no_risk"]["text"]
                ),
                indicator=fmt_list(list(result["indicator"])) if len(result) else MISSING,
            )
        )
    return join([make("options_watch"), *items], "options_watch", sep="\n")


def _weight(weight: float) -> str:
    return f"×{weight:g}".replace(".", ",")


# --- report 06: needs, gaps, equivalents, inspirations ------------------------------------------------------------


def needs(tables: dict[str, pd.DataFrame]) -> Finding:
    items = [
        make("need", number=i + 1, text=quoted(r.text), lines=r.source_lines)
        for i, r in enumerate(tables["needs"].itertuples())
    ]
    return join([*items, make("needs_source", lines=gaps.NEED_SOURCE_LINES)], "needs")


def gap_summary(tables: dict[str, pd.DataFrame]) -> Finding:
    cells = gaps.cells(tables)
    counted = gaps.class_counts(cells)
    nobody = cells[cells["gap_class"] == "nobody"]
    nobody_detail = (
        " ("  # « ; » between cells: each cell is written with a comma of its own
        + " ; ".join(
            f"besoin {r.need_id[-1]} : {label(r.stage).lower()}, {FORM_WORDS[r.form]}" for r in nobody.itertuples()
        )
        + ")"
        if len(nobody)
        else ""
    )
    partial = cells[cells["gap_class"] == "brussels_partial"]
    partial_sentence = (
        make(
            "gap_summary",
            "partial",
            items=" ; ".join(
                f"besoin {r.need_id[-1]}, {label(r.stage).lower()} : {r.missing}" for r in partial.itertuples()
            ),
        ).text
        if len(partial)
        else ""
    )
    return make(
        "gap_summary",
        n_needs=len(tables["needs"]),
        n_cells=len(cells),
        full=counted["brussels_full"],
        partial=counted["brussels_partial"],
        missing=counted["peer_only"] + counted["nobody"],
        peer_only=counted["peer_only"],
        nobody=counted["nobody"],
        nobody_detail=nobody_detail,
        partial_sentence=partial_sentence,
    )


def equivalence_summary(tables: dict[str, pd.DataFrame]) -> Finding:
    verdicts = equivalents.by_inspiration(tables)
    counted = equivalents.counts(verdicts)
    return make(
        "equivalence_summary",
        total=len(verdicts),
        n_practice=counted["practice"],
        n_help=len(verdicts) - counted["practice"],
        n_equivalent=counted["equivalent"],
        n_partial=counted["partial"],
        n_none=counted["none"],
    )


def _verdict_items(entries: list[dict]) -> str:
    return " ; ".join(f"{e['name']} — {fmt_list(e['reasons'])} ({fmt_lines(e['lines'])})" for e in entries)


def option_cards(tables: dict[str, pd.DataFrame]) -> Finding:
    """Every inspiration's card, under the heading of its option, options in their order."""
    titles = _titles(tables)
    cards = cards_by_option(tables)
    return join(
        [Finding(f"head-{o}", f"### {titles[o]}\n\n{c.text}", {}, c.lines) for o, c in cards.items()], "option-cards"
    )


def cards_by_option(tables: dict[str, pd.DataFrame]) -> dict[str, Finding]:
    """One card per inspiration, grouped by option (in the options' order): the report's words, the peer components
    with the form the inspiration draws on, the Brussels verdict with its reasons, and the peers' lessons."""
    verdicts = equivalents.by_inspiration(tables).set_index("rec_id")
    recs = tables["recommendations"].set_index("rec_id")
    instruments = tables["instruments"].set_index("instrument_id")
    components = tables["step5_components"]
    lessons = tables["step5_lessons"]
    inspirations = tables["step5_inspirations"]
    found = {}
    for option_id in tables["step5_options"]["option_id"]:
        cards = []
        for rec_id in inspirations.loc[inspirations["option_id"] == option_id, "rec_id"]:
            rec, verdict = recs.loc[rec_id], verdicts.loc[rec_id]
            parts = [
                make(
                    "card_head",
                    title=rec["title"],
                    full_text=quoted(rec["text"]).strip(),
                    lines=rec["source_lines"],
                    sources=list(rec["sources"]),
                )
            ]
            mine = components[components["rec_id"] == rec_id]
            parts += [
                make(
                    "card_component",
                    name=instruments.at[c.instrument_id, "name"],
                    jurisdiction=label(instruments.at[c.instrument_id, "jurisdiction"]),
                    form=FORM_WORDS[c.form],
                    quote=quoted(c.quote),
                    lines=c.source_lines,
                )
                for c in mine.itertuples()
            ]
            if verdict["verdict"] == "practice":
                parts.append(
                    make(
                        "card_verdict",
                        "practice",
                        today=verdict["brussels_today"],
                        lines=verdict["brussels_today_lines"],
                    )
                )
            elif verdict["verdict"] == "none":
                parts.append(make("card_verdict", "none", items=_verdict_items(verdict["closest"])))
            else:
                parts.append(make("card_verdict", verdict["verdict"], items=_verdict_items(verdict["made_by"])))
            taught = lessons[lessons["instrument_id"].isin(mine["instrument_id"])]
            if len(taught):
                parts.append(
                    make(
                        "card_lessons",
                        items=" ; ".join(
                            f"{lesson_text(r)} ({fmt_lines(r.source_lines)})" for r in taught.itertuples()
                        ),
                    )
                )
            cards.append(join(parts, f"card-{rec_id}", "\n\n"))
        found[option_id] = join(cards, f"cards-{option_id}", "\n\n")
    return found


# --- report 07: options in detail ---------------------------------------------------------------------------------


def option_detail(tables: dict[str, pd.DataFrame], option_id: str) -> Finding:
    """One option: what it is, its cost by analogy with its ceilings said, its evidence, the needs and gaps it
    answers, and the risks the peers met."""
    option = tables["step5_options"].set_index("option_id").loc[option_id]
    ranked = options.ranking(tables)
    rank = int(ranked.at[option_id, "rank"])
    tied = int((ranked["rank"] == rank).sum()) > 1
    cost = options.option_costs(tables).loc[option_id]
    ceilings = options.ceilings_of(tables, option_id)
    parts = [
        make(
            "option_head",
            rank_text=f"{rank}.{' (ex aequo)' if tied else ''}",
            title=option["title"],
            summary=option["summary"],
            first_step=option["first_step"],
            carriers=_actor_names(tables, option["carrier_ids"]),
            delivery=DELIVERY[option["delivery"]],
        ),
        make(
            "option_cost",
            central=approx(cost["central"]),
            low=approx(cost["low"]),
            high=approx(cost["high"]),
            central_total=approx(cost["central_total"]),
            low_total=approx(cost["low_total"]),
            high_total=approx(cost["high_total"]),
            years=int(cost["horizon_years"]),
            ceiling_sentence=make(
                "option_cost",
                "ceiling",
                ceilings=[
                    f"{c.label.lower()} ({fmt_eur(c.central)}) × {_multiplied_by(tables, option_id, c.assumption_id)}"
                    for c in ceilings.itertuples()
                ],
            ).text
            if len(ceilings)
            else "",
        ),
    ]
    evidence = options.evidence(tables).loc[option_id]
    kinds = [EVIDENCE_WORDS[k] for k in ("interview", "documented", "uptake") if evidence[k]]
    if evidence["interviewed_names"]:
        kinds[0] = f"{kinds[0]} ({fmt_list(evidence['interviewed_names'])})"
    parts.append(make("option_evidence", kinds=fmt_list(kinds) if kinds else "aucune"))
    answered = options.needs_answered(tables).loc[option_id]
    gap_items = [
        f"besoin {g['need_id'][-1]}, {label(g['stage']).lower()}, {FORM_WORDS[g['form']]}"
        for g in answered["gaps_filled"]
    ]
    parts.append(
        make(
            "option_needs",
            needs=fmt_list([f"besoin {n[-1]}" for n in answered["need_ids"]])
            if answered["need_ids"]
            else "aucun des quatre",
            gaps_sentence=make("option_needs", "gaps", gaps=gap_items).text
            if gap_items
            else make("option_needs", "no_gaps").text,
        )
    )
    risks = options.risks(tables, option_id)
    thresholds = options.thresholds(tables, option_id)
    items = [f"{reader_text(r.text)} ({fmt_lines(r.source_lines)})" for r in risks.itertuples()]
    items += [
        f"Seuil d'accès chez un pair ({r.name}) : {r.condition} ({fmt_lines(r.source_lines)})"
        for r in thresholds.itertuples()
    ]
    parts.append(make("option_risks", items=" ; ".join(items)) if items else make("option_risks", "none"))
    return join(parts, f"option-{option_id}")


def ranking_method(tables: dict[str, pd.DataFrame]) -> Finding:
    criteria = tables["step5_criteria"]
    values = options.criterion_values(tables)
    equal = [c.label.lower() for c in criteria.itertuples() if values[c.criterion_id].nunique() == 1]
    return make(
        "ranking_method",
        directions=fmt_list([f"{c.label.lower()} : {DIRECTION[c.direction]}" for c in criteria.itertuples()]),
        weights=fmt_list([f"{c.label.lower()} {_weight(c.weight)}" for c in criteria.itertuples()]),
        equal_sentence=make("ranking_method", "equal", equal=equal).text if equal else "",
    )


def robustness(tables: dict[str, pd.DataFrame]) -> Finding:
    _, robust = options.sensitivity(tables)
    titles = _titles(tables)
    n_grid = options.grid_size(tables)
    items = fmt_list(
        [
            f"{titles[o]} est première dans {render('{s:pct}', s=r.first)} des cas et parmi les deux premières dans "
            f"{render('{s:pct}', s=r.top2)}"
            for o, r in robust.sort_values("first", ascending=False).iterrows()
        ]
    )
    stable = [titles[o] for o, r in robust.iterrows() if r.top2 == 1]
    stable_sentence = (
        make(
            "robustness",
            "stable",
            stable=stable,
            verb="reste parmi les deux premières" if len(stable) == 1 else "restent parmi les deux premières",
        ).text
        if stable
        else make("robustness", "unstable").text
    )
    return make("robustness", n_grid=n_grid, items=items, stable_sentence=stable_sentence)


def journey_summary(
    tables: dict[str, pd.DataFrame], jurisdictions: tuple[str, ...] = journey.JOURNEY_JURISDICTIONS
) -> Finding:
    """What an ASBL can obtain in each jurisdiction asked, with the largest ceiling for one organisation and its
    conditions; a jurisdiction with nothing gets a sentence saying so."""
    items = []
    profile = eligibility.peer_profile(tables, tuple(jurisdictions))
    for j in jurisdictions:
        if j not in profile.index or not profile.at[j, "obtainable"]:  # no instrument, or none an ASBL can obtain
            items.append(make("journey_empty", label=label(j)).text)
            continue
        row = profile.loc[j]
        ceiling = (
            make(
                "journey_item",
                "ceiling",
                value=fmt_eur(row["ceiling"].value),
                klass=label(row["ceiling_class"], "ceiling_class").lower(),
                name=row["ceiling_name"],
                conditions=access.conditions_text(row["ceiling_conditions"]),
            ).text
            if row["ceiling"] is not None
            else make("journey_item", "no_ceiling").text
        )
        items.append(make("journey_item", label=label(j), n=int(row["obtainable"]), ceiling=ceiling).text)
    summary = make("journey_summary", items=" ; ".join(items))
    if tuple(jurisdictions) == journey.JOURNEY_JURISDICTIONS:
        return summary
    # another choice than the published one (notebook 07's parameters cell): the heading says so, as the findings do
    scope = french_typography(f"**Constats (sélection : {fmt_list([label(j) for j in jurisdictions])}).**")
    return Finding(summary.key, summary.text.replace("**Constats.**", scope, 1), summary.values, summary.lines)


def envelopes_peers(tables: dict[str, pd.DataFrame], option_ids=None) -> Finding:
    """The peers' whole envelopes the costs compare with: programme and yearly totals of the step 5 peers, each
    with its status (stated, converted) and lines."""
    amounts = tables["amounts"]
    components = set(tables["step5_components"]["instrument_id"])
    parents = tables["instruments"].set_index("instrument_id")["parent_id"].dropna()
    peers = components | {parents[i] for i in components if i in parents.index}
    chosen = amounts[
        amounts["kind"].isin(("programme_total", "pillar_total", "annual_total"))
        & (amounts["instrument_id"].isin(peers) | (amounts["instrument_id"] == "bru-venture-philanthropy"))
        & (amounts["origin"] != "annex_i")
    ]
    names = tables["instruments"].set_index("instrument_id")["name"]
    items = []
    for r in chosen.to_dict("records"):
        figure = amount_figure(r)
        items.append(
            f"{names[r['instrument_id']]}, {label(r['kind']).lower()} : {fmt_eur(figure.value)} ({figure.note})"
        )
    return make("envelopes_peers", items=" ; ".join(items))


def sensitivity(tables: dict[str, pd.DataFrame]) -> Finding:
    """Whether the comparisons of ``step5_comparisons`` hold at the report's lowest and highest CAD rates."""
    amounts = tables["amounts"]
    rates = report_cad_rates(amounts)
    pairs = list(zip(tables["step5_comparisons"]["cad_amount_id"], tables["step5_comparisons"]["eur_amount_id"]))
    table = cad_sensitivity(amounts, pairs)
    same = int(table["same_conclusion"].sum())
    return make(
        "sensitivity",
        low=rates["rate"].iloc[0],
        low_lines=rates["source_lines"].iloc[0],
        high=rates["rate"].iloc[-1],
        high_lines=rates["source_lines"].iloc[-1],
        same=same,
        total=len(table),
        verb="donne" if same < 2 else "donnent",
    )
