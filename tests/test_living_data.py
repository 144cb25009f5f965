"""A year of upkeep, end to end, as a researcher works (README, « Mettre à jour le benchmark »): on a fresh
checkout whose workbook was last saved by LibreOffice, add a verbatim instrument of the report, correct an amount
from a newer official page, add an instrument from an official page, mark an offer as closed from a page nobody
could keep (« non vérifiable »), declare a report mistake (first at the wrong lines, as a tired reader would), save
the workbook with LibreOffice again, then run ``benchmark build`` once: every procedure is checked on the pages it
changed. One build serves them all (a build is a minute of two cores).

The build skips what these checks do not read — the exported figures and the PDFs, which the session's shared build
(tests/conftest.py) produces and checks — and still cleans, executes every notebook and writes the pages. That
nbval then passes on the refreshed notebooks is what nbval already proves on the committed ones in the same session.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from libreoffice import save_with_libreoffice
from raw_edits import (
    add_amount,
    append_csv,
    cheque_decision,
    cheque_instrument,
    edit_csv,
    fixture_text,
    register_source,
)
from shared_build import fresh_repository, run_build

from benchmark.analysis import comparisons
from benchmark.ingest import workbook_edit
from benchmark.present.formatting import fmt_int

pytestmark = pytest.mark.early  # a long module: started first (tests/conftest.py)

# IRISNET, named at L274 among the Brussels « partenariats publics/privés », is left out of the committed inventory
# (data/raw/README.md): a researcher adding it is the smallest real edit of the Brussels sheet.
NEW_ROW = {
    "instrument_id": "bru-irisnet",
    "name": "IRISNET",
    "name_lines": "L274",
    "primary_type": "advisory",
    "types": "advisory",
    "stages": "implementation",
    "target_groups": "nonprofit",
    "digital_specific": True,
    "funder_type": "mixed",
    "covers_brussels": True,
    "focus": False,
    "interviewed": False,
    "source_lines": "L274",
    "notes": "Named among the public/private partnerships of L274; the report describes it no further.",
}
PRIME_PAGE, CHEQUE_PAGE, CLOSED_PAGE = "web-fixture-prime-web-2025", "web-fixture-cheque", "web-socialware-fin"
NEWER_PRIME = dict(
    amount_id="bru-prime-web-per-year-2025",
    instrument_id="bru-prime-web",
    kind="per_year",
    text="maximum € 10.000 par année civile",
    lines=f"{PRIME_PAGE}:L3",
    notes="Ceiling of the official page read on 2025-03-14.",
)
CHEQUE = cheque_instrument(CHEQUE_PAGE)
CHEQUE_AMOUNT = dict(
    amount_id="bru-cheque-numerique-associatif-per-year",
    instrument_id=CHEQUE["instrument_id"],
    kind="per_year",
    text="maximum 3 000 € par association et par an",
    lines=f"{CHEQUE_PAGE}:L4",
)
# Who can use each new aid: the line a researcher writes in eligibility.csv (docs/codebook.md, « Qui peut utiliser
# chaque aide »), quoted from its source.
DECISIONS = (
    dict(
        instrument_id="bru-irisnet",
        audience="broad",
        asbl_access="not_stated",
        digital_aim="dedicated",
        status="not_stated",
        quote="des partenariats publics/privés (l'agence digital solidaire et IRISNET)",
        source_lines="L274",
        why="Nommé parmi les partenariats publics/privés (L274) ; le rapport ne dit pas qui peut y recourir.",
    ),
    cheque_decision(CHEQUE_PAGE),
)
MISTAKE = dict(
    problem_id="fr-relance-wording-other",
    kind="other",
    detail="« les entreprises françaises se sont vu recevoir une importante aide financière » (L738): the phrase is "
    "not French; the sense is that they received it (ont reçu, or se sont vu accorder).",
    lines="L500",  # the wrong lines first
    justification="Seen by a reader of the report; no rule can see it. Listed, not corrected.",
)


@dataclass(frozen=True)
class Upkept:
    root: Path
    refusal: str  # what `benchmark clean` said of the mistake declared at the wrong lines
    output: str  # what `benchmark build` printed


@pytest.fixture(scope="module")
def upkept(tmp_path_factory) -> Upkept:
    base = tmp_path_factory.mktemp("upkeep")
    root = fresh_repository(base / "project")
    raw = root / "data" / "raw"
    workbook = raw / "inventories.xlsx"
    save_with_libreoffice(workbook, base / "lo-1")  # the researcher works in LibreOffice

    workbook_edit.append_row(workbook, "BE-BRU", NEW_ROW)  # a verbatim instrument of the report
    append_csv(raw / "eligibility.csv", DECISIONS[0])
    # 2. correct an amount from a newer source
    register_source(
        raw,
        PRIME_PAGE,
        fixture_text(PRIME_PAGE),
        title="Prime Web",
        publisher="Bruxelles Économie et Emploi",
        url="https://economie-emploi.brussels/prime-web",
        accessed="2025-03-14",
    )
    add_amount(raw, NEWER_PRIME)
    # 3. add an instrument from an official page
    register_source(
        raw,
        CHEQUE_PAGE,
        fixture_text(CHEQUE_PAGE),
        title="Chèque numérique associatif",
        publisher="Région de Bruxelles-Capitale",
        accessed="2026-11-20",
    )
    workbook_edit.append_row(workbook, "BE-BRU", CHEQUE)
    add_amount(raw, CHEQUE_AMOUNT)
    append_csv(raw / "eligibility.csv", DECISIONS[1])
    # 4. mark an offer as closed, from a page whose text could not be kept
    register_source(
        raw,
        CLOSED_PAGE,
        None,
        title="SocialWare : fin du programme",
        publisher="TechSoup Europe",
        accessed="2025-01-10",
    )
    key = ("instrument_id", "bru-socialware")
    workbook_edit.set_cell(workbook, "BE-BRU", key, "dates_text", "a pris fin le 30 juin 2024")
    workbook_edit.set_cell(workbook, "BE-BRU", key, "dates_lines", CLOSED_PAGE)
    # 5. declare a report mistake, at the wrong lines first
    append_csv(raw / "source_problems.csv", MISTAKE)
    save_with_libreoffice(workbook, base / "lo-2")

    env_path = {"PYTHONPATH": str(root / "src")}
    clean_run = subprocess.run(
        [sys.executable, "-m", "benchmark.cli", "clean"],
        cwd=root,
        env={**_environ(), **env_path},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert clean_run.returncode == 1, clean_run.stdout + clean_run.stderr
    edit_csv(raw / "source_problems.csv", {"problem_id": MISTAKE["problem_id"]}, lines="L738")

    build = run_build(root, "--skip-figures", "--skip-pdfs")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return Upkept(root, clean_run.stderr, build.stdout)


def _environ() -> dict[str, str]:
    import os

    from benchmark.core import paths

    return {k: v for k, v in os.environ.items() if k not in paths.ENVIRONMENT}


def _visible_text(page: Path) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _stored_text(notebook: Path) -> str:
    """The text of a notebook's stored outputs (markdown and plain text), as nbval compares them."""
    import nbformat

    parts = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(data.get("text/markdown") or data.get("text/plain") or output.get("text", ""))
    text = re.sub(r"<[^>]+>", "", " ".join(parts))  # the <data> marks of headline quantities are not text
    return " ".join(text.replace("**", "").split())  # nor is markdown bold


def _catalogue_row(upkept: Upkept, instrument_id: str) -> str:
    page = (upkept.root / "reports" / "catalogue.html").read_text(encoding="utf-8")
    found = re.search(rf'<tr id="{instrument_id}".*?</tr>', page, flags=re.S)
    assert found, instrument_id
    return re.sub(r"[ \t\n]+", " ", html.unescape(found.group(0)))  # narrow no-break spaces kept


def _clean(upkept: Upkept, name: str) -> pd.DataFrame:
    return pd.read_csv(upkept.root / "data" / "clean" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_two_added_instruments_refresh_every_notebook_and_report(upkept, tables):
    rows_before, units_before = len(tables["instruments"]), len(comparisons.counting_units(tables["instruments"]))
    instruments = _clean(upkept, "instruments")
    assert {"bru-irisnet", CHEQUE["instrument_id"]} <= set(instruments["instrument_id"])
    new = f"L'inventaire compte {fmt_int(rows_before + 2)} lignes, soit {fmt_int(units_before + 2)} instruments"
    old = f"L'inventaire compte {fmt_int(rows_before)} lignes"
    executed = [line for line in upkept.output.splitlines() if line.strip().endswith("ok")]
    assert len(executed) == len(list((upkept.root / "notebooks").glob("[0-9][0-9]_*.ipynb"))), upkept.output
    stored = _stored_text(upkept.root / "notebooks" / "01_inventaire_et_qualite.ipynb")
    assert new in stored and old not in stored
    report = _visible_text(upkept.root / "reports" / "01_inventaire_et_qualite.html")
    assert new in report and old not in report


def test_an_amount_corrected_from_a_newer_page_shows_its_source_and_date(upkept):
    row = _catalogue_row(upkept, "bru-prime-web")
    items = re.findall(r"<li>.*?</li>", row)
    newer = next(item for item in items if "10\u202f000" in item)
    assert "Source\u202f: page web « Prime Web » (Bruxelles Économie et Emploi), consultée le 14 mars 2025" in newer
    shown = re.sub(r"<[^>]+>", "", newer)  # as read: numbers kept whole by spans the reader does not see
    assert "maximum € 10.000 par année civile" in shown and "non vérifiable" not in newer
    assert "Source" not in next(item for item in items if "5\u202f000" in item)  # the report's 5 000 € (L300)
    instruments = _clean(upkept, "instruments").set_index("instrument_id")
    assert float(instruments.at["bru-prime-web", "max_award_eur"]) == 10000
    amounts = _clean(upkept, "amounts").set_index("amount_id")
    assert amounts.at["bru-prime-web-per-year", "source_lines"] == "L300"  # the decisions' amount is still the report's


def test_an_instrument_from_an_official_page_reaches_the_catalogue_and_the_finder(upkept):
    row = _catalogue_row(upkept, CHEQUE["instrument_id"])
    assert (
        "Nom\u202f: Source\u202f: page web « Chèque numérique associatif » (Région de Bruxelles-Capitale), "
        "consultée le 20 novembre 2026" in row
    )
    assert "3\u202f000" in row and f"{CHEQUE_PAGE}:L1-L5" in row
    finder = _visible_text(upkept.root / "reports" / "aides-asbl.html") + (
        upkept.root / "reports" / "aides-asbl.html"
    ).read_text(encoding="utf-8")
    assert "Chèque numérique associatif" in finder  # dedicated to Brussels associations: a Brussels ASBL can use it


def test_an_offer_marked_closed_from_an_unverifiable_page(upkept):
    row = re.sub(r"<[^>]+>", "", _catalogue_row(upkept, "bru-socialware"))  # its text, as a reader sees it
    assert "(jusqu'en 2024)" in row
    assert (
        "Dates\u202f: Source\u202f: page web « SocialWare : fin du programme » (TechSoup Europe), consultée le "
        "10 janvier 2025 — non vérifiable" in row
    )
    instruments = _clean(upkept, "instruments").set_index("instrument_id")
    assert instruments.at["bru-socialware", "end_year"] == "2024"
    assert instruments.at["bru-socialware", "dates_lines"] == CLOSED_PAGE


def test_a_report_mistake_declared_at_the_wrong_lines_then_at_its_own(upkept, tables):
    refusal = " ".join(upkept.refusal.split())
    assert "source_problems.csv row" in refusal and "column lines: 'L500'" in refusal
    assert (
        "none of the passages detail quotes stands at L500: « les entreprises françaises se sont vu recevoir une "
        "importante aide financière » is at L738" in refusal
    )
    issues = _clean(upkept, "source_issues").set_index("issue_id")
    assert issues.at[MISTAKE["problem_id"], "found_by"] == "reader"
    reader = int((tables["source_issues"]["found_by"] == "reader").sum()) + 1
    report = _visible_text(upkept.root / "reports" / "01_inventaire_et_qualite.html")
    assert f"({fmt_int(reader)} par un lecteur" in report
