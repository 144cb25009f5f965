"""Fidelity to the report, second pass: ceilings with their period, programmes and their components counted
once, every money amount of the report accounted for, codings the report settles, provenance of every cell."""

import pandas as pd
import pytest

from benchmark.errors import DataError
from benchmark.pipeline import clean
from conftest import edit_workbook


def _by_id(frame):
    return frame.set_index("instrument_id")


# --- ceilings and their period ---------------------------------------------------------------------------------

@pytest.mark.parametrize("iid, value, period, line", [
    ("bru-prime-web", 5000, "year", "L300"),    # « Maximum 5000€ par année civile »
    ("bru-febi", 800, "day", "L355"),           # « maximum 800€/jour »
    ("bru-appel-numerique-transition-economique", 100000, "project", "L388"),   # « maximum 100.000€ »
    ("wal-cheque-relance-numerique", 15000, "project", "L535"),                 # the three phases, climbed in turn
])
def test_ceilings_keep_their_period(tables, iid, value, period, line):
    i = _by_id(tables["instruments"])
    assert i.at[iid, "max_award_eur"] == value
    assert i.at[iid, "max_award_period"] == period
    assert line in i.at[iid, "source_lines"] or any(
        line in s for s in tables["amounts"].loc[tables["amounts"].instrument_id == iid, "source_lines"])


def test_a_ceiling_always_has_its_period(tables):
    i = tables["instruments"]
    assert (i["max_award_eur"].isna() == i["max_award_period"].isna()).all()


# --- programmes and their components ---------------------------------------------------------------------------

def test_components_name_their_programme(tables):
    i = _by_id(tables["instruments"])
    at_least = {
        "es-strategie-economie-sociale-2023-2027": {"es-action-7-1", "es-action-7-2", "es-action-7-3",
                                                    "es-action-13-3"},          # L665-L684
        "qc-tnec": {"qc-tnec-volet-1", "qc-tnec-volet-2", "qc-tnec-volet-3"},       # L894-L899
        "wal-digitalees": {"wal-digitalees-accompagnement", "wal-digiscore", "wal-digiproject",
                           "wal-digitalees-bourses"},                              # L505-L511
        "vlg-vivo": {"vlg-vivo-digicoaching"},                                     # L224
    }
    for parent, children in at_least.items():
        assert children <= set(i.index[i["parent_id"] == parent]), parent
    assert i.at["wal-digitalees", "parent_id"] == "wal-digital-wallonia"          # L471
    assert i.at["wal-cheque-relance-numerique", "parent_id"] == "wal-digital-wallonia"   # L513, L535


def test_spanish_actions_are_components_not_programmes(tables):
    """L628, L634-L638: the report presents the strategies and two platforms; the actions are components."""
    i = tables["instruments"]
    spain = i[(i.jurisdiction == "ES") & i["parent_id"].isna()]
    assert (spain["primary_type"] == "strategy").sum() == 4    # agenda, PME plan, the two social-economy strategies
    assert not spain["instrument_id"].str.startswith("es-action").any()


def test_no_envelope_is_counted_twice(tables):
    """A component whose programme has an envelope has none of its own: its share is a pillar_total."""
    i = _by_id(tables["instruments"])
    with_budget = set(i.index[i["budget_total_eur"].notna()])
    for iid, parent in i["parent_id"].dropna().items():
        ancestors = []
        while isinstance(parent, str):
            ancestors.append(parent)
            parent = i.at[parent, "parent_id"]
        if iid in with_budget:
            assert not with_budget & set(ancestors), iid


def test_vivo_digicoaching_is_digital_specific(tables):
    i = _by_id(tables["instruments"])
    assert i.at["vlg-vivo-digicoaching", "digital_specific"] is True        # « compétences numériques » L224
    assert i.at["vlg-vivo-digicoaching", "parent_id"] == "vlg-vivo"


def test_unknown_parent_is_a_located_error(raw_copy):
    row = edit_workbook(raw_copy, "ES", "es-action-7-1", "parent_id", "es-strategie-economie-sociale-2023")
    with pytest.raises(DataError) as err:
        clean(raw_copy)
    text = str(err.value)
    assert f"[sheet ES] row {row}, column parent_id" in text
    assert "did you mean 'es-strategie-economie-sociale-2023-2027'" in text


def test_parent_cycle_is_refused(raw_copy):
    edit_workbook(raw_copy, "CA-QC", "qc-tnec", "parent_id", "qc-tnec-volet-1")
    with pytest.raises(DataError, match="cycle"):
        clean(raw_copy)
