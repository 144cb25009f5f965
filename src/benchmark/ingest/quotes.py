"""Quotes checked where data enters: every quoted cell of ``data/raw/`` must stand word for word at the lines
it cites, in the registered text copy of its source; ``benchmark clean`` refuses it otherwise, naming the cell,
the quote, the lines and the closest passage found there."""

from __future__ import annotations

import difflib

from benchmark.core.errors import Problem
from benchmark.core.parsing import records
from benchmark.core.spans import Locator, parse_locators
from benchmark.ingest.raw import ANNEX_FILE, ANNEX_FIRST_LINE, TEXT_SPANS, RawSources
from benchmark.ingest.sources import Registry

# Quoted columns of the CSV sources and the column that gives each one's locator.
CSV_QUOTES = {
    "inspirations": {"title": "lines", "text": "lines", "sources": "lines", "category": "category_lines"},
    "needs": {"text": "lines"},
    "eligibility": {"quote": "source_lines", "status_quote": "status_lines"},
    "conditions": {"quote": "source_lines"},
    "links": {"url": "lines"},
}
SHOWN = 160  # characters of a passage shown in a message


def normalise(text: str) -> str:
    """Emphasis markers (``*``) and whitespace runs aside, the words as written."""
    return " ".join(text.replace("*", "").split())


# Each source's lines normalised once (a run checks tens of thousands of quotes against a few texts), keyed by
# the identity of the list of lines; the few most recent are kept.
_NORMALISED: dict[int, tuple[list[str], list[str], str]] = {}


def _normalised(lines: list[str]) -> tuple[list[str], str]:
    """``lines`` normalised one by one, and their whole text normalised."""
    hit = _NORMALISED.get(id(lines))
    if hit is None or hit[0] is not lines:
        if len(_NORMALISED) >= 8:
            _NORMALISED.pop(next(iter(_NORMALISED)))
        each = [normalise(line) for line in lines]
        hit = _NORMALISED[id(lines)] = (lines, each, " ".join(n for n in each if n))
    return hit[1], hit[2]


def cited_normalised(registry: Registry, locators: list[Locator]) -> tuple[str | None, bool, str | None]:
    """The cited lines' text (each locator's lines joined by spaces, the locators' texts too) normalised, and
    whether nothing can be compared (no cited source has a kept copy: an interview, a page not kept), or
    (None, False, why) when a locator cannot be followed.

    Read from the sources' lines normalised once: the normalised words of lines joined by spaces are the
    normalised words of each line, in order."""
    parts = []
    for loc in locators:
        source = registry.get(loc.source)
        if source is None:
            return None, False, f"cites source {loc.source!r}, which data/raw/sources.csv does not register"
        if source.lines is None:
            continue  # an interview or a page without a kept copy: the citation stands, nothing to compare
        each, whole = _normalised(source.lines)
        if loc.first is None or loc.last is None:
            parts.append(whole)
            continue
        if loc.last > len(source.lines) - 1:
            return None, False, f"cites L{loc.last} but {source.source_id} has {source.line_count} lines"
        parts.append(" ".join(n for n in each[loc.first - 1 : loc.last] if n))
    return " ".join(p for p in parts if p), not parts, None


def closest_passage(quote: str, text: str) -> str:
    """The stretch of ``text`` most like ``quote`` (same number of words, best difflib ratio)."""
    words, size = text.split(), max(1, len(quote.split()))
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in range(0, max(1, len(words) - size + 1)):
        window = " ".join(words[start : start + size])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best if len(best) <= SHOWN else best[:SHOWN] + " …"


# What a locator cell cites, read once per distinct cell in a run: the spec's parse error, or its locators
# (None when it has none) with the cited text normalised, whether nothing can be compared, and why it cannot be read.
Cited = tuple[str | None, bool, tuple[str | None, bool, str | None] | None]


def _cited(registry: Registry, spec: str | None, memo: dict | None) -> Cited:
    """``(parse error, has locators, cited_normalised(...))`` of ``spec``, from ``memo`` when it was read before
    (many cells cite the same lines, and each row's locators are read by several checks)."""
    if memo is not None and spec in memo:
        return memo[spec]
    try:
        locators = parse_locators(spec)
    except ValueError as exc:
        found: Cited = (str(exc), False, None)
    else:
        found = (None, bool(locators), cited_normalised(registry, locators) if locators else None)
    if memo is not None:
        memo[spec] = found
    return found


def check_quote(
    registry: Registry, quote: str, spec: str | None, where: dict, memo: dict | None = None
) -> Problem | None:
    """A located problem when ``quote`` is not word for word at ``spec``, else None. ``memo`` (one dict per run
    and registry) keeps what each locator cell cites."""
    error, has_locators, cited = _cited(registry, spec, memo)
    if error is not None:
        return Problem(message=error, value=spec, **where)
    if not has_locators or cited is None:
        return Problem(message="a quoted cell needs the lines it quotes", value=quote, **where)
    text, uncheckable, why = cited
    if text is None:
        return Problem(message=why or "the cited lines cannot be read", value=spec, **where)
    if uncheckable or normalise(quote) in text:
        return None
    shown = quote if len(quote) <= SHOWN else quote[:SHOWN] + " …"
    if not text:  # a kept copy whose cited lines are blank: the quote is not there
        return Problem(message=f"the quote « {shown} » is not at {spec}: those lines are blank", value=spec, **where)
    return Problem(
        message=f"the quote « {shown} » is not at {spec}; closest passage there: "
        f"« {closest_passage(normalise(quote), text)} »",
        value=None,
        **where,
    )


def locator_problem(registry: Registry, spec: str | None, where: dict, memo: dict | None = None) -> Problem | None:
    """A locator cell that is not a quote (``source_lines``) must still point at registered sources and lines."""
    error, _, cited = _cited(registry, spec, memo)
    why = error if error is not None else (cited[2] if cited is not None else None)
    return None if why is None else Problem(message=why, value=spec, **where)


def paired(quotes: str, spec: str | None) -> list[tuple[str, str | None]]:
    """The items of a `` | ``-joined quoted cell with their locators: item by item when the locator cell has as
    many `` | ``-separated parts, else every item with the whole cell."""
    items = quotes.split(" | ")
    parts = [p.strip() for p in (spec or "").split("|")]
    return list(zip(items, parts)) if len(parts) == len(items) else [(item, spec) for item in items]


def quote_problems(raw: RawSources, registry: Registry, left_out=None) -> list[Problem]:
    """Every quoted cell of the workbook, of the Part 4 files and of the amounts left out, and Annex I's
    verbatim copy."""
    problems = []
    memo: dict = {}  # each distinct locator cell read once
    for r in records(left_out) if left_out is not None else []:
        if r["text"] and (
            p := check_quote(registry, r["text"], r["lines"], dict(file=r["_file"], row=r["_row"], column="text"), memo)
        ):
            problems.append(p)
    located = ("_file", "_sheet", "_row", "source_lines", *TEXT_SPANS, *TEXT_SPANS.values())
    for r in records(raw.inventories, located):  # the cells read here only
        where = dict(file=r["_file"], sheet=r["_sheet"], row=r["_row"], column="source_lines")
        if p := locator_problem(registry, r["source_lines"], where, memo):
            problems.append(p)
        for text_col, span_col in TEXT_SPANS.items():
            if r.get(text_col) is None:
                continue
            quotes = paired(r[text_col], r[span_col]) if text_col == "other_names" else [(r[text_col], r[span_col])]
            where = dict(file=r["_file"], sheet=r["_sheet"], row=r["_row"], column=text_col)
            problems += [p for q, spec in quotes if (p := check_quote(registry, q, spec, where, memo))]
    for r in records(raw.amounts):
        where = dict(file=r["_file"], sheet=r["_sheet"], row=r["_row"], column="text")
        if p := check_quote(registry, r["text"], r["lines"], where, memo):
            problems.append(p)
    for name, columns in CSV_QUOTES.items():
        for r in records(getattr(raw, name)):
            for text_col, span_col in columns.items():
                if r.get(text_col) is None:
                    continue
                where = dict(file=r["_file"], row=r["_row"], column=text_col)
                if p := check_quote(registry, r[text_col], r[span_col], where, memo):
                    problems.append(p)
    for frame in raw.decisions.values():  # the step 5 decision files: every quote at its lines
        if "quote" not in frame.columns:
            continue
        for r in records(frame):
            if r["quote"] is None:
                continue
            where = dict(file=r["_file"], row=r["_row"], column="quote")
            if p := check_quote(registry, r["quote"], r["source_lines"], where, memo):
                problems.append(p)
    report = registry.report_lines
    for offset, line in enumerate(raw.annex_lines):
        lineno = ANNEX_FIRST_LINE + offset
        if lineno > len(report) or report[lineno - 1] != line:
            problems.append(
                Problem(ANNEX_FILE, f"is not the report's line L{lineno} verbatim", row=lineno, value=line[:80])
            )
    return problems
