"""The data behind every chart and table, one click away: each chart and table of the reports, the synthesis and the
catalogue links to its CSV file in ``reports/donnees/``, written by the build; the file opens in LibreOffice (headless)
with the French headings of the page and its numbers as numbers; every link of every page leads to a file that exists
(and to its anchor); the codebook is a page the reports link to where their tables show its codes.

LibreOffice is Debian's ``soffice`` (scripts/setup.sh installs it): missing, the test skips on a laptop and fails
under ``CI=true``.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import require

from benchmark.core import paths
from benchmark.present.formatting import TABLE_MIME, reader_table
from benchmark.present.theme import LABELS
from benchmark.publish import codebook, data_files

DATA_PAGES_EXCLUDED = ("index.html", "aides-asbl.html", codebook.PAGE)  # no table or chart of data
# Each chart or table of a page: its <figure class="bm-chart"> or <table>, then the link to its data.
ITEM = re.compile(r'<figure class="bm-chart"|<table\b|<p class="bm-data"><a\b[^>]*\bhref="([^"]+)"')


def data_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("*.html") if p.name not in DATA_PAGES_EXCLUDED)


def links_in_order(page: str) -> list[tuple[str, str | None]]:
    """The page's charts and tables, each with its data link: the one that follows it, or the one just before it
    (the catalogue's stands above its long table); None when it has none."""
    items: list[list] = []
    pending = None
    for m in ITEM.finditer(page):
        if m.group(1) is None:
            items.append([m.group(0), pending])
            pending = None
        elif items and items[-1][1] is None:
            items[-1][1] = html.unescape(m.group(1))
        elif pending is None:
            pending = html.unescape(m.group(1))
        else:
            items.append(["a link without its chart or table", pending])
            pending = html.unescape(m.group(1))
    if pending is not None:
        items.append(["a link without its chart or table", pending])
    return [(kind, href) for kind, href in items]


def test_every_chart_and_table_links_to_its_csv(site):
    found = 0
    for path in data_pages(site):
        page = path.read_text(encoding="utf-8")
        for kind, href in links_in_order(page):
            assert href is not None, f"{path.name}: a {kind} without its « Télécharger les données » link"
            assert href.startswith(f"{data_files.DATA_DIR}/") and href.endswith(".csv"), href
            assert (site / href).is_file(), f"{path.name}: {href} is not written"
            found += 1
    written = {p.name for p in (site / data_files.DATA_DIR).glob("*.csv")}
    linked = {
        Path(href).name
        for path in data_pages(site)
        for _, href in links_in_order(path.read_text(encoding="utf-8"))
        if href
    }
    assert found and written == linked  # no file a page does not link, no link to a missing file


def read_csv(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
    """Headings, data rows and source lines of one of the site's CSV files (the bytes as written)."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no UTF-8 byte-order mark (Excel would misread accents)"
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    blank = rows.index([])
    return rows[0], rows[1:blank], [r[0] for r in rows[blank + 1 :]]


def test_each_csv_has_the_pages_headings_its_rows_and_its_source(site):
    """A table's CSV has its page's column names (with a unit where the cells are bare numbers), as many rows as
    the table, and source lines naming the page and the table."""
    for path in data_pages(site):
        page = path.read_text(encoding="utf-8")
        if 'class="bm-header"' not in page:
            continue  # the catalogue's file holds more columns than its page shows (description, dates, all types)
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).strip()
        tables = re.findall(r"<table\b.*?</table>", page, re.S)
        hrefs = [href for kind, href in links_in_order(page) if kind.startswith("<table")]
        assert len(tables) == len(hrefs), path.name
        for table, href in zip(tables, hrefs):
            heads = re.findall(r"<th\b[^>]*>(.*?)</th>", re.search(r"<thead>(.*?)</thead>", table, re.S).group(1), re.S)
            shown = [html.unescape(re.sub(r"<[^>]+>", "", h)).replace("\u00ad", "").strip() for h in heads]
            body_rows = len(re.findall(r"<tr\b", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)))
            columns, rows, source = read_csv(site / href)
            assert len(columns) == len(shown), f"{href}: {columns} for {shown}"
            for heading, column in zip(shown, columns):
                assert column == heading or re.fullmatch(re.escape(heading) + r" \((€|%)\)", column), (href, column)
            assert len(rows) == body_rows, f"{href}: {len(rows)} rows for {body_rows}"
            squeezed = " ".join(" ".join(source).split())
            assert "Source" in squeezed and "Explorer pour s'inspirer" in squeezed, href
            assert " ".join(title.split())[:20] in squeezed, href


@pytest.fixture(scope="module")
def opened_in_libreoffice(site, tmp_path_factory) -> dict[str, list[tuple]]:
    """Every CSV of the site opened by LibreOffice (headless) as a French user opens it (« ; » between columns,
    UTF-8, French locale), saved as a workbook and read back: {file name: rows of cell values}."""
    soffice = shutil.which("soffice")
    require(soffice is not None, "LibreOffice (soffice)")
    out = tmp_path_factory.mktemp("libreoffice")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    files = sorted((site / data_files.DATA_DIR).glob("*.csv"))
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.resolve().as_uri()}",
                "--headless",
                "--infilter=CSV:59,34,76,1,,1036",  # « ; », « " », UTF-8, from row 1, French (Belgium/France) numbers
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {
        f.name: list(openpyxl.load_workbook(out / f"{f.stem}.xlsx", read_only=True).active.iter_rows(values_only=True))
        for f in files
    }


def test_libreoffice_opens_french_headings_and_numbers_as_numbers(site, opened_in_libreoffice):
    """Row 1 holds the CSV's French headings as text; in a column of amounts, shares or counts (its heading ends with
    « (€) » or « (%) », or the page marks it as a number column) every filled cell is a number, not text."""
    assert opened_in_libreoffice
    numeric_columns = 0
    for name, rows in opened_in_libreoffice.items():
        columns, data, _ = read_csv(site / data_files.DATA_DIR / name)
        assert list(rows[0][: len(columns)]) == columns, name
        # French: never a field name or a code of the data (« max_award_eur », « grant »), always its label
        assert all(isinstance(h, str) and "_" not in h and h not in LABELS for h in rows[0][: len(columns)]), name
        for j, heading in enumerate(columns):
            written = [r[j] for r in data if r[j] != ""]
            if heading.endswith(("(€)", "(%)")) or (written and all(re.fullmatch(r"-?\d+(,\d+)?", v) for v in written)):
                numeric_columns += 1
                cells = [row[j] for row in rows[1 : 1 + len(data)] if row[j] is not None]
                assert cells and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in cells), (
                    f"{name}: « {heading} » opens as text: {cells[:5]}"
                )
    assert numeric_columns > 10


def test_the_csv_values_are_the_reports_numbers(site, opened_in_libreoffice):
    """Known values of the report, as LibreOffice reads them: the funding ladders' 169 390 € (L899) and 5 000 €
    (L300), NextGenerationEU's 806,9 billion (L1042), and every maximum award of the catalogue."""

    def find(title_part: str) -> list[tuple]:
        for name, rows in opened_in_libreoffice.items():
            _, _, source = read_csv(site / data_files.DATA_DIR / name)
            if title_part in " ".join(source):
                return rows
        raise AssertionError(f"no CSV for « {title_part} »")

    ladder = find("Ce qu'une organisation peut recevoir à chaque étape")
    amounts = {row[2]: row[3] for row in ladder[1:] if row[2]}
    assert amounts["Prime Web"] == 5000
    assert any(name.startswith("Volet 3") and value == 169390 for name, value in amounts.items())
    envelopes = find("Enveloppes budgétaires totales")
    assert ("Programme NextGenerationEU", 806.9e9) in {(r[0], r[3]) for r in envelopes[1:]}
    catalogue_rows = opened_in_libreoffice["catalogue.csv"]
    heading = catalogue_rows[0].index("Montant max. par bénéficiaire (€)")
    clean = pd.read_csv(paths.CLEAN / "instruments.csv")  # the catalogue's order
    shown = catalogue_rows[1 : 1 + len(clean)]
    for row, (name, value) in zip(shown, zip(clean["name"], clean["max_award_eur"])):
        assert row[0] == " ".join(name.split())
        assert (row[heading] is None) if pd.isna(value) else row[heading] == pytest.approx(value), name


def test_a_reader_table_publishes_numbers_and_units_beside_its_html():
    """The numbers reach the CSV as numbers, not the table's French text: amounts in euros, shares in percent."""
    frame = pd.DataFrame(
        {"name": ["A", "B"], "max_award_eur": [169390.0, None], "cofunding_rate": [0.8, 0.255], "n": [3, 12000]}
    )
    bundle = reader_table(frame, caption="Essai")._repr_mimebundle_()
    assert "169\u202f390\u202f€" in bundle["text/html"]
    data = bundle[TABLE_MIME]
    assert data["columns"][1].endswith("(€)") and data["columns"][2].endswith("(%)")
    assert data["rows"] == [["A", 169390, 80, 3], ["B", None, 25.5, 12000]]
    file = data_files.DataFile("x.csv", "tableau", "Essai", data["columns"], data["rows"])
    text = data_files.csv_bytes(file, "Page").decode("utf-8-sig")
    assert text.splitlines()[1:3] == ["A;169390;80;3", "B;;25,5;12000"]


def test_every_link_of_every_page_leads_somewhere(site):
    """Relative links (pages, CSV files, the codebook's sections) lead to a file of the site and to an anchor that
    the target page holds."""
    broken = []
    ids: dict[Path, set[str]] = {}
    for path in sorted(site.glob("*.html")):
        page = path.read_text(encoding="utf-8")
        for href in {html.unescape(h) for h in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', page)}:
            if re.match(r"[a-z]+:", href):  # an official page of an aid, cited by the report
                continue
            target, _, anchor = href.partition("#")
            file = (site / target) if target else path
            if not file.exists():
                broken.append(f"{path.name}: {href}")
                continue
            if anchor and file.suffix == ".html":
                if file not in ids:
                    ids[file] = set(re.findall(r'\bid="([^"]+)"', file.read_text(encoding="utf-8")))
                if html.unescape(anchor) not in {html.unescape(i) for i in ids[file]}:
                    broken.append(f"{path.name}: {href} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_the_codebook_is_a_page_the_reports_link_where_they_use_its_terms(site):
    page = (site / codebook.PAGE).read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Livre de codes" in page
    definitions = codebook.definitions(site.parent / codebook.SOURCE)
    # the sections of the coded fields every report leans on
    for field in ("jurisdiction", "primary_type", "stages", "nonmarket_access", "covers_brussels"):
        assert field in definitions, field
    assert "(Stratégie)" in page and "(Dédiée au non-marchand)" in page  # each code with its French label
    linked = 0
    for path in data_pages(site):
        text = path.read_text(encoding="utf-8")
        if "bm-header" in text:
            assert f'href="{codebook.PAGE}"' in text, f"{path.name}: no link to the codebook"
        linked += text.count(f'href="{codebook.PAGE}#')
        # report 02 names the « livre de codes »: the words lead to it
        unlinked = re.sub(r"<a\b[^>]*>livre de codes</a>", "", text)
        assert "livre de codes" not in unlinked, f"{path.name}: « livre de codes » without its link"
    assert linked > 0, "no table links the codebook section that defines its codes"
