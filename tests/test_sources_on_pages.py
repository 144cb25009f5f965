"""Values from sources beyond the report reach the clean tables with their source, and the catalogue shows the
source, the day it was read and « non vérifiable » beside each of them (issue 27, point 2)."""

from __future__ import annotations

import re

import pytest
from raw_edits import add_amount, append_csv, cheque_decision, cheque_instrument, fixture_text, register_source

from benchmark.clean.pipeline import clean
from benchmark.clean.writer import write_clean
from benchmark.ingest import workbook_edit
from benchmark.publish import catalogue

KEPT, UNVERIFIABLE = "web-fixture-cheque", "web-prime-web-actualite"
CHEQUE = cheque_instrument(KEPT)


@pytest.fixture(scope="module")
def upkept(tmp_path_factory):
    """A copy of data/raw/ with an instrument and its amount from a kept page, and a newer Prime Web amount from a
    page registered « unverifiable »; its clean tables and catalogue."""
    import shutil

    from benchmark.core import paths

    root = tmp_path_factory.mktemp("upkept")
    raw = root / "raw"
    shutil.copytree(paths.RAW, raw)
    register_source(
        raw,
        KEPT,
        fixture_text(KEPT),
        title="Chèque numérique associatif",
        publisher="Région de Bruxelles-Capitale",
        accessed="2026-11-20",
    )
    register_source(
        raw,
        UNVERIFIABLE,
        None,
        title="Prime Web : nouveau plafond",
        publisher="Bruxelles Économie et Emploi",
        accessed="2025-03-14",
        url="https://economie-emploi.brussels/prime-web",
    )
    workbook_edit.append_row(raw / "inventories.xlsx", "BE-BRU", CHEQUE)
    append_csv(raw / "eligibility.csv", cheque_decision(KEPT))
    add_amount(
        raw,
        dict(
            amount_id="bru-cheque-numerique-associatif-per-year",
            instrument_id=CHEQUE["instrument_id"],
            kind="per_year",
            text="maximum 3 000 € par association et par an",
            lines=f"{KEPT}:L4",
        ),
    )
    add_amount(
        raw,
        dict(
            amount_id="bru-prime-web-per-year-2025",
            instrument_id="bru-prime-web",
            kind="per_year",
            text="maximum € 10.000 par année civile",
            lines=UNVERIFIABLE,
        ),
    )
    result = clean(raw)
    write_clean(result.tables, result.extras(), root / "clean", package=result.package)
    page = root / "catalogue.html"
    catalogue.write_catalogue(page, root / "clean", [])
    return result.tables, page.read_text(encoding="utf-8")


def test_each_value_keeps_its_source_in_the_clean_tables(upkept):
    tables, _ = upkept
    amounts = tables["amounts"].set_index("amount_id")
    assert amounts.at["bru-cheque-numerique-associatif-per-year", "source_id"] == KEPT
    assert amounts.at["bru-prime-web-per-year-2025", "source_id"] == UNVERIFIABLE
    assert amounts.at["bru-prime-web-per-year", "source_id"] == tables["sources"]["source_id"].iat[0]
    instrument = tables["instruments"].set_index("instrument_id").loc[CHEQUE["instrument_id"]]
    assert (instrument["name_lines"], instrument["recipients_lines"]) == (f"{KEPT}:L2", f"{KEPT}:L3")
    sources = tables["sources"].set_index("source_id")
    assert sources.at[UNVERIFIABLE, "verification"] == "unverifiable" and sources.at[KEPT, "line_count"] == 5


def _row(page: str, instrument_id: str) -> str:
    found = re.search(rf'<tr id="{instrument_id}".*?</tr>', page, flags=re.S)
    assert found, instrument_id
    return found.group(0)


def test_the_catalogue_shows_the_kept_page_its_date_and_its_passage(upkept):
    _, page = upkept
    row = _row(page, CHEQUE["instrument_id"])
    assert (
        "Nom\u202f: Source\u202f: page web « Chèque numérique associatif » (Région de Bruxelles-Capitale), consultée le 20 novembre 2026"
        in row
    )
    # the kept copy's cited line opens on demand (read as shown: the spans that keep numbers whole are not text)
    assert "maximum 3 000 € par association et par an" in re.sub(r"<[^>]+>", "", row).replace("\u202f", " ")
    assert f"<summary>{KEPT}:L1-L5</summary>" in row
    assert "non vérifiable" not in row


def test_the_catalogue_marks_a_value_of_an_unverifiable_page(upkept):
    _, page = upkept
    row = _row(page, "bru-prime-web")
    items = re.findall(r"<li>.*?</li>", row, flags=re.S)
    newer = next(item for item in items if "10\u202f000" in item)
    assert "page web « Prime Web : nouveau plafond » (Bruxelles Économie et Emploi), consultée le 14 mars 2025" in newer
    assert '<strong class="unverifiable">non vérifiable</strong>' in newer
    assert 'href="https://economie-emploi.brussels/prime-web"' in newer
    older = next(item for item in items if "5\u202f000" in item)
    assert "Source" not in older  # the report's amount needs no note
