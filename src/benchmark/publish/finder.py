"""``reports/aides-asbl.html``: « Quelles aides pour mon ASBL ? », the prototype of the single platform of L1003.

The clean tables become, at build time, one static page: the aids a Brussels ASBL can obtain for its own
digitalisation for each stage of its digital journey (``aids``: the eligibility model's ``brussels_asbl`` « yes » or
« conditional », with the conditions beside every amount), those it cannot use with the reason (``apart``), and for a
stage where Brussels has nothing obtainable the peers' inspirations of Part 4 (``elsewhere``). The page is a plain HTML list that reads with
JavaScript off; ``templates/finder.js`` then filters and sorts the same cards from the embedded JSON and keeps
the filters in the URL. Every fact on a card carries its report lines; everything it shows comes from
``data/clean/`` (eligibility, conditions, links), and the kinds of help from the vocabulary (docs/codebook.md).
"""

from __future__ import annotations

import math
from pathlib import Path

import jinja2
import pandas as pd

from benchmark.analysis.eligibility import RANKED_CLASSES, ceiling_class, counts, with_eligibility
from benchmark.analysis.money import amount_figure, award_figure
from benchmark.analysis.units import counting_units
from benchmark.clean.eligibility import SECTOR_KINDS, conditions_of
from benchmark.clean.load import load_clean
from benchmark.core import paths
from benchmark.core.spans import merge_spans
from benchmark.present.access import REPORT_DATE, ceiling_text, status_text
from benchmark.present.formatting import (
    NNBSP,
    fmt_eur,
    fmt_int,
    fmt_lines,
    fmt_pct,
    french_typography,
    label,
    plural,
    reader_text,
    sentence,
)
from benchmark.publish.csp import with_policy
from benchmark.publish.embed import script_json
from benchmark.registry.codes import HELP_KINDS, NO_DIRECT_SUPPORT_TYPES, OBTAINABLE, STAGES

PAGE = "aides-asbl.html"
TEMPLATES = Path(__file__).parent / "templates"
# The order of the answers: outright before under conditions.
ANSWER_RANK = {"yes": 0, "conditional": 1}
# The question an ASBL asks, one per stage: « Mon association est à Bruxelles et veut … ».
STAGE_QUESTIONS = {
    "awareness": "se sensibiliser au numérique",
    "diagnosis": "faire un diagnostic",
    "planning": "planifier sa transformation numérique",
    "implementation": "s'équiper et mettre en œuvre",
    "skills": "former son équipe",
}
# Amount bands of the filter on max_award_eur, the largest amount one beneficiary can receive: (code, label, low, high).
AMOUNT_BANDS = (
    # each band holds its upper bound: 5 000 € is « jusqu'à 5 000 € », never in the next band as well
    ("moins-5000", f"Jusqu'à 5{NNBSP}000{NNBSP}€", -math.inf, 5000.0),
    ("5000-50000", f"Plus de 5{NNBSP}000 et jusqu'à 50{NNBSP}000{NNBSP}€", 5000.0, 50000.0),
    ("plus-50000", f"Plus de 50{NNBSP}000{NNBSP}€", 50000.0, math.inf),
    ("non-precise", "Montant non précisé", None, None),
)
PER_BENEFICIARY_KINDS = (
    "max_per_beneficiary",
    "per_year",
    "per_day",
    "phase_max",
    "min_per_beneficiary",
    "beneficiary_price",
    "service_value",
)


def help_kinds(types: list[str]) -> list[str]:
    """The kinds of help (``vocabulary.HELP_KINDS``) an aid gives, from every type it lists."""
    return [kind for kind, members in HELP_KINDS.items() if set(types) & set(members)]


def apart_reason(row, conditions: pd.DataFrame | None) -> str | None:
    """Why a Brussels ASBL cannot obtain an aid for its own digitalisation (None when it can, perhaps under
    conditions), in a few words; the card adds the researchers' justification (``why``)."""
    answer = row["brussels_asbl"]
    if answer in OBTAINABLE and row["time_status"] == "closed":
        return f"Terminée selon le rapport ({REPORT_DATE})"
    if answer in OBTAINABLE:
        return None
    if answer == "outside":
        return f"Hors de Bruxelles : réservée à {label(row['jurisdiction'])}"
    if answer == "not_stated":
        return "Le rapport ne dit pas si une ASBL peut l'obtenir pour sa digitalisation"
    exclusions = conditions[conditions["effect"] == "exclusion"] if conditions is not None else None
    if exclusions is not None and len(exclusions):
        first = exclusions["condition"].iloc[0]
        return first[:1].upper() + first[1:]
    if row["primary_type"] in NO_DIRECT_SUPPORT_TYPES:
        return "Une politique publique : rien à demander"
    return "Pas pour la digitalisation d'une ASBL"


def _sector(conditions: pd.DataFrame | None) -> str:
    """The sector or agreement an aid is reserved to, for the « Mon secteur » filter (empty when none)."""
    if conditions is None:
        return ""
    reserved = conditions[(conditions["effect"] == "eligibility") & conditions["kind"].isin(SECTOR_KINDS)]
    sectors = [s for s in reserved["sector"] if isinstance(s, str) and s]
    return sectors[0] if sectors else ""


def _when(row) -> str:
    """What the report (February 2024) says of the offer's time, as a card says it: never « aujourd'hui »."""
    text = f"Selon le rapport ({REPORT_DATE}) : {status_text(row).lower()}"
    if isinstance(row.get("status_quote"), str) and row["status_quote"]:
        text += f" — « {reader_text(row['status_quote'])} » ({fmt_lines(row['status_lines'])})"
    return text


def _amounts(iid: str, amounts: pd.DataFrame, rates: pd.DataFrame, row) -> list[dict]:
    """What one beneficiary can receive, as the report states it: amount rows (with their kind, which carries the
    period; the report's own euro figure where it gives one beside dollars, our conversion said so otherwise), then
    co-funding rates; each with the report's words and lines."""
    items = []
    own = amounts[amounts["instrument_id"] == iid]
    for a in own.to_dict("records"):
        figure = amount_figure(a)
        value = fmt_eur(figure.value)
        if figure.currency != "EUR" and figure.original is not None:
            how = "dans le rapport" if figure.status == "stated" else "converti au taux déclaré"
            value += f" ({fmt_int(figure.original)}{NNBSP}{figure.currency} ; {how})"
        items.append(
            {
                "label": label(a["kind"]),
                "value": value,
                "quote": reader_text(a["text"] or ""),
                "lines": fmt_lines(a["source_lines"]),
                "per_beneficiary": a["kind"] in PER_BENEFICIARY_KINDS,
            }
        )
    for r in rates[rates["instrument_id"] == iid].itertuples(index=False):
        items.append(
            {
                "label": "Part des dépenses prise en charge",
                "value": fmt_pct(r.cofunding_rate),
                "quote": reader_text(r.text or ""),
                "lines": fmt_lines(r.source_lines),
                "per_beneficiary": True,
            }
        )
    return items


def _amount_band(value) -> str:
    if pd.isna(value):
        return "non-precise"
    for code, _, low, high in AMOUNT_BANDS:
        if low is not None and low < value <= high:
            return code
    raise ValueError(f"amount {value} in no band")


def _card(row, tables: dict[str, pd.DataFrame], conditions: pd.DataFrame | None, reason: str | None) -> dict:
    iid = row["instrument_id"]
    links = tables["links"][tables["links"]["instrument_id"] == iid]
    kinds = help_kinds(row["types"])
    amounts = _amounts(iid, tables["amounts"], tables["rates"], row)
    listed = [] if conditions is None else conditions.to_dict("records")
    lines = merge_spans(
        row["source_lines"],
        *(a for a in tables["amounts"].loc[tables["amounts"]["instrument_id"] == iid, "source_lines"]),
        *links["source_lines"],
        *(c["source_lines"] for c in listed),
    )
    figure = award_figure(tables["amounts"], iid)
    klass = ceiling_class(row)
    return {
        "id": iid,
        "name": reader_text(row["name"]),
        "jurisdiction": label(row["jurisdiction"]),
        "funder": reader_text(row["funder"]) if isinstance(row["funder"], str) else "",
        "what": reader_text(row["description"]) if isinstance(row["description"], str) else "",
        "types": [label(t) for t in row["types"]],
        "kinds": kinds,
        "kind_labels": [label(k) for k in kinds],
        "stages": list(row["stages"]),
        "stage_labels": [label(s) for s in row["stages"]],
        "for_whom": reader_text(row["recipients"]) if isinstance(row["recipients"], str) else "",
        "answer": row["brussels_asbl"],
        "answer_label": label(row["brussels_asbl"], "brussels_asbl"),
        "audience_label": label(row["audience"]),
        "why": reader_text(row["why"]),
        "conditions": [
            {
                "effect": c["effect"],
                "effect_label": label(c["effect"]),
                "text": c["condition"],
                "quote": reader_text(c["quote"]),
                "lines": fmt_lines(c["source_lines"]),
            }
            for c in sorted(listed, key=lambda c: EFFECT_ORDER[c["effect"]])
        ],
        "sector": _sector(conditions),
        "amounts": amounts,
        "ceiling_eur": figure.value if figure is not None and klass in RANKED_CLASSES else None,
        "ceiling_text": ceiling_text(figure, klass) if figure is not None else "",
        "band": _amount_band(figure.value if figure is not None and klass in RANKED_CLASSES else float("nan")),
        "digital": row["digital_aim"] == "dedicated",
        "dates": _when(row),
        "links": [{"url": link.url, "lines": fmt_lines(link.source_lines)} for link in links.itertuples(index=False)],
        "lines": fmt_lines(lines),
        "reason": reason or "",
        "rank": ANSWER_RANK.get(row["brussels_asbl"], 2),
    }


EFFECT_ORDER = {"eligibility": 0, "exclusion": 1, "terms": 2}


def _sort_key(card: dict):
    """The page's default order (codebook, « Regroupements d'analyse », ordre de cette page): aids dedicated to digital first, then those an ASBL
    obtains outright before those under conditions, then the largest comparable ceiling, then the name."""
    amount = card["ceiling_eur"]
    return (not card["digital"], card["rank"], -(amount if amount is not None else -1.0), card["name"].casefold())


def _need_gaps(tables: dict[str, pd.DataFrame]) -> dict:
    """What the needs of the report (L985–L988) ask for that Brussels does not fully answer: the gap analysis of
    step 5 (``analysis.step5.gaps``), so that a page where every stage has an aid never reads as « nothing is
    missing »."""
    from benchmark.analysis.step5 import gaps

    cells = gaps.cells(tables)
    counted = gaps.class_counts(cells)
    return {
        "cells": len(cells),
        "not_full": len(cells) - counted["brussels_full"],
        "needs": len(tables["needs"]),
    }


def finder_data(tables: dict[str, pd.DataFrame]) -> dict:
    """Everything the page shows, computed from the clean tables.

    ``aids``: every aid a Brussels ASBL can obtain for its own digitalisation (``brussels_asbl`` « yes » or
    « conditional »; one reserved to a sector carries it, and the « Mon secteur » filter hides other sectors'),
    in the default order; ``apart``: the
    other direct supports with the reason; ``elsewhere``: per stage where no aid is obtainable, the Part 4
    inspirations of other jurisdictions serving it; ``stages``: the five questions with how many aids answer each.
    """
    frame = with_eligibility(tables, level="all")
    per_instrument = conditions_of(tables["conditions"], tables["instruments"])
    direct = frame[~frame["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES)]
    units = set(counting_units(tables["instruments"])["instrument_id"])
    aids: list[dict] = []
    apart: list[dict] = []
    for row in direct.to_dict("records"):
        if row["instrument_id"] not in units:  # a programme and its volets count once, on both lists
            continue
        conditions = per_instrument.get(row["instrument_id"])
        reason = apart_reason(row, conditions)
        (aids if reason is None else apart).append(_card(row, tables, conditions, reason))
    aids.sort(key=_sort_key)
    apart.sort(key=lambda c: (c["reason"], c["name"].casefold()))

    inspiration_ids = set(tables["recommendations"]["instrument_ids"].explode().dropna())
    by_id = frame.set_index("instrument_id", drop=False)
    stages, elsewhere = [], {}
    for stage in STAGES:
        usable = [c for c in aids if stage in c["stages"]]
        stages.append(
            {
                "code": stage,
                "label": label(stage),
                "question": STAGE_QUESTIONS[stage],
                "count": len(usable),
                "count_text": plural(len(usable), "aide", "aides"),
            }
        )
        if not usable:
            peers = [
                by_id.loc[i]
                for i in sorted(inspiration_ids)
                if i in by_id.index and not by_id.at[i, "covers_brussels"] and stage in by_id.at[i, "stages"]
            ]
            elsewhere[stage] = sorted(
                (
                    _card(p, tables, per_instrument.get(p["instrument_id"]), apart_reason(p, None))
                    for p in (peer.to_dict() for peer in peers)
                ),
                key=_sort_key,
            )
    counted = counts(tables)
    # counted as the aids are: a plan and its actions once
    n_strategies = int(counting_units(tables["instruments"])["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES).sum())
    sectors = sorted({c["sector"] for c in aids if c["sector"]})
    return {
        "stages": stages,
        "aids": aids,
        "apart": apart,
        "elsewhere": elsewhere,
        "needs": _need_gaps(tables),
        "sectors": sectors,
        "kinds": [{"code": k, "label": label(k)} for k in HELP_KINDS],
        "bands": [{"code": c, "label": text} for c, text, _, _ in AMOUNT_BANDS],
        "apart_text": plural(len(apart), "aide", "aides"),
        "n_usable": counted["total"],
        "n_outright": counted["outright"],
        "n_conditional": counted["conditional"],
        "n_strategies_text": plural(
            n_strategies,
            "stratégie ou plan public de l'inventaire n'apporte pas d'aide directe et n'est pas listé",
            "stratégies et plans publics de l'inventaire n'apportent pas d'aide directe et ne sont pas listés",
        ),
        "report_date": REPORT_DATE,
    }


def render_finder(data: dict, info=None) -> str:
    """The page: the template filled and given French typography, then its CSS, JS and JSON inlined (one file
    that works alone, offline, from any folder or static host)."""
    from benchmark.publish.report_html import keep_numbers_whole

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["sentence"] = sentence  # a description ends where a sentence ends
    page = env.get_template("finder.html.j2").render(data=data, info=info)
    page = keep_numbers_whole(french_typography(page))
    script_data = {
        "aids": [
            {
                k: c[k]
                for k in (
                    "id",
                    "name",
                    "what",
                    "funder",
                    "for_whom",
                    "stages",
                    "kinds",
                    "answer",
                    "sector",
                    "band",
                    "ceiling_eur",
                    "digital",
                    "rank",
                )
            }
            for c in data["aids"]
        ],
        "apart": [{"id": c["id"], "stages": c["stages"], "sector": c["sector"]} for c in data["apart"]],
        "stages": {s["code"]: s["question"] for s in data["stages"]},
    }
    return with_policy(
        page.replace("/*FINDER_CSS*/", (TEMPLATES / "finder.css").read_text(encoding="utf-8"))
        .replace("/*FINDER_JS*/", (TEMPLATES / "finder.js").read_text(encoding="utf-8"))
        .replace("/*FINDER_DATA*/", script_json(script_data))
    )


def write_finder(path: Path, clean_dir: Path = paths.CLEAN, info=None) -> int:
    """Write the page (from ``data/clean/`` only); return how many aids a Brussels ASBL can obtain."""
    from benchmark.publish.report_html import check_offline

    data = finder_data(load_clean(Path(clean_dir)))
    page = render_finder(data, info)
    check_offline(page, Path(path).name)
    Path(path).write_text(page, encoding="utf-8")
    return data["n_usable"]
