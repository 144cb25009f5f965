"""Quotes checked where data enters: every quoted cell of ``data/raw/`` must stand word for word at the lines
it cites, in the registered text copy of its source; ``benchmark clean`` refuses it otherwise, naming the cell,
the quote, the lines and the closest passage found there."""

from __future__ import annotations

import difflib

from benchmark.annex import FIRST_LINE as ANNEX_FIRST_LINE
from benchmark.errors import Problem
from benchmark.parsing import records
from benchmark.raw import ANNEX_FILE, TEXT_SPANS, RawSources
from benchmark.sources import Registry
from benchmark.spans import Locator, parse_locators

# Quoted columns of the CSV sources and the column that gives each one's locator.
CSV_QUOTES = {
    "inspirations": {"title": "lines", "text": "lines", "sources": "lines", "category": "category_lines"},
    "needs": {"text": "lines"},
}
SHOWN = 160  # characters of a passage shown in a message


def normalise(text: str) -> str:
    """Emphasis markers (``*``) and whitespace runs aside, the words as written."""
    return " ".join(text.replace("*", "").split())


def cited_text(registry: Registry, locators: list[Locator]) -> tuple[str | None, str | None]:
    """The text of the cited lines, or (None, why) when a locator cannot be followed."""
    parts = []
    for loc in locators:
        source = registry.get(loc.source)
        if source is None:
            return None, f"cites source {loc.source!r}, which data/raw/sources.csv does not register"
        if source.lines is None:
            continue  # an interview or a page without a kept copy: the citation stands, nothing to compare
        if loc.first is None:
            parts.append(" ".join(source.lines))
            continue
        if loc.last > source.line_count:
            return None, f"cites L{loc.last} but {source.source_id} has {source.line_count} lines"
        parts.append(" ".join(source.lines[loc.first - 1 : loc.last]))
    return " ".join(parts), None


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


def check_quote(registry: Registry, quote: str, spec: str | None, where: dict) -> Problem | None:
    """A located problem when ``quote`` is not word for word at ``spec``, else None."""
    try:
        locators = parse_locators(spec)
    except ValueError as exc:
        return Problem(message=str(exc), value=spec, **where)
    if not locators:
        return Problem(message="a quoted cell needs the lines it quotes", value=quote, **where)
    text, why = cited_text(registry, locators)
    if text is None:
        return Problem(message=why, value=spec, **where)
    if normalise(quote) in normalise(text) or not text:
        return None
    shown = quote if len(quote) <= SHOWN else quote[:SHOWN] + " …"
    return Problem(
        message=f"the quote « {shown} » is not at {spec}; closest passage there: "
        f"« {closest_passage(normalise(quote), normalise(text))} »",
        value=None,
        **where,
    )


def locator_problem(registry: Registry, spec: str | None, where: dict) -> Problem | None:
    """A locator cell that is not a quote (``source_lines``) must still point at registered sources and lines."""
    try:
        _, why = cited_text(registry, parse_locators(spec))
    except ValueError as exc:
        why = str(exc)
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
    for r in records(left_out) if left_out is not None else []:
        if r["text"] and (
            p := check_quote(registry, r["text"], r["lines"], dict(file=r["_file"], row=r["_row"], column="text"))
        ):
            problems.append(p)
    for r in records(raw.inventories):
        where = dict(file=r["_file"], sheet=r["_sheet"], row=r["_row"], column="source_lines")
        if p := locator_problem(registry, r["source_lines"], where):
            problems.append(p)
        for text_col, span_col in TEXT_SPANS.items():
            if r.get(text_col) is None:
                continue
            quotes = paired(r[text_col], r[span_col]) if text_col == "other_names" else [(r[text_col], r[span_col])]
            where = dict(file=r["_file"], sheet=r["_sheet"], row=r["_row"], column=text_col)
            problems += [p for q, spec in quotes if (p := check_quote(registry, q, spec, where))]
    for r in records(raw.amounts):
        where = dict(file=r["_file"], sheet=r["_sheet"], row=r["_row"], column="text")
        if p := check_quote(registry, r["text"], r["lines"], where):
            problems.append(p)
    for name, columns in CSV_QUOTES.items():
        for r in records(getattr(raw, name)):
            for text_col, span_col in columns.items():
                if r.get(text_col) is None:
                    continue
                where = dict(file=r["_file"], row=r["_row"], column=text_col)
                if p := check_quote(registry, r[text_col], r[span_col], where):
                    problems.append(p)
    report = registry.report.lines
    for offset, line in enumerate(raw.annex_lines):
        lineno = ANNEX_FIRST_LINE + offset
        if lineno > len(report) or report[lineno - 1] != line:
            problems.append(
                Problem(ANNEX_FILE, f"is not the report's line L{lineno} verbatim", row=lineno, value=line[:80])
            )
    return problems
