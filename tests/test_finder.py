"""The finder page's data: which aids answer each stage question (computed here from instruments.csv), conditions
in plain words, the aids an ASBL cannot use apart with their reason, official links word for word at their line."""

from __future__ import annotations

import csv
import html
import re

import pandas as pd
import pytest
from report_source import SOURCE as REPORT_SOURCE

from benchmark.core import paths
from benchmark.core.errors import DataError
from benchmark.core.spans import parse_spans
from benchmark.present.formatting import fmt_eur, label
from benchmark.publish import finder
from benchmark.registry.codes import STAGES


def csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def report_lines() -> list[str]:
    return REPORT_SOURCE.read_text(encoding="utf-8").split("\n")


def expected_usable(stage: str | None = None) -> set[str]:
    """From the CSV itself: covers Brussels, access dedicated/open/conditional, not a strategy, serves the stage."""
    return {
        r["instrument_id"]
        for r in csv_rows(paths.CLEAN / "instruments.csv")
        if r["covers_brussels"] == "true"
        and r["nonmarket_access"] in ("dedicated", "open", "conditional")
        and r["primary_type"] != "strategy"
        and (stage is None or stage in [s.strip() for s in r["stages"].split(";")])
    }


@pytest.fixture(scope="module")
def decisions():
    return finder.read_decisions(paths.RAW)


@pytest.fixture(scope="module")
def data(committed_tables, decisions):
    return finder.finder_data(committed_tables, decisions)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_question_returns_exactly_the_usable_aids(data, committed_tables, stage):
    # The page's default view (no sector chosen) hides sectoral aids: the rest must be exactly the CSV's answer.
    shown = {c["id"] for c in data["aids"] if c["access"] != "sectoral" and stage in c["stages"]}
    assert shown == expected_usable(stage)
    assert set(finder.usable_ids(committed_tables["instruments"], stage)) == shown
    count = next(s["count"] for s in data["stages"] if s["code"] == stage)
    assert count == len(shown)


def test_known_answers_of_the_report(data):
    ids = {c["id"] for c in data["aids"] if c["access"] != "sectoral"}
    # Digibrux offers « un accompagnement individuel sur base d'un diagnostic à 360° » (L322-L324): diagnosis.
    assert "bru-digibrux" in {c["id"] for c in data["aids"] if "diagnosis" in c["stages"]}
    # Prime Web is open to small enterprises including ASBL (L294) and pays a web consultant (L298).
    assert "bru-prime-web" in ids
    # The call « ne s'adresse donc pas directement aux organisations non-marchandes » (L386) stays usable only as
    # the clean tables code it: the test follows the table, whatever the coding.
    assert ids == expected_usable()


def test_aids_cannot_use_are_apart_with_a_reason(data, committed_tables):
    usable = expected_usable()
    instruments = committed_tables["instruments"].set_index("instrument_id")
    apart = {c["id"]: c for c in data["apart"]}
    assert not usable & set(apart)
    for iid, card in apart.items():
        row = instruments.loc[iid]
        assert card["reason"], iid
        if not row["covers_brussels"]:
            assert label(row["jurisdiction"]) in card["reason"]
        elif row["nonmarket_access"] == "excluded":
            assert "exclues" in card["reason"]
    # Every direct support that is not usable is listed apart: nothing silently dropped.
    direct = set(instruments.index[instruments["primary_type"] != "strategy"])
    assert set(apart) == direct - usable
    # INAMI's premium for dentists is for one profession (L151): apart, with its sector and plain condition.
    dentists = apart["be-inami-prime-telematique-dentistes"]
    assert dentists["sector"] == "Soins de santé" and dentists["condition"].startswith("si vous êtes dentiste")


def test_sectoral_aids_join_the_results_only_for_their_sector(data):
    sectoral = [c for c in data["aids"] if c["access"] == "sectoral"]
    assert {"bru-subsides-projets-jeunesse", "be-inami-prime-demarrage"} <= {c["id"] for c in sectoral}
    assert all(c["sector"] in data["sectors"] and c["condition"] for c in sectoral)
    assert {c["id"] for c in sectoral} <= {c["id"] for c in data["apart"]}


def test_help_kinds_follow_every_type_an_aid_lists():
    assert finder.help_kinds(["grant"]) == ["money"]
    assert finder.help_kinds(["advisory", "training"]) == ["support", "training"]
    assert finder.help_kinds(["in_kind", "information"]) == ["support", "tool"]
    assert finder.help_kinds(["strategy"]) == []


def test_cards_show_every_amount_and_rate_with_its_lines(data, committed_tables):
    cards = {c["id"]: c for c in data["aids"] + data["apart"]}
    amounts = committed_tables["amounts"]
    for a in amounts[amounts["instrument_id"].isin(cards)].itertuples(index=False):
        shown = cards[a.instrument_id]["amounts"]
        assert any(
            item["label"] == label(a.kind) and item["value"].startswith(fmt_eur(a.value_eur)) for item in shown
        ), a
    # Prime Web: « 5 000 € par année civile » (L300) is a ceiling per year.
    prime = [i for i in cards["bru-prime-web"]["amounts"] if i["label"] == label("per_year")]
    assert prime and prime[0]["value"] == fmt_eur(5000) and "L300" in prime[0]["lines"]


def test_official_links_stand_word_for_word_at_their_line(committed_tables):
    lines = report_lines()
    ids = set(committed_tables["instruments"]["instrument_id"])
    rows = csv_rows(paths.RAW / finder.LINKS_FILE)
    assert rows
    for row in rows:
        assert row["instrument_id"] in ids, row
        ((start, end),) = parse_spans(row["lines"])
        assert any(f"<{row['url']}>" in lines[n - 1] for n in range(start, end + 1)), row
    # L292 is Prime Web's link, L330 Socialware's.
    assert {
        ("bru-prime-web", "https://economie-emploi.brussels/prime-web", "L292"),
        ("bru-socialware", "https://www.socialware.be/", "L330"),
    } <= {(r["instrument_id"], r["url"], r["lines"]) for r in rows}


def test_conditions_quote_the_report_at_their_lines(committed_tables):
    lines = report_lines()
    rows = csv_rows(paths.RAW / finder.CONDITIONS_FILE)
    for row in rows:
        text = " ".join(" ".join(lines[a - 1 : b]) for a, b in parse_spans(row["lines"]))
        assert " ".join(row["quote"].split()) in " ".join(text.split()), row
        assert row["condition"].startswith("si "), row  # « Seulement si … » on the card
    # Every restricted aid an ASBL in Brussels might reach has its condition.
    instruments = committed_tables["instruments"]
    restricted = instruments[
        instruments["covers_brussels"]
        & instruments["nonmarket_access"].isin(["conditional", "sectoral"])
        & (instruments["primary_type"] != "strategy")
    ]
    assert set(restricted["instrument_id"]) <= {r["instrument_id"] for r in rows}


def test_a_restricted_aid_without_condition_is_a_located_error(committed_tables, decisions):
    changed = dict(committed_tables)
    instruments = committed_tables["instruments"].copy()
    instruments.loc[instruments["instrument_id"] == "bru-toolbox", "nonmarket_access"] = "conditional"
    changed["instruments"] = instruments
    with pytest.raises(DataError, match=r"finder_conditions\.csv.*bru-toolbox"):
        finder.finder_data(changed, decisions)


def test_a_link_to_an_unknown_instrument_is_a_located_error(committed_tables, decisions):
    links = pd.concat(
        [
            decisions.links,
            pd.DataFrame([{"instrument_id": "bru-nowhere", "url": "https://x.be/", "lines": "L1", "note": ""}]),
        ],
        ignore_index=True,
    )
    with pytest.raises(DataError, match=r"instrument_links\.csv row \d+, column instrument_id: 'bru-nowhere'"):
        finder.finder_data(committed_tables, finder.RawDecisions(links=links, conditions=decisions.conditions))


def test_a_stage_with_nothing_usable_shows_the_inspirations_from_elsewhere(committed_tables, decisions):
    instruments = committed_tables["instruments"].copy()
    usable = expected_usable("diagnosis")
    instruments["stages"] = [
        [s for s in stages if s != "diagnosis"] if iid in usable else stages
        for iid, stages in zip(instruments["instrument_id"], instruments["stages"])
    ]
    data = finder.finder_data({**committed_tables, "instruments": instruments}, decisions)
    inspirations = {i for ids in committed_tables["recommendations"]["instrument_ids"] for i in ids}
    expected = {
        r.instrument_id
        for r in instruments.itertuples()
        if r.instrument_id in inspirations and not r.covers_brussels and "diagnosis" in r.stages
    }
    assert expected, "Part 4 names peers serving diagnosis (e.g. TNEC, L1003-L1023)"
    assert {c["id"] for c in data["elsewhere"]["diagnosis"]} == expected
    assert set(data["elsewhere"]) == {"diagnosis"}
    assert all(c["reason"].startswith("Hors de Bruxelles") for c in data["elsewhere"]["diagnosis"])
    page = finder.render_finder(data)
    assert "Ces aides ne sont pas disponibles à Bruxelles" in page
    # Canadian amounts are shown converted to euros with the report's figure beside them.
    tnec = [c for c in data["elsewhere"]["diagnosis"] if c["id"] == "qc-tnec"]
    assert tnec and any("CAD dans le rapport" in a["value"] for a in tnec[0]["amounts"])


def test_the_page_lists_every_aid_without_javascript_and_escapes_data(committed_tables, decisions):
    instruments = committed_tables["instruments"].copy()
    instruments.loc[instruments["instrument_id"] == "bru-digibrux", "description"] = "<script>alert(1)</script>"
    page = finder.render_finder(finder.finder_data({**committed_tables, "instruments": instruments}, decisions))
    assert "<script>alert(1)</script>" not in page and html.escape("<script>alert(1)</script>") in page
    for iid in expected_usable():
        assert re.search(rf'<li class="aid" id="aide-{re.escape(iid)}" data-id="{re.escape(iid)}">', page), iid
    assert 'id="aide-bru-subsides-projets-jeunesse" data-id="bru-subsides-projets-jeunesse" hidden' in page
    assert 'id="hors-bru-subsides-projets-jeunesse"' in page
    assert '<html lang="fr">' in page and "/*FINDER_" not in page


def test_the_index_links_the_finder():
    from benchmark.publish.reports import build_info, render_index

    assert f'href="{finder.PAGE}"' in render_index([], build_info(), None)


def test_default_order_puts_digital_aids_then_associations_first(data):
    keys = [
        (not c["digital"], c["rank"], -(c["amount_eur"] if c["amount_eur"] is not None else -1.0)) for c in data["aids"]
    ]
    assert keys == sorted(keys)
    ranks = {c["id"]: c["rank"] for c in data["aids"]}
    # Digibrux, made for Brussels associations and for digitalisation (L320), comes before Prime Web, open more widely.
    ids = [c["id"] for c in data["aids"]]
    assert ranks["bru-digibrux"] < ranks["bru-prime-web"] and ids.index("bru-digibrux") < ids.index("bru-prime-web")


def test_an_instrument_added_to_the_tables_joins_its_stage(committed_tables, decisions):
    instruments = committed_tables["instruments"]
    template = instruments[instruments["instrument_id"] == "bru-digibrux"].copy()
    template["instrument_id"] = "bru-new-aid"
    template["name"] = "Nouvelle aide"
    template["stages"] = [["diagnosis"]]
    template["nonmarket_access"] = "open"
    data = finder.finder_data(
        {**committed_tables, "instruments": pd.concat([instruments, template], ignore_index=True)}, decisions
    )
    assert "bru-new-aid" in {c["id"] for c in data["aids"] if "diagnosis" in c["stages"]}
    assert next(s["count"] for s in data["stages"] if s["code"] == "diagnosis") == len(expected_usable("diagnosis")) + 1


def test_an_empty_link_cell_is_a_located_error(tmp_path):
    for name in (finder.LINKS_FILE, finder.CONDITIONS_FILE):
        (tmp_path / name).write_text((paths.RAW / name).read_text(encoding="utf-8"), encoding="utf-8")
    rows = (tmp_path / finder.LINKS_FILE).read_text(encoding="utf-8").splitlines()
    rows[1] = "bru-prime-web,,L292,no url"
    (tmp_path / finder.LINKS_FILE).write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"instrument_links\.csv row 2, column url — empty cell"):
        finder.read_decisions(tmp_path)
