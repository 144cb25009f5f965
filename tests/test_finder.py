"""The finder page's data: which aids answer each stage question (computed here from the clean CSVs), each with its
conditions beside its amounts and what the report says of its time; the aids an ASBL cannot use apart with their
reason; official links word for word at their line."""

from __future__ import annotations

import csv
import html
import re

import pandas as pd
import pytest
from report_source import SOURCE as REPORT_SOURCE

from benchmark.analysis.units import counting_units
from benchmark.clean.load import load_clean
from benchmark.core import paths
from benchmark.core.errors import DataError
from benchmark.core.spans import parse_spans
from benchmark.present.formatting import label
from benchmark.publish import finder
from benchmark.registry.codes import STAGES


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(paths.CLEAN / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def report_lines() -> list[str]:
    return REPORT_SOURCE.read_text(encoding="utf-8").split("\n")


def expected_obtainable(stage: str | None = None) -> set[str]:
    """From the CSVs themselves: the eligibility model says a Brussels ASBL can obtain it (yes or under conditions,
    not ended), at the counting level (a programme whose components are listed is not), serving the stage."""
    eligibility = {r["instrument_id"]: r for r in csv_rows("eligibility.csv")}
    instruments = csv_rows("instruments.csv")
    parents = {r["parent_id"] for r in instruments if r["parent_id"]}
    return {
        r["instrument_id"]
        for r in instruments
        if eligibility[r["instrument_id"]]["brussels_asbl"] in ("yes", "conditional")
        and eligibility[r["instrument_id"]]["time_status"] != "closed"  # an offer the report says has ended
        and r["instrument_id"] not in parents
        and (stage is None or stage in [s.strip() for s in r["stages"].split(";")])
    }


@pytest.fixture(scope="module")
def tables():
    return load_clean(paths.CLEAN)


@pytest.fixture(scope="module")
def data(tables):
    return finder.finder_data(tables)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_question_returns_exactly_the_obtainable_aids(data, stage):
    shown = {c["id"] for c in data["aids"] if stage in c["stages"]}
    assert shown == expected_obtainable(stage)
    assert next(s["count"] for s in data["stages"] if s["code"] == stage) == len(shown)


def test_known_answers_of_the_report(data):
    ids = {c["id"] for c in data["aids"]}
    assert ids == expected_obtainable()
    # Digibrux is dedicated to Brussels associations (L320) and offers a 360° diagnosis (L324).
    assert "bru-digibrux" in {c["id"] for c in data["aids"] if "diagnosis" in c["stages"]}
    # The call « ne s'adresse donc pas directement aux organisations non-marchandes » (L386): never offered.
    apart = {c["id"]: c for c in data["apart"]}
    assert "bru-appel-numerique-transition-economique" not in ids
    assert "bru-appel-numerique-transition-economique" in apart
    # Prime Web is for micro and small enterprises of some sectors (L294): offered under its conditions.
    prime = next(c for c in data["aids"] if c["id"] == "bru-prime-web")
    assert prime["answer"] == "conditional"
    assert {k["effect"] for k in prime["conditions"]} >= {"eligibility"}
    assert any("L294" in k["lines"] for k in prime["conditions"])


def test_no_aid_is_offered_to_an_asbl_that_its_lines_exclude(data, tables):
    """An aid whose eligibility says no, not stated, or outside Brussels is never among the aids offered; the phishing
    campaign for citizens (L585) and the cheque that excludes ASBL (L537) are apart."""
    eligibility = tables["eligibility"].set_index("instrument_id")
    for card in data["aids"]:
        assert eligibility.at[card["id"], "brussels_asbl"] in ("yes", "conditional")
    apart = {c["id"] for c in data["apart"]}
    assert {"wal-campagne-detournement-logos", "wal-cheque-maturite-numerique"} <= apart


def test_every_amount_shown_as_obtainable_has_its_conditions_and_its_kind(data):
    for card in data["aids"]:
        if card["ceiling_text"]:
            assert "—" in card["ceiling_text"]  # « 5 000 € — pour une organisation, par an »
            if card["answer"] == "conditional":
                assert any(k["effect"] == "eligibility" for k in card["conditions"])


def test_cards_say_what_the_report_says_of_time_never_today(data):
    for card in data["aids"] + data["apart"]:
        assert card["dates"].startswith("Selon le rapport (février 2024)")
    page = finder.render_finder(data)
    assert "aujourd'hui" not in re.sub(r"encore aujourd'hui", "", page)


def test_aids_cannot_use_are_apart_with_a_reason(data, tables):
    eligibility = tables["eligibility"].set_index("instrument_id")
    instruments = tables["instruments"].set_index("instrument_id")
    apart = {c["id"]: c for c in data["apart"]}
    assert not expected_obtainable() & set(apart)
    for iid, card in apart.items():
        assert card["reason"] and card["why"], iid
        if eligibility.at[iid, "brussels_asbl"] == "outside":
            assert label(instruments.at[iid, "jurisdiction"]) in card["reason"]
    # Every direct support a Brussels ASBL cannot obtain is listed apart, a programme and its volets once (counting
    # units): nothing silently dropped.
    units = set(counting_units(tables["instruments"])["instrument_id"])
    direct = set(instruments.index[instruments["primary_type"] != "strategy"]) & units
    assert set(apart) == direct - expected_obtainable()
    # The Brussels call funds providers (L386): its reason is that exclusion, in the researchers' words.
    assert apart["bru-appel-numerique-transition-economique"]["reason"].startswith("Finance des prestataires")


def test_an_aid_reserved_to_a_sector_carries_it_for_the_filter(data):
    """The youth subsidies are for agreed youth associations (L398): the « Mon secteur » filter knows the sector."""
    youth = next(c for c in data["aids"] if c["id"] == "bru-subsides-projets-jeunesse")
    assert youth["sector"] == "Jeunesse" and youth["sector"] in data["sectors"]


def test_help_kinds_follow_every_type_an_aid_lists():
    assert finder.help_kinds(["grant"]) == ["money"]
    assert finder.help_kinds(["advisory", "training"]) == ["support", "training"]
    assert finder.help_kinds(["in_kind", "information"]) == ["support", "tool"]
    assert finder.help_kinds(["strategy"]) == []


def test_cards_show_stated_euros_beside_dollars(data, tables):
    """Fonds C: « jusqu'à 10 000$ (soit 6 775€) » (L886): the card shows 6 775 €, the report's figure."""
    cards = {c["id"]: c for c in data["aids"] + data["apart"]}
    fonds_c = cards["qc-fonds-c-desjardins"]["amounts"]
    assert any(a["value"].startswith("6\u202f775\u202f€") and "dans le rapport" in a["value"] for a in fonds_c)
    prime = [i for i in cards["bru-prime-web"]["amounts"] if i["label"] == label("per_year")]
    assert prime and prime[0]["value"].startswith("5\u202f000") and "L300" in prime[0]["lines"]


def test_official_links_stand_word_for_word_at_their_line(tables):
    lines = report_lines()
    links = tables["links"]
    assert len(links)
    for row in links.itertuples():
        ((start, end),) = parse_spans(row.source_lines)
        assert any(f"<{row.url}>" in lines[n - 1] for n in range(start, end + 1)), row
    assert {("bru-prime-web", "https://economie-emploi.brussels/prime-web", "L292")} <= set(
        zip(links["instrument_id"], links["url"], links["source_lines"])
    )


def test_a_stage_with_nothing_obtainable_shows_the_inspirations_from_elsewhere(tables):
    instruments = tables["instruments"].copy()
    usable = expected_obtainable("diagnosis")
    instruments["stages"] = [
        [s for s in stages if s != "diagnosis"] if iid in usable else stages
        for iid, stages in zip(instruments["instrument_id"], instruments["stages"])
    ]
    data = finder.finder_data({**tables, "instruments": instruments})
    inspirations = {i for ids in tables["recommendations"]["instrument_ids"] for i in ids}
    expected = {
        r.instrument_id
        for r in instruments.itertuples()
        if r.instrument_id in inspirations and not r.covers_brussels and "diagnosis" in r.stages
    }
    assert expected, "Part 4 names peers serving diagnosis (e.g. TNEC, L1003-L1023)"
    assert {c["id"] for c in data["elsewhere"]["diagnosis"]} == expected
    assert all(c["reason"].startswith("Hors de Bruxelles") for c in data["elsewhere"]["diagnosis"])
    assert "Ces aides ne sont pas disponibles à Bruxelles" in finder.render_finder(data)


def test_the_page_lists_every_aid_without_javascript_and_escapes_data(tables):
    instruments = tables["instruments"].copy()
    instruments.loc[instruments["instrument_id"] == "bru-digibrux", "description"] = "<script>alert(1)</script>"
    page = finder.render_finder(finder.finder_data({**tables, "instruments": instruments}))
    assert "<script>alert(1)</script>" not in page and html.escape("<script>alert(1)</script>") in page
    for iid in expected_obtainable():
        assert re.search(rf'id="aide-{re.escape(iid)}" data-id="{re.escape(iid)}"', page), iid
    assert '<html lang="fr">' in page and "/*FINDER_" not in page


def test_the_page_marks_its_headline_counts(data):
    page = finder.render_finder(data)
    n = len(expected_obtainable())
    assert f'<data value="{n}" data-q="brussels-obtainable">' in page


def test_the_index_links_the_finder():
    from benchmark.publish.reports import build_info, render_index

    assert f'href="{finder.PAGE}"' in render_index([], build_info(), None)


def test_default_order_puts_digital_aids_then_outright_first(data):
    keys = [
        (not c["digital"], c["rank"], -(c["ceiling_eur"] if c["ceiling_eur"] is not None else -1.0))
        for c in data["aids"]
    ]
    assert keys == sorted(keys)


def test_an_instrument_added_to_the_tables_joins_its_stage(tables):
    instruments = tables["instruments"]
    template = instruments[instruments["instrument_id"] == "bru-digibrux"].copy()
    template["instrument_id"] = "bru-new-aid"
    template["name"] = "Nouvelle aide"
    template["stages"] = [["diagnosis"]]
    eligibility = tables["eligibility"]
    row = eligibility[eligibility["instrument_id"] == "bru-digibrux"].copy()
    row["instrument_id"] = "bru-new-aid"
    data = finder.finder_data(
        {
            **tables,
            "instruments": pd.concat([instruments, template], ignore_index=True),
            "eligibility": pd.concat([eligibility, row], ignore_index=True),
        }
    )
    assert "bru-new-aid" in {c["id"] for c in data["aids"] if "diagnosis" in c["stages"]}
    assert (
        next(s["count"] for s in data["stages"] if s["code"] == "diagnosis")
        == len(expected_obtainable("diagnosis")) + 1
    )


def test_an_empty_link_cell_is_a_located_error(raw_copy):
    from benchmark.clean.pipeline import clean

    rows = (raw_copy / "instrument_links.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = "bru-prime-web,,L292,no url"
    (raw_copy / "instrument_links.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"instrument_links\.csv row 2, column url"):
        clean(raw_copy)


def test_each_aids_text_ends_where_a_sentence_ends(data):
    """« Ce que l'aide apporte » never ends on a colon (an excerpt cut before the list it announces, L340-L355)."""
    page = finder.render_finder(data)
    texts = [html.unescape(t) for t in re.findall(r"<dt>Ce que l'aide apporte</dt><dd>(.*?)</dd>", page, re.S)]
    assert texts and len(texts) >= len(data["aids"])
    for text in texts:
        plain = re.sub(r"<[^>]+>", "", text).strip()
        assert plain[-1] in ".!?…»)", plain[-80:]
