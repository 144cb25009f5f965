"""Option appraisal of the sixteen inspirations, the need × stage × form gap matrix for Brussels, the design
parameters of the peer programmes and orders of magnitude with the report's own denominators.

Grade of evidence (best first): ``interviewed`` (the five initiatives of L111–L119, the Spanish strategy L630; a
component counts as interviewed when its programme was) > ``focus`` (a « Focus sur … » section) > ``inventory``
(described in the body of the report) > ``annex_only`` (a line of Annex I, « Nous ne l'avons pas fait évoluer »,
L1033). An Annex I amount never serves as a unit cost.
"""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.comparisons import source_of
from benchmark.analysis.money import DERIVED, Figure, amount_figure, award_figure, money
from benchmark.analysis.step5.equivalents import BRUSSELS, FORM_OF, inspiration_equivalents
from benchmark.core.french import fmt_number, fmt_pct
from benchmark.core.spans import merge_spans
from benchmark.registry.codes import STAGES
from benchmark.registry.labels import label

GRADES = ("interviewed", "focus", "inventory", "annex_only")
GRADE_LABELS = {
    "interviewed": "Entretien (L111–L119)",
    "focus": "Section « Focus »",
    "inventory": "Inventaire",
    "annex_only": "Annexe I seule, jamais mise à jour (L1033)",
}
UNIT_LABELS = {
    "organisation": "par organisation",
    "group_project": "par projet de groupe",
    "project": "par projet",
    "year": "par an",
    "day": "par jour",
    "phase": "par phase",
}


def evidence_grades(instruments: pd.DataFrame) -> pd.Series:
    """Grade of evidence of every instrument (index ``instrument_id``); a component inherits its programme's
    interview."""
    by_id = instruments.set_index("instrument_id")
    source = source_of(instruments).set_axis(instruments["instrument_id"])

    def grade(iid: str) -> str:
        row = by_id.loc[iid]
        parent = row.get("parent_id")
        if row["interviewed"] or (isinstance(parent, str) and bool(by_id.at[parent, "interviewed"])):
            return "interviewed"
        if row["focus"]:
            return "focus"
        return "annex_only" if source[iid] == "annex_only" else "inventory"

    return pd.Series({iid: grade(iid) for iid in by_id.index}, name="grade")


def best_grade(grades: list[str]) -> str | None:
    return min(grades, key=GRADES.index) if grades else None


def unit_cost(
    tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame], instrument_id: str
) -> tuple[Figure | None, str]:
    """The indicative unit cost a component gives (its per-beneficiary ceiling with status) and its unit; no
    figure when the report states none in the body (an Annex I amount is not used)."""
    amounts = tables["amounts"]
    body = amounts[(amounts["instrument_id"] == instrument_id) & (amounts["origin"] != "annex_i")]
    figure = award_figure(body, instrument_id)
    terms = decisions["instrument_terms"].set_index("instrument_id")
    unit = terms.at[instrument_id, "award_unit"] if instrument_id in terms.index else None
    if figure is not None and not unit:
        kind_unit = {"per_year": "year", "per_day": "day"}
        kinds = set(body.loc[body["value_eur"] == figure.value, "kind"]) if figure.status != DERIVED else set()
        unit = next((kind_unit[k] for k in kinds if k in kind_unit), "project")
    return figure, unit or ""


def appraisal(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per inspiration, in the report's order: ``need_ids``, ``components`` (list of dicts: id, name,
    jurisdiction, grade, unit cost value/status/note/unit), the best ``grade``, the Brussels ``actors`` (name, role,
    lines), ``lessons`` (kind, text, quote, lines), and the equivalence verdict and lists."""
    instruments = tables["instruments"]
    by_id = instruments.set_index("instrument_id")
    grades = evidence_grades(instruments)
    actors = decisions["actors"].set_index("actor_id")
    lessons = decisions["lessons"]
    summary = inspiration_equivalents(tables, decisions).set_index("rec_id")
    rows = []
    for insp in decisions["inspirations"].itertuples():
        links = decisions["components"][decisions["components"]["rec_id"] == insp.rec_id]
        components = []
        for link in links.itertuples():
            figure, unit = unit_cost(tables, decisions, link.instrument_id)
            components.append(
                {
                    "instrument_id": link.instrument_id,
                    "name": by_id.at[link.instrument_id, "name"],
                    "jurisdiction": by_id.at[link.instrument_id, "jurisdiction"],
                    "role": link.role,
                    "grade": grades[link.instrument_id],
                    "why": link.why,
                    "lines": link.source_lines,
                    "cost_eur": figure.value if figure else float("nan"),
                    "cost_status": figure.status if figure else None,
                    "cost_note": figure.note if figure else "",
                    "cost_unit": unit if figure else "",
                }
            )
        ids = list(links["instrument_id"])
        related = lessons[lessons["instrument_id"].isin(ids)]
        cited_grades = [c["grade"] for c in components if c["role"] == "cited"]
        rows.append(
            {
                "rec_id": insp.rec_id,
                "need_ids": insp.need_ids,
                "kind": insp.kind,
                "title": summary.at[insp.rec_id, "title"],
                "category": summary.at[insp.rec_id, "category"],
                "components": components,
                "grade": best_grade(cited_grades or [c["grade"] for c in components]),
                "actors": [
                    {"name": actors.at[a, "name"], "role": actors.at[a, "role"], "lines": actors.at[a, "source_lines"]}
                    for a in insp.actor_ids
                ],
                "lessons": [
                    {"kind": r.kind, "text": r.text, "quote": r.quote, "lines": r.source_lines}
                    for r in related.itertuples()
                ],
                "verdict": summary.at[insp.rec_id, "verdict"],
                "equivalent_names": summary.at[insp.rec_id, "equivalent_names"],
                "partial": summary.at[insp.rec_id, "partial"],
                "brussels_today": insp.brussels_today,
                "brussels_today_lines": insp.brussels_today_lines,
            }
        )
    return pd.DataFrame(rows)


def gap_matrix(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Need × stage × form: the Brussels instruments that meet the need there (fully, or partly with why), the
    peers that do, the inspirations of the need, and ``gap`` where Brussels has no instrument that fully meets it.
    A need with no Brussels instrument at all is one row per peer cell, each a gap."""
    instruments = tables["instruments"].set_index("instrument_id")
    links = decisions["need_links"].join(
        instruments[["name", "jurisdiction", "stages", "primary_type"]], on="instrument_id"
    )
    links["form"] = links["primary_type"].map(FORM_OF)
    links = links.explode("stages").rename(columns={"stages": "stage"})
    inspirations = decisions["inspirations"].explode("need_ids")
    rows = []
    stage_order = {s: i for i, s in enumerate(STAGES)}
    for (need, stage, form), cell in links.groupby(["need_id", "stage", "form"], sort=False):
        bru = cell[cell["jurisdiction"] == BRUSSELS]
        peers = cell[cell["jurisdiction"] != BRUSSELS]
        rows.append(
            {
                "need_id": need,
                "stage": stage,
                "form": form,
                "brussels_full": list(bru.loc[bru["fit"] == "full", "name"]),
                "brussels_partial": [f"{r.name} ({r.why})" for r in bru[bru["fit"] == "partial"].itertuples()],
                "peers": [f"{r.name} ({label(r.jurisdiction)})" for r in peers.itertuples()],
                "inspirations": list(inspirations.loc[inspirations["need_ids"] == need, "rec_id"]),
                "gap": not (bru["fit"] == "full").any(),
                "source_lines": merge_spans(*cell["source_lines"]),
            }
        )
    table = pd.DataFrame(rows)
    needs = list(tables["needs"]["need_id"])
    table["_o"] = [(needs.index(n), stage_order.get(s, 9)) for n, s in zip(table["need_id"], table["stage"])]
    return table.sort_values(["_o", "form"]).drop(columns="_o").reset_index(drop=True)


def design_parameters(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The design parameters of ``step5_design_parameters.csv`` with instrument name and jurisdiction and the
    value written for readers (« 80 % », « 125 $/h », « 18 mois au moins »); the report's words beside it."""
    names = tables["instruments"].set_index("instrument_id")
    table = decisions["design_parameters"].join(names[["name", "jurisdiction"]], on="instrument_id")
    table["value_text"] = [parameter_text(r.value, r.unit) for r in table.itertuples()]
    return table


def parameter_text(value: float, unit: str | None) -> str:
    """A parameter's value for readers; empty where the parameter is a rule, not a number."""
    if pd.isna(value):
        return ""
    texts = {
        "share": lambda v: fmt_pct(v),
        "EUR": lambda v: money(v),
        "CAD": lambda v: money(v, "CAD"),
        "CAD_per_hour": lambda v: f"{money(v, 'CAD')} de l'heure",
        "months": lambda v: f"{fmt_number(v)} mois",
        "months_min": lambda v: f"{fmt_number(v)} mois au moins",
        "months_max": lambda v: f"moins de {fmt_number(v)} mois",
        "years": lambda v: f"{fmt_number(v)} ans",
        "points_of_100": lambda v: f"{fmt_number(v)}/100",
        "proposals": lambda v: f"{fmt_number(v)} par organisation",
    }
    return texts[unit](value) if unit in texts else fmt_number(value)


def scenarios(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each scenario of ``step5_scenarios.csv`` computed and labelled as derived, with its formula: ``cost`` =
    (share × denominator, or count) × unit amount; ``per`` = amount ÷ denominator. Denominators are used one at a
    time: a scenario never combines two populations."""
    amounts = tables["amounts"].set_index("amount_id")
    denominators = decisions["denominators"].set_index("denominator_id")
    rows = []
    for s in decisions["scenarios"].itertuples():
        amount = amount_figure(amounts.loc[s.amount_id].to_dict() | {"amount_id": s.amount_id})
        denominator = denominators.loc[s.denominator_id] if isinstance(s.denominator_id, str) else None
        values = {
            "share": fmt_pct(s.share) if not pd.isna(s.share) else "",
            "count": fmt_number(s.count) if not pd.isna(s.count) else "",
            "denominator": fmt_number(denominator["value"]) if denominator is not None else "",
        }
        if s.operation == "cost":
            if denominator is not None:
                count = s.share * denominator["value"]
                formula = f"{fmt_pct(s.share)} × {fmt_number(denominator['value'])} × {money(amount.value)}"
            else:
                count = s.count
                formula = f"{fmt_number(count)} × {money(amount.value)}"
            value = count * amount.value
        else:
            assert denominator is not None  # « per » needs its denominator: decisions checks it
            count = denominator["value"]
            value = amount.value / count
            formula = f"{money(amount.value)} ÷ {fmt_number(count)}"
        lines = merge_spans(amount.lines, denominator["source_lines"] if denominator is not None else None)
        rows.append(
            {
                "scenario_id": s.scenario_id,
                "label": s.label.format(**values),
                "value_eur": value,
                "status": DERIVED,
                "formula": formula,
                "amount_eur": amount.value,
                "amount_status": amount.status,
                "amount_currency": amount.currency,
                "amount_original": amount.original,
                "count": count,
                "population": denominator["population"] if denominator is not None else "",
                "population_id": denominator["population_id"] if denominator is not None else "",
                "source_lines": lines,
                "why": s.why,
            }
        )
    return pd.DataFrame(rows)
