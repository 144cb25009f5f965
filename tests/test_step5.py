"""Step 5 decision analyses: expectations come from the report's lines, never from today's totals."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from benchmark.analysis.step5 import write_step5
from benchmark.analysis.step5.appraisal import appraisal, design_parameters, evidence_grades, gap_matrix, scenarios
from benchmark.analysis.step5.decisions import file_name, load_decisions
from benchmark.analysis.step5.equivalents import equivalents, inspiration_equivalents
from benchmark.analysis.step5.journey import funding_ladders, journey
from benchmark.analysis.step5.numbers import (
    CONVERTED,
    DERIVED,
    STATED,
    amount_figure,
    cad_sensitivity,
    report_cad_rates,
)
from benchmark.clean.load import load_clean
from benchmark.core import paths
from benchmark.core.errors import DataError
from benchmark.present import figures


@pytest.fixture(scope="module")
def decisions(tables):
    return load_decisions(tables)


@pytest.fixture(scope="module")
def trip(tables, decisions):
    return journey(tables, decisions)


@pytest.fixture(scope="module")
def pairs(tables, decisions):
    return equivalents(tables, decisions)


@pytest.fixture(scope="module")
def options(tables, decisions):
    return appraisal(tables, decisions).set_index("rec_id")


# --- decisions ---------------------------------------------------------------------------------------------


def test_a_quote_not_at_its_lines_is_refused(tables, raw_copy):
    # every quote is checked word for word when the decisions are read; one moved to the wrong line is refused
    path = raw_copy / file_name("lessons")
    text = path.read_text(encoding="utf-8")
    assert "Ils ont déjà aidé environ 60 organisations à ce jour,L240" in text
    path.write_text(
        text.replace(
            "Ils ont déjà aidé environ 60 organisations à ce jour,L240",
            "Ils ont déjà aidé environ 60 organisations à ce jour,L244",
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"step5_lessons.csv row \d+, column quote — the quote « Ils ont déjà aidé"):
        load_decisions(tables, raw_copy)


def test_a_bad_decision_row_is_refused_with_its_place(tables, raw_copy):
    path = raw_copy / file_name("components")
    text = path.read_text(encoding="utf-8").replace(
        "rec-05,wal-digitalees-accompagnement,cited", "rec-05,wal-digitalees-accompagnemnt,citd", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_decisions(tables, raw_copy)
    message = str(err.value)
    assert "step5_components.csv row 7, column instrument_id: 'wal-digitalees-accompagnemnt'" in message
    assert "step5_components.csv row 7, column role: 'citd'" in message


def test_a_missing_decision_file_and_bad_lines_are_located(tables, raw_copy):
    (raw_copy / file_name("ladders")).unlink()
    with pytest.raises(DataError, match="step5_ladders.csv — file is missing"):
        load_decisions(tables, raw_copy)
    shutil.copy(paths.RAW / file_name("ladders"), raw_copy / file_name("ladders"))
    path = raw_copy / file_name("lessons")
    path.write_text(path.read_text(encoding="utf-8").replace(",L901\n", ",ligne 901\n", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"step5_lessons.csv row \d+, column source_lines"):
        load_decisions(tables, raw_copy)


def test_every_inspiration_has_its_decisions(tables, decisions):
    recs = set(tables["recommendations"]["rec_id"])
    assert set(decisions["inspirations"]["rec_id"]) == recs
    assert set(decisions["components"]["rec_id"]) == recs  # each inspiration links to a peer component


# --- the journey ---------------------------------------------------------------------------------------------


def _row(trip, instrument_id, stage=None):
    rows = trip[trip["instrument_id"] == instrument_id]
    if stage:
        rows = rows[rows["stage"] == stage]
    assert len(rows), instrument_id
    return rows.iloc[0]


def test_journey_shows_only_what_an_asbl_can_use(trip):
    assert set(trip["nonmarket_access"]) <= {"dedicated", "open", "conditional", "sectoral"}
    ids = set(trip["instrument_id"])
    assert "bru-appel-numerique-transition-economique" not in ids  # « ne s'adresse donc pas directement » (L386)
    assert "bru-loterie-nationale" not in ids and "bru-fondation-4wings" not in ids  # not digital (L428, L436)
    assert "wal-cheque-maturite-numerique" not in ids  # « Les ASBL sont actuellement exclues » (L537)
    assert "qc-tnec" not in ids and "wal-digitalees" not in ids  # programmes: their components are listed
    assert trip["source_lines"].map(bool).all()


def test_journey_maxima_carry_their_unit_and_status(trip):
    prime = _row(trip, "bru-prime-web", "implementation")
    assert prime["max_eur"] == 5000 and prime["award_unit"] == "year" and prime["max_status"] == STATED  # L300
    febi = _row(trip, "bru-febi", "skills")
    assert febi["max_eur"] == 800 and febi["award_unit"] == "day"  # « maximum 800€/jour » (L355)
    volet2 = _row(trip, "qc-tnec-volet-2", "planning")
    assert volet2["max_eur"] == 13551 and volet2["award_unit"] == "organisation"  # « 13 551€) par entreprise » L897
    assert "100 000 $" in volet2["conditions"]  # sales threshold (L910)
    volet3 = _row(trip, "qc-tnec-volet-3", "implementation")
    assert volet3["max_eur"] == 169390 and volet3["award_unit"] == "group_project"  # L899
    assert math.isnan(_row(trip, "qc-tnec-volet-1")["max_eur"])  # « n'offre pas d'aide financière » (L896)
    relance = _row(trip, "wal-cheque-relance-numerique", "implementation")
    assert relance["max_status"] == DERIVED and relance["max_eur"] == 1900 + 5700 + 7400  # phases of L535
    assert "TVA" in relance["conditions"]
    bourse = _row(trip, "wal-digitalees-bourses", "implementation")
    assert bourse["max_eur"] == 20000 and bourse["max_status"] == STATED  # L511
    assert _row(trip, "bru-digibrux", "diagnosis")["jurisdiction"] == "BE-BRU"  # diagnostic à 360° (L324)


def test_no_envelope_is_a_journey_maximum(tables, trip):
    amounts = tables["amounts"]
    envelopes = set(amounts.loc[amounts["kind"].isin(["programme_total", "pillar_total", "annual_total"]), "value_eur"])
    award_values = set(amounts.loc[amounts["kind"].isin(["max_per_beneficiary", "per_year", "per_day"]), "value_eur"])
    shown = set(trip["max_eur"].dropna())
    assert not (shown & envelopes) - award_values


# --- equivalents ---------------------------------------------------------------------------------------------


def test_no_non_digital_or_indirect_help_is_an_equivalent(pairs):
    full = pairs[pairs["verdict"] == "equivalent"]
    assert (full["digital_aim"] == "dedicated").all() and (full["asbl_can_use"] == "yes").all()
    assert full["same_stage"].all() and full["same_form"].all()
    never = {"bru-appel-numerique-transition-economique", "bru-loterie-nationale", "bru-fondation-4wings"}
    assert not set(pairs.loc[pairs["verdict"] != "none", "brussels_id"]) & never
    call = pairs[pairs["brussels_id"] == "bru-appel-numerique-transition-economique"]
    assert call["reason"].str.contains("ne s'adresse pas directement").all()  # L386
    assert pairs["reason"].map(bool).all()


def test_dedicated_brussels_accompaniment_answers_dedicated_programmes(pairs):
    # DigitalEES accompaniment to define the project (L507) ↔ Digibrux, dedicated accompaniment (L320-L326)
    row = pairs[(pairs["component_id"] == "wal-digitalees-accompagnement") & (pairs["brussels_id"] == "bru-digibrux")]
    assert row["verdict"].tolist() == ["equivalent"]


def test_pooled_projects_have_no_brussels_equivalent(pairs):
    volet3 = pairs[pairs["component_id"] == "qc-tnec-volet-3"]  # per group project (L899)
    assert len(volet3) and (volet3["verdict"] != "equivalent").all()
    partial = volet3[volet3["verdict"] == "partial"]
    assert set(partial["brussels_id"]) <= {"bru-venture-philanthropy", "bru-subsides-projets-jeunesse"}


def test_inspiration_verdicts(tables, decisions, pairs):
    summary = inspiration_equivalents(tables, decisions, pairs).set_index("rec_id")
    assert summary.at["rec-05", "verdict"] == "equivalent"
    assert "Digibrux" in summary.at["rec-05", "equivalent_names"]
    # a single list of support (L1003): Brussels has none, only sites listing calls (L280)
    assert summary.at["rec-04", "verdict"] == "none"
    practices = summary[summary["kind"] == "practice"]
    assert (practices["verdict"] == "practice").all() and practices["brussels_today"].map(bool).all()


def test_written_equivalents_table_is_the_computed_one(tables, decisions, pairs, tmp_path):
    clean_dir = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, clean_dir)
    write_step5(clean_dir, paths.RAW)
    written = load_clean(clean_dir)["step5_equivalents"]
    assert list(written["verdict"]) == list(pairs["verdict"])
    assert list(written["brussels_id"]) == list(pairs["brussels_id"])


# --- appraisal ---------------------------------------------------------------------------------------------


def test_grades_of_evidence(tables):
    grades = evidence_grades(tables["instruments"])
    assert grades["qc-tnec-volet-2"] == "interviewed"  # its programme was interviewed (L116)
    assert grades["fr-france-num"] == "interviewed"  # L115
    assert grades["wal-digitalees-bourses"] == "focus"  # « Focus sur DigitalEES » (L483)
    assert grades["bru-prime-web"] == "inventory"
    assert grades["it-bando-evoluzioni"] == "annex_only"  # Italy only in Annex I (L111, L1065)


def test_appraisal_groups_sixteen_inspirations_with_costs_and_lessons(tables, options):
    assert list(options.index) == list(tables["recommendations"]["rec_id"])
    assert set(options["need_ids"].explode().dropna()) <= set(tables["needs"]["need_id"])
    volets = {c["instrument_id"]: c for c in options.at["rec-07", "components"]}
    assert math.isnan(volets["qc-tnec-volet-1"]["cost_eur"])
    assert volets["qc-tnec-volet-2"]["cost_eur"] == 13551 and volets["qc-tnec-volet-2"]["cost_status"] == STATED
    assert volets["qc-tnec-volet-3"]["cost_unit"] == "group_project"
    # Annex I's « 25 milliards € » for France Num (L1045) is never a unit cost (L1033)
    france_num = next(c for c in options.at["rec-04", "components"] if c["instrument_id"] == "fr-france-num")
    assert math.isnan(france_num["cost_eur"])
    lessons = {lesson["lines"] for lesson in options.at["rec-07", "lessons"]}
    assert {"L901", "L935", "L949"} <= lessons
    assert "Digibrux" in [a["name"] for a in options.at["rec-05", "actors"]]
    assert options.at["rec-07", "grade"] == "interviewed"


def test_gap_matrix_need_3_has_no_brussels_instrument(tables, decisions):
    gaps = gap_matrix(tables, decisions)
    need3 = gaps[gaps["need_id"] == "need-3"]
    assert len(need3) and need3["gap"].all()
    assert not need3["brussels_full"].map(len).any() and not need3["brussels_partial"].map(len).any()
    peers = " ".join(need3["peers"].explode())
    assert "Chèques cyber sécurité" in peers and "Volet 3" in peers  # L575, L901
    assert set(gaps["need_id"]) <= set(tables["needs"]["need_id"])


def test_design_parameters_agree_with_the_clean_amounts_and_rates(tables, decisions):
    params = design_parameters(tables, decisions)
    amounts = tables["amounts"]
    hourly = set(amounts.loc[(amounts["kind"] == "hourly_rate") & (amounts["currency"] == "CAD"), "value"])
    assert set(params.loc[params["parameter"] == "hourly_cap", "value"]) <= hourly  # L928-L929
    caps = set(amounts.loc[amounts["kind"] == "cost_item_cap", "value_eur"])
    assert set(params.loc[params["parameter"] == "salary_cost_cap", "value"]) <= caps  # L202
    rates = tables["instruments"].set_index("instrument_id")["cofunding_rate"]
    for row in params[params["parameter"] == "cofunding"].itertuples():
        if not pd.isna(rates[row.instrument_id]):
            assert rates[row.instrument_id] == pytest.approx(row.value), row.instrument_id
    assert params.set_index("param_id").at["tnec-duration", "value_text"] == "18 mois au moins"  # L951


def test_scenarios_are_derived_with_one_population_each(tables, decisions):
    table = scenarios(tables, decisions).set_index("scenario_id")
    assert (table["status"] == DERIVED).all() and table["formula"].map(bool).all()
    plan = table.loc["plan-volet2-10pct"]
    assert plan["value_eur"] == pytest.approx(0.1 * 5500 * 13551)  # L264, L897
    assert plan["population_id"] == "bru-profit-social"
    dens = decisions["denominators"].set_index("denominator_id")
    # L264: 15 000 ETP and 5 500 organisations / 110 000 workers are different populations
    assert (
        dens.at["bru-nonmarchand-etp", "population_id"] != dens.at["bru-profit-social-organisations", "population_id"]
    )
    assert (
        dens.at["bru-profit-social-organisations", "population_id"]
        == dens.at["bru-profit-social-travailleurs", "population_id"]
    )


# --- numbers -----------------------------------------------------------------------------------------------


def test_status_of_numbers(tables):
    amounts = tables["amounts"].set_index("amount_id", drop=False)
    assert amount_figure(amounts.loc["wal-digitalees-bourses-ceiling"]).status == STATED  # « 20 000 € » L511
    assert amount_figure(amounts.loc["qc-tnec-volet-2-ceiling"]).status == STATED  # « (soit 13 551€) » L897
    budget = amounts[(amounts["instrument_id"] == "qc-tnec") & (amounts["kind"] == "programme_total")].iloc[0]
    figure = amount_figure(budget)  # « budget de 8 millions de dollars » (L916): the euros are ours
    assert figure.status == CONVERTED and "×" in figure.formula


def test_cad_sensitivity_uses_the_reports_own_rates(tables):
    rates = report_cad_rates(tables["amounts"])
    assert rates.iloc[0]["rate"] == pytest.approx(166750 / 250000) and rates.iloc[0]["source_lines"] == "L939"
    assert rates.iloc[-1]["rate"] == pytest.approx(169390 / 250000)  # L899
    table = cad_sensitivity(
        tables["amounts"],
        [
            ("qc-tnec-volet-3-ceiling", "bru-appel-numerique-transition-economique-ceiling"),
            ("qc-tnec-volet-2-ceiling", "wal-digitalees-bourses-ceiling"),
        ],
    )
    assert table["same_conclusion"].all()
    assert (table["eur_at_low_rate"] < table["eur_at_high_rate"]).all()


# --- figure -----------------------------------------------------------------------------------------------


def test_ladders_draw_no_envelope(tables, decisions):
    steps = funding_ladders(tables, decisions)
    assert list(steps.loc[steps["ladder_id"] == "BE-WAL", "instrument_id"])[-1] == "wal-digitalees-bourses"  # L511
    assert "wal-cheque-relance-numerique" not in set(steps["instrument_id"])  # VAT-liable ASBL only (L535)
    fig = figures.funding_ladders(tables, decisions)
    amounts = tables["amounts"]
    awards = set(
        amounts.loc[amounts["kind"].isin(["max_per_beneficiary", "per_year", "per_day", "phase_max"]), "value_eur"]
    ) | set(amounts["stated_eur"].dropna())
    drawn = [x for trace in fig.data if trace.type == "bar" for x in trace.x]
    assert drawn and set(drawn) <= awards
    assert 101634 not in drawn  # Volet 1's 150 000 $ is an envelope (L916)
    quebec = next(t for t in fig.data if t.name == "Québec")
    assert list(quebec.marker.pattern.shape)[-1] == "/"  # Volet 3: per group project (L899)


def test_benchmark_clean_refuses_a_bad_step5_file(raw_copy, tmp_path, capsys):
    from benchmark.cli import main

    path = raw_copy / file_name("scenarios")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            ",cost,qc-tnec-volet-2-ceiling,0.1,", ",cost,qc-tnec-volet-2-ceiling,10 %,", 1
        ),
        encoding="utf-8",
    )
    assert main(["clean", "--raw", str(raw_copy), "--out", str(tmp_path / "clean")]) == 1
    err = capsys.readouterr().err
    assert "step5_scenarios.csv row 2, column share: '10 %'" in err
    assert not (tmp_path / "clean" / "step5_equivalents.csv").exists()


def test_cleaning_never_imports_the_analysis_layer():
    import subprocess
    import sys

    code = (
        "import sys, benchmark.clean.pipeline, benchmark.cli; "
        "assert not {'benchmark.analysis.comparisons', 'benchmark.analysis.step5.equivalents'} & set(sys.modules), sorted(sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0


def test_an_added_brussels_instrument_flows_through(tables, decisions):
    """A researcher adds a valid Brussels instrument (no step 5 decision yet): every analysis still runs, the
    journey shows it where an ASBL can use it, and it is compared with every peer component."""
    row = tables["instruments"].set_index("instrument_id").loc["bru-digibrux"].copy()
    row["name"], row["digital_specific"] = "Nouvel accompagnement", True
    grown = dict(tables)
    grown["instruments"] = pd.concat(
        [tables["instruments"], row.to_frame().T.assign(instrument_id="bru-nouvel").reset_index(drop=True)],
        ignore_index=True,
    )
    trip = journey(grown, decisions)
    assert set(trip.loc[trip["instrument_id"] == "bru-nouvel", "stage"]) == set(row["stages"])
    pairs = equivalents(grown, decisions)
    added = pairs[pairs["brussels_id"] == "bru-nouvel"]
    assert len(added) == len(pairs[pairs["brussels_id"] == "bru-digibrux"])
    assert list(added["verdict"]) == list(pairs.loc[pairs["brussels_id"] == "bru-digibrux", "verdict"])
    assert len(appraisal(grown, decisions)) == len(tables["recommendations"])
    assert len(gap_matrix(grown, decisions))


def test_a_scenario_without_what_it_multiplies_or_divides_by_is_refused(raw_copy, tmp_path, capsys):
    from benchmark.cli import main

    path = raw_copy / file_name("scenarios")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            ",cost,qc-tnec-volet-2-ceiling,0.1,bru-profit-social-organisations,,",
            ",cost,qc-tnec-volet-2-ceiling,0.1,,,",
            1,
        ),
        encoding="utf-8",
    )
    assert main(["clean", "--raw", str(raw_copy), "--out", str(tmp_path / "clean")]) == 1
    err = capsys.readouterr().err
    assert "step5_scenarios.csv row 2, column count" in err
    assert "needs a count, or a share and a denominator_id" in err
