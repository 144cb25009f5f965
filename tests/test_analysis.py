"""Analysis functions checked against real values of data/clean/."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from benchmark import analysis
from benchmark.load import load_clean, split_list
from benchmark.vocabulary import INSTRUMENT_TYPES, JURISDICTIONS, STAGES


@pytest.fixture(scope="module")
def tables():
    return load_clean()


@pytest.fixture(scope="module")
def instruments(tables):
    return tables["instruments"]


# --- load -------------------------------------------------------------------------------------------

def test_split_list():
    assert split_list("a; b") == ["a", "b"]
    assert split_list("") == []
    assert split_list(None) == []


def test_load_types(tables, instruments):
    assert set(tables) >= {"instruments", "annex_i", "amounts", "rates", "recommendations", "needs",
                           "source_issues", "conservation", "rejects"}
    assert len(instruments) == 111
    assert str(instruments["start_year"].dtype) == "Int64"
    assert instruments["covers_brussels"].dtype == bool
    assert instruments["max_award_eur"].dtype == float
    row = instruments.set_index("instrument_id").loc["bru-digibrux"]
    assert row["types"] == ["advisory", "training"]
    assert row["stages"] == ["awareness", "diagnosis", "planning", "skills"]
    assert math.isnan(row["max_award_eur"])
    assert tables["recommendations"].set_index("rec_id").at["rec-04", "instrument_ids"] == [
        "wal-digitalees", "fr-france-num"]
    assert tables["annex_i"]["annex_row"].tolist() == list(range(1, 26))


# --- inventory and quality --------------------------------------------------------------------------

def test_counts_by_jurisdiction_source(instruments):
    table = analysis.counts_by_jurisdiction_source(instruments)
    assert table.index.tolist() == list(JURISDICTIONS)
    assert table.at["BE-BRU", "total"] == 11
    assert table.at["BE-WAL", "total"] == 41
    assert table["total"].sum() == 111
    assert table.loc["IT"].tolist() == [0, 0, 4, 4]  # Italy only in Annex I
    assert table.at["BE-BRU", "body_only"] == 11
    assert table.at["EU", "both"] == 3


def test_field_completeness(instruments):
    table = analysis.field_completeness(instruments)
    assert table.at["max_award_eur", "filled"] == 16
    assert table.at["budget_total_eur", "filled"] == 9
    assert table.at["cofunding_rate", "filled"] == 6
    assert table.at["start_year", "filled"] == 27
    assert table.at["stages", "filled"] == 95  # empty lists count as missing
    assert table.at["name", "share"] == 1.0
    assert table.index[0] == "cofunding_rate"  # least complete first


# --- types --------------------------------------------------------------------------------------------

def test_type_counts_and_shares(instruments):
    counts = analysis.type_counts(instruments)
    assert counts.columns.tolist() == list(INSTRUMENT_TYPES)
    assert counts.loc["BE-BRU"].to_dict() == {"strategy": 0, "grant": 5, "voucher": 1, "loan": 0, "training": 1,
                                               "advisory": 3, "diagnostic_tool": 0, "information": 0,
                                               "network": 0, "in_kind": 1}
    assert counts.at["ES", "strategy"] == 8
    assert counts.at["BE-WAL", "information"] == 14
    assert counts.values.sum() == 111
    shares = analysis.type_shares(instruments)
    assert shares.sum(axis=1).round(10).eq(1).all()
    assert shares.at["BE-BRU", "grant"] == pytest.approx(5 / 11)
    every = analysis.type_counts(instruments, "types")
    assert every.at["BE-BRU", "advisory"] == 6  # 3 primary + socialware, venture philanthropy, 4wings


def test_advice_vs_funding_brussels(instruments):
    table = analysis.advice_vs_funding(instruments)
    assert table["count"].to_dict() == {"advice": 4, "funding": 7, "other": 0}
    assert table.at["funding", "share"] == pytest.approx(7 / 11)
    assert sorted(table.at["advice", "instruments"]) == ["bru-agence-digitale-solidaire", "bru-digibrux",
                                                          "bru-febi", "bru-toolbox"]
    digital = analysis.advice_vs_funding(instruments, digital_specific=True)
    assert digital["count"].to_dict() == {"advice": 4, "funding": 3, "other": 0}
    other = analysis.advice_vs_funding(instruments, digital_specific=False)
    assert other["count"].to_dict() == {"advice": 0, "funding": 4, "other": 0}


# --- money --------------------------------------------------------------------------------------------

def test_max_awards(instruments):
    table = analysis.max_awards(instruments)
    assert len(table) == 16
    assert table.iloc[0]["instrument_id"] == "vlg-sifo"
    by_id = table.set_index("instrument_id")["max_award_eur"]
    assert by_id["qc-tnec-volet-3"] == pytest.approx(169390)
    assert by_id["bru-appel-numerique-transition-economique"] == 100000
    full = analysis.max_awards(instruments, known_only=False)
    assert len(full) == 111 and full["max_award_eur"].isna().sum() == 95


def test_max_award_by_jurisdiction_type_keeps_missing(instruments):
    table = analysis.max_award_by_jurisdiction_type(instruments)
    assert table.at["BE-BRU", "grant"] == 100000
    assert table.at["CA-QC", "grant"] == pytest.approx(169390)
    assert table.at["BE-VLG", "loan"] == 350000
    assert math.isnan(table.at["BE-BRU", "advisory"])  # missing, never 0
    assert math.isnan(table.at["FR", "grant"])
    assert not (table == 0).any().any()


def test_budgets_and_rates(instruments):
    budgets = analysis.budgets(instruments)
    assert len(budgets) == 9
    assert budgets.iloc[0]["instrument_id"] == "eu-nextgenerationeu"
    assert budgets.iloc[0]["budget_total_eur"] == 806.9e9
    rates = analysis.cofunding_rates(instruments)
    assert rates.set_index("instrument_id")["cofunding_rate"].to_dict() == {
        "qc-tnec-volet-2": 0.8, "wal-cheques-cybersecurite": 0.75, "vlg-wse-appel-innovation-sociale": 0.7,
        "vlg-wse-appel-transformation-digitale": 0.6, "wal-cheque-maturite-numerique": 0.5,
        "qc-fonds-c-desjardins": 0.25}


def test_funding_ladders(tables):
    table = analysis.funding_ladders(tables)
    qc = table[table["ladder"] == "qc-tnec"]
    assert qc["instrument_id"].tolist() == ["qc-tnec-volet-1", "qc-tnec-volet-2", "qc-tnec-volet-3"]
    assert qc["value_eur"].round(2).tolist() == [101634.0, 13551.2, 169390.0]
    assert qc["kind"].tolist() == ["programme_total", "max_per_beneficiary", "max_per_beneficiary"]
    assert qc["step_label"].tolist() == ["Volet 1", "Volet 2", "Volet 3"]
    wal = table[table["ladder"] == "wal-cheque-relance-numerique"]
    assert wal["value_eur"].tolist() == [1900, 5700, 7400]
    assert wal["step_label"].tolist()[0] == "Phase 1 : audit"
    bru = table[table["ladder"] == "BE-BRU"]
    assert bru["instrument_id"].tolist() == ["bru-prime-web", "bru-appel-numerique-transition-economique"]
    assert bru["value_eur"].tolist() == [5000, 100000]


# --- access -------------------------------------------------------------------------------------------

def test_access_matrix(instruments):
    table = analysis.access_matrix(instruments)
    assert table.loc[True].tolist() == [7, 6, 0, 7, 0, 4]
    assert table.loc[False].tolist() == [27, 11, 8, 9, 3, 29]
    assert table.values.sum() == 111


def test_usable_in_brussels(instruments):
    usable = analysis.usable_in_brussels(instruments)
    assert len(usable) == 13
    assert "fr-social-good-accelerator" in usable["instrument_id"].tolist()
    assert "bru-fondation-4wings" not in usable["instrument_id"].tolist()  # sectoral
    assert len(analysis.usable_in_brussels(instruments, include_restricted=True)) == 20


# --- stages -------------------------------------------------------------------------------------------

def test_stage_coverage(instruments):
    table = analysis.stage_coverage(instruments)
    assert table.columns.tolist() == list(STAGES)
    assert table.loc["BE-BRU"].tolist() == [1, 1, 5, 8, 4]
    assert table.loc["BE-WAL"].tolist() == [16, 11, 12, 13, 6]
    assert table.loc["BE"].tolist() == [0, 0, 0, 5, 0]


def test_brussels_stage_gaps(instruments):
    gaps = analysis.brussels_stage_gaps(instruments)
    assert gaps["brussels"].tolist() == [1, 1, 5, 8, 4]
    assert gaps["brussels_funding"].tolist() == [0, 0, 2, 7, 1]
    assert gaps["funding_gap"].tolist() == [True, True, False, False, False]
    assert not gaps["gap"].any()


def test_timeline(instruments):
    table = analysis.timeline(instruments)
    assert len(table) == 27
    assert table["open_ended"].sum() == 7
    row = table.set_index("instrument_id").loc["bru-venture-philanthropy"]
    assert row["start_year"] == 2017 and pd.isna(row["end_year"]) and row["open_ended"]
    assert table["jurisdiction"].iloc[0] == "EU" and table["jurisdiction"].iloc[-1] == "CA-QC"


# --- recommendations ----------------------------------------------------------------------------------

def test_brussels_equivalents(instruments):
    assert analysis.brussels_equivalents(instruments, "fr-social-good-accelerator") == []
    assert analysis.brussels_equivalents(instruments, "qc-tnec-volet-3") == [
        "bru-appel-numerique-transition-economique", "bru-subsides-projets-jeunesse", "bru-venture-philanthropy",
        "bru-loterie-nationale", "bru-fondation-4wings"]
    # a voucher for diagnosis and planning: Brussels' only voucher (Prime Web) serves implementation
    assert analysis.brussels_equivalents(instruments, "qc-tnec-volet-2") == []


def test_recommendation_evidence(tables):
    table = analysis.recommendation_evidence(tables)
    assert len(table) == 20  # 16 recommendations, 4 cite two instruments
    assert table["rec_id"].nunique() == 16
    assert table["brussels_equivalent"].sum() == 9  # the 9 rows citing qc-tnec (a grant)
    assert set(table.loc[table["brussels_equivalent"], "instrument_id"]) == {"qc-tnec"}
    row = table[(table["rec_id"] == "rec-04") & (table["instrument_id"] == "fr-france-num")].iloc[0]
    assert row["jurisdiction"] == "FR" and row["primary_type"] == "information"
    assert row["budget_total_eur"] == 25e9 and not row["brussels_equivalent"]


def test_committed_evidence_table_is_the_computed_one(tables):
    """``benchmark clean`` writes the evidence summary; read back, it equals what the analysis computes."""
    written = tables["recommendations_evidence"]
    assert len(written) == 20
    assert set(written["brussels_equivalent"]) == {True, False}
    assert written.loc[1, "stages"] == ["awareness", "diagnosis", "planning", "implementation", "skills"]
    computed = analysis.recommendation_evidence(tables)
    assert list(written["instrument_id"]) == list(computed["instrument_id"])
    assert list(written["brussels_equivalent"]) == list(computed["brussels_equivalent"])


def test_target_groups_access_and_citations(tables):
    from benchmark import analysis

    instruments = tables["instruments"]
    groups = analysis.target_group_counts(instruments)
    assert groups.sum() == instruments["target_groups"].map(len).sum()
    assert groups["health_professionals"] == 5                      # the five INAMI premiums (L142-L153)
    access = analysis.access_by_jurisdiction(instruments)
    # the report's own labels: dedicated Digibrux, SocialWare, FEBI, Loterie (L320, L332, L346, L424); sectoral
    # jeunesse and 4WINGS (L398, L440); the other five open (L294, L308, L363, L375, L410)
    assert access.loc["BE-BRU"].to_dict() == {"dedicated": 4, "open": 5, "conditional": 0, "sectoral": 2,
                                               "excluded": 0, "unknown": 0}
    assert access.loc["BE-WAL", "excluded"] == 1                       # Chèque maturité numérique (L537)
    cited = analysis.recommendations_per_instrument(analysis.recommendation_evidence(tables))
    assert cited["recommendations"].to_dict() == {"qc-tnec": 9, "fr-social-good-accelerator": 6,
                                                  "wal-digitalees": 2, "fr-france-num": 2,
                                                  "es-strategie-economie-sociale-2023-2027": 1}
    split = analysis.advice_vs_funding_by_digital(instruments)
    # dedicated to digital (L288-L388): 4 advice (agence, Digibrux, FEBI, Toolbox), 3 funding (Prime Web voucher,
    # SocialWare in kind, the call); not dedicated (L390-L446): 4 grants
    assert split["digital"].to_dict() == {"advice": 4, "funding": 3, "other": 0}
    assert split["not_digital"].to_dict() == {"advice": 0, "funding": 4, "other": 0}


def test_french_table_leaves_no_english_heading_or_code(tables):
    from benchmark import analysis
    from benchmark.theme import french_table

    shown = french_table(analysis.max_awards(tables["instruments"]))
    assert list(shown.columns) == ["Identifiant", "Instrument", "Juridiction", "Type principal",
                                   "Accès du non-marchand", "Montant max. par bénéficiaire (€)"]
    row = shown.set_index("Identifiant").loc["qc-tnec-volet-3"]
    assert (row["Juridiction"], row["Type principal"]) == ("Québec", "Subvention")
    table = french_table(analysis.access_by_jurisdiction(tables["instruments"]))
    assert "Bruxelles-Capitale" in table.index and "Dédiée au non-marchand" in table.columns
