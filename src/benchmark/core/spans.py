"""Locators: where a fact comes from. ``L294``, ``L294-L300`` are lines of the report (source 1 of
``data/raw/sources.csv``); ``web-xyz:L3-L5`` are lines of the text copy of another registered source, and a bare
``interview-xyz`` cites a whole source that has no lines. Several are joined by ``; ``; a
cell quoting several items (``other_names``) may give each item its own locators, separated by `` | ``."""

from __future__ import annotations

import re
from typing import NamedTuple

_SPAN = re.compile(r"L(\d+)(?:\s*-\s*L(\d+))?")
# A cell made only of the report's spans (most cells): checked whole by one match, its spans found by findall.
_PIECE = r"L\d+(?:\s*-\s*L\d+)?"
_REPORT_SPANS_ONLY = re.compile(rf"\s*{_PIECE}\s*(?:[;|]\s*{_PIECE}\s*)*")
_PIECES = re.compile(r"[;|]")
_LOCATOR = re.compile(r"(?:(?P<source>[a-z0-9]+(?:-[a-z0-9]+)*)(?::\s*(?=L))?)?(?:L(?P<a>\d+)(?:\s*-\s*L(?P<b>\d+))?)?")


class Locator(NamedTuple):
    """``source`` is None for the report; ``first``/``last`` are None for a whole source."""

    source: str | None
    first: int | None
    last: int | None


def parse_locators(spec: str | None) -> list[Locator]:
    """``"L290-L302; web-x:L3"`` → ``[Locator(None, 290, 302), Locator("web-x", 3, 3)]``. Raises ``ValueError``
    on a bad piece."""
    if spec is None or not str(spec).strip():
        return []
    spec = str(spec)
    if _REPORT_SPANS_ONLY.fullmatch(spec):
        spans = [(int(a), int(b or a)) for a, b in _SPAN.findall(spec)]
        if all(1 <= a <= b for a, b in spans):
            return [Locator(None, a, b) for a, b in spans]
    found = []  # piece by piece: other sources, whole sources, or a bad piece to name
    for piece in _PIECES.split(spec):  # « | » separates the locators of parallel list items
        piece = piece.strip()
        m = _LOCATOR.fullmatch(piece)
        if not piece or not m or (m.group("source") is None and m.group("a") is None):
            raise ValueError(f"bad line span {piece!r}: expected L123, L123-L130 or source-id:L12")
        if m.group("a") is None:
            found.append(Locator(m.group("source"), None, None))
            continue
        a, b = int(m.group("a")), int(m.group("b") or m.group("a"))
        if a < 1:
            raise ValueError(f"line span {piece!r}: lines are numbered from L1 (the first line)")
        if b < a:
            raise ValueError(f"line span {piece!r} ends before it starts: write the first line, then the last")
        found.append(Locator(m.group("source"), a, b))
    return found


def parse_spans(spec: str | None) -> list[tuple[int, int]]:
    """The report's spans of a locator cell: ``"L290-L302; L1059"`` → ``[(290, 302), (1059, 1059)]``; pieces
    citing another source are left out. Raises ``ValueError`` on a bad piece."""
    return [
        (loc.first, loc.last)
        for loc in parse_locators(spec)
        if loc.source is None and loc.first is not None and loc.last is not None  # the report is never cited whole
    ]


def format_spans(spans: list[tuple[int, int]]) -> str:
    """Merge and sort spans, then write them back: ``[(1059, 1059), (290, 302)]`` → ``"L290-L302; L1059"``."""
    merged: list[list[int]] = []
    for a, b in sorted(set(spans)):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return "; ".join(f"L{a}" if a == b else f"L{a}-L{b}" for a, b in merged)


def _report_spans_only(specs: tuple) -> list[tuple[int, int]] | None:
    """The spans of cells that cite only the report's lines, read in one match over all of them (a row's
    locator cells are merged per row, at every size); None when some cell needs the piece-by-piece reading.

    Each distinct cell is read once: a row's cells often cite the same lines, and the joined text matches only
    if each cell does (the « ; » put between two cells cannot join pieces of both)."""
    joined = "; ".join(text for spec in dict.fromkeys(specs) if spec is not None and (text := str(spec)).strip())
    if not _REPORT_SPANS_ONLY.fullmatch(joined):
        return [] if not joined else None
    spans = [(int(a), int(b or a)) for a, b in _SPAN.findall(joined)]
    return spans if all(1 <= a <= b for a, b in spans) else None


def merge_spans(*specs: str | None) -> str:
    """Union of several locator cells: the report's spans, merged and sorted, then every other source's locators
    (``merge_locators``). A locator of another source is never dropped: a value taken from an official page keeps
    its provenance in every table that merges lines (a step 5 row of an aid added from a page, say)."""
    return merge_locators(*specs)


def merge_locators(*specs: str | None) -> str:
    """Union of several locator cells: the report's spans first, then each other source's, by source id."""
    fast = _report_spans_only(specs)
    if fast is not None:
        return format_spans(fast)
    by_source: dict[str | None, list[tuple[int, int]]] = {}
    whole: set[str] = set()
    for spec in specs:
        for loc in parse_locators(spec):
            if loc.first is None or loc.last is None:
                assert loc.source is not None  # only another source is cited whole
                whole.add(loc.source)
            else:
                by_source.setdefault(loc.source, []).append((loc.first, loc.last))
    parts = [format_spans(by_source.pop(None))] if None in by_source else []
    for source in sorted({s for s in by_source if s is not None} | whole):
        if source in whole:
            parts.append(source)
        else:
            parts.extend(f"{source}:{piece}" for piece in format_spans(by_source[source]).split("; "))
    return "; ".join(parts)
