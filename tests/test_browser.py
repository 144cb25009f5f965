"""The reports in a real browser, offline: every Plotly figure drawn, no console error, catalogue filter works."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from benchmark.core import paths
from benchmark.publish import catalogue


@pytest.fixture
def page(browser):
    """A page with the network blocked (only file: URLs load) that records errors and network attempts."""
    context = browser.new_context()
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.blocked = blocked  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.errors.append(f"page error: {exc}"))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def instruments() -> list[dict[str, str]]:
    with (paths.CLEAN / "instruments.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def report_pages(site: Path) -> list[Path]:
    return sorted(
        p
        for p in site.glob("*.html")
        if p.name not in ("index.html", "catalogue.html", "aides-asbl.html", "codebook.html")
    )


def test_every_report_draws_its_figures_offline(site, page):
    pages = report_pages(site)
    assert pages
    figures = 0
    for path in pages:
        expected = path.read_text(encoding="utf-8").count('bmChart("fig-')
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        if expected:
            page.wait_for_function(
                "n => document.querySelectorAll('.js-plotly-plot svg.main-svg').length >= n"
                " && Array.from(document.querySelectorAll('.js-plotly-plot')).length === n",
                arg=expected,
                timeout=30_000,
            )
            drawn = page.eval_on_selector_all(
                ".js-plotly-plot", "els => els.map(e => e.querySelector('svg.main-svg') !== null)"
            )
            assert drawn == [True] * expected, f"{path.name}: not every figure drawn"
            marks = page.eval_on_selector_all(  # bars, points or heatmap cells: an axis alone is not a chart
                ".js-plotly-plot", "els => els.map(e => e.querySelectorAll('.point, .hm image').length)"
            )
            assert all(n > 0 for n in marks), f"{path.name}: a chart draws no mark ({marks})"
        figures += expected
        assert page.errors == [], f"{path.name}: {page.errors}"
        assert page.blocked == [], f"{path.name} tried the network: {page.blocked}"
    assert figures > 0


def test_index_and_links_open_offline(site, page):
    page.goto((site / "index.html").as_uri())
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for p in report_pages(site):
        assert p.name in hrefs
    assert "catalogue.html" in hrefs
    for href in hrefs:
        assert (site / href.split("#")[0]).exists(), href
    assert page.errors == [] and page.blocked == []


def test_catalogue_filter_counts_rows(site, page):
    rows = instruments()
    page.goto((site / "catalogue.html").as_uri())
    count = lambda: int(page.inner_text("#row-count"))  # noqa: E731
    assert count() == len(rows)
    assert page.locator("#instruments tbody tr").count() == len(rows)

    expected_bru = sum(r["jurisdiction"] == "BE-BRU" for r in rows)
    assert 0 < expected_bru < len(rows)  # the filter has something to keep and something to hide
    page.fill("#q", "BE-BRU")
    assert count() == expected_bru
    assert page.locator("#instruments tbody tr:visible").count() == expected_bru

    page.fill("#q", "")
    assert count() == len(rows)
    page.select_option('select[data-filter="jurisdiction"]', "BE-WAL")
    assert count() == sum(r["jurisdiction"] == "BE-WAL" for r in rows)
    page.select_option('select[data-filter="types"]', "grant")
    assert count() == sum(r["jurisdiction"] == "BE-WAL" and "grant" in r["types"].split("; ") for r in rows)

    page.click("#reset")
    assert count() == len(rows)
    page.select_option('select[data-filter="brussels"]', "true")
    assert count() == sum(r["covers_brussels"] == "true" for r in rows)
    page.select_option('select[data-filter="access"]', "dedicated")
    assert count() == sum(r["covers_brussels"] == "true" and r["nonmarket_access"] == "dedicated" for r in rows)
    assert page.errors == [] and page.blocked == []


# Every word of the table's cells drawn on more than one line (a break inside it); words with a hyphen or a slash,
# where a break is the normal place, are left out.
BROKEN_WORDS = r"""() => {
  const broken = [];
  for (const cell of document.querySelectorAll("#instruments th, #instruments td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;  // a closed <details>' quote is not drawn; a visually hidden text is read aloud
      if (!parent.checkVisibility() || parent.closest(".visually-hidden")) continue;
      for (const m of node.data.matchAll(/[^\s\-\u2013\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 1366])
def test_on_a_laptop_the_catalogue_fits_the_page_with_whole_words(site, page, width):
    """From 1280 px the table fits the page and breaks no word inside (« Com/péte/nces »); narrower, the table
    scrolls in its own box."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((site / "catalogue.html").as_uri())
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"at {width} px the page is {scroll} px wide"
    assert page.evaluate(BROKEN_WORDS) == []
    page.set_viewport_size({"width": 1100, "height": 900})
    assert page.evaluate("getComputedStyle(document.querySelector('.table-box')).overflowX") == "auto"
    assert page.errors == [] and page.blocked == []


def test_on_landscape_a4_the_catalogue_fits_with_whole_words(site, page):
    """Printed (A4 landscape, 10 mm margins: 1047 px), the table fits the paper and breaks no word inside."""
    page.set_viewport_size({"width": 1047, "height": 718})
    page.emulate_media(media="print")
    page.goto((site / "catalogue.html").as_uri())
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"printed, the page is {scroll} px wide"
    assert page.evaluate(BROKEN_WORDS) == []


def test_catalogue_sorts_by_a_column_and_keeps_anchored_rows_below_the_headings(site, page):
    rows = instruments()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto((site / "catalogue.html").as_uri())
    page.click("#instruments thead th:nth-child(7) button")  # Montant max. par bénéficiaire
    assert page.get_attribute("#instruments thead th:nth-child(7)", "aria-sort") == "ascending"
    page.click("#instruments thead th:nth-child(7) button")
    first = page.locator("#instruments tbody tr").first.get_attribute("id")
    largest = max((r for r in rows if r["max_award_eur"]), key=lambda r: float(r["max_award_eur"]))
    assert first == largest["instrument_id"]
    target = rows[len(rows) // 2]["instrument_id"]
    page.goto((site / "catalogue.html").as_uri() + "#" + target)
    page.wait_for_timeout(200)
    row_top = page.evaluate(f"document.getElementById({target!r}).getBoundingClientRect().top")
    head_bottom = page.evaluate("document.querySelector('#instruments thead').getBoundingClientRect().bottom")
    assert row_top >= head_bottom - 1 and row_top >= 0, "the anchored row hides under the headings"
    assert page.errors == [] and page.blocked == []


def test_catalogue_anchor_and_escaped_data_in_the_browser(tmp_path, page):
    clean = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, clean)
    rows = instruments()
    rows[0]["description"] = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    with (clean / "instruments.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "catalogue.html"
    catalogue.write_catalogue(out, clean, [])
    target = rows[0]["instrument_id"]
    page.goto(out.as_uri() + "#" + target)
    page.click(f'tr[id="{target}"] summary')
    assert "<script>alert(1)</script>" in page.inner_text(f'tr[id="{target}"] details')
    assert page.dialogs == [] and page.errors == []
    assert page.locator(f'tr[id="{target}"] img').count() == 0
