"""Quote checks read the sources' lines normalised once: the same verdicts as joining the cited lines each time."""

from __future__ import annotations

import random

import pytest

from benchmark.core import paths
from benchmark.core.spans import parse_locators
from benchmark.ingest.quotes import check_quote, cited_normalised, normalise
from benchmark.ingest.sources import Registry, Source, load_sources


def joined_each_time(registry: Registry, spec: str) -> tuple[str | None, str | None, bool]:
    """The definition: each locator's lines joined by spaces, the locators' texts joined by spaces; and whether no
    cited source has a kept copy (nothing to compare the quote with)."""
    parts = []
    for loc in parse_locators(spec):
        source = registry.get(loc.source)
        if source is None:
            return None, "unregistered", False
        if source.lines is None:
            continue
        if loc.first is None or loc.last is None:
            parts.append(" ".join(source.lines))
        elif loc.last > len(source.lines) - 1:
            return None, "too far", False
        else:
            parts.append(" ".join(source.lines[loc.first - 1 : loc.last]))
    return " ".join(parts), None, not parts


@pytest.fixture(scope="module")
def registry() -> Registry:
    import json

    meta = json.loads((paths.RAW / "source.json").read_text(encoding="utf-8"))
    found = load_sources(paths.RAW, meta, problems := [])
    assert found is not None, problems
    return found


def test_cited_text_is_the_cited_lines_joined_then_normalised(registry):
    count = registry.report.line_count
    rng = random.Random(14)
    specs = [f"L{a}-L{a + rng.randrange(0, 6)}" for a in rng.sample(range(1, count - 6), 300)]
    specs += [f"L{a}; L{b}" for a, b in zip(rng.sample(range(1, count), 50), rng.sample(range(1, count), 50))]
    specs += [f"{s}:L1-L2" for s in registry.sources if s != registry.report.source_id]
    specs += [f"L{count}", f"L{count + 1}", "L1 | L2-L4", "unknown-source:L3"]
    for spec in specs:
        text, _, nothing_kept = joined_each_time(registry, spec)
        found, uncheckable, why = cited_normalised(registry, parse_locators(spec))
        assert (found is None) == (text is None), spec
        if text is not None:
            assert found == normalise(text) and uncheckable == nothing_kept, spec
        else:
            assert why


def test_a_quote_is_found_at_its_lines_and_refused_elsewhere(registry, source_lines):
    line = next(i for i, text in enumerate(source_lines, start=1) if len(text.split()) > 12)
    quote = " ".join(source_lines[line - 1].split()[3:10])
    assert check_quote(registry, quote, f"L{line}", {"file": "f"}) is None
    assert check_quote(registry, f"*{quote}*", f"L{line - 1}-L{line + 1}", {"file": "f"}) is None
    refused = check_quote(registry, quote + " mot ajouté", f"L{line}", {"file": "f", "row": 3})
    assert refused is not None and f"is not at L{line}; closest passage there: « {quote}" in refused.message


def test_a_changed_copy_is_normalised_again():
    lines = ["Un texte *souligné*", ""]
    first = Registry({"r": Source("r", "report", "R", lines)}, Source("r", "report", "R", lines))
    assert cited_normalised(first, parse_locators("L1")) == ("Un texte souligné", False, None)
    other = ["Un autre texte", ""]
    second = Registry({"r": Source("r", "report", "R", other)}, Source("r", "report", "R", other))
    assert cited_normalised(second, parse_locators("L1")) == ("Un autre texte", False, None)


def test_a_quote_citing_blank_lines_is_refused_and_one_without_a_kept_copy_stands(registry, source_lines):
    """A blank cited line used to pass any quote; a source with no kept copy (an interview) cannot be compared."""
    blank = next(i for i, text in enumerate(source_lines, start=1) if i > 1 and not text.strip())
    refused = check_quote(registry, "une phrase du rapport", f"L{blank}", {"file": "f", "row": 2, "column": "quote"})
    assert refused is not None and f"is not at L{blank}: those lines are blank" in refused.message
    assert (refused.row, refused.column) == (2, "quote")
    report = Source("r", "report", "R", ["Une ligne", ""])
    with_interview = Registry({"r": report, "entretien": Source("entretien", "interview", "E", None)}, report)
    assert check_quote(with_interview, "ce qui a été dit", "entretien", {"file": "f"}) is None
    assert check_quote(with_interview, "ce qui a été dit", "L2", {"file": "f"}) is not None


# --- issue 29 item 3 and issue 27: boundaries, where a misplaced quote is, whole-source citations ---------------


def where(**cell):
    return {"file": "inventories.xlsx", "sheet": "amounts", "row": 5, "column": "text", **cell}


def test_a_quote_cut_inside_a_number_is_refused(registry):
    """« 56 euros » is a fragment of « une prime unique de 4 256 euros » (L145): the amount would become 56 €."""
    for cut in ("56 euros", "256 euros", "une prime unique de 4"):
        refused = check_quote(registry, cut, "L145", where(), lines_column="lines")
        assert refused is not None, cut
        assert "begins or ends inside a word or a number at L145" in refused.message
        assert "4 256 euros" in refused.message and "quote whole words and whole numbers" in refused.message
    assert check_quote(registry, "une prime unique de 4 256 euros", "L145", where()) is None


def test_a_quote_cut_inside_a_word_is_refused(registry, source_lines):
    line = source_lines[144]
    word = next(w for w in line.split() if len(w) > 8 and w.isalpha())
    refused = check_quote(registry, word[2:], "L145", where())
    assert refused is not None and "inside a word" in refused.message


def test_a_quote_at_the_wrong_lines_says_where_it_is(registry, source_lines):
    """The Digibrux description stands at L324; cited at L320 the message names L324 and the cell to fix."""
    quote = "Digibrux organise des séminaires et workshops"
    assert quote in source_lines[323]
    refused = check_quote(registry, quote, "L320", where(column="description"), lines_column="description_lines")
    assert refused is not None
    assert f"the quote « {quote} » is not at L320" in refused.message
    assert "it is at L324: write that in description_lines" in refused.message


def test_a_quote_nowhere_in_the_source_names_no_place(registry):
    refused = check_quote(registry, "une phrase que le rapport ne contient pas", "L320", where())
    assert refused is not None and "it is at" not in refused.message and "closest passage there" in refused.message


def test_a_quote_citing_the_bare_report_id_names_its_lines(registry):
    """The report's id alone would check the quote against the whole report: any sentence would pass."""
    report_id = registry.report.source_id
    refused = check_quote(registry, "une prime unique de 4 256 euros", report_id, where(), lines_column="lines")
    assert refused is not None
    assert f"cites {report_id} as a whole: a quote names the lines it quotes" in refused.message
    assert "the quote is at L145, write that in lines" in refused.message


def test_lines_of_a_source_without_a_kept_copy_are_refused(registry):
    """A web page registered « non vérifiable » has no lines: a made-up `web-x:L1` is refused, the page whole stands."""
    report = registry.report
    page = Source("web-x", "web_page", "Une page", None)
    both = Registry({report.source_id: report, "web-x": page}, report)
    refused = check_quote(both, "Maximum 10 000 € par an", "web-x:L1", where())
    assert refused is not None and "has no kept text copy" in refused.message and "« web-x »" in refused.message
    assert check_quote(both, "Maximum 10 000 € par an", "web-x", where()) is None


@pytest.mark.parametrize("spec, message", [("L0", "numbered from L1"), ("L12-L3", "ends before it starts")])
def test_impossible_line_numbers_are_refused(registry, spec, message):
    refused = check_quote(registry, "une prime unique de 4 256 euros", spec, where(), lines_column="lines")
    assert refused is not None and message in refused.message and refused.value == spec


def test_a_long_quote_is_refused_with_bounded_work(registry):
    """A 1 MB description: refused without comparing a megabyte against every window of the cited lines (the
    whole check is linear; its time is measured in benchmarks/, not here)."""
    import difflib

    calls = []
    real = difflib.SequenceMatcher.ratio

    def counted(self):
        calls.append(len(self.b))
        return real(self)

    quote = "une prime unique " * 60_000
    try:
        difflib.SequenceMatcher.ratio = counted
        refused = check_quote(registry, quote, "L140-L150", where())
    finally:
        difflib.SequenceMatcher.ratio = real
    assert refused is not None and "is not at L140-L150" in refused.message
    assert all(size <= 40 * 20 for size in calls)
