"""Brussels equivalents of the peer designs behind the inspirations of Part 4, compared on what matters.

An inspiration that describes help (``inspiration_kind`` « help ») rests on peer components (``step5_components``).
Each Brussels aid is compared with each component on six criteria, each said in words with its lines:

1. **audience** — whom it is for (``eligibility.audience``): a programme for non-market or social-economy
   organisations is matched only by an aid for them; an aid open to every organisation is « ouverte plus largement »
   (partial); an aid for enterprises, people or providers does not match.
2. **form** — the form of help the inspiration draws on in the component (``step5_components.form``: money,
   advice, training, information, a tool, a network), against what the Brussels aid mainly gives (``FORM_OF`` of
   its primary type); an aid that gives that form only among other things is partial.
3. **stage** — a stage of the digital journey in common.
4. **scale** — the order of magnitude of its ceiling: the same class of ceiling (one organisation, a group's pooled
   project) within a factor of ten holds; different classes or orders do not; when either side states no amount the
   scale is unknown, and the verdict can be partial at most.
5. **digital** — dedicated to digitalisation (``digital_aim``); an aid that only funds it among other things is
   partial at most, and alone never makes a verdict; a non-digital aid never counts.
6. **access** — a Brussels ASBL can obtain it (``brussels_asbl``): outright holds, under conditions is partial.

A pair is **equivalent** when all six hold, **partial** when stage, form and audience do not fail and the aid is
digital and obtainable, **none** otherwise. Inspirations about how programmes are run (« practice ») are compared
with what the report says Brussels does today, by the researchers (``brussels_today``), not by rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from benchmark.analysis.eligibility import ceiling_class, with_eligibility
from benchmark.analysis.money import award_figure
from benchmark.core.french import fmt_eur, fmt_list
from benchmark.core.spans import merge_spans
from benchmark.registry.codes import FORM_OF
from benchmark.registry.labels import label

BRUSSELS = "BE-BRU"
SECTOR_AUDIENCES = ("nonmarket", "social_economy")  # programmes made for the sector
ORGANISATION_AUDIENCES = (*SECTOR_AUDIENCES, "all_organisations")
CRITERIA = ("audience", "form", "stage", "scale", "digital", "access")
HELD, PARTIAL, FAILED, UNKNOWN = "held", "partial", "failed", "unknown"
MADE_BY = 3  # a verdict names at most the three Brussels aids closest to the peer design
FORM_LABELS = {
    "money": "de l'argent",
    "loan": "un prêt",
    "advice": "de l'accompagnement",
    "training": "de la formation",
    "information": "de l'information",
    "directory": "un répertoire des aides",
    "tool": "un outil",
    "network": "un réseau",
    "policy": "une politique",
}


@dataclass(frozen=True)
class Side:
    """What a comparison needs of one instrument, worked out once however many pairs it enters."""

    instrument_id: str
    name: str
    audience: str
    main_form: str
    forms: frozenset
    stages: frozenset
    ceiling: float | None
    ceiling_class: str | None
    digital_aim: str
    brussels_asbl: str
    lines: str


def forms_of(types) -> frozenset:
    """The forms of help an instrument gives, from every type it lists."""
    return frozenset(FORM_OF[t] for t in types)


def side(row: dict, amounts: pd.DataFrame) -> Side:
    figure = award_figure(amounts, row["instrument_id"])
    return Side(
        instrument_id=row["instrument_id"],
        name=row["name"],
        audience=row["audience"],
        main_form=FORM_OF[row["primary_type"]],
        forms=forms_of(row["types"]),
        stages=frozenset(row["stages"]),
        ceiling=figure.value if figure is not None else None,
        ceiling_class=ceiling_class(row) if figure is not None else None,
        digital_aim=row["digital_aim"],
        brussels_asbl=row["brussels_asbl"],
        lines=row["source_lines"],
    )


def _list(items) -> str:
    return fmt_list(sorted(items)) if items else "aucune"


def criteria(component: Side, candidate: Side) -> dict[str, tuple[str, str]]:
    """Each criterion's status (held, partial, failed, unknown) and its reason in French."""
    found: dict[str, tuple[str, str]] = {}
    # 1. audience
    who, whom = label(component.audience).lower(), label(candidate.audience).lower()
    if component.audience in SECTOR_AUDIENCES:
        if candidate.audience in SECTOR_AUDIENCES:
            found["audience"] = (HELD, f"même public : {whom}")
        elif candidate.audience == "all_organisations":
            found["audience"] = (PARTIAL, f"ouverte plus largement ({whom}) que le programme pair ({who})")
        else:
            found["audience"] = (FAILED, f"autre public ({whom}) que le programme pair ({who})")
    elif candidate.audience in ORGANISATION_AUDIENCES or candidate.audience == component.audience:
        found["audience"] = (HELD, f"public compatible ({whom} ; le pair : {who})")
    else:
        found["audience"] = (FAILED, f"autre public ({whom} ; le pair : {who})")
    # 2. form: the form of help the inspiration draws on in the peer component (``step5_components.form``)
    wanted, other = component.main_form, candidate.main_form
    if wanted == other:
        found["form"] = (HELD, f"même forme : {FORM_LABELS[wanted]}")
    elif wanted in candidate.forms:
        found["form"] = (PARTIAL, f"donne aussi {FORM_LABELS[wanted]}, mais surtout {FORM_LABELS[other]}")
    else:
        found["form"] = (FAILED, f"autre forme ({FORM_LABELS[other]} ; l'inspiration retient {FORM_LABELS[wanted]})")
    # 3. stage
    common = component.stages & candidate.stages
    if common:
        found["stage"] = (HELD, f"même étape : {fmt_list([label(s).lower() for s in sorted(common)])}")
    else:
        found["stage"] = (FAILED, "aucune étape commune")
    # 4. scale
    if component.ceiling is None or candidate.ceiling is None:
        missing = component.name if component.ceiling is None else candidate.name
        found["scale"] = (UNKNOWN, f"échelle non comparable : le rapport ne donne pas de montant pour {missing}")
    elif component.ceiling_class != candidate.ceiling_class:
        found["scale"] = (
            FAILED,
            f"plafonds de nature différente ({label(candidate.ceiling_class, 'ceiling_class').lower()} ; le pair : "
            f"{label(component.ceiling_class, 'ceiling_class').lower()})",
        )
    else:
        ratio = max(component.ceiling, candidate.ceiling) / min(component.ceiling, candidate.ceiling)
        text = f"{fmt_eur(candidate.ceiling)} contre {fmt_eur(component.ceiling)} chez le pair"
        found["scale"] = (
            (HELD, f"même ordre de grandeur ({text})") if ratio < 10 else (FAILED, f"autre ordre de grandeur ({text})")
        )
    # 5. digital
    if candidate.digital_aim == "dedicated":
        found["digital"] = (HELD, "dédiée au numérique")
    elif candidate.digital_aim == "partly":
        found["digital"] = (PARTIAL, "non dédiée au numérique, elle en finance parmi d'autres objets")
    else:
        found["digital"] = (FAILED, "ne vise pas le numérique")
    # 6. access
    if candidate.brussels_asbl == "yes":
        found["access"] = (HELD, "une ASBL bruxelloise peut l'obtenir")
    elif candidate.brussels_asbl == "conditional":
        found["access"] = (PARTIAL, "une ASBL bruxelloise ne l'obtient que sous conditions")
    else:
        found["access"] = (
            FAILED,
            f"une ASBL bruxelloise ne peut pas l'obtenir ({label(candidate.brussels_asbl, 'brussels_asbl').lower()})",
        )
    return found


def verdict(found: dict[str, tuple[str, str]]) -> str:
    status = {k: v[0] for k, v in found.items()}
    if all(s == HELD for s in status.values()):
        return "equivalent"
    blocking = any(status[k] == FAILED for k in ("audience", "form", "stage", "digital", "access"))
    return "none" if blocking else "partial"


def pairs(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every (inspiration of kind help, peer component, Brussels aid) with the six criteria (status and reason), the
    verdict and the lines of both sides."""
    frame = with_eligibility(tables, level="all")
    amounts = tables["amounts"]
    by_id = {r["instrument_id"]: r for r in frame.to_dict("records")}
    brussels = [
        side(r, amounts)
        for r in frame.to_dict("records")
        if r["jurisdiction"] == BRUSSELS and r["primary_type"] != "strategy"
    ]
    help_recs = set(
        tables["step5_inspirations"].loc[tables["step5_inspirations"]["inspiration_kind"] == "help", "rec_id"]
    )
    rows = []
    sides: dict[str, Side] = {}
    for link in tables["step5_components"].itertuples():
        if link.rec_id not in help_recs:
            continue
        peer = sides.setdefault(link.instrument_id, side(by_id[link.instrument_id], amounts))
        component = replace(peer, main_form=link.form)  # the form the inspiration draws on
        for candidate in brussels:
            found = criteria(component, candidate)
            rows.append(
                {
                    "rec_id": link.rec_id,
                    "component_id": link.instrument_id,
                    "role": link.role,
                    "brussels_id": candidate.instrument_id,
                    **{f"{k}_status": v[0] for k, v in found.items()},
                    **{f"{k}_reason": v[1] for k, v in found.items()},
                    "verdict": verdict(found),
                    "digital_aim": candidate.digital_aim,
                    "source_lines": merge_spans(candidate.lines, link.source_lines),
                }
            )
    return pd.DataFrame(rows)


def reasons(row) -> list[str]:
    """The criteria of a pair in words, those that hold first."""
    order = {HELD: 0, PARTIAL: 1, UNKNOWN: 2, FAILED: 3}
    items = sorted(CRITERIA, key=lambda k: order[row[f"{k}_status"]])
    return [row[f"{k}_reason"] for k in items]


def by_inspiration(tables: dict[str, pd.DataFrame], compared: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per inspiration, in the report's order: its verdict (``equivalent``, ``partial``, ``none``, ``practice``),
    the Brussels aids that make it (``equivalent_ids`` or ``partial_ids``) with each pair's reasons, the closest aids
    when there is none, and for a practice what the report says Brussels does today.

    An aid that only funds digitalisation among other things (``digital_aim`` « partly ») never makes a verdict on
    its own: an inspiration whose only partial candidates are such aids is « none », and they are named as closest.
    """
    compared = pairs(tables) if compared is None else compared
    names = tables["instruments"].set_index("instrument_id")["name"]
    recs = tables["recommendations"].set_index("rec_id")
    rows = []
    for insp in tables["step5_inspirations"].itertuples():
        mine = compared[compared["rec_id"] == insp.rec_id] if len(compared) else compared
        full = mine[mine["verdict"] == "equivalent"] if len(mine) else mine
        partial = mine[(mine["verdict"] == "partial") & (mine["digital_aim"] == "dedicated")] if len(mine) else mine
        if insp.inspiration_kind == "practice":
            verdict_ = "practice"
            made = pd.DataFrame()
        elif len(full):
            verdict_, made = "equivalent", full
        elif len(partial):
            verdict_, made = "partial", partial
        else:
            verdict_, made = "none", pd.DataFrame()
        if len(made):  # the aids that hold the most criteria first, each once, at most three
            made = (
                made.assign(_held=sum((made[f"{k}_status"] == HELD).astype(int) for k in CRITERIA))
                .sort_values(["_held", "brussels_id"], ascending=[False, True])
                .drop_duplicates("brussels_id")
                .head(MADE_BY)
            )
        closest = []
        if verdict_ == "none" and len(mine):
            # closest: the same form of help first (what the inspiration draws on), then the most criteria held
            score = mine.assign(
                _form=(mine["form_status"] == HELD).astype(int),
                _held=sum((mine[f"{k}_status"] == HELD).astype(int) for k in CRITERIA),
            ).sort_values(["_form", "_held", "brussels_id"], ascending=[False, False, True])
            closest = [
                {"name": names[r["brussels_id"]], "reasons": reasons(r), "lines": r["source_lines"]}
                for r in score.drop_duplicates("brussels_id").head(2).to_dict("records")
            ]
        rows.append(
            {
                "rec_id": insp.rec_id,
                "title": recs.at[insp.rec_id, "title"],
                "option_id": insp.option_id,
                "need_ids": insp.need_ids,
                "kind": insp.inspiration_kind,
                "verdict": verdict_,
                "made_by": [
                    {"name": names[r["brussels_id"]], "reasons": reasons(r), "lines": r["source_lines"]}
                    for r in made.to_dict("records")
                ]
                if len(made)
                else [],
                "closest": closest,
                "brussels_today": insp.brussels_today,
                "brussels_today_lines": insp.brussels_today_lines,
            }
        )
    return pd.DataFrame(rows)


def counts(verdicts: pd.DataFrame) -> dict[str, int]:
    return {v: int((verdicts["verdict"] == v).sum()) for v in ("equivalent", "partial", "none", "practice")}
