"""``reports/aides-asbl.html``: « Quelles aides pour mon ASBL ? », the prototype of the single platform of L1003.

The clean tables become, at build time, one static page: the aids a Brussels ASBL can use for each stage of its
digital journey (``aids``), those it cannot use with the reason (``apart``), and for a stage where Brussels has
nothing usable the peers' inspirations of Part 4 (``elsewhere``). The page is a plain HTML list that reads with
JavaScript off; ``templates/finder.js`` then filters and sorts the same cards from the embedded JSON and keeps
the filters in the URL. Every fact on a card carries its report lines; the decisions (kinds of help, conditions
and sectors, official links) come from the vocabulary and ``data/raw/`` (docs/codebook.md, « Analysis groupings »).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd

from benchmark.clean.load import load_clean
from benchmark.core import paths
from benchmark.core.errors import DataError, Problem
from benchmark.core.spans import merge_spans
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
)
from benchmark.publish.csp import with_policy
from benchmark.publish.embed import script_json
from benchmark.registry.codes import HELP_KINDS, NO_DIRECT_SUPPORT_TYPES, STAGES

PAGE = "aides-asbl.html"
TEMPLATES = Path(__file__).parent / "templates"
LINKS_FILE = "instrument_links.csv"
CONDITIONS_FILE = "finder_conditions.csv"

# Access an ASBL has outright, or under a condition the card states (« usable in the finder page », codebook).
FINDER_ACCESS = ("dedicated", "open", "conditional")
ACCESS_RANK = {"dedicated": 0, "open": 1, "conditional": 2, "sectoral": 2}
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
    ("moins-5000", f"Jusqu'à 5{NNBSP}000{NNBSP}€", 0.0, 5000.0),
    ("5000-50000", f"De 5{NNBSP}000 à 50{NNBSP}000{NNBSP}€", 5000.0, 50000.0),
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


@dataclass(frozen=True)
class RawDecisions:
    """The finder's decisions kept in data/raw/: official links and the conditions of restricted aids."""

    links: pd.DataFrame
    conditions: pd.DataFrame


def read_decisions(raw_dir: Path = paths.RAW) -> RawDecisions:
    """Read ``instrument_links.csv`` and ``finder_conditions.csv`` (all text, empty cells kept as "")."""

    def read(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
        path = Path(raw_dir) / name
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        problems = [Problem(str(path), "missing column", column=c) for c in columns if c not in frame.columns]
        if not problems:
            problems = [
                Problem(str(path), "empty cell", row=number, column=column)
                for number, row in enumerate(frame.to_dict("records"), start=2)
                for column in columns
                if column != "sector" and not row[column].strip()
            ]
        if problems:
            raise DataError(problems)
        return frame

    return RawDecisions(
        links=read(LINKS_FILE, ("instrument_id", "url", "lines")),
        conditions=read(CONDITIONS_FILE, ("instrument_id", "sector", "condition", "quote", "lines")),
    )


def help_kinds(types: list[str]) -> list[str]:
    """The kinds of help (``vocabulary.HELP_KINDS``) an aid gives, from every type it lists."""
    return [kind for kind, members in HELP_KINDS.items() if set(types) & set(members)]


def apart_reason(row) -> str | None:
    """Why a Brussels ASBL cannot use an instrument outright (None when it can); a sectoral aid's reason names
    no sector here (the card adds it)."""
    if not row["covers_brussels"]:
        return f"Hors de Bruxelles : réservée à {label(row['jurisdiction'])}"
    access = row["nonmarket_access"]
    if access in FINDER_ACCESS:
        return None
    if access == "sectoral":
        return "Réservée à un secteur"
    if access == "excluded":
        return "Les ASBL en sont exclues"
    return "Le rapport ne précise pas si une ASBL peut en bénéficier"


def usable_ids(instruments: pd.DataFrame, stage: str | None = None) -> list[str]:
    """The instruments a Brussels ASBL can use (for one stage): covers Brussels, access dedicated/open/conditional,
    a direct support."""
    mask = (
        instruments["covers_brussels"]
        & instruments["nonmarket_access"].isin(FINDER_ACCESS)
        & ~instruments["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES)
    )
    if stage is not None:
        mask &= instruments["stages"].map(lambda s: stage in s).astype(bool)
    return instruments.loc[mask, "instrument_id"].tolist()


def _years(row) -> str:
    start, end = row["start_year"], row["end_year"]
    if pd.isna(start) and pd.isna(end):
        return "Dates non précisées dans le rapport"
    if pd.isna(end):
        return f"Depuis {int(start)}, sans date de fin indiquée"
    if pd.isna(start):
        return f"Jusqu'en {int(end)}"
    return f"De {int(start)} à {int(end)}" if start != end else f"En {int(start)}"


def _amounts(iid: str, amounts: pd.DataFrame, rates: pd.DataFrame, row) -> list[dict]:
    """What one beneficiary can receive, as the report states it: amount rows (with their kind, which carries the
    period), then co-funding rates; each with the report's words and lines."""
    items = []
    own = amounts[amounts["instrument_id"] == iid]
    for a in own.itertuples(index=False):
        original = ""
        if a.currency != "EUR" and not pd.isna(a.value):
            original = f" ({fmt_int(a.value)}{NNBSP}{a.currency} dans le rapport)"
        items.append(
            {
                "label": label(a.kind),
                "value": fmt_eur(a.value_eur) + original,
                "quote": reader_text(a.text or ""),
                "lines": fmt_lines(a.source_lines),
                "per_beneficiary": a.kind in PER_BENEFICIARY_KINDS,
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
    if not len(rates[rates["instrument_id"] == iid]) and not pd.isna(row["cofunding_rate"]):
        items.append(
            {
                "label": "Part des dépenses prise en charge",
                "value": fmt_pct(row["cofunding_rate"]),
                "quote": "",
                "lines": fmt_lines(row["source_lines"]),
                "per_beneficiary": True,
            }
        )
    return items


def _amount_band(value) -> str:
    if pd.isna(value):
        return "non-precise"
    for code, _, low, high in AMOUNT_BANDS:
        if low is not None and low <= value < high:
            return code
    raise ValueError(f"amount {value} in no band")


def _card(row, tables, decisions: RawDecisions, reason: str | None) -> dict:
    iid = row["instrument_id"]
    links = decisions.links[decisions.links["instrument_id"] == iid]
    condition = decisions.conditions[decisions.conditions["instrument_id"] == iid]
    cond = condition.iloc[0] if len(condition) else None
    kinds = help_kinds(row["types"])
    amounts = _amounts(iid, tables["amounts"], tables["rates"], row)
    lines = merge_spans(
        row["source_lines"],
        *(a for a in tables["amounts"].loc[tables["amounts"]["instrument_id"] == iid, "source_lines"]),
        *links["lines"],
        *([cond["lines"]] if cond is not None else []),
    )
    amount = row["max_award_eur"]
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
        "access": row["nonmarket_access"],
        "access_label": label(row["nonmarket_access"]),
        "condition": cond["condition"] if cond is not None else "",
        "condition_quote": reader_text(cond["quote"]) if cond is not None else "",
        "condition_lines": fmt_lines(cond["lines"]) if cond is not None else "",
        "sector": cond["sector"] if cond is not None else "",
        "amounts": amounts,
        "amount_eur": None if pd.isna(amount) else float(amount),
        "amount_text": fmt_eur(amount) if not pd.isna(amount) else "",
        "band": _amount_band(amount),
        "digital": bool(row["digital_specific"]) if not pd.isna(row["digital_specific"]) else False,
        "dates": _years(row),
        "links": [{"url": link.url, "lines": fmt_lines(link.lines)} for link in links.itertuples(index=False)],
        "lines": fmt_lines(lines),
        "reason": reason or "",
        "rank": ACCESS_RANK.get(row["nonmarket_access"], 3),
    }


def _sort_key(card: dict):
    """The page's default order (codebook, « finder order »): aids dedicated to digital first, then access
    (dedicated before open before restricted), then the largest amount, then the name."""
    amount = card["amount_eur"]
    return (not card["digital"], card["rank"], -(amount if amount is not None else -1.0), card["name"].casefold())


def finder_data(tables: dict[str, pd.DataFrame], decisions: RawDecisions) -> dict:
    """Everything the page shows, computed from the clean tables and the raw decisions.

    ``aids``: every aid a Brussels ASBL can use (plus the sectoral aids, which the page shows only to their sector),
    in the default order; ``apart``: the other direct supports with the reason; ``elsewhere``: per stage where no
    aid is usable, the Part 4 inspirations of other jurisdictions serving it; ``stages``: the five questions with
    how many aids answer each.
    """
    instruments = tables["instruments"]
    direct = instruments[~instruments["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES)]
    restricted = direct[direct["covers_brussels"] & direct["nonmarket_access"].isin(("conditional", "sectoral"))]
    problems = [
        Problem(
            f"data/raw/{CONDITIONS_FILE}",
            "a restricted aid (access conditional or sectoral, covers "
            "Brussels) needs its condition in plain words: add a row",
            column="instrument_id",
            value=i,
        )
        for i in sorted(set(restricted["instrument_id"]) - set(decisions.conditions["instrument_id"]))
    ]
    known = set(instruments["instrument_id"])
    for name, frame in ((LINKS_FILE, decisions.links), (CONDITIONS_FILE, decisions.conditions)):
        problems += [
            Problem(
                f"data/raw/{name}", "not an instrument_id of instruments.csv", row=n, column="instrument_id", value=i
            )
            for n, i in enumerate(frame["instrument_id"], start=2)
            if i not in known
        ]
    if problems:
        raise DataError(problems)

    aids, apart = [], []
    for _, row in direct.iterrows():
        reason = apart_reason(row)
        if reason is None:
            aids.append(_card(row, tables, decisions, None))
        elif row["covers_brussels"] and row["nonmarket_access"] == "sectoral":
            card = _card(row, tables, decisions, reason)
            aids.append(card)
            apart.append(card)
        else:
            apart.append(_card(row, tables, decisions, reason))
    aids.sort(key=_sort_key)
    apart.sort(key=lambda c: (c["reason"], c["name"].casefold()))

    inspiration_ids = set(tables["recommendations"]["instrument_ids"].explode().dropna())
    by_id = instruments.set_index("instrument_id", drop=False)
    stages, elsewhere = [], {}
    for stage in STAGES:
        usable = usable_ids(instruments, stage)
        stages.append(
            {
                "code": stage,
                "label": label(stage),
                "question": STAGE_QUESTIONS[stage],
                "count": len(usable),
                "count_text": plural(len(usable), "aide utilisable", "aides utilisables"),
            }
        )
        if not usable:
            peers = [
                by_id.loc[i]
                for i in sorted(inspiration_ids)
                if i in by_id.index and not by_id.at[i, "covers_brussels"] and stage in by_id.at[i, "stages"]
            ]
            elsewhere[stage] = sorted((_card(p, tables, decisions, apart_reason(p)) for p in peers), key=_sort_key)
    all_usable = usable_ids(instruments)
    n_strategies = int(instruments["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES).sum())
    sectors = sorted({c["sector"] for c in aids if c["access"] == "sectoral" and c["sector"]})
    return {
        "stages": stages,
        "aids": aids,
        "apart": apart,
        "elsewhere": elsewhere,
        "sectors": sectors,
        "kinds": [{"code": k, "label": label(k)} for k in HELP_KINDS],
        "bands": [{"code": c, "label": text} for c, text, _, _ in AMOUNT_BANDS],
        "apart_text": plural(len(apart), "aide", "aides"),
        "n_usable": len(all_usable),
        "n_usable_text": plural(
            len(all_usable),
            "aide couvre Bruxelles et est ouverte aux ASBL",
            "aides couvrent Bruxelles et sont ouvertes aux ASBL",
        ),
        "n_strategies_text": plural(
            n_strategies,
            "stratégie ou plan public de l'inventaire n'en apporte pas et n'est pas listé",
            "stratégies et plans publics de l'inventaire n'en apportent pas et ne sont pas listés",
        ),
    }


def render_finder(data: dict, info=None) -> str:
    """The page: the template filled and given French typography, then its CSS, JS and JSON inlined (one file
    that works alone, offline, from any folder or static host)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("finder.html.j2").render(data=data, info=info)
    page = french_typography(page)
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
                    "access",
                    "sector",
                    "band",
                    "amount_eur",
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


def write_finder(path: Path, clean_dir: Path = paths.CLEAN, raw_dir: Path = paths.RAW, info=None) -> int:
    """Write the page; return how many aids a Brussels ASBL can use."""
    from benchmark.publish.report_html import check_offline

    data = finder_data(load_clean(Path(clean_dir)), read_decisions(Path(raw_dir)))
    page = render_finder(data, info)
    check_offline(page, Path(path).name)
    Path(path).write_text(page, encoding="utf-8")
    return data["n_usable"]
