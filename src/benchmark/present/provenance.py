"""Where a value comes from, said to a reader: for a value taken from a source other than the report, the source
(title, publisher), the day it was read and, when nothing of it was kept to check its words, « non vérifiable ».

The clean tables say it for each value: ``amounts.source_id`` and ``rates.source_id`` name the source of an amount
or a rate; ``instruments`` keeps the locators of each quoted value (``name_lines``, ``recipients_lines``,
``funder_lines``, ``description_lines``, ``dates_lines``); ``sources.csv`` gives each source's ``title``,
``publisher``, ``url``, ``accessed`` and ``verification``. A page reads a value's locator with ``cited_sources`` and
writes ``source_note`` beside it. The report, source 1, needs no note: its lines are cited as ``L123``."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from benchmark.core.spans import parse_locators

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
UNVERIFIABLE_FR = "non vérifiable"
KIND_FR = {"web_page": "page web", "interview": "entretien", "document": "document", "report": "rapport"}


def read_sources(clean_dir: Path | str) -> dict[str, dict[str, str]]:
    """The clean ``sources.csv`` by source id, in its order (the report first); empty when it is absent."""
    path = Path(clean_dir) / "sources.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["source_id"]: row for row in csv.DictReader(handle)}


def report_id(sources: Mapping[str, Mapping[str, str]]) -> str | None:
    """The report's id: the first source."""
    return next(iter(sources), None)


def fmt_date(iso: str | None) -> str:
    """« 2025-03-14 » → « 14 mars 2025 » (« 1er » for the first of a month); the text as given when not a date."""
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"


def cited_sources(spec: str | None, sources: Mapping[str, Mapping[str, str]]) -> list[Mapping[str, str]]:
    """The sources other than the report that a locator cell cites, each once, in order; an unreadable cell or an
    unknown id gives nothing (``benchmark clean`` refuses them)."""
    try:
        locators = parse_locators(spec)
    except ValueError:
        return []
    first = report_id(sources)
    ids = dict.fromkeys(loc.source for loc in locators if loc.source is not None and loc.source != first)
    return [sources[i] for i in ids if i in sources]


def is_verifiable(source: Mapping[str, str]) -> bool:
    return source.get("verification") == "text_copy"


def source_label(source: Mapping[str, str]) -> str:
    """« page web « Prime Web » (Bruxelles Économie et Emploi), consultée le 14 mars 2025 — non vérifiable »."""
    kind = KIND_FR.get(source.get("kind", ""), "source")
    publisher = f" ({source['publisher']})" if source.get("publisher") else ""
    read = f", consultée le {fmt_date(source['accessed'])}" if source.get("accessed") else ""
    check = "" if is_verifiable(source) else f" — {UNVERIFIABLE_FR}"
    return f"{kind} « {source.get('title', source.get('source_id', ''))} »{publisher}{read}{check}"
