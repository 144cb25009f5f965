"""The tables of the synthesis and reports 06 and 07 for step 5, as :class:`ReaderTable`: short values in cells (a
verdict, an amount, a list of names), the reasons and quotes in the prose beside them."""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.step5 import equivalents, gaps, journey, options
from benchmark.core.french import MISSING
from benchmark.present import access
from benchmark.present.formatting import ReaderTable, fmt_eur, fmt_list, label, reader_table
from benchmark.present.step5.texts import FORM_WORDS, approx

VERDICT_LABELS = {"equivalent": "Oui", "partial": "En partie", "none": "Non", "practice": "Pratique à comparer"}
GAP_LABELS = {
    "brussels_full": "Bruxelles répond",
    "brussels_partial": "Bruxelles répond en partie",
    "peer_only": "Manque ; un pair y répond",
    "nobody": "Manque ; aucun pair non plus",
}


def options_first_screen(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    """The synthesis' first table: the options in their rank, with a cost range per year and over the horizon,
    the carriers, the first step and the delay."""
    ranked = options.ranking(tables)
    costs = options.option_costs(tables)
    frame = tables["step5_options"].set_index("option_id").loc[ranked.index]
    names = tables["step5_actors"].set_index("actor_id")["name"]
    rows = pd.DataFrame(
        {
            "rank": ranked["rank"].astype(str)
            + ranked["rank"].duplicated(keep=False).map({True: " (ex aequo)", False: ""}),
            "title": frame["title"],
            # a cost built on a ceiling per aid is a maximum: the cell says so
            "per_year": [
                f"{approx(costs.at[o, 'low'])} à {approx(costs.at[o, 'high'])}"
                + (" (maximum)" if len(options.ceilings_of(tables, o)) else "")
                for o in frame.index
            ],
            "total": [
                f"{approx(costs.at[o, 'low_total'])} à {approx(costs.at[o, 'high_total'])} ({int(costs.at[o, 'horizon_years'])} ans)"
                for o in frame.index
            ],
            "carriers": [fmt_list([names[i] for i in ids]) for ids in frame["carrier_ids"]],
            "first_step": frame["first_step"],
            "delivery": frame["delivery"].map(label),
        }
    )
    return reader_table(
        rows,
        columns={
            "rank": "Rang",
            "title": "Option",
            "per_year": "Coût indicatif par an",
            "total": "Sur l'horizon",
            "carriers": "Porteurs possibles",
            "first_step": "Premier pas",
            "delivery": "Délai",
        },
        formats={"rank": "text"},
        index=False,
        caption=caption,
    )


def options_in_rank_order(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The option ids in their rank, for a report that details them one by one."""
    return options.ranked_ids(tables)


def ranking_table(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    """Each option's score on each criterion (raw value and its 0–1 scale) and the weighted total."""
    ranked = options.ranking(tables)
    titles = tables["step5_options"].set_index("option_id")["title"]
    criteria = tables["step5_criteria"]
    data = {"rank": ranked["rank"], "title": titles.reindex(ranked.index)}
    columns = {"rank": "Rang", "title": "Option"}
    for c in criteria.itertuples():
        value = ranked[c.criterion_id]
        shown = value.map(approx) if c.criterion_id == "cost" else value.map(lambda v: f"{v:g}".replace(".", ","))
        data[c.criterion_id] = [
            # a criterion equal for every option ranks nobody and is left out of the score: said, never « nan »
            f"{s} (ne départage pas)" if pd.isna(sc) else f"{s} ({sc:.2f})".replace(".", ",")
            for s, sc in zip(shown, ranked[f"{c.criterion_id}_scaled"])
        ]
        columns[c.criterion_id] = f"{c.label} (×{c.weight:g})".replace(".", ",")
    data["score"] = ranked["score"].round(0)
    columns["score"] = "Score /100"
    return reader_table(pd.DataFrame(data), columns=columns, formats={"score": "int"}, index=False, caption=caption)


def weights_table(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    criteria = tables["step5_criteria"].assign(
        sense=lambda f: f["direction"].map(label),
        how=lambda f: f["criterion_source"].map(label),
    )
    return reader_table(
        criteria,
        columns={"label": "Critère", "weight": "Poids", "sense": "Sens", "how": "Score", "why": "Ce qu'il mesure"},
        formats={"weight": "text"},
        caption=caption,
    )


def sensitivity_table(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    """The rank of every option when one weight moves (set to 0, halved, doubled), the others unchanged."""
    moves, _ = options.sensitivity(tables)
    titles = tables["step5_options"].set_index("option_id")["title"]
    labels = tables["step5_criteria"].set_index("criterion_id")["label"]
    frame = moves.assign(criterion=moves["criterion_id"].map(labels))
    option_ids = list(tables["step5_options"]["option_id"])
    return reader_table(
        frame,
        columns={"criterion": "Critère", "change": "Changement", **{o: titles[o] for o in option_ids}},
        formats={o: "int" for o in option_ids},
        caption=caption,
    )


def _option_caption(tables: dict[str, pd.DataFrame], option_id: str, what: str) -> str:
    """A caption that names its option: one table per option on a page, each region labelled apart."""
    return f"{tables['step5_options'].set_index('option_id').at[option_id, 'title']} : {what}"


def costs_table(tables: dict[str, pd.DataFrame], option_id: str, caption: str = "") -> ReaderTable:
    """The assumptions an option's cost rests on: low, central, high, status and where it comes from; the caption
    names the option unless one is given."""
    used = options.assumptions_of(tables, option_id)
    frame = used.assign(
        values=[
            " / ".join(
                (
                    fmt_eur(v)
                    if r.assumption_unit == "EUR"
                    else f"{v:g} {label(r.assumption_unit, 'assumption_unit')}".replace(".", ",")
                )
                for v in (r.low, r.central, r.high)
            )
            for r in used.itertuples()
        ],
        status=used["figure_status"].map(label),
    )
    return reader_table(
        frame,
        columns={
            "label": "Entrée",
            "values": "Bas / central / haut",
            "status": "Statut",
            "why": "D'où elle vient",
            "source_lines": "Lignes",
        },
        formats={"source_lines": "lines"},
        caption=caption or _option_caption(tables, option_id, "les entrées de son coût"),
    )


ACTOR_WORDS = {
    "institution": "Pouvoir public",
    "federation": "Fédération",
    "service": "Service d'aide",
    "information": "Site d'information",
}


def carriers_table(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    """The Brussels actors who could carry an option, with what the report says of each."""
    actors = tables["step5_actors"]
    carried = tables["step5_options"].explode("carrier_ids").groupby("carrier_ids")["title"].agg(list)
    frame = actors.assign(
        kind=actors["actor_kind"].map(ACTOR_WORDS),
        options=actors["actor_id"].map(carried).map(lambda v: v if isinstance(v, list) else []),
    )
    return reader_table(
        frame,
        columns={
            "name": "Acteur",
            "kind": "Type",
            "role": "Ce que le rapport en dit",
            "options": "Pourrait porter",
            "source_lines": "Lignes",
        },
        formats={"kind": "text", "source_lines": "lines"},
        caption=caption,
    )


def indicators_table(tables: dict[str, pd.DataFrame], option_id: str, caption: str = "") -> ReaderTable:
    """The indicators that would follow an option, with the peer practice each is modelled on."""
    mine = tables["step5_indicators"][tables["step5_indicators"]["option_id"] == option_id]
    frame = mine.assign(kind=mine["indicator_kind"].map(label))
    return reader_table(
        frame,
        columns={"kind": "Indicateur de", "indicator": "Indicateur", "source_lines": "Modèle ou repère"},
        formats={"source_lines": "lines"},
        caption=caption or _option_caption(tables, option_id, "les indicateurs pour la suivre"),
    )


def gaps_table(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    """Need × stage × form: whether Brussels answers, what is missing, and which peers answer."""
    cells = gaps.cells(tables)
    frame = cells.assign(
        need=cells["need_id"].map(lambda n: f"Besoin {n[-1]}"),
        stage_label=cells["stage"].map(lambda s: label(s)),
        form_label=cells["form"].map(lambda f: FORM_WORDS[f].capitalize()),
        answer=cells["gap_class"].map(GAP_LABELS),
        brussels_names=cells["brussels"].map(lambda b: fmt_list([x["name"] for x in b]) if b else MISSING),
        peer_names=cells["peers"].map(
            lambda p: fmt_list([f"{x['name']} ({label(x['jurisdiction'])})" for x in p]) if p else MISSING
        ),
    )
    return reader_table(
        frame,
        columns={
            "need": "Besoin",
            "stage_label": "Étape",
            "form_label": "Forme d'aide",
            "answer": "Réponse",
            "brussels_names": "Aides bruxelloises",
            "peer_names": "Chez les pairs",
        },
        formats={k: "text" for k in ("need", "stage_label", "form_label", "answer", "brussels_names", "peer_names")},
        caption=caption,
    )


def equivalence_table(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    """Per inspiration: its option, verdict and the Brussels aids that make it (or are closest)."""
    verdicts = equivalents.by_inspiration(tables)
    titles = tables["step5_options"].set_index("option_id")["title"]
    frame = verdicts.assign(
        option=verdicts["option_id"].map(titles),
        verdict_label=verdicts["verdict"].map(VERDICT_LABELS),
        aids=[
            fmt_list([m["name"] for m in (r.made_by or r.closest)]) if (r.made_by or r.closest) else MISSING
            for r in verdicts.itertuples()
        ],
    )
    return reader_table(
        frame,
        columns={
            "title": "Inspiration",
            "option": "Option",
            "verdict_label": "Équivalent bruxellois",
            "aids": "Aides bruxelloises (au plus près si aucune)",
        },
        formats={"verdict_label": "text", "option": "text"},
        caption=caption,
    )


def journey_detail(tables: dict[str, pd.DataFrame], jurisdiction: str, caption: str = "") -> ReaderTable:
    """What an ASBL of ``jurisdiction`` (any jurisdiction of the vocabulary) can obtain, by stage: one row per aid,
    with its conditions and ceiling; a sentence when the report describes none."""
    return access.obtainable_table(tables, jurisdiction, caption=caption)


def ladders(
    tables: dict[str, pd.DataFrame], caption: str = "", jurisdictions: tuple[str, ...] | list[str] | None = None
) -> ReaderTable:
    """The steps of the funding ladders with what one beneficiary can receive (and for whom the ceiling is); with
    ``jurisdictions``, the ladders of those only, and a sentence naming a chosen jurisdiction the researchers drew
    no ladder for (``step5_ladders.csv``)."""
    steps = journey.funding_ladders(tables)
    notes = []
    if jurisdictions is not None:
        steps = steps[steps["ladder_id"].isin(list(jurisdictions))]
        without = [label(j) for j in jurisdictions if j not in set(steps["ladder_id"])]
        if without and len(steps):
            notes.append(f"Aucune échelle de financement n'est dessinée pour : {fmt_list(without)}.")
    frame = steps.assign(
        amount=[access.ceiling_text(f, c) for f, c in zip(steps["figure"], steps["ceiling_class"])],
        why_text=steps["why"],
    )
    return reader_table(
        frame,
        columns={
            "ladder_id": "Échelle",
            "step": "Marche",
            "name": "Aide",
            "amount": "Montant pour un bénéficiaire",
            "why_text": "Pourquoi cette marche",
            "source_lines": "Lignes",
        },
        formats={"ladder_id": "code", "step": "int", "source_lines": "lines", "amount": "text"},
        caption=caption,
        notes=notes,
        empty="Aucune échelle de financement n'est dessinée pour les juridictions choisies.",
    )
