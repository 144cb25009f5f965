"""Fidelity to the report, second pass: ceilings with their period, programmes and their components counted
once, every money amount of the report accounted for, codings the report settles, provenance of every cell."""

import csv

import pandas as pd
import pytest
from conftest import edit_workbook
from raw_edits import append_csv, cheque_decision
from report_source import SOURCE as REPORT_SOURCE

from benchmark.clean.pipeline import clean
from benchmark.core.errors import DataError


def _by_id(frame):
    return frame.set_index("instrument_id")


# --- ceilings and their period ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "iid, value, period, line",
    [
        ("bru-prime-web", 5000, "year", "L300"),  # « Maximum 5000€ par année civile »
        ("bru-febi", 800, "day", "L355"),  # « maximum 800€/jour »
        ("bru-appel-numerique-transition-economique", 100000, "project", "L388"),  # « maximum 100.000€ »
        ("wal-cheque-relance-numerique", 15000, "project", "L535"),  # the three phases, climbed in turn
    ],
)
def test_ceilings_keep_their_period(tables, iid, value, period, line):
    i = _by_id(tables["instruments"])
    assert i.at[iid, "max_award_eur"] == value
    assert i.at[iid, "max_award_period"] == period
    assert line in i.at[iid, "source_lines"] or any(
        line in s for s in tables["amounts"].loc[tables["amounts"].instrument_id == iid, "source_lines"]
    )


def test_a_ceiling_always_has_its_period(tables):
    i = tables["instruments"]
    assert (i["max_award_eur"].isna() == i["max_award_period"].isna()).all()


# --- programmes and their components ---------------------------------------------------------------------------


def test_components_name_their_programme(tables):
    i = _by_id(tables["instruments"])
    at_least = {
        "es-strategie-economie-sociale-2023-2027": {
            "es-action-7-1",
            "es-action-7-2",
            "es-action-7-3",
            "es-action-13-3",
        },  # L665-L684
        "qc-tnec": {"qc-tnec-volet-1", "qc-tnec-volet-2", "qc-tnec-volet-3"},  # L894-L899
        "wal-digitalees": {
            "wal-digitalees-accompagnement",
            "wal-digiscore",
            "wal-digiproject",
            "wal-digitalees-bourses",
        },  # L505-L511
        "vlg-vivo": {"vlg-vivo-digicoaching"},  # L224
    }
    for parent, children in at_least.items():
        assert children <= set(i.index[i["parent_id"] == parent]), parent
    assert i.at["wal-digitalees", "parent_id"] == "wal-digital-wallonia"  # L471
    assert i.at["wal-cheque-relance-numerique", "parent_id"] == "wal-digital-wallonia"  # L513, L535


def test_spanish_actions_are_components_not_programmes(tables):
    """L628, L634-L638: the report presents the strategies and two platforms; the actions are components."""
    i = tables["instruments"]
    spain = i[(i.jurisdiction == "ES") & i["parent_id"].isna()]
    strategies = set(spain.loc[spain["primary_type"] == "strategy", "instrument_id"])
    # at least the agenda, the SME plan and the two social-economy strategies (a researcher may add others)
    assert {
        "es-agenda-espana-digital",
        "es-plan-digitalisation-pme",
        "es-strategie-economie-sociale-2023-2027",
        "es-strategie-economie-sociale-2017-2020",
    } <= strategies
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
    assert i.at["vlg-vivo-digicoaching", "digital_specific"] is True  # « compétences numériques » L224
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


# --- quotes checked where data enters (issue #9 item 4) ---------------------------------------------------------


def test_the_report_is_a_raw_source_of_its_own(source_lines):
    from benchmark.core import paths

    copy = paths.RAW / "sources" / "report-2024-02.txt"
    assert copy.read_bytes() == REPORT_SOURCE.read_bytes()


def test_every_quote_of_the_raw_data_is_at_its_lines():
    import json

    from benchmark.core import paths
    from benchmark.ingest.quotes import quote_problems
    from benchmark.ingest.raw import load_raw
    from benchmark.ingest.sources import load_sources

    raw = load_raw(paths.RAW)
    problems = []
    registry = load_sources(paths.RAW, json.loads((paths.RAW / "source.json").read_text()), problems)
    assert problems == []
    assert [str(p) for p in quote_problems(raw, registry)] == []


def test_an_invented_quote_stops_benchmark_clean(raw_copy, tmp_path, capsys):
    """A description the report does not hold, cited at L280: exit 1, located message, nothing written."""
    from benchmark.cli import main

    invented = "Une aide à la digitalisation de 10 000 € pour chaque association bruxelloise."
    row = edit_workbook(raw_copy, "BE-BRU", "bru-prime-web", "description", invented)
    edit_workbook(raw_copy, "BE-BRU", "bru-prime-web", "description_lines", "L280")
    out = tmp_path / "clean"
    out.mkdir()
    (out / "keep.csv").write_text("untouched\n")
    assert main(["clean", "--raw", str(raw_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"inventories.xlsx [sheet BE-BRU] row {row}, column description" in err
    assert f"« {invented} » is not at L280" in err
    assert "closest passage there: « " in err and "Mon ASBL" not in invented
    assert [p.name for p in out.iterdir()] == ["keep.csv"]


def test_a_wrong_amount_text_names_its_row(raw_copy):
    import openpyxl

    path = raw_copy / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["amounts"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("instrument_id")].value == "bru-prime-web":
            row[header.index("text")].value = "Maximum 6000€ par année civile"
            excel_row = row[0].row
    wb.save(path)
    with pytest.raises(DataError) as err:
        clean(raw_copy)
    text = str(err.value)
    assert f"[sheet amounts] row {excel_row}, column text" in text
    assert "closest passage there: « Maximum 5000€ par année civile" in text


def test_a_changed_text_copy_is_refused(raw_copy):
    copy = raw_copy / "sources" / "report-2024-02.txt"
    copy.write_bytes(copy.read_bytes().replace(b"Maximum 5000", b"Maximum 6000"))
    with pytest.raises(DataError, match="SHA-256"):
        clean(raw_copy)


# --- sources beyond the report ------------------------------------------------------------------------------------

FIXTURE_PAGE = "web-fixture-cheque"


def _register_fixture_page(raw_dir):
    """Keep the fixture page's text under data/raw/sources/ and register it in sources.csv."""
    import hashlib
    import shutil
    from pathlib import Path

    src = Path(__file__).parent / "fixtures" / "sources" / f"{FIXTURE_PAGE}.txt"
    shutil.copy(src, raw_dir / "sources" / src.name)
    with open(raw_dir / "sources.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [
                FIXTURE_PAGE,
                "web_page",
                "Chèque numérique associatif (page de test)",
                "Région de Bruxelles-Capitale",
                "https://example.org/cheque",
                "2026-11-20",
                "text_copy",
                f"sources/{src.name}",
                hashlib.sha256(src.read_bytes()).hexdigest(),
                "test fixture",
            ]
        )


def _add_instrument(raw_dir, sheet, values):
    import openpyxl

    path = raw_dir / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.append([values.get(h) for h in header])
    wb.save(path)
    return ws.max_row


def _fixture_instrument(**changes):
    row = dict(
        instrument_id="bru-cheque-numerique-associatif",
        name="Chèque numérique associatif",
        name_lines=f"{FIXTURE_PAGE}:L2",
        recipients="les associations sans but lucratif établies en Région de Bruxelles-Capitale.",
        recipients_lines=f"{FIXTURE_PAGE}:L3",
        amount_text="maximum 3 000 € par association et par an.",
        amount_lines=f"{FIXTURE_PAGE}:L4",
        primary_type="voucher",
        types="voucher",
        stages="implementation",
        target_groups="nonprofit",
        digital_specific=True,
        funder_type="unknown",
        covers_brussels=True,
        focus=False,
        interviewed=False,
        source_lines=f"{FIXTURE_PAGE}:L1-L5",
    )
    row.update(changes)
    return row


def _decide_fixture_eligibility(raw_dir):
    """The researcher's second edit: who can use the new aid, quoted from its page (its ceiling is not yet a row of
    the amounts sheet: no award recipient)."""
    append_csv(raw_dir / "eligibility.csv", {**cheque_decision(FIXTURE_PAGE), "award_recipient": ""})


def test_an_instrument_from_a_web_page_is_added_with_its_citation(raw_copy):
    _register_fixture_page(raw_copy)
    _add_instrument(raw_copy, "BE-BRU", _fixture_instrument())
    _decide_fixture_eligibility(raw_copy)
    result = clean(raw_copy)
    i = _by_id(result.tables["instruments"])
    assert i.at["bru-cheque-numerique-associatif", "source_lines"] == f"{FIXTURE_PAGE}:L1-L5"
    assert i.at["bru-cheque-numerique-associatif", "covers_brussels"]
    assert i.at["bru-cheque-numerique-associatif", "nonmarket_access"] == "dedicated"  # derived from the decision
    decision = result.tables["eligibility"].set_index("instrument_id").loc["bru-cheque-numerique-associatif"]
    assert decision["brussels_asbl"] == "yes"


def test_a_wrong_quote_against_a_web_page_is_refused(raw_copy):
    _register_fixture_page(raw_copy)
    row = _add_instrument(raw_copy, "BE-BRU", _fixture_instrument(amount_text="maximum 5 000 € par association"))
    with pytest.raises(DataError) as err:
        clean(raw_copy)
    text = str(err.value)
    assert f"[sheet BE-BRU] row {row}, column amount_text" in text
    assert f"is not at {FIXTURE_PAGE}:L4; closest passage there: « maximum 3 000 €" in text


def test_a_citation_of_an_unregistered_source_is_refused(raw_copy):
    row = _add_instrument(raw_copy, "BE-BRU", _fixture_instrument())
    with pytest.raises(DataError) as err:
        clean(raw_copy)
    assert f"[sheet BE-BRU] row {row}, column name" in str(err.value)
    assert f"cites source '{FIXTURE_PAGE}', which data/raw/sources.csv does not register" in str(err.value)


# --- provenance ------------------------------------------------------------------------------------------------------


def _covered(inner: str | None, outer: str) -> bool:
    from benchmark.core.spans import parse_locators

    pieces = parse_locators(outer)
    for loc in parse_locators(inner):
        if not any(
            p.source == loc.source
            and (p.first is None or (loc.first is not None and p.first <= loc.first and loc.last <= p.last))
            for p in pieces
        ):
            return False
    return True


def test_source_lines_cover_every_span_the_row_cites(tables):
    """Every quoted cell, the Annex I row and every amount or rate of an instrument lie within its source_lines."""
    from benchmark.core import paths
    from benchmark.ingest.raw import TEXT_SPANS, load_raw

    raw = load_raw(paths.RAW)
    lines = tables["instruments"].set_index("instrument_id")["source_lines"]
    misses = [
        (r["instrument_id"], col, r[col])
        for r in raw.inventories.to_dict("records")
        for col in TEXT_SPANS.values()
        if not _covered(r[col], lines[r["instrument_id"]])
    ]
    for name in ("annex_i", "amounts", "rates"):
        misses += [
            (r.instrument_id, name, r.source_lines)
            for r in tables[name].itertuples()
            if not _covered(r.source_lines, lines[r.instrument_id])
        ]
    assert misses == []


def test_the_sources_table_starts_with_the_report(tables):
    import json

    from benchmark.core import paths

    s = tables["sources"]
    report = s.iloc[0]
    assert report["kind"] == "report"
    assert report["sha256"] == json.loads((paths.RAW / "source.json").read_text())["sha256"]
    assert report["line_count"] == len(REPORT_SOURCE.read_text(encoding="utf-8").split("\n")) - 1


# --- every money amount of the report -------------------------------------------------------------------------------

# A number, an optional scale, then a currency: « 5000€ », « 1.500.000€ », « 7,5 milliards € », « 2 400\$ »,
# « 8 millions de dollars », « 13,1 milliards d'euros ». Written here, apart from benchmark.core.parsing, to count
# independently of the pipeline.
MONEY = (
    r"(?<![\w.,])(?:\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*(?:milliards?|millions?|M)?"
    r"\s*(?:d['e] ?)?(?:€|euros?\b|\\\$|\$|dollars?\b)"
)


def _report_money(lines):
    """(line, text, value in its currency) of every money amount of the report."""
    import re

    from benchmark.core.parsing import parse_number

    pattern = re.compile(MONEY)
    scale = {"milliard": 1e9, "million": 1e6, "M": 1e6}
    found = []
    for n, line in enumerate(lines[:-1], start=1):
        for m in pattern.finditer(line):
            number = re.match(r"[\d .,\u00a0\u202f]*\d", m.group(0)).group(0)
            word = re.search(r"milliard|million|M(?=\s*(?:\\\$|\$|€))", m.group(0))
            found.append((n, m.group(0), round(parse_number(number) * (scale[word.group(0)] if word else 1), 2)))
    return found


def test_every_money_amount_of_the_report_is_a_row_or_left_out_with_why(tables, source_lines):
    """Scan the report: each money amount is an amounts row at its line (its value, or the euro conversion the
    text states), or a row of data/raw/amounts_left_out.csv citing that line, with why."""
    from benchmark.core import paths
    from benchmark.core.spans import parse_spans

    amounts = tables["amounts"]
    left_out = pd.read_csv(paths.RAW / "amounts_left_out.csv", dtype=str)
    found = _report_money(source_lines)
    assert len(found) >= 60  # the February 2024 report's count is 64

    def at(frame, col, n):
        return frame[frame[col].map(lambda s: any(a <= n <= b for a, b in parse_spans(s)))]

    as_rows, declared, missing = [], [], []
    for n, text, value in found:
        rows = at(amounts, "source_lines", n)
        if ((rows["value"] == value) | (rows["stated_eur"] == value)).any():
            as_rows.append((n, text))
        elif not (why := at(left_out, "lines", n)["why"]).empty and why.str.len().gt(20).all():
            declared.append((n, text))
        else:
            missing.append((f"L{n}", text))
    assert missing == []
    assert len(as_rows) / len(found) >= 0.95
    # the amounts the first audit found missing are rows now, with their kinds
    kinds = {(r.source_lines, r.kind, r.value) for r in amounts.itertuples()}
    for expected in [
        ("L202", "cost_item_cap", 35000),
        ("L910", "eligibility_min", 100000),
        ("L910", "eligibility_max", 5e7),
        ("L928", "hourly_rate", 125),
        ("L928", "hourly_rate", 100),
        ("L929", "hourly_rate", 65),
        ("L929", "hourly_rate", 52),
        ("L933", "hourly_rate", 125),
    ]:
        assert expected in kinds, expected


def test_left_out_amounts_are_not_instruments_amounts(tables, source_lines):
    """A declared left-out amount stands outside every instrument's lines (context, not support)."""
    from benchmark.core import paths
    from benchmark.core.spans import parse_spans

    covered = {n for s in tables["instruments"]["source_lines"] for a, b in parse_spans(s) for n in range(a, b + 1)}
    left_out = pd.read_csv(paths.RAW / "amounts_left_out.csv", dtype=str)
    for r in left_out.itertuples():
        assert not {n for a, b in parse_spans(r.lines) for n in range(a, b + 1)} & covered, r.lines


# --- codings the report settles (second pass) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "iid, column, expected, lines",
    [
        # a strategy to build plans on (L667) and one of its actions, coordinated by the ministry (L673): nothing an
        # organisation applies to; derived from data/raw/eligibility.csv, whose row cites its lines
        ("es-strategie-economie-sociale-2023-2027", "nonmarket_access", "not_applicable", "L667"),
        ("es-action-7-1", "nonmarket_access", "not_applicable", "L673"),
        ("eu-horizon-europe", "nonmarket_access", "unknown", "L1123"),  # the report asks, never states
        (
            "wal-bank-degroof-foundation",
            "primary_type",
            "training",
            "L478",
        ),  # « renforcer leurs compétences digitales »
        ("wal-agriculture-du-futur", "primary_type", "strategy", "L607"),  # aims only, no form of support
    ],
)
def test_codings_the_report_settles(tables, iid, column, expected, lines):
    i = _by_id(tables["instruments"])
    assert i.at[iid, column] == expected
    if column == "nonmarket_access":  # decided in the eligibility model: its row says why, with the lines
        decision = tables["eligibility"].set_index("instrument_id").loc[iid]
        assert lines in f"{decision['source_lines']} {decision['why']}"
    else:
        assert lines in i.at[iid, "notes"]


def test_no_grant_without_money_in_the_words(tables):
    """The private foundations of L475-L480 are not grants: the report names no money for them (L497 only
    « présentées »)."""
    i = _by_id(tables["instruments"])
    for iid in (
        "wal-go-digit",
        "wal-bank-degroof-foundation",
        "wal-fondation-chimay-wartoise",
        "wal-fondation-inclusion-digitale",
    ):
        assert "grant" not in i.at[iid, "types"], iid


def test_a_roadmap_is_not_an_instrument(tables):
    """« le SGA avait travaillé sur la feuille de route européenne Transition pathway … » (L765)."""
    assert "eu-transition-pathway-social-economy" not in set(tables["instruments"]["instrument_id"])


# --- the report's own inconsistencies -------------------------------------------------------------------------------


def _issues(tables, kind, found_by=None):
    s = tables["source_issues"]
    s = s[s.kind == kind]
    return s if found_by is None else s[s.found_by == found_by]


def test_counts_that_do_not_match_their_list_are_found_by_rule(tables):
    lines = set(_issues(tables, "count", "rule")["source_lines"])
    assert {"L81", "L163"} <= lines  # « cinq étapes : » and nothing; « 5 secteurs » and six NACE codes


def test_count_rule_on_a_made_up_text():
    from benchmark.clean.source_issues import count_issues

    text = [
        "Trois volets :",
        "",
        "- un",
        "- deux",
        "- trois",
        "",
        "Les 4 axes :",
        "- a",
        "¹ note",
        "- b",
        "",
        "Suite.",
        "Il y a deux étapes :",
        "",
        "Premièrement, ceci.",
        "",
        "Deuxièmement, cela.",
    ]
    found = count_issues(text)
    assert [i["source_lines"] for i in found] == ["L7"] and "2 énumérés" in found[0]["detail"]


def test_a_unit_that_changes_is_found_by_rule(tables):
    unit = _issues(tables, "unit", "rule").set_index("instrument_id")
    assert "par entreprise" in unit.at["qc-tnec-volet-2", "detail"] and "L926" in unit.at["qc-tnec-volet-2", "detail"]


def test_an_implausible_envelope_is_found_by_rule(tables):
    found = _issues(tables, "magnitude", "rule")
    assert "fr-france-num" in set(found["instrument_id"])  # « 25 milliards € » L1045
    assert "eu-edih" not in set(found["instrument_id"])  # EU-wide network: not held to it


def test_empty_links_are_found_by_rule_with_every_line(tables):
    links = _issues(tables, "link", "rule")
    assert {"L280", "L728"} <= set(links["source_lines"])
    assert "Mon ASBL" in links.set_index("source_lines").at["L280", "detail"]


def test_labels_and_scopes_the_report_contradicts_are_declared(tables):
    s = tables["source_issues"].set_index("issue_id")
    for iid, lines in [
        ("bru-venture-philanthropy-digital-specific-classification", "L390"),
        ("bru-fondation-4wings-digital-specific-classification", "L477"),
        ("bru-febi-nonmarket-access-classification", "L346"),
        ("report-italy-scope", "L111"),
    ]:
        assert lines in s.at[iid, "source_lines"], iid


def test_the_digitalizate_spellings_cite_their_own_lines(tables):
    """« Plateforme Digitalizate Plus » stands at L1054, « Plateforme Digitalize Plus » at L637."""
    s = _issues(tables, "spelling", "rule")
    details = " ".join(s[s.instrument_id == "es-digitalizate-plus"]["detail"])
    assert "« Plateforme Digitalizate Plus » (L1054)" in details
    assert "« Plateforme Digitalize Plus » (L637)" in details


def test_a_corrected_date_is_one_issue_not_two(tables):
    s = tables["source_issues"]
    digital_decade = s[(s.instrument_id == "eu-digital-decade") & (s.field == "date_raw")]
    assert len(digital_decade) == 1 and digital_decade["correction"].iloc[0] == "2020 - 20230 → 2020 - 2030"
