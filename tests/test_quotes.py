"""Quote checks read the sources' lines normalised once: the same verdicts as joining the cited lines each time."""

from __future__ import annotations

import random

import pytest

from benchmark import paths
from benchmark.quotes import check_quote, cited_normalised, normalise
from benchmark.sources import Registry, Source, load_sources
from benchmark.spans import parse_locators


def joined_each_time(registry: Registry, spec: str) -> tuple[str | None, str | None]:
    """The definition: each locator's lines joined by spaces, the locators' texts joined by spaces."""
    parts = []
    for loc in parse_locators(spec):
        source = registry.get(loc.source)
        if source is None:
            return None, "unregistered"
        if source.lines is None:
            continue
        if loc.first is None or loc.last is None:
            parts.append(" ".join(source.lines))
        elif loc.last > len(source.lines) - 1:
            return None, "too far"
        else:
            parts.append(" ".join(source.lines[loc.first - 1 : loc.last]))
    return " ".join(parts), None


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
        text, _ = joined_each_time(registry, spec)
        found, empty, why = cited_normalised(registry, parse_locators(spec))
        assert (found is None) == (text is None), spec
        if text is not None:
            assert found == normalise(text) and empty == (text == ""), spec
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
