"""Honest Brussels equivalents of the peer designs behind the sixteen inspirations.

A Brussels instrument is an **equivalent** of a peer component when all four hold:

1. same stage: it serves at least one stage the component serves;
2. same form of help: the same main form (funding, advice, training, information, …: its primary type), given
   to the same recipient (a group of organisations for a pooled project, L899, or one organisation);
3. an ASBL can use it: access dedicated or open, and the help reaches the ASBL itself (not providers who then
   serve SMEs, L386);
4. it is aimed at digitalisation (the report lists it among « Aides spécifiquement dédiées au digital », L288).

It is a **partial** equivalent when 1 and 2 hold but access is only conditional or sectoral, or the report only
says it funds digital projects among others (« La digitalisation est un des moyens financés », L414). Otherwise
there is **no** equivalent. Every pair states its reason; a non-digital grant is never « the » equivalent of a
digital programme. Inspirations about how programmes are run (``kind`` practice) are compared with what the
report says Brussels does today, not by rule.
"""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.step5.journey import digital_aim, reaches_asbl
from benchmark.core.french import fmt_list
from benchmark.core.spans import merge_spans
from benchmark.registry.codes import RESTRICTED_ACCESS, USABLE_ACCESS
from benchmark.registry.labels import label

BRUSSELS = "BE-BRU"
# The form of help each instrument type gives (a loan is repayable money, kept apart from grants).
FORM_OF = {
    "grant": "funding",
    "voucher": "funding",
    "loan": "loan",
    "in_kind": "in_kind",
    "advisory": "advice",
    "training": "training",
    "information": "information",
    "diagnostic_tool": "diagnostic",
    "network": "network",
    "strategy": "strategy",
}
FORM_LABELS = {
    "funding": "financement",
    "loan": "prêt",
    "in_kind": "aide en nature",
    "advice": "accompagnement",
    "training": "formation",
    "information": "information",
    "diagnostic": "outil de diagnostic",
    "network": "réseau",
    "strategy": "stratégie",
}
VERDICT_LABELS = {"equivalent": "Oui", "partial": "Partiel", "none": "Non", "practice": "Pratique à comparer"}


def _unit(by_terms: pd.DataFrame, instrument_id: str) -> str | None:
    return by_terms.at[instrument_id, "award_unit"] if instrument_id in by_terms.index else None


def _stages_text(stages) -> str:
    return fmt_list([label(s).lower() for s in stages], "et") if len(stages) else "aucune étape"


def _side(instrument, by_terms: pd.DataFrame) -> dict:
    """What a comparison needs of one instrument (a component or a candidate), worked out once however many
    pairs it enters: its stages, form of help, recipient, access, aim and lines (its terms' lines merged in)."""
    iid = instrument["instrument_id"]
    term_lines = by_terms.at[iid, "source_lines"] if iid in by_terms.index else ""
    access = instrument["nonmarket_access"]
    return {
        "stages": list(instrument["stages"]),
        "stage_set": set(instrument["stages"]),
        "stages_text": _stages_text(instrument["stages"]),
        "form": FORM_OF[instrument["primary_type"]],
        "group": _unit(by_terms, iid) == "group_project",
        "access": access,
        "access_label": label(access).lower(),
        "direct": instrument["reaches_asbl"] == "direct",
        "digital_aim": instrument["digital_aim"],
        "source_lines": merge_spans(instrument["source_lines"], term_lines),
    }


def compare(component, candidate, by_terms: pd.DataFrame) -> dict:
    """Compare one peer component with one Brussels instrument (rows of instruments with ``digital_aim`` and
    ``reaches_asbl``, as Series or dicts; ``by_terms`` is the terms file indexed by ``instrument_id``); return the
    four criteria, the verdict and the reason in French with its lines."""
    return _compared(_side(component, by_terms), _side(candidate, by_terms))


def _compared(component: dict, candidate: dict) -> dict:
    """:func:`compare` on the two instruments' :func:`_side`."""
    common = [s for s in component["stages"] if s in candidate["stage_set"]]
    form, other_form = component["form"], candidate["form"]
    group = component["group"]
    same_recipient = group == candidate["group"]
    same_form = form == other_form and same_recipient
    access = candidate["access"]
    direct = candidate["direct"]
    usable = (
        "yes"
        if access in USABLE_ACCESS and direct
        else ("restricted" if access in RESTRICTED_ACCESS and direct else "no")
    )
    aim = candidate["digital_aim"]
    blocking, caveats = [], []
    if not common:
        blocking.append(f"aucune étape commune ({component['stages_text']} contre {candidate['stages_text']})")
    if form != other_form:
        blocking.append(f"autre forme d'aide ({FORM_LABELS[form]} contre {FORM_LABELS[other_form]})")
    elif not same_recipient:
        blocking.append(
            "aide à une organisation seule, pas à un groupe d'organisations pour un projet mutualisé"
            if group
            else "aide à un groupe d'organisations, pas à une organisation seule"
        )
    if not direct:
        blocking.append("ne s'adresse pas directement aux organisations non marchandes")
    elif usable == "no":
        blocking.append(f"accès des ASBL : {candidate['access_label']}")
    elif usable == "restricted":
        caveats.append(f"accès des ASBL restreint ({candidate['access_label']})")
    if aim == "none":
        blocking.append("n'est pas dédié au numérique et le rapport ne dit pas qu'il en finance")
    elif aim == "partly":
        caveats.append("non dédié au numérique, mais le rapport dit qu'il finance aussi des projets numériques")
    verdict = "none" if blocking else ("partial" if caveats else "equivalent")
    if verdict == "equivalent":
        reason = (
            f"même étape ({_stages_text(common)}), même forme ({FORM_LABELS[form]}), utilisable par une ASBL, "
            "dédié au numérique"
        )
    else:
        reason = " ; ".join(blocking + caveats)
    return {
        "same_stage": bool(common),
        "same_form": same_form,
        "asbl_can_use": usable,
        "digital_aim": aim,
        "verdict": verdict,
        "reason": reason,
        "source_lines": candidate["source_lines"],
    }


def _with_terms(instruments: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    return instruments.assign(
        digital_aim=digital_aim(instruments, terms).values, reaches_asbl=reaches_asbl(instruments, terms).values
    )


def equivalents(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every pair (inspiration of kind help, peer component, Brussels instrument) with the four criteria, the
    verdict (``equivalent``, ``partial``, ``none``) and its reason; the successor of the old
    ``recommendations_evidence`` table (``data/clean/step5_equivalents.csv``)."""
    terms = decisions["instrument_terms"]
    instruments = _with_terms(tables["instruments"], terms)
    by_id = instruments.set_index("instrument_id", drop=False)
    by_terms = terms.set_index("instrument_id")  # once, not once per pair
    brussels = instruments[(instruments["jurisdiction"] == BRUSSELS) & (instruments["primary_type"] != "strategy")]
    help_recs = set(decisions["inspirations"].loc[decisions["inspirations"]["kind"] == "help", "rec_id"])
    # Each instrument's side of a comparison worked out once: the pairs are components × Brussels instruments.
    candidates = [(c["instrument_id"], _side(c, by_terms)) for c in brussels.to_dict("records")]
    sides: dict[str, dict] = {}
    rows = []
    for link in decisions["components"].itertuples():
        if link.rec_id not in help_recs:
            continue
        if link.instrument_id not in sides:
            sides[link.instrument_id] = _side(by_id.loc[link.instrument_id], by_terms)
        component = sides[link.instrument_id]
        for brussels_id, candidate in candidates:
            rows.append(
                {
                    "rec_id": link.rec_id,
                    "component_id": link.instrument_id,
                    "role": link.role,
                    "brussels_id": brussels_id,
                    **_compared(component, candidate),
                }
            )
    return pd.DataFrame(rows)


def inspiration_equivalents(
    tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame], pairs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per inspiration: its components, the Brussels equivalents (full), the partial ones with their reasons,
    the verdict (best over its components; ``practice`` for the ways of running programmes) and, for practices,
    what the report says Brussels does today with its lines."""
    pairs = equivalents(tables, decisions) if pairs is None else pairs
    names = tables["instruments"].set_index("instrument_id")["name"]
    rows = []
    for insp in decisions["inspirations"].itertuples():
        rec = tables["recommendations"].set_index("rec_id").loc[insp.rec_id]
        components = decisions["components"].loc[decisions["components"]["rec_id"] == insp.rec_id, "instrument_id"]
        mine = pairs[pairs["rec_id"] == insp.rec_id] if len(pairs) else pairs
        full = list(dict.fromkeys(mine.loc[mine["verdict"] == "equivalent", "brussels_id"])) if len(mine) else []
        partial = mine[(mine["verdict"] == "partial") & ~mine["brussels_id"].isin(full)] if len(mine) else mine
        partial = partial.drop_duplicates("brussels_id") if len(partial) else partial
        if insp.kind == "practice":
            verdict = "practice"
        else:
            verdict = "equivalent" if full else ("partial" if len(partial) else "none")
        rows.append(
            {
                "rec_id": insp.rec_id,
                "title": rec["title"],
                "category": rec["category"],
                "need_ids": insp.need_ids,
                "kind": insp.kind,
                "component_ids": list(components),
                "component_names": [names[c] for c in components],
                "equivalent_ids": full,
                "equivalent_names": [names[b] for b in full],
                "partial": [f"{names[r.brussels_id]} : {r.reason}" for r in partial.itertuples()]
                if len(partial)
                else [],
                "verdict": verdict,
                "brussels_today": insp.brussels_today,
                "brussels_today_lines": insp.brussels_today_lines,
            }
        )
    return pd.DataFrame(rows)
