"""Headline quantities, read in Chromium from every page of reports/ as a reader sees it: a number named on several
pages (``<data data-q="…">``) has one value everywhere — synthesis, reports 01–07, catalogue, index and finder —, the
value the clean tables give, and every name is defined in the codebook (« Quantités de tête »)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from benchmark.analysis import eligibility
from benchmark.analysis.units import counting_units
from benchmark.core import paths
from benchmark.registry.codes import STAGES


@pytest.fixture(scope="module")
def seen(site, browser) -> dict[str, dict[str, set[str]]]:
    """name → value → the pages that give it, read in Chromium from each page as a reader sees it (its scripts
    run: a number a script rewrote would be read as rewritten)."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    for path in sorted(site.glob("*.html")):
        page.goto(path.as_uri(), wait_until="load")
        for name, value in page.eval_on_selector_all("data[data-q]", "els => els.map(e => [e.dataset.q, e.value])"):
            found[name][value].add(path.name)
    context.close()
    return found


def test_a_named_quantity_has_one_value_on_every_page(seen):
    assert seen, "no page marks a headline quantity"
    split = {name: {v: sorted(p) for v, p in values.items()} for name, values in seen.items() if len(values) > 1}
    assert not split, f"one quantity, several values: {split}"


def test_the_brussels_answer_is_the_same_number_wherever_it_is_given(seen, tables):
    """« What can a Brussels ASBL obtain? » is asked on the synthesis, report 04, report 05 and the finder: each gives
    the eligibility model's count, overall and per stage."""
    counted = eligibility.counts(tables)
    for name, pages in (
        ("brussels-obtainable", {"synthese.html", "04_publics_cibles_et_acces.html", "aides-asbl.html"}),
        ("brussels-obtainable-outright", {"synthese.html", "04_publics_cibles_et_acces.html", "aides-asbl.html"}),
        ("brussels-obtainable-conditional", {"synthese.html", "04_publics_cibles_et_acces.html", "aides-asbl.html"}),
    ):
        key = {"brussels-obtainable": "total"}.get(name, name.rsplit("-", 1)[-1])
        assert dict(seen[name]) and set(seen[name]) == {str(counted[key])}, (name, dict(seen[name]))
        assert pages <= set().union(*seen[name].values()), (name, dict(seen[name]))
    per_stage = eligibility.stage_gaps(tables)
    for stage in STAGES:
        name = f"brussels-obtainable-{stage}"
        total = int(per_stage.at[stage, "outright"] + per_stage.at[stage, "conditional"])
        assert set(seen[name]) == {str(total)}, (name, dict(seen[name]))
        assert {"05_etapes_du_parcours.html", "aides-asbl.html"} <= set().union(*seen[name].values())


def test_inventory_and_step_5_counts_are_the_tables(seen, tables):
    expected = {
        "inventory-rows": len(tables["instruments"]),  # report 01, the catalogue and the index
        "instruments": len(counting_units(tables["instruments"])),
        "options": len(tables["step5_options"]),
        "inspirations": len(tables["recommendations"]),
        "needs": len(tables["needs"]),
    }
    for name, value in expected.items():
        assert set(seen[name]) == {str(value)}, (name, dict(seen[name]))
    assert {"01_inventaire_et_qualite.html", "catalogue.html", "index.html"} <= set().union(
        *seen["inventory-rows"].values()
    )


def test_every_name_is_defined_in_the_codebook(seen):
    section = (paths.ROOT / "docs" / "codebook.md").read_text(encoding="utf-8").split("## Quantités de tête", 1)[1]
    section = section.split("\n## ", 1)[0]
    defined = set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.M))
    used = {re.sub(rf"-({'|'.join(STAGES)})$", "-<étape>", n) for n in seen}
    assert used <= defined, f"names the codebook does not define: {sorted(used - defined)}"
