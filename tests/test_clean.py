"""Integration: the real sources give the contract's tables with the report's values."""

import filecmp

import pandas as pd
import pytest

from benchmark.clean.writer import write_clean
from benchmark.cli import main
from benchmark.core import paths


def _by_id(frame):
    return frame.set_index("instrument_id")


def test_instrument_counts_per_jurisdiction(tables):
    """Each jurisdiction sheet's rows become that many instruments of that jurisdiction."""
    from benchmark.ingest.raw import load_raw

    counts = tables["instruments"]["jurisdiction"].value_counts().to_dict()
    assert counts == load_raw(paths.RAW).inventories.groupby("_sheet").size().to_dict()


def test_annex_i_has_25_logical_rows_in_order(tables):
    annex = tables["annex_i"]
    assert list(annex["annex_row"]) == list(range(1, 26))
    assert annex["region"].iloc[0] == "Union européenne" and annex["region"].iloc[-1] == "Québec"
    row = annex.set_index("instrument_id")
    # the page-break continuation L1040 is merged into Programme pour une Europe numérique (L1038)
    assert row.at["eu-digital-europe", "source_lines"] == "L1038; L1040"
    assert row.at["eu-digital-europe", "domains"][-1].endswith("pôles d'innovation numérique.")
    # the 7-cell lines L1059-L1061 lost their region cell: Digiraf is still under Région flamande
    assert row.at["vlg-digiraf", "region"] == "Région flamande"
    assert row.at["vlg-digiraf", "name"] == "Digiraf - Digitaal advies voor social profit organisaties"
    assert row.at["vlg-welzijnzorg", "objectives"].startswith("Donner accès à l'internet")
    # HTML removed, lists split
    assert row.at["fr-soutien-regional-ess", "domains"][0] == "Site de vente en ligne"
    assert "<" not in row.at["be-resolution-numerisation-asbl", "domains"][0]
    assert (row.at["eu-digital-decade", "start_year"], row.at["eu-digital-decade", "end_year"]) == (2020, 2030)
    assert row.at["eu-digital-decade", "date_raw"] == "2020 - 20230"  # the cell as written (L1037)
    assert row.at["eu-digital-decade", "date_corrected"] == "2020 - 2030"  # the declared correction
    # page breaks and lost <li> tags no longer cut or merge domain items (rows 14, 24, 25)
    assert len(row.at["be-resolution-numerisation-asbl", "domains"]) == 8  # « Mesures : » and seven measures
    assert not any(d.endswith(" par") for d in row.at["qc-programme-innovation-iq", "domains"])
    assert row.at["qc-tnec", "domains"][2].startswith(
        "Appel à projets : soutenir la mise en œuvre de la transformation"
    )
    assert row.at["eu-digital-europe", "budget_eur"] == 7.5e9
    assert row.at["eu-horizon-europe", "budget_kind"] == "pillar_total"
    assert pd.isna(row.at["qc-offensive-transformation-numerique", "budget_eur"])  # 11.000 entreprises


def test_amounts_in_euros(tables):
    a = tables["amounts"]

    def values(iid, kind, lines):
        """The amounts of an instrument and kind that the report gives at ``lines`` (a researcher may add others
        from newer sources)."""
        return sorted(a[(a.instrument_id == iid) & (a.kind == kind) & (a.source_lines == lines)]["value_eur"])

    assert values("vlg-sifo", "max_per_beneficiary", "L1057") == [100000]  # vs 350 000 euros at L187
    assert values("vlg-sifo", "max_per_beneficiary", "L187") == [350000]
    assert values("bru-prime-web", "per_year", "L300") == [5000]
    assert values("bru-appel-numerique-transition-economique", "programme_total", "L388") == [500000]
    assert values("wal-cheque-relance-numerique", "phase_max", "L535") == [1900, 5700, 7400]
    assert values("qc-tnec-volet-2", "max_per_beneficiary", "L897") == [pytest.approx(13551.2)]  # 20 000 $
    assert values("es-agenda-espana-digital", "programme_total", "L1050") == [2e10]
    assert values("be-inami-prime-cabinet-integre", "min_per_beneficiary", "L144") == [1000]
    cad = a[a.currency == "CAD"]
    assert (cad["value_eur"] == (cad["value"] * 0.67756).round(2)).all()


def test_instrument_money_columns(tables):
    i = _by_id(tables["instruments"])
    assert i.at["qc-tnec-volet-3", "max_award_eur"] == pytest.approx(169390)
    assert i.at["wal-cheque-relance-numerique", "max_award_eur"] == 15000  # the three phases
    assert i.at["wal-cheque-maturite-numerique", "cofunding_rate"] == 0.5
    assert i.at["vlg-wse-appel-transformation-digitale", "cofunding_rate"] == pytest.approx(0.6)  # own share 40 %
    assert i.at["bru-appel-numerique-transition-economique", "budget_total_eur"] == 500000
    assert pd.isna(i.at["bru-digibrux", "max_award_eur"])  # free service: missing, not 0
    assert i.at["eu-digital-europe", "stip_budget_band"] == ">500M"  # 7,5 bn over 7 years


def test_the_three_quebec_volets(tables):
    i = _by_id(tables["instruments"])
    volets = i.loc[["qc-tnec-volet-1", "qc-tnec-volet-2", "qc-tnec-volet-3"]]
    assert (volets["jurisdiction"] == "CA-QC").all() and volets["focus"].all()
    assert "awareness" in volets.at["qc-tnec-volet-1", "stages"]
    assert "planning" in volets.at["qc-tnec-volet-2", "stages"]
    assert "implementation" in volets.at["qc-tnec-volet-3", "stages"]
    assert (volets["parent_id"] == "qc-tnec").all()  # « 3 volets » L894
    # Volet 1's 150 000 $ is a share of the 8 M$ (L916): the programme's envelope, counted once on qc-tnec
    assert pd.isna(volets.at["qc-tnec-volet-1", "budget_total_eur"])
    assert i.at["qc-tnec", "budget_total_eur"] == pytest.approx(8e6 * 0.67756)
    a = tables["amounts"]
    share = a[(a.instrument_id == "qc-tnec-volet-1") & (a.source_lines == "L916")]
    assert list(share["kind"]) == ["pillar_total"] and share["value_eur"].iloc[0] == pytest.approx(101634, abs=1)


def test_brussels_access_codes_follow_the_reports_labels(tables):
    i = _by_id(tables["instruments"])
    bru = i[i.jurisdiction == "BE-BRU"]
    assert bru["covers_brussels"].all()
    # « ouverte plus largement » L294, but to micro and small firms of some NACE codes: an ASBL only if it meets them
    assert bru.at["bru-prime-web", "nonmarket_access"] == "conditional"
    assert bru.at["bru-digibrux", "nonmarket_access"] == "dedicated"  # L320
    # « spécifiquement dédiée aux organisations non-marchandes », of joint committees 330, 329.03, 337 and 319 (L346)
    assert bru.at["bru-febi", "nonmarket_access"] == "sectoral"
    assert bru.at["bru-subsides-projets-jeunesse", "nonmarket_access"] == "sectoral"  # L398
    # social entrepreneurs (L440), today food projects (L436): the report never says an ASBL can use it
    assert bru.at["bru-fondation-4wings", "nonmarket_access"] == "unknown"
    assert i.at["wal-cheque-maturite-numerique", "nonmarket_access"] == "excluded"  # L537
    assert i.at["wal-cheque-relance-numerique", "nonmarket_access"] == "conditional"  # L535


def test_known_contradictions_and_problems_are_found_by_rule(tables):
    s = tables["source_issues"]
    rule = s[s.found_by == "rule"]
    found = set(zip(rule["kind"], rule["instrument_id"].fillna("")))
    assert ("contradiction", "vlg-sifo") in found  # 350 000 € vs 100.000€
    assert ("conversion", "qc-tnec-volet-3") in found  # 166.750 € at L939
    assert ("impossible_date", "eu-digital-decade") in found  # 20230
    assert ("spelling", "es-digitalizate-plus") in found  # Digitalize / Digitalizate
    assert ("classification", "fr-social-good-accelerator") in found
    assert ("format", "") in found  # « Québec Transformation … » L1020
    conversion = rule[rule.kind == "conversion"].iloc[0]
    assert "166\u202f750 €" in conversion["detail"] and "L939" in conversion["detail"]
    corrected = s[s.correction.notna()]
    assert "2020 - 20230 → 2020 - 2030" in set(corrected["correction"])


def test_recommendations_have_evidence(tables):
    r = tables["recommendations"].set_index("rec_id")
    assert len(r) == 16
    assert r.at["rec-04", "instrument_ids"] == ["wal-digitalees", "fr-france-num"]
    assert r.at["rec-14", "instrument_ids"] == ["fr-social-good-accelerator", "qc-tnec"]


def test_nothing_is_lost(result):
    c = result.conservation
    annex = c[c.source.str.startswith("annex_i")].iloc[0]
    assert (annex.raw_rows, annex.clean_rows, annex.rejected_rows) == (41, 28, 13)


def test_committed_clean_data_equals_a_fresh_run(result, tmp_path):
    out = tmp_path / "clean"
    write_clean(result.tables, result.extras(), out, package=result.package)
    assert {p.name for p in out.iterdir()} == {p.name for p in paths.CLEAN.iterdir()}
    for path in paths.CLEAN.iterdir():
        assert filecmp.cmp(out / path.name, path, shallow=False), path.name


def test_cli_clean_writes_the_tables_twice_identically(tmp_path, capsys):
    out = tmp_path / "clean"
    assert main(["clean", "--out", str(out)]) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["clean", "--out", str(out)]) == 0
    assert first == {p.name: p.read_bytes() for p in out.iterdir()}
    printed = capsys.readouterr().out
    assert "41 =   28 +  13" in printed and "found by rule" in printed


def test_formula_like_text_stays_text_in_the_workbook(result, tmp_path):
    import openpyxl

    tables = dict(result.tables)
    needs = tables["needs"].copy()
    needs.loc[0, "text"] = '=HYPERLINK("http://example.invalid")'
    needs.loc[1, "text"] = "+33 1 23"
    needs.loc[2, "text"] = "@SUM(A1)"
    needs.loc[3, "text"] = "-1+1"
    tables["needs"] = needs
    write_clean(tables, {}, tmp_path / "clean")
    ws = openpyxl.load_workbook(tmp_path / "clean" / "benchmark.xlsx")["needs"]
    cells = [ws.cell(row=r, column=2) for r in range(2, 6)]
    assert [c.data_type for c in cells] == ["s"] * 4
    assert cells[0].value.startswith("=HYPERLINK")


def test_a_wrong_euro_value_is_located(tables):
    from benchmark.clean.schemas import check_euro_values

    amounts = tables["amounts"].copy()
    cad = amounts.index[amounts.currency == "CAD"]
    amounts.loc[cad, "value_eur"] += 10
    problems = check_euro_values(amounts, {"EUR": 1.0, "CAD": 0.67756})
    assert [(p.row, p.column) for p in problems] == [(i + 2, "value_eur") for i in cad]
    assert check_euro_values(tables["amounts"], {"EUR": 1.0, "CAD": 0.67756}) == []
