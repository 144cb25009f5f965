"""Quotes checked where data enters: every quoted cell of ``data/raw/`` must stand word for word at the lines
it cites, in the registered text copy of its source, starting and ending on word boundaries (« 56 euros » is not a
quote of « 4 256 euros »); ``benchmark clean`` refuses it otherwise, naming the cell, the quote, the closest
passage at the cited lines and, when the quote stands elsewhere in the source, where.

Every check is linear in the size of the texts: the quote is searched with ``str.find`` (CPython's two-way search
for long needles), and the closest passage compares a bounded number of words."""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from benchmark.core.errors import Problem
from benchmark.core.parsing import records
from benchmark.core.spans import Locator, parse_locators
from benchmark.ingest.raw import ANNEX_FILE, ANNEX_FIRST_LINE, TEXT_SPANS, RawSources
from benchmark.ingest.sources import Registry, Source

# Quoted columns of the CSV sources and the column that gives each one's locator.
CSV_QUOTES = {
    "inspirations": {"title": "lines", "text": "lines", "sources": "lines", "category": "category_lines"},
    "needs": {"text": "lines"},
    "eligibility": {"quote": "source_lines", "status_quote": "status_lines"},
    "conditions": {"quote": "source_lines"},
    "links": {"url": "lines"},
}
# Locator cells that quote nothing but must still point at registered sources and at lines they have.
CSV_LOCATORS: dict[str, tuple[str, ...]] = {"currency": ("lines",), "problems": ("lines",)}
SHOWN = 160  # characters of a passage shown in a message
CLOSEST_WORDS = 40  # words of a quote the closest passage is sought for (bounded: linear in the cited text)
CLOSEST_TEXT = 50_000  # characters of cited text searched for the closest passage
WHERE_SHOWN = 3  # places a misplaced quote is said to stand at


def normalise(text: str) -> str:
    """Emphasis markers (``*``) and whitespace runs aside, the words as written."""
    return " ".join(text.replace("*", "").split())


@dataclass(frozen=True)
class _Text:
    """A source's lines normalised one by one, their whole text, and where each non-blank line starts in it."""

    each: list[str]
    whole: str
    starts: list[int]  # offset in ``whole`` of each non-blank line
    numbers: list[int]  # its line number (L1 = 1)

    def line_at(self, offset: int) -> int:
        return self.numbers[bisect.bisect_right(self.starts, offset) - 1]


# Each source's lines normalised once (a run checks tens of thousands of quotes against a few texts), keyed by
# the identity of the list of lines; the few most recent are kept.
_NORMALISED: dict[int, tuple[list[str], _Text]] = {}


def _text(lines: list[str]) -> _Text:
    hit = _NORMALISED.get(id(lines))
    if hit is None or hit[0] is not lines:
        if len(_NORMALISED) >= 8:
            _NORMALISED.pop(next(iter(_NORMALISED)))
        each = [normalise(line) for line in lines]
        starts, numbers, offset = [], [], 0
        for number, line in enumerate(each, start=1):
            if line:
                starts.append(offset)
                numbers.append(number)
                offset += len(line) + 1
        hit = _NORMALISED[id(lines)] = (lines, _Text(each, " ".join(n for n in each if n), starts, numbers))
    return hit[1]


def _normalised(lines: list[str]) -> tuple[list[str], str]:
    """``lines`` normalised one by one, and their whole text normalised."""
    found = _text(lines)
    return found.each, found.whole


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
            known = ", ".join(sorted(registry.sources))
            return (
                None,
                False,
                (
                    f"cites source {loc.source!r}, which data/raw/sources.csv does not register (it registers {known}): "
                    "add its row there, or correct the source id"
                ),
            )
        if source.lines is None:
            if loc.first is not None:
                return (
                    None,
                    False,
                    (
                        f"cites lines of {source.source_id}, which has no kept text copy (« non vérifiable »): cite it "
                        f"whole, as « {source.source_id} », or keep its text under data/raw/sources/ and register it"
                    ),
                )
            continue  # an interview or a page without a kept copy: the citation stands, nothing to compare
        each, whole = _normalised(source.lines)
        if loc.first is None or loc.last is None:
            parts.append(whole)
            continue
        if loc.last > len(source.lines) - 1:
            name = "the report" if loc.source is None else source.source_id
            return (
                None,
                False,
                (
                    f"cites L{loc.last} but {name} has {source.line_count} lines: a line number runs from L1 to "
                    f"L{source.line_count}"
                ),
            )
        parts.append(" ".join(n for n in each[loc.first - 1 : loc.last] if n))
    return " ".join(p for p in parts if p), not parts, None


def _is_word(char: str) -> bool:
    """A letter or a digit; a footnote's superscript (« Plus¹⁶ ») is neither."""
    return char.isalpha() or char.isdecimal()


def _digits(text: str, start: int, step: int) -> int:
    """How many digits stand in a row from ``start`` (``step`` 1) or before it (``step`` -1)."""
    count, i = 0, start if step == 1 else start - 1
    while 0 <= i < len(text) and text[i].isdecimal():
        count, i = count + 1, i + step
    return count


def _joins_digits(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a separator inside one number: a decimal mark or a thousands separator between
    digits (« 7,5 », « 1.500 », « 4 256 »; not « en 2019 250 projets », whose space follows four digits)."""
    if not (0 < i < len(text) - 1 and text[i] in " .," and text[i - 1].isdecimal() and text[i + 1].isdecimal()):
        return False
    return text[i] in ".," or (_digits(text, i, -1) <= 3 and _digits(text, i + 1, 1) == 3)


def _cut_inside(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` begins or ends inside a word or a number: a letter or digit on both sides of an
    edge, or a number's separator just outside it (« 56 euros » and « 256 euros » are both cut from « 4 256 euros »)."""
    if start > 0 and _is_word(text[start]) and _is_word(text[start - 1]):
        return True
    if end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
        return True
    return (text[start].isdecimal() and _joins_digits(text, start - 1)) or (
        text[end - 1].isdecimal() and _joins_digits(text, end)
    )


def _occurrences(quote: str, text: str):
    """Start offsets of ``quote`` in ``text``: whether one stands on word boundaries, and the first cut one."""
    first_cut = None
    at = text.find(quote)
    while at != -1:
        if not _cut_inside(text, at, at + len(quote)):
            return at, first_cut
        if first_cut is None:
            first_cut = at
        at = text.find(quote, at + 1)
    return None, first_cut


def _spans(found: _Text, at: int, size: int) -> str:
    first, last = found.line_at(at), found.line_at(at + max(0, size - 1))
    return f"L{first}" if first == last else f"L{first}-L{last}"


def where_quoted(registry: Registry, quote: str, locators: list[Locator]) -> list[str]:
    """The locators at which a normalised quote stands, on word boundaries, in the kept copies of the sources
    ``locators`` cite (the report when they cite its lines): at most ``WHERE_SHOWN``."""
    places: list[str] = []
    seen: set[str] = set()
    for loc in locators:
        source = registry.get(loc.source)
        if source is None or source.lines is None or source.source_id in seen:
            continue
        seen.add(source.source_id)
        found = _text(source.lines)
        if len(quote) > len(found.whole):
            continue
        prefix = "" if source is registry.report else f"{source.source_id}:"  # the report's lines need no id
        at = found.whole.find(quote)
        while at != -1 and len(places) < WHERE_SHOWN:
            if not _cut_inside(found.whole, at, at + len(quote)):
                places.append(prefix + _spans(found, at, len(quote)))
            at = found.whole.find(quote, at + 1)
    return list(dict.fromkeys(places))


def closest_passage(quote: str, text: str) -> str:
    """The stretch of ``text`` most like ``quote`` (same number of words, best difflib ratio), sought for the
    quote's first ``CLOSEST_WORDS`` words in the first ``CLOSEST_TEXT`` characters: bounded work per window."""
    quote = " ".join(quote.split()[:CLOSEST_WORDS])
    words, size = text[:CLOSEST_TEXT].split(), max(1, len(quote.split()))
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
# with the cited text normalised, whether nothing can be compared, and why it cannot be read.
Cited = tuple[str | None, list[Locator], tuple[str | None, bool, str | None] | None]


def _cited(registry: Registry, spec: str | None, memo: dict | None) -> Cited:
    """``(parse error, locators, cited_normalised(...))`` of ``spec``, from ``memo`` when it was read before
    (many cells cite the same lines, and each row's locators are read by several checks)."""
    if memo is not None and spec in memo:
        return memo[spec]
    try:
        locators = parse_locators(spec)
    except ValueError as exc:
        found: Cited = (str(exc), [], None)
    else:
        found = (None, locators, cited_normalised(registry, locators) if locators else None)
    if memo is not None:
        memo[spec] = found
    return found


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + " …"


def _whole_kept_sources(registry: Registry, locators: list[Locator]) -> list[Source]:
    """The sources with a kept copy that ``locators`` cite as a whole (by their id alone)."""
    found = []
    for loc in locators:
        source = registry.get(loc.source)
        if loc.first is None and source is not None and source.lines is not None:
            found.append(source)
    return found


def check_quote(
    registry: Registry,
    quote: str,
    spec: str | None,
    where: dict,
    memo: dict | None = None,
    lines_column: str | None = None,
) -> Problem | None:
    """A located problem when ``quote`` is not word for word at ``spec``, on word boundaries, else None. ``memo``
    (one dict per run and registry) keeps what each locator cell cites; ``lines_column`` names the cell that holds
    ``spec``, for the fix a message gives."""
    error, locators, cited = _cited(registry, spec, memo)
    in_column = f" in {lines_column}" if lines_column else ""
    if error is not None:
        return Problem(message=f"{error} (in {lines_column or 'the lines column'})", value=spec, **where)
    if not locators or cited is None:
        return Problem(
            message=f"a quoted cell needs the lines it quotes: write them{in_column or ' beside it'} (L123 or "
            "L123-L130 for the report, source-id:L12 for another source)",
            value=quote,
            **where,
        )
    text, uncheckable, why = cited
    if text is None:
        return Problem(message=why or "the cited lines cannot be read", value=spec, **where)
    quoted = normalise(quote)
    whole = _whole_kept_sources(registry, locators)
    if whole:
        places = where_quoted(registry, quoted, locators)
        at = f": the quote is at {'; '.join(places)}, write that{in_column}" if places else ""
        return Problem(
            message=f"cites {whole[0].source_id} as a whole: a quote names the lines it quotes{at}",
            value=spec,
            **where,
        )
    if uncheckable:
        return None
    good, cut = _occurrences(quoted, text)
    if good is not None:
        return None
    shown = _shown(quote)
    if cut is not None:
        context = text[max(0, cut - 30) : cut + len(quoted) + 30]
        return Problem(
            message=f"the quote « {shown} » begins or ends inside a word or a number at {spec} (« …{context}… »): "
            "quote whole words and whole numbers",
            value=quote,
            **where,
        )
    places = [p for p in where_quoted(registry, quoted, locators) if p != spec]
    elsewhere = f"; it is at {'; '.join(places)}: write that{in_column}" if places else ""
    if not text:  # a kept copy whose cited lines are blank: the quote is not there
        return Problem(
            message=f"the quote « {shown} » is not at {spec}: those lines are blank{elsewhere}", value=spec, **where
        )
    closest = "" if len(quoted) > 4 * len(text) else f"; closest passage there: « {closest_passage(quoted, text)} »"
    longer = f" (the quote is longer than the {len(text)} characters of those lines)" if closest == "" else ""
    return Problem(
        message=f"the quote « {shown} » is not at {spec}{longer}{closest}{elsewhere}",
        value=None,
        **where,
    )


def locator_problem(registry: Registry, spec: str | None, where: dict, memo: dict | None = None) -> Problem | None:
    """A locator cell that is not a quote (``source_lines``) must still point at registered sources and lines."""
    error, _, cited = _cited(registry, spec, memo)
    why = error if error is not None else (cited[2] if cited is not None else None)
    return None if why is None else Problem(message=why, value=spec, **where)


def locator_problems(registry: Registry, frame, columns: tuple[str, ...], memo: dict | None = None) -> list[Problem]:
    """``locator_problem`` of each filled cell of ``columns`` in a raw CSV's frame (with ``_file`` and ``_row``)."""
    found = []
    for r in records(frame):
        for column in columns:
            where = dict(file=r["_file"], row=r["_row"], column=column)
            if r.get(column) is not None and (p := locator_problem(registry, r[column], where, memo)):
                found.append(p)
    return found


def paired(quotes: str, spec: str | None) -> list[tuple[str, str | None]]:
    """The items of a `` | ``-joined quoted cell with their locators: item by item when the locator cell has as
    many `` | ``-separated parts, else every item with the whole cell."""
    items = quotes.split(" | ")
    parts = [p.strip() for p in (spec or "").split("|")]
    return list(zip(items, parts)) if len(parts) == len(items) else [(item, spec) for item in items]


_PASSAGE = re.compile(r"«\s*([^»]+?)\s*»|<(https?://[^>\s]+)>")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


def passages(detail: str) -> list[str]:
    """What a declared problem's ``detail`` quotes: each « … » (cut at its ellipses) and each <link> as written."""
    found = []
    for words, link in _PASSAGE.findall(detail or ""):
        found += [normalise(piece) for piece in _ELLIPSIS.split(words) if piece.strip()] if words else [link]
    return [p for p in found if p]


def declared_problem_lines(registry: Registry, frame, memo: dict | None = None) -> list[Problem]:
    """A mistake declared in ``source_problems.csv`` stands at its lines: among the passages its ``detail`` quotes,
    at least one is at ``lines`` (the others may be a correction, or the other side of a contradiction), and a
    correction's ``correction_from`` is there too. Otherwise the row is refused, naming where the passage is."""
    problems = []
    for r in records(frame):
        where = dict(file=r["_file"], row=r["_row"], column="lines")
        error, locators, cited = _cited(registry, r["lines"], memo)
        if error is not None or cited is None or cited[0] is None or cited[1]:
            continue  # an unreadable locator is locator_problem's; a source without a copy cannot be checked
        text = cited[0]
        quoted = passages(r["detail"])
        if not quoted:
            problems.append(
                Problem(
                    message="detail quotes nothing of the source, so its lines cannot be checked: quote the mistaken "
                    "words between « » (or a link as written between < >)",
                    value=r["detail"][:SHOWN],
                    **dict(where, column="detail"),
                )
            )
            continue
        if not any(_occurrences(q, text)[0] is not None for q in quoted):
            found = [(q, places) for q in quoted if (places := where_quoted(registry, q, locators))]
            at = f": « {_shown(found[0][0])} » is at {'; '.join(found[0][1])}" if found else ""
            problems.append(
                Problem(
                    message=f"none of the passages detail quotes stands at {r['lines']}{at}. Write in lines where the "
                    "mistake stands",
                    value=r["lines"],
                    **where,
                )
            )
            continue  # correction_from is read at the lines once they are right
        source_cell = r.get("correction_from")
        if source_cell and _occurrences(normalise(source_cell), text)[0] is None:
            problems.append(
                Problem(
                    message=f"correction_from « {_shown(source_cell)} » is not at {r['lines']}: it must be the "
                    "source's words where the mistake stands",
                    value=source_cell,
                    **dict(where, column="correction_from"),
                )
            )
    return problems


def quote_problems(raw: RawSources, registry: Registry, left_out=None) -> list[Problem]:
    """Every quoted cell of the workbook, of the Part 4 files and of the amounts left out, every other locator
    cell of those files, and Annex I's verbatim copy."""
    problems = []
    memo: dict = {}  # each distinct locator cell read once
    for r in records(left_out) if left_out is not None else []:
        where = dict(file=r["_file"], row=r["_row"], column="text")
        if r["text"] and (p := check_quote(registry, r["text"], r["lines"], where, memo, "lines")):
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
            problems += [p for q, spec in quotes if (p := check_quote(registry, q, spec, where, memo, span_col))]
    for r in records(raw.amounts):
        where = dict(file=r["_file"], sheet=r["_sheet"], row=r["_row"], column="text")
        if p := check_quote(registry, r["text"], r["lines"], where, memo, "lines"):
            problems.append(p)
    for name, columns in CSV_QUOTES.items():
        for r in records(getattr(raw, name)):
            for text_col, span_col in columns.items():
                if r.get(text_col) is None:
                    continue
                where = dict(file=r["_file"], row=r["_row"], column=text_col)
                if p := check_quote(registry, r[text_col], r[span_col], where, memo, span_col):
                    problems.append(p)
    for frame in raw.decisions.values():  # the step 5 decision files: every quote at its lines
        if "quote" not in frame.columns:
            continue
        for r in records(frame):
            if r["quote"] is None:
                continue
            where = dict(file=r["_file"], row=r["_row"], column="quote")
            if p := check_quote(registry, r["quote"], r["source_lines"], where, memo, "source_lines"):
                problems.append(p)
    for name, locator_columns in CSV_LOCATORS.items():
        problems += locator_problems(registry, getattr(raw, name), locator_columns, memo)
    problems += declared_problem_lines(registry, raw.problems, memo)
    report = registry.report_lines
    for offset, line in enumerate(raw.annex_lines):
        lineno = ANNEX_FIRST_LINE + offset
        if lineno > len(report) or report[lineno - 1] != line:
            problems.append(
                Problem(ANNEX_FILE, f"is not the report's line L{lineno} verbatim", row=lineno, value=line[:80])
            )
    return problems
