"""The step 5 tables as readers see them (notebooks 06 and 07): French headings, amounts with their unit and
status, lists as text. Each function returns a :class:`benchmark.present.formatting.ReaderTable`."""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.step5.appraisal import (
    GRADE_LABELS,
    UNIT_LABELS,
    appraisal,
    design_parameters,
    gap_matrix,
    scenarios,
)
from benchmark.analysis.step5.decisions import highlight
from benchmark.analysis.step5.equivalents import FORM_LABELS, VERDICT_LABELS, inspiration_equivalents
from benchmark.analysis.step5.journey import JOURNEY_JURISDICTIONS, funding_ladders, journey, journey_matrix
from benchmark.analysis.money import STATUS_LABELS, amount_figure, money
from benchmark.present.formatting import fmt_eur, fmt_lines, fmt_list, fmt_pct, label, reader_table, reader_text


def _amount(value, unit, status) -> str:
    if pd.isna(value):
        return "—"
    return f"{fmt_eur(value)} {UNIT_LABELS.get(unit, '')} ({STATUS_LABELS[status]})"


def journey_by_stage(tables, decisions) -> object:
    """Stages × Brussels, Wallonia, Québec: what an ASBL can obtain (« rien » where nothing)."""
    matrix = journey_matrix(journey(tables, decisions)).reindex(columns=list(JOURNEY_JURISDICTIONS)).fillna("")
    frame = matrix.replace("", "rien").reset_index()
    frame["stage"] = frame["stage"].map(label)
    columns = {"stage": "Étape", **{j: label(j) for j in JOURNEY_JURISDICTIONS}}
    return reader_table(frame, columns, caption="Ce qu'une ASBL peut obtenir à chaque étape du parcours", index=False)


def journey_detail(tables, decisions, jurisdiction: str) -> object:
    """One jurisdiction's journey: each instrument once, with its stages, payer, maximum (unit, status),
    co-funding rate, conditions and lines."""
    trip = journey(tables, decisions)
    trip = trip[trip["jurisdiction"] == jurisdiction]
    stages = trip.groupby("instrument_id", sort=False)["stage"].agg(lambda s: fmt_list([label(x) for x in s]))
    rows = trip.drop_duplicates("instrument_id").set_index("instrument_id")
    frame = pd.DataFrame(
        {
            "name": rows["name"],
            "stages": stages,
            "funder": rows["funder"].fillna("—"),
            "max": [_amount(v, u, s) for v, u, s in zip(rows["max_eur"], rows["award_unit"], rows["max_status"])],
            "cofunding": rows["cofunding_rate"].map(lambda r: fmt_pct(r) if not pd.isna(r) else "—"),
            "access": rows["nonmarket_access"].map(label),
            "conditions": rows["conditions"].fillna("—"),
            "source_lines": rows["source_lines"],
        }
    ).reset_index(drop=True)
    columns = {
        "name": "Offre",
        "stages": "Étapes",
        "funder": "Qui paie",
        "max": "Maximum (unité, statut)",
        "cofunding": "Part prise en charge",
        "access": "Accès des ASBL",
        "conditions": "Conditions",
        "source_lines": "Lignes du rapport",
    }
    return reader_table(frame, columns, caption=f"{label(jurisdiction)} : ce qu'une ASBL peut obtenir", index=False)


def ladders(tables, decisions) -> object:
    steps = funding_ladders(tables, decisions)
    frame = pd.DataFrame(
        {
            "ladder": steps["ladder_id"].map(label),
            "step": steps["step"].astype(int),
            "name": steps["name"],
            "amount": [
                _amount(v, u, s) if not pd.isna(v) else "aucun montant par bénéficiaire"
                for v, u, s in zip(steps["value_eur"], steps["award_unit"], steps["status"])
            ],
            "source_lines": steps["source_lines"],
        }
    )
    return reader_table(
        frame,
        {
            "ladder": "Parcours",
            "step": "Étape",
            "name": "Offre",
            "amount": "Montant",
            "source_lines": "Lignes du rapport",
        },
        caption="Les paliers dessinés dans le graphique (par bénéficiaire)",
        index=False,
    )


def equivalence_overview(tables, decisions) -> object:
    summary = inspiration_equivalents(tables, decisions)
    frame = pd.DataFrame(
        {
            "title": summary["title"],
            "verdict": summary["verdict"].map(VERDICT_LABELS),
            "equivalents": summary["equivalent_names"].map(lambda v: fmt_list(v) if v else "—"),
            "partial": summary["partial"].map(lambda v: " ; ".join(v) if v else "—"),
            "today": summary["brussels_today"].fillna("—"),
        }
    )
    return reader_table(
        frame,
        {
            "title": "Inspiration",
            "verdict": "Équivalent bruxellois",
            "equivalents": "Aides bruxelloises équivalentes",
            "partial": "S'en approchent (et pourquoi pas plus)",
            "today": "Pratique : ce que Bruxelles fait aujourd'hui",
        },
        caption="Les seize inspirations et leur équivalent bruxellois",
        index=False,
    )


def appraisal_overview(tables, decisions) -> object:
    options = appraisal(tables, decisions)
    needs = {n: f"Besoin {i}" for i, n in enumerate(tables["needs"]["need_id"], start=1)}

    def costs(components):
        texts = [
            f"{c['name']} : {fmt_eur(c['cost_eur'])} {UNIT_LABELS.get(c['cost_unit'], '')} "
            f"({STATUS_LABELS[c['cost_status']]})"
            for c in components
            if not pd.isna(c["cost_eur"])
        ]
        return " ; ".join(texts) or "aucun montant par bénéficiaire"

    frame = pd.DataFrame(
        {
            "title": options["title"],
            "needs": options["need_ids"].map(
                lambda ids: fmt_list([needs[i] for i in ids]) if ids else "aucun des quatre"
            ),
            "components": options["components"].map(
                lambda cs: fmt_list([f"{c['name']} ({label(c['jurisdiction'])})" for c in cs])
            ),
            "grade": options["grade"].map(GRADE_LABELS),
            "cost": options["components"].map(costs),
            "actors": options["actors"].map(lambda a: fmt_list([x["name"] for x in a]) if a else "—"),
            "verdict": options["verdict"].map(VERDICT_LABELS),
        }
    )
    return reader_table(
        frame,
        {
            "title": "Inspiration",
            "needs": "Besoins",
            "components": "Ce qui l'étaye",
            "grade": "Niveau de preuve",
            "cost": "Coût indicatif (statut)",
            "actors": "Acteurs bruxellois possibles",
            "verdict": "Équivalent bruxellois",
        },
        caption="Évaluation des seize inspirations",
        index=False,
    )


def gaps(tables, decisions) -> object:
    table = gap_matrix(tables, decisions)
    needs = {n: f"Besoin {i}" for i, n in enumerate(tables["needs"]["need_id"], start=1)}
    frame = pd.DataFrame(
        {
            "need": table["need_id"].map(needs),
            "stage": table["stage"].map(label),
            "form": table["form"].map(FORM_LABELS),
            "brussels": [
                fmt_list(f) if f else ("en partie : " + " ; ".join(p) if p else "rien")
                for f, p in zip(table["brussels_full"], table["brussels_partial"])
            ],
            "peers": table["peers"].map(lambda v: fmt_list(v) if v else "—"),
            "gap": table["gap"].map(lambda g: "Oui" if g else "Non"),
            "source_lines": table["source_lines"],
        }
    )
    return reader_table(
        frame,
        {
            "need": "Besoin",
            "stage": "Étape",
            "form": "Forme d'aide",
            "brussels": "À Bruxelles",
            "peers": "Chez les pairs",
            "gap": "Manque bruxellois",
            "source_lines": "Lignes du rapport",
        },
        caption="Besoins × étapes × formes d'aide : ce que Bruxelles offre et ce que les pairs offrent",
        index=False,
    )


PARAMETER_LABELS = {
    "cofunding": "Part prise en charge",
    "hourly_cap": "Plafond horaire",
    "salary_cost_cap": "Plafond des frais salariaux",
    "duration": "Durée",
    "recurrence": "Récurrence et calendrier",
    "selection": "Mode de sélection",
    "one_proposal": "Nombre de dossiers",
    "reporting": "Rapport demandé",
    "eligibility": "Condition d'admissibilité",
}


def parameters(tables, decisions) -> object:
    table = design_parameters(tables, decisions)
    frame = pd.DataFrame(
        {
            "parameter": table["parameter"].map(PARAMETER_LABELS),
            "name": table["name"],
            "jurisdiction": table["jurisdiction"].map(label),
            "value": table["value_text"].replace("", "—"),
            "quote": table["quote"].map(lambda q: f"« {reader_text(q)} »"),
            "source_lines": table["source_lines"],
        }
    )
    frame = frame.sort_values(["parameter", "jurisdiction"], kind="stable")
    return reader_table(
        frame,
        {
            "parameter": "Paramètre",
            "name": "Instrument",
            "jurisdiction": "Juridiction",
            "value": "Valeur",
            "quote": "Ce que dit le rapport",
            "source_lines": "Lignes du rapport",
        },
        caption="Paramètres de conception des programmes",
        index=False,
    )


def denominators(decisions) -> object:
    table = decisions["denominators"]
    units = {"etp": "équivalents temps plein", "organisations": "organisations", "workers": "travailleurs"}
    frame = pd.DataFrame(
        {
            "jurisdiction": table["jurisdiction"].map(label),
            "population": table["population"],
            "value": table["value"],
            "unit": table["unit"].map(units),
            "quote": table["quote"].map(lambda q: f"« {reader_text(q)} »"),
            "source_lines": table["source_lines"],
        }
    )
    return reader_table(
        frame,
        {
            "jurisdiction": "Juridiction",
            "population": "Population",
            "value": "Nombre",
            "unit": "Unité",
            "quote": "Ce que dit le rapport",
            "source_lines": "Lignes du rapport",
        },
        caption="Les dénominateurs du rapport (chaque ligne est une population distincte)",
        formats={"value": "int"},
        index=False,
    )


def statuses(tables, decisions) -> object:
    """Every amount the step 5 notebooks show, with its status and, for converted and derived ones, how."""
    steps = funding_ladders(tables, decisions).dropna(subset=["value_eur"])
    rows = [
        {
            "what": f"{r.name} ({label(r.jurisdiction)})",
            "value": fmt_eur(r.value_eur),
            "status": STATUS_LABELS[r.status],
            "how": r.note,
        }
        for r in steps.itertuples()
    ]
    trip = journey(tables, decisions).drop_duplicates("instrument_id")
    for r in trip[trip["max_status"].isin(["derived", "converted"])].itertuples():
        rows.append(
            {
                "what": f"{r.name} ({label(r.jurisdiction)})",
                "value": fmt_eur(r.max_eur),
                "status": STATUS_LABELS[r.max_status],
                "how": f"{r.max_formula} ({fmt_lines(r.max_lines)})",
            }
        )
    for c in appraisal(tables, decisions)["components"].explode().dropna():
        if not pd.isna(c["cost_eur"]):
            rows.append(
                {
                    "what": f"{c['name']} ({label(c['jurisdiction'])})",
                    "value": fmt_eur(c["cost_eur"]),
                    "status": STATUS_LABELS[c["cost_status"]],
                    "how": c["cost_note"],
                }
            )
    for s in scenarios(tables, decisions).itertuples():
        rows.append(
            {
                "what": s.label,
                "value": fmt_eur(s.value_eur),
                "status": STATUS_LABELS[s.status],
                "how": f"{s.formula} ({fmt_lines(s.source_lines)})",
            }
        )
    amounts = tables["amounts"]
    programme = highlight(decisions, "programme_budget")
    budget = amounts[(amounts["instrument_id"] == programme) & (amounts["kind"] == "programme_total")]
    for r in budget.itertuples():
        figure = amount_figure(r._asdict())
        rows.append(
            {
                "what": "Budget total du programme québécois (enveloppe, jamais un montant par bénéficiaire)",
                "value": fmt_eur(figure.value),
                "status": STATUS_LABELS[figure.status],
                "how": figure.note,
            }
        )
    frame = pd.DataFrame(rows).drop_duplicates()
    return reader_table(
        frame,
        {"what": "Montant", "value": "Valeur", "status": "Statut", "how": "Origine ou formule"},
        caption="Énoncé, converti ou dérivé : le statut de chaque montant montré",
        index=False,
    )


def sensitivity_table(table: pd.DataFrame, tables) -> object:
    names = (
        tables["amounts"]
        .set_index("amount_id")["instrument_id"]
        .map(tables["instruments"].set_index("instrument_id")["name"])
    )
    frame = pd.DataFrame(
        {
            "cad": [f"{names[a]} : {money(v, 'CAD')}" for a, v in zip(table["cad_amount_id"], table["cad_value"])],
            "low": table["eur_at_low_rate"].map(fmt_eur),
            "high": table["eur_at_high_rate"].map(fmt_eur),
            "other": [f"{names[a]} : {fmt_eur(v)}" for a, v in zip(table["eur_amount_id"], table["other_eur"])],
            "same": table["same_conclusion"].map(lambda s: "Oui" if s else "Non"),
        }
    )
    return reader_table(
        frame,
        {
            "cad": "Montant en dollars canadiens",
            "low": "En euros au taux le plus bas",
            "high": "En euros au taux le plus haut",
            "other": "Comparé à",
            "same": "Même conclusion aux deux taux",
        },
        caption="Sensibilité des comparaisons au taux de change du rapport",
        index=False,
    )
