"""The eligibility model: one answer to « can a Brussels ASBL use this aid for its own digitalisation, and on what
terms? », decided once with its lines (data/raw/eligibility*.csv), derived consistently, read by every page."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from report_source import SOURCE as REPORT_SOURCE

from benchmark.analysis import eligibility
from benchmark.analysis.money import award_figure
from benchmark.clean.eligibility import conditions_of
from benchmark.clean.pipeline import clean
from benchmark.core.errors import DataError
from benchmark.core.spans import parse_spans


def _text(lines: str) -> str:
    report = REPORT_SOURCE.read_text(encoding="utf-8").split("\n")
    return " ".join(" ".join(report[a - 1 : b]) for a, b in parse_spans(lines)).replace("*", "")


def _row(tables, iid: str) -> dict:
    return tables["eligibility"].set_index("instrument_id").loc[iid].to_dict()


def test_every_instrument_has_one_decision_with_its_quote_and_justification(tables):
    frame = tables["eligibility"]
    assert frame["instrument_id"].is_unique
    assert set(frame["instrument_id"]) == set(tables["instruments"]["instrument_id"])
    assert frame["why"].str.len().gt(10).all() and frame["quote"].str.len().gt(0).all()


def test_the_brussels_answer_follows_the_access_and_the_territory(tables):
    merged = tables["eligibility"].merge(tables["instruments"][["instrument_id", "covers_brussels"]])
    expected = merged["asbl_access"].where(merged["covers_brussels"], "outside")
    assert (merged["brussels_asbl"] == expected).all()


@pytest.mark.parametrize(
    ("iid", "access", "words", "lines"),
    [
        # « Il ne s'adresse donc pas directement aux organisations non-marchandes »
        ("bru-appel-numerique-transition-economique", "no", "Il ne s'adresse donc pas directement", "L386"),
        ("wal-cheque-maturite-numerique", "no", "Les ASBL sont actuellement exclues", "L537"),
        ("wal-cheque-relance-numerique", "conditional", "au moins partiellement assujetties à la TVA", "L535"),
        ("bru-digibrux", "yes", "Les associations bruxelloises", "L320"),
        ("wal-campagne-detournement-logos", "no", "Sensibiliser les citoyens", "L585"),
    ],
)
def test_codings_the_report_settles(tables, iid, access, words, lines):
    row = _row(tables, iid)
    assert row["asbl_access"] == access
    assert words in row["quote"] and words in _text(lines)


def test_the_quebec_programme_is_conditional_on_sales_and_excludes_community_associations(tables):
    """TNEC: sales of at least 100 000 $ (L910), « ne finance donc pas les associations communautaires, sportives,
    culturelles… » (L912); its volets carry the programme's conditions."""
    found = conditions_of(tables["conditions"], tables["instruments"])["qc-tnec-volet-2"]
    assert {"eligibility", "exclusion", "terms"} <= set(found["effect"])
    assert any("L910" in lines for lines in found["source_lines"]) and any(
        "L912" in lines for lines in found["source_lines"]
    )
    assert _row(tables, "qc-tnec-volet-2")["asbl_access"] == "conditional"


def test_the_social_economy_is_not_the_non_market_sector(tables):
    """An aid for social-economy enterprises (ASBL among others) is never coded « dédiée au non-marchand »."""
    merged = tables["instruments"].merge(tables["eligibility"])
    assert not ((merged["audience"] != "nonmarket") & (merged["nonmarket_access"] == "dedicated")).any()
    assert (merged.loc[merged["audience"] == "social_economy", "nonmarket_access"] != "dedicated").all()


def test_the_access_code_of_the_contract_is_derived(tables):
    merged = tables["instruments"].merge(tables["eligibility"])
    assert (merged.loc[merged["asbl_access"] == "not_stated", "nonmarket_access"] == "unknown").all()
    assert (merged.loc[merged["primary_type"] == "strategy", "nonmarket_access"] == "not_applicable").all()
    obtainable = merged["asbl_access"].isin(["yes", "conditional"])
    assert merged.loc[obtainable, "nonmarket_access"].isin(["dedicated", "open", "conditional", "sectoral"]).all()


def test_an_aid_an_asbl_can_obtain_is_aimed_at_digital(tables):
    merged = tables["instruments"].merge(tables["eligibility"])
    obtainable = merged[merged["asbl_access"].isin(["yes", "conditional"])]
    assert (obtainable["digital_aim"] != "none").all()
    assert ((merged["digital_aim"] == "dedicated") == (merged["digital_specific"] == True)).all()  # noqa: E712


def test_time_status_says_what_the_report_says(tables):
    assert _row(tables, "vlg-wse-appel-transformation-digitale")["time_status"] == "closed"  # « jusqu'à fin 2023 » L191
    nte = _row(tables, "bru-appel-numerique-transition-economique")
    assert nte["time_status"] == "recurring" and "récurrent" in nte["status_quote"]  # L379
    assert _row(tables, "qc-tnec-volet-3")["time_status"] == "closed"  # fonds engagés en mai 2022, L949


def test_obtainable_is_the_one_definition(tables):
    frame = eligibility.obtainable(tables)
    assert set(frame["brussels_asbl"]) <= {"yes", "conditional"}
    assert "bru-digibrux" in set(frame["instrument_id"])
    assert "bru-appel-numerique-transition-economique" not in set(frame["instrument_id"])
    counted = eligibility.counts(tables)
    assert counted["total"] == len(frame) == counted["outright"] + counted["conditional"]


def test_ceilings_are_compared_only_with_their_kind(tables):
    """A loan (SIFO, L187), a group's project (volet 3, L939), a training day paid to the provider (FEBI, L355) and a
    professional's premium (INAMI, L144) are never ranked with the ceilings of one organisation."""
    ranked = eligibility.comparable_ceilings(tables)
    assert set(ranked["ceiling_class"]) <= set(eligibility.RANKED_CLASSES)
    for iid in ("vlg-sifo", "qc-tnec-volet-3", "bru-febi", "be-inami-prime-cabinet-integre"):
        assert iid not in set(ranked["instrument_id"])
    every = eligibility.comparable_ceilings(tables, classes=eligibility.CEILING_CLASSES).set_index("instrument_id")
    assert every.at["vlg-sifo", "ceiling_class"] == "loan"
    assert every.at["qc-tnec-volet-3", "ceiling_class"] == "group_project"
    assert every.at["bru-febi", "ceiling_class"] == "provider_day"
    assert every.at["bru-prime-web", "ceiling_class"] == "organisation_year"


def test_a_stated_euro_figure_stays_as_stated(tables):
    """Fonds C: « jusqu'à 10 000$ (soit 6 775€) » (L886): 6 775 €, not a recomputed 6 776 €."""
    figure = award_figure(tables["amounts"], "qc-fonds-c-desjardins")
    assert figure.value == 6775 and figure.status == "stated"
    assert tables["instruments"].set_index("instrument_id").at["qc-fonds-c-desjardins", "max_award_eur"] == 6775


def test_a_derived_sum_of_phases_says_so(tables):
    figure = award_figure(tables["amounts"], "wal-cheque-relance-numerique")
    assert figure.status == "derived" and figure.formula.count("+") == 2  # 1 900 € + 5 700 € + 7 400 € (L535)


# --- bad decisions are refused with their place ---------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _problems(raw_dir: Path):
    with pytest.raises(DataError) as err:
        clean(raw_dir)
    return err.value.problems


def test_an_instrument_without_a_decision_is_refused(raw_copy):
    path = raw_copy / "eligibility.csv"
    rows = _rows(path)
    _write(path, [r for r in rows if r["instrument_id"] != "bru-digibrux"])
    found = [p for p in _problems(raw_copy) if p.file == "eligibility.csv" and p.value == "bru-digibrux"]
    assert found and "no row" in found[0].message


def test_conditional_without_a_condition_is_located(raw_copy):
    path = raw_copy / "eligibility.csv"
    rows = _rows(path)
    n = next(i for i, r in enumerate(rows) if r["instrument_id"] == "bru-toolbox")
    rows[n]["asbl_access"] = "conditional"
    _write(path, rows)
    found = [p for p in _problems(raw_copy) if p.file == "eligibility.csv" and p.row == n + 2]
    assert found and found[0].column == "asbl_access" and "eligibility_conditions.csv" in found[0].message


def test_a_decision_quote_not_at_its_lines_is_located(raw_copy):
    path = raw_copy / "eligibility.csv"
    rows = _rows(path)
    n = next(i for i, r in enumerate(rows) if r["instrument_id"] == "bru-digibrux")
    rows[n]["source_lines"] = "L330"
    _write(path, rows)
    assert any(p.file == "eligibility.csv" and p.row == n + 2 and p.column == "quote" for p in _problems(raw_copy))


def test_a_digital_aim_against_the_workbook_is_located(raw_copy):
    path = raw_copy / "eligibility.csv"
    rows = _rows(path)
    n = next(i for i, r in enumerate(rows) if r["instrument_id"] == "bru-digibrux")
    rows[n]["digital_aim"] = "partly"
    _write(path, rows)
    found = [p for p in _problems(raw_copy) if p.row == n + 2 and p.column == "digital_aim"]
    assert found and "digital_specific" in found[0].message
