"""Analysis functions checked against real values of data/clean/."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from benchmark.analysis import comparisons
from benchmark.clean.load import split_list
from benchmark.registry.codes import INSTRUMENT_TYPES, JURISDICTIONS, STAGES


@pytest.fixture(scope="module")
def instruments(committed_tables):
    return committed_tables["instruments"]


# --- load -------------------------------------------------------------------------------------------


def test_split_list():
    assert split_list("a; b") == ["a", "b"]
    assert split_list("") == []
    assert split_list(None) == []


def test_load_types(committed_tables, instruments):
    assert set(committed_tables) >= {
        "instruments",
        "annex_i",
        "amounts",
        "rates",
        "recommendations",
        "needs",
        "source_issues",
        "conservation",
        "rejects",
    }
    assert str(instruments["start_year"].dtype) == "Int64"
    assert instruments["covers_brussels"].dtype == bool
    assert instruments["max_award_eur"].dtype == float
    row = instruments.set_index("instrument_id").loc["bru-digibrux"]
    # L324: « séminaires et workshops, … accompagnement individuel sur base d'un diagnostic à 360° »
    assert row["types"] == ["advisory", "training"]
    assert row["stages"] == ["awareness", "diagnosis", "planning", "skills"]
    assert math.isnan(row["max_award_eur"])  # L326: « Services offerts gratuitement »
    assert committed_tables["recommendations"].set_index("rec_id").at["rec-04", "instrument_ids"] == [
        "wal-digitalees",
        "fr-france-num",
    ]  # L1003: (Wallonie – DigitalEES ; France – France Num)
    assert committed_tables["annex_i"]["annex_row"].tolist() == list(range(1, len(committed_tables["annex_i"]) + 1))


# --- inventory and quality --------------------------------------------------------------------------


def test_counts_by_jurisdiction_source(instruments):
    table = comparisons.counts_by_jurisdiction_source(instruments)
    assert table.index.tolist() == list(JURISDICTIONS)
    # conservation: every instrument counted once, in its jurisdiction
    assert table["total"].sum() == len(instruments)
    assert (
        table["total"].to_dict()
        == instruments["jurisdiction"].value_counts().reindex(list(JURISDICTIONS), fill_value=0).to_dict()
    )
    assert (table[list(comparisons.SOURCES)].sum(axis=1) == table["total"]).all()
    # the eleven Brussels aides of L288-L446 are described in the body, none in Annex I (L1035-L1075)
    assert table.at["BE-BRU", "body_only"] >= 11 and table.at["BE-BRU", "annex_only"] == 0
    # Italy's four rows exist only in Annex I (L1063-L1072)
    assert table.at["IT", "annex_only"] >= 4 and table.at["IT", "body_only"] == 0


def test_field_completeness(instruments):
    table = comparisons.field_completeness(instruments)
    for column in ("max_award_eur", "budget_total_eur", "cofunding_rate", "start_year", "stages"):
        expected = instruments[column].map(lambda v: len(v) > 0 if isinstance(v, list) else not pd.isna(v)).sum()
        assert table.at[column, "filled"] == expected
    assert (table["total"] == len(instruments)).all()
    assert table.at["name", "share"] == 1.0
    assert table["share"].is_monotonic_increasing  # least complete first


# --- types --------------------------------------------------------------------------------------------


def test_type_counts_and_shares(instruments):
    counts = comparisons.type_counts(instruments)
    assert counts.columns.tolist() == list(INSTRUMENT_TYPES)
    assert counts.values.sum() == len(instruments)
    bru = instruments.set_index("instrument_id")
    # L290-L302 Prime Web: consultancy missions paid to a provider (voucher); L328-L338 SocialWare: equipment and
    # software given or discounted (in kind); L340-L355 FEBI: a training catalogue
    assert bru.at["bru-prime-web", "primary_type"] == "voucher"
    assert bru.at["bru-socialware", "primary_type"] == "in_kind"
    assert bru.at["bru-febi", "primary_type"] == "training"
    assert counts.at["BE-BRU", "voucher"] >= 1 and counts.at["BE-BRU", "in_kind"] >= 1
    shares = comparisons.type_shares(instruments)
    assert shares.dropna().sum(axis=1).round(10).eq(1).all()
    every = comparisons.type_counts(instruments, "types")
    assert (every >= counts).all().all()  # an instrument counts once per type it lists, its primary type included


def test_provision_families_cover_every_type():
    from benchmark.registry.codes import PROVISION_FAMILIES

    members = [t for types in PROVISION_FAMILIES.values() for t in types]
    assert sorted(members) == sorted(INSTRUMENT_TYPES)  # each type in exactly one family
    assert comparisons.provision_family("voucher") == "paid_service"
    with pytest.raises(KeyError):
        comparisons.provision_family("unknown-type")


def test_advice_vs_funding_brussels(instruments):
    digital = comparisons.advice_vs_funding(instruments, digital_specific=True)
    bru = instruments[(instruments["jurisdiction"] == "BE-BRU")]
    assert digital["count"].sum() == int((bru["digital_specific"] == True).sum())  # noqa: E712
    # L276 tested on the aides dedicated to digital (L288-L388): Digibrux, the Agence Digitale Solidaire, Toolbox
    # and FEBI give advice or training, Prime Web pays a consultant, SocialWare gives equipment, the call funds
    # projects
    for name in ("Digibrux", "FEBI", "Toolbox"):
        assert name in digital.at["advice", "instruments"]
    assert "Prime Web" in digital.at["paid_service", "instruments"]
    assert "L'agence SocialWare" in digital.at["equipment", "instruments"]
    other = comparisons.advice_vs_funding(instruments, digital_specific=False)
    # L390-L446: the aides not dedicated to digital are grants (youth subsidies, Venture Philanthropy, Loterie, 4WINGS)
    assert other.at["project_funding", "count"] >= 4
    assert other["share"].sum() == pytest.approx(1.0)


# --- money --------------------------------------------------------------------------------------------


def test_budgets_and_rates(instruments):
    budgets = comparisons.budgets(instruments)
    assert budgets["budget_total_eur"].is_monotonic_decreasing
    by_id = budgets.set_index("instrument_id")["budget_total_eur"]
    assert by_id["eu-nextgenerationeu"] == 806.9e9  # L1042: 806,9 milliards €
    assert by_id["bru-appel-numerique-transition-economique"] == 500000  # L388
    rates = comparisons.cofunding_rates(instruments).set_index("instrument_id")["cofunding_rate"]
    assert rates["qc-tnec-volet-2"] == 0.8  # L933: 80 % of the consultants' cost
    assert rates["wal-cheques-cybersecurite"] == 0.75  # L575: 75% et max 50.000€
    assert rates["qc-fonds-c-desjardins"] == 0.25  # L886: 25% du coût du projet
    assert rates.is_monotonic_decreasing


# --- access -------------------------------------------------------------------------------------------


def test_access_matrix(instruments):
    table = comparisons.access_matrix(instruments)
    assert table.values.sum() == len(instruments)
    assert table.loc[True].sum() == int(instruments["covers_brussels"].sum())


# --- stages -------------------------------------------------------------------------------------------


def test_stage_coverage(instruments):
    table = comparisons.stage_coverage(instruments)
    assert table.columns.tolist() == list(STAGES)
    assert table.values.sum() == instruments["stages"].map(len).sum()
    assert (table.loc["BE-BRU"] >= 1).all()  # Digibrux alone serves awareness and diagnosis (L324)


def test_brussels_stage_gaps_are_read_from_the_eligibility_model(tables):
    from benchmark.analysis import eligibility

    stages = eligibility.by_stage(tables)
    assert stages.index.tolist() == list(STAGES)
    # Digibrux: dedicated to non-market organisations (L320), awareness and diagnosis (L324)
    assert "Digibrux" in stages.at["awareness", "outright"] and "Digibrux" in stages.at["diagnosis", "outright"]
    gaps = eligibility.stage_gaps(tables)
    assert (gaps["gap"] == (gaps["outright"] + gaps["conditional"] == 0)).all()
    # a stage with an aid is never a gap, and every counted aid is one an ASBL can obtain: the same definition
    obtainable = eligibility.obtainable(tables)
    per_stage = obtainable.explode("stages")["stages"].value_counts()
    for stage in STAGES:
        assert gaps.at[stage, "outright"] + gaps.at[stage, "conditional"] == per_stage.get(stage, 0)


def test_timeline(instruments):
    table = comparisons.timeline(instruments)
    assert len(table) == int(instruments["start_year"].notna().sum())
    assert table["open_ended"].sum() == int((instruments["start_year"].notna() & instruments["end_year"].isna()).sum())
    row = table.set_index("instrument_id").loc["bru-venture-philanthropy"]
    assert row["start_year"] == 2017 and pd.isna(row["end_year"]) and row["open_ended"]  # L418: depuis 2017
    order = table["jurisdiction"].map({j: i for i, j in enumerate(JURISDICTIONS)})
    assert order.is_monotonic_increasing


# --- recommendations ----------------------------------------------------------------------------------


def test_target_groups_access_and_citations(committed_tables):
    instruments = committed_tables["instruments"]
    groups = comparisons.target_group_counts(instruments)
    assert groups.sum() == instruments["target_groups"].map(len).sum()
    assert groups["health_professionals"] >= 5  # the five INAMI premiums (L142-L153)
    access = comparisons.access_by_jurisdiction(instruments)
    assert access.values.sum() == len(instruments)
    by_id = instruments.set_index("instrument_id")["nonmarket_access"]
    # derived from data/raw/eligibility.csv: dedicated Digibrux, SocialWare (L320, L332); sectoral FEBI (joint
    # committees, L346) and youth subsidies (L398); open the Agence and Toolbox (L308, L363); conditional Prime Web
    # (micro and small firms of some NACE codes, L294); unknown 4WINGS (social entrepreneurs, L440)
    for instrument_id, code in {
        "bru-digibrux": "dedicated",
        "bru-socialware": "dedicated",
        "bru-febi": "sectoral",
        "bru-subsides-projets-jeunesse": "sectoral",
        "bru-fondation-4wings": "unknown",
        "bru-prime-web": "conditional",
        "bru-agence-digitale-solidaire": "open",
        "bru-toolbox": "open",
    }.items():
        assert by_id[instrument_id] == code, instrument_id
    assert by_id["wal-cheque-maturite-numerique"] == "excluded"  # L537


def test_counting_units_count_a_programme_and_its_parts_once(instruments):
    units = comparisons.counting_units(instruments)
    ids = set(units["instrument_id"])
    # TNEC's three volets are what an organisation applies to (L894-L899): the volets count, the programme does not
    assert {"qc-tnec-volet-1", "qc-tnec-volet-2", "qc-tnec-volet-3"} <= ids and "qc-tnec" not in ids
    # the Spanish strategy's actions (L652-L666) give no direct support: the strategy counts once, its actions not
    assert "es-strategie-economie-sociale-2023-2027" in ids
    assert not ids & {"es-action-7-1", "es-action-7-2", "es-action-7-3", "es-action-13-3"}
    # nothing counted twice: no counted row is the parent of another counted row
    assert not ids & set(units["parent_id"].dropna())
    programmes = comparisons.counting_units(instruments, "programme")
    assert programmes["parent_id"].isna().all()
    assert len(comparisons.counting_units(instruments, "all")) == len(instruments)
    with pytest.raises(ValueError, match="counting level"):
        comparisons.counting_units(instruments, "every")
