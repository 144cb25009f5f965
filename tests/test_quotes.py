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
    assert check_quote(with_interview, "ce qui a été dit", "entretien:L1", {"file": "f"}) is None
    assert check_quote(with_interview, "ce qui a été dit", "L2", {"file": "f"}) is not None
