"""A notebook's selection (jurisdictions, stages, types, counting level) and the researchers' API: every comparison,
table, finding and figure shows the chosen rows only, read from the clean tables; what an ASBL can obtain stays the
eligibility model's one answer; a chosen jurisdiction without data gets a sentence, never a row of zeros."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest
from conftest import unserved

from benchmark.analysis import comparisons, eligibility, explore
from benchmark.analysis.selection import Selection
from benchmark.analysis.units import counting_units
from benchmark.present import access, figures, findings
from benchmark.present.export import to_excel
from benchmark.present.formatting import COLUMN_LABELS, TABLE_MIME, label, reader_table
from benchmark.present.step5 import tables as step5_tables
from benchmark.registry.codes import INSTRUMENT_TYPES, JURISDICTIONS, OBTAINABLE, STAGES


@pytest.fixture(scope="module")
def tables(committed_tables):
    return committed_tables


@pytest.fixture(scope="module")
def units(tables):
    return counting_units(tables["instruments"])


# --------------------------------------------------------------------------------------------------------
# The selection itself


def test_a_misspelt_code_stops_with_the_codes_allowed():
    with pytest.raises(ValueError, match=r"'BE-VL' n'est pas un code permis ; codes permis : .*BE-VLG"):
        Selection(["BE-VL"])
    with pytest.raises(ValueError, match="stages : 'diagnostic' n'est pas un code permis"):
        Selection(stages=["diagnostic"])
    with pytest.raises(ValueError, match="niveau de comptage"):
        Selection(level="every")
    with pytest.raises(ValueError, match="choisissez au moins un code"):
        Selection([])


def test_codes_come_in_the_vocabulary_order_and_one_code_is_a_choice_of_one():
    assert Selection(["CA-QC", "BE-BRU"]).jurisdictions == ("BE-BRU", "CA-QC")
    assert Selection("BE-VLG").jurisdictions == ("BE-VLG",)
    assert Selection() == Selection(list(JURISDICTIONS), list(STAGES), list(INSTRUMENT_TYPES))
    assert Selection().published() and not Selection(level="all").published()
    assert Selection(level="all").published(None) and not Selection("BE").published(None)


def test_rows_keep_the_chosen_jurisdictions_and_focus_keeps_every_jurisdiction(tables):
    instruments = tables["instruments"]
    selection = Selection(["BE-VLG", "BE-WAL"], stages=["diagnosis"], types=["grant", "advisory"])
    in_focus = instruments["primary_type"].isin(["grant", "advisory"]) & instruments["stages"].map(
        lambda s: "diagnosis" in s
    )
    assert set(selection.focus(instruments)["instrument_id"]) == set(instruments[in_focus]["instrument_id"])
    chosen = in_focus & instruments["jurisdiction"].isin(["BE-VLG", "BE-WAL"])
    assert set(selection.rows(instruments)["instrument_id"]) == set(instruments[chosen]["instrument_id"])
    # units: a programme is folded with its parts over the whole inventory, then the selection is applied
    programmes = counting_units(instruments, "programme")
    assert list(Selection("BE-WAL", level="programme").units(instruments)["instrument_id"]) == list(
        programmes[programmes["jurisdiction"] == "BE-WAL"]["instrument_id"]
    )


# --------------------------------------------------------------------------------------------------------
# Comparisons follow the selection


def test_type_counts_show_the_chosen_jurisdictions_and_types_only(units):
    chosen, types = ["BE-WAL", "CA-QC"], ["grant", "voucher", "advisory"]
    table = comparisons.type_counts(units, selection=Selection(chosen, types=types))
    rows = units[units["jurisdiction"].isin(chosen) & units["primary_type"].isin(types)]
    expected = pd.crosstab(rows["jurisdiction"], rows["primary_type"]).reindex(
        index=chosen, columns=types, fill_value=0
    )
    assert list(table.index) == chosen and list(table.columns) == types
    assert (table.values == expected.values).all()


def test_a_chosen_jurisdiction_without_data_is_named_never_drawn_as_zeros(units):
    jurisdiction, stage = unserved(units)
    other = next(
        j for j in JURISDICTIONS if units[units["jurisdiction"] == j]["stages"].map(lambda v: stage in v).any()
    )
    selection = Selection([jurisdiction, other], stages=[stage])
    coverage = comparisons.stage_coverage(units, selection)
    assert jurisdiction not in coverage.index and coverage.attrs["no_data"] == [jurisdiction]
    shown = reader_table(coverage, caption="Couverture")
    assert f"Aucune donnée dans cette sélection pour : {label(jurisdiction)}." in shown.notes
    alone = reader_table(comparisons.stage_coverage(units, Selection(jurisdiction, stages=[stage])), caption="C")
    assert alone.rows == []  # never headings over nothing: a sentence
    assert "aucune ligne pour cette sélection" in alone._repr_html_() and "<table" not in alone._repr_html_()
    assert TABLE_MIME not in alone._repr_mimebundle_()  # no data file for a sentence


def test_a_table_about_brussels_says_so_when_brussels_is_not_chosen(tables, units):
    selection = Selection(["BE-VLG"])
    table = comparisons.advice_vs_funding_by_digital(tables["instruments"], selection=selection)
    assert table.empty and table.attrs["requires"] == ["BE-BRU"]
    shown = reader_table(table, caption="Aides bruxelloises")
    assert shown.rows == [] and "porte sur Bruxelles-Capitale" in repr(shown)
    assert figures.advice_vs_funding(tables["instruments"], selection) is None
    assert access.stage_table(tables, selection=selection).rows == []


# --------------------------------------------------------------------------------------------------------
# The eligibility model: one answer, narrowed by stages and types, never by the jurisdictions compared


def test_obtainable_with_a_selection_is_the_one_answer_narrowed(tables):
    everything = eligibility.obtainable(tables, "BE-BRU")
    selection = Selection(["BE-VLG"], stages=["diagnosis"])
    narrowed = eligibility.obtainable(tables, "BE-BRU", selection=selection)
    expected = everything[everything["stages"].map(lambda s: "diagnosis" in s)]
    assert list(narrowed["instrument_id"]) == list(expected["instrument_id"])
    # the jurisdictions compared never drop an aid: a Brussels ASBL still obtains the federal, European and private
    # aids that cover Brussels, whichever jurisdictions a notebook compares
    other = eligibility.obtainable(tables, "BE-BRU", selection=Selection(["BE-VLG"]))
    assert list(other["instrument_id"]) == list(everything["instrument_id"])
    assert (narrowed["brussels_asbl"].isin(OBTAINABLE)).all()


def test_stage_gaps_follow_the_chosen_stages(tables):
    selection = Selection(stages=["diagnosis", "skills"])
    gaps = eligibility.stage_gaps(tables, "BE-VLG", selection)
    assert list(gaps.index) == ["diagnosis", "skills"]
    every = eligibility.stage_gaps(tables, "BE-VLG")
    assert gaps.equals(every.loc[["diagnosis", "skills"]])


def test_peer_profile_rows_are_the_chosen_jurisdictions_with_data(tables, units):
    jurisdiction, stage = unserved(units)
    selection = Selection(["BE-BRU", jurisdiction], stages=[stage])
    profile = eligibility.peer_profile(tables, selection=selection)
    assert jurisdiction not in profile.index and profile.attrs["no_data"] == [jurisdiction]
    bru = eligibility.obtainable(tables, "BE-BRU", selection=selection)
    assert profile.at["BE-BRU", "obtainable"] == len(bru)
    assert profile.at["BE-BRU", "stages_covered"] == (1 if bru["stages"].map(lambda s: stage in s).any() else 0)
    table = access.peer_table(tables, selection=selection)
    assert [r[0] for r in table.rows] == [label("BE-BRU")]
    assert any(label(jurisdiction) in n for n in table.notes)


def test_ceilings_are_summarised_one_class_at_a_time_and_a_mix_is_refused(tables):
    summary = eligibility.ceiling_summary(tables)
    every = eligibility.comparable_ceilings(tables, classes=eligibility.CEILING_CLASSES)
    assert summary["count"].sum() == len(every)
    for r in summary.itertuples():
        group = every[(every["jurisdiction"] == r.jurisdiction) & (every["ceiling_class"] == r.ceiling_class)]
        assert (r.count, r.min, r.median, r.max) == (
            len(group),
            group["ceiling_eur"].min(),
            group["ceiling_eur"].median(),
            group["ceiling_eur"].max(),
        )
    mixed = every[every["ceiling_class"].isin(["organisation_project", "provider_day"])]
    if mixed["ceiling_class"].nunique() == 2:
        with pytest.raises(eligibility.MixedCeilingsError, match="par jour de formation"):
            eligibility.one_ceiling_class(mixed, "la médiane")
    ranked = every[every["ceiling_class"] == "organisation_project"]
    assert eligibility.one_ceiling_class(ranked) == ("organisation_project" if len(ranked) else "")


# --------------------------------------------------------------------------------------------------------
# Findings and figures follow the selection


def test_the_published_findings_are_those_without_a_selection(tables):
    for notebook, functions in findings.NOTEBOOK_FINDINGS.items():
        for function in functions if notebook != "00_synthese" else ():  # the synthesis has no parameters
            assert function(tables, None).text == function(tables).text


def test_a_finding_names_its_selection_and_drops_the_headline_marks(tables, units):
    selection = Selection(["BE-BRU", "BE-VLG"], stages=["diagnosis"])
    gaps = findings.brussels_gaps(tables, selection)
    assert gaps.text.startswith(
        "**Constats (sélection\u202f: Bruxelles-Capitale et Flandre\u202f; étape diagnostic).**"
    )
    assert "data-q" not in gaps.text  # not the published quantity
    n = len(eligibility.obtainable(tables, "BE-BRU", selection=selection))
    assert f"diagnostic\u202f: {n} aide" in gaps.text
    assert "sensibilisation" not in gaps.text.lower()
    published = findings.brussels_gaps(tables)
    assert 'data-q="brussels-obtainable-diagnosis"' in published.text


def test_a_finding_about_brussels_is_not_shown_when_brussels_is_not_chosen(tables):
    selection = Selection(["BE-VLG", "BE-WAL"])
    for function in (findings.brussels_gaps, findings.brussels_l276):
        assert function(tables, selection).text == ""
    overview = findings.inventory_overview(tables, selection)
    assert "Bruxelles" not in overview.text
    rows = tables["instruments"]["jurisdiction"].isin(["BE-VLG", "BE-WAL"])
    assert overview.values["rows"] == int(rows.sum())


def test_a_selection_without_data_gets_a_sentence(units, tables):
    jurisdiction, stage = unserved(units)
    finding = findings.stage_coverage(tables, Selection(jurisdiction, stages=[stage]))
    assert "Rien à montrer" in finding.text and "sélection" in finding.text


def test_figures_draw_the_selection_and_keep_the_published_name_for_the_published_choice(tables, units):
    selection = Selection(["BE-BRU", "BE-VLG"], stages=["diagnosis"])
    heat = figures.stage_heatmap(units, selection)
    coverage = comparisons.stage_coverage(units, selection)
    assert list(heat.data[0].y) == [label(j) for j in coverage.index]
    assert list(heat.data[0].x) == [label("diagnosis")]
    assert "figure" not in heat.layout.meta  # a page never swaps it for the published image
    assert figures.stage_heatmap(units).layout.meta["figure"] == "couverture_des_etapes"
    jurisdiction, stage = unserved(units)
    assert figures.stage_heatmap(units, Selection(jurisdiction, stages=[stage])) is None


# --------------------------------------------------------------------------------------------------------
# Step 5: the journey and the ladders of any jurisdiction


def test_the_journey_of_flanders_shows_what_a_flemish_asbl_can_obtain(tables):
    table = step5_tables.journey_detail(tables, "BE-VLG", caption="Flandre")
    expected = eligibility.obtainable(tables, "BE-VLG")
    assert sorted(r[0] for r in table.rows) == sorted(expected["name"])
    assert {r[1] for r in table.rows} <= {label("BE-VLG")}
    ladders = step5_tables.ladders(tables, jurisdictions=["BE-BRU", "BE-VLG"])
    drawn = set(tables["step5_ladders"]["ladder_id"])
    assert {r[0] for r in ladders.rows} <= {label(j) for j in ("BE-BRU", "BE-VLG")}
    if "BE-VLG" not in drawn:  # said, not left blank
        assert any(label("BE-VLG") in n for n in ladders.notes)


def test_the_journey_summary_names_a_choice_that_is_not_the_published_one(tables):
    from benchmark.present.step5 import texts

    published = texts.journey_summary(tables)
    assert published.text.startswith("**Constats.**")
    chosen = texts.journey_summary(tables, ("BE-BRU", "BE-VLG"))
    assert chosen.text.startswith("**Constats (sélection\u202f: Bruxelles-Capitale et Flandre).**")
    n = len(eligibility.obtainable(tables, "BE-VLG"))
    assert f"Flandre\u202f: une ASBL peut y obtenir {n} aide" in chosen.text and "Québec" not in chosen.text


# --------------------------------------------------------------------------------------------------------
# The researchers' helpers


def test_list_columns_in_long_form_and_filters_without_a_lambda(units):
    long = explore.long(units, "stages")
    assert len(long) == int(units["stages"].map(len).sum())
    assert set(long.columns) == {"instrument_id", "name", "jurisdiction", "stage"}
    mask = explore.has(units, "types", "grant", "voucher")
    assert list(units[mask]["instrument_id"]) == list(
        units[units["types"].map(lambda t: "grant" in t or "voucher" in t)]["instrument_id"]
    )
    with pytest.raises(ValueError, match="'grnt' n'est pas un code permis"):
        explore.has(units, "types", "grnt")
    with pytest.raises(ValueError, match="colonne-liste"):
        explore.long(units, "name")


def test_excel_export_has_french_headings_labels_and_numbers(tables, tmp_path):
    frame = eligibility.obtainable(tables, "BE-WAL")
    frame = frame[["name", "jurisdiction", "asbl_access", "stages", "ceiling", "cofunding_rate"]].copy()
    frame.loc[frame.index[0], "name"] = "=1+1"  # a name that looks like a formula stays text
    path = to_excel(frame, tmp_path / "aides.xlsx")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Instrument", "Juridiction", COLUMN_LABELS["asbl_access"])
    assert rows[1][0] == "=1+1" and sheet["A2"].data_type == "s"
    for row, record in zip(rows[1:], frame.to_dict("records")):
        assert row[1] == label("BE-WAL") and row[2] == label(record["asbl_access"], "asbl_access")
        assert row[4] == (None if record["ceiling"] is None else record["ceiling"].value)  # a number, not text
        assert row[5] == (None if pd.isna(record["cofunding_rate"]) else record["cofunding_rate"])
    with pytest.raises(ValueError, match=r"\.xlsx"):
        to_excel(frame, tmp_path / "aides.csv")


def test_no_english_word_in_the_refusals():
    with pytest.raises(ValueError) as error:
        Selection(types=["grnat"])
    assert not re.search(r"\b(expected|not a|choose)\b", str(error.value))
