"""The committee's pages against web standards, as a reader opens them: Chromium at 1366 px (laptop), 768 px
(tablet) and in print emulation at A4, offline; the Nu HTML Checker; axe-core; the A4 PDFs' text.

A test that needs a missing tool (Chromium, Java, the npm checkers, poppler) skips on a laptop and fails under
``CI=true``. Each page is visited once per mode and what every test checks is read during that visit.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import CHROMIUM, require

from benchmark.core import paths
from benchmark.present.theme import LABELS
from benchmark.publish import (
    pdf,
    report_html,
    reports,  # noqa: F401
)
from benchmark.publish.execute import discover
from benchmark.registry.codes import JURISDICTIONS

pytestmark = pytest.mark.early  # a long module: started first (tests/conftest.py)

VNU = paths.ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
MODES = {
    "laptop": {"width": 1366, "height": 900},
    "tablet": {"width": 768, "height": 1024},
    "print": {"width": 718, "height": 1123},
}  # print: A4 width less the page margins, at 96 px per inch
SERIOUS = {"moderate", "serious", "critical"}
JURISDICTION_NAMES = {LABELS[code] for code in JURISDICTIONS}
# Words a reader must not meet in what the pages' machinery writes (header, footer, index, catalogue).
DEVELOPER_WORDS = re.compile(
    r"pipeline|benchmark (?:clean|build)|data/(?:clean|raw)|covers_brussels|nonmarket_access|"
    r"instrument_id|\.csv\b|notebook|commit",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def site(site) -> Path:  # noqa: F811 (the session's shared build, tests/conftest.py: PDFs included)
    require(CHROMIUM.exists(), "Chromium (/usr/bin/chromium)")
    return site


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def reader(browser, mode: str):
    """A browser context and page in one reading mode, offline (only file: URLs load), errors recorded. Reused for
    every page of the mode: Chromium then keeps plotly.js compiled (its code cache) instead of compiling its 4.8 MB
    on each visit (about 1.7 s a page otherwise), as a reader's browser does from one page of the site to the next."""
    context = browser.new_context(viewport=MODES[mode], locale="fr-BE")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    if mode == "print":
        page.emulate_media(media="print")
    return context, page


def show(page, path: Path, mode: str) -> None:
    """Load ``path`` in the reader's page, at the mode's size, and wait until its charts are drawn."""
    page.errors.clear()
    viewport = MODES[mode]
    if mode == "print" and path.name == "catalogue.html":
        viewport = {"width": 1047, "height": 718}  # the catalogue prints on landscape A4 (its @page)
    page.set_viewport_size(viewport)
    page.goto(path.as_uri(), wait_until="load")
    expected = path.read_text(encoding="utf-8").count('bmChart("fig-')
    if expected and (path.parent / report_html.PLOTLY_FILE).exists():
        page.wait_for_function(
            "n => document.querySelectorAll('.bm-live .js-plotly-plot svg.main-svg').length >= n",
            arg=expected,
            timeout=30_000,
        )


def open_page(browser, path: Path, mode: str):
    """A page in a context of its own (the caller closes the context)."""
    context, page = reader(browser, mode)
    show(page, path, mode)
    return context, page


# What the tests below read from a page, measured in one visit per page and mode (a visit costs a second or more:
# Plotly draws every chart), before axe-core adds its script.
LAYOUT = """() => ({
    width: document.documentElement.clientWidth,
    scroll: document.documentElement.scrollWidth,
    boxes: Array.from(document.querySelectorAll('.bm-chart')).map(f => {
        const r = f.getBoundingClientRect();
        const shown = Array.from(f.querySelectorAll('.main-svg, img.bm-static'))
          .filter(e => e.getBoundingClientRect().width > 0).map(e => e.getBoundingClientRect());
        const legend = f.querySelector('.legend');
        const l = legend && getComputedStyle(f.querySelector('.bm-plot')).display !== 'none'
          ? legend.getBoundingClientRect() : null;
        return {id: f.id, left: r.left, right: r.right, shown: shown.map(s => [s.left, s.right]),
                legend: l ? [l.left, l.right, l.top, l.bottom, r.top, r.bottom] : null};
    }),
})"""
MACHINERY = """() => ({
    links: Array.from(document.querySelectorAll('main h3 a')).map(e => e.getAttribute('href')),
    texts: Array.from(document.querySelectorAll('.bm-header, .bm-footer')).map(e => e.innerText),
    prev: Array.from(document.querySelectorAll('.bm-header a[rel=prev]')).map(e => e.getAttribute('href')),
    next: Array.from(document.querySelectorAll('.bm-header a[rel=next]')).map(e => e.getAttribute('href')),
    decoration: Array.from(document.querySelectorAll('.bm-nav a')).map(e => getComputedStyle(e).textDecorationLine),
    body: document.body.innerText,
    header: document.querySelector('header') ? document.querySelector('header').innerText : null,
})"""
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']}))
    .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""


def visit(page, path: Path, mode: str) -> dict:
    """Everything the mode's tests check on one page (see LAYOUT, MACHINERY), then axe-core's violations."""
    show(page, path, mode)
    seen = page.evaluate(LAYOUT)
    if mode == "print":
        seen["live_shown"] = page.locator(".bm-plot:visible, .modebar:visible").count()
        seen["static_shown"] = page.locator(".bm-chart img.bm-static:visible").count()
        seen["charts"] = page.locator(".bm-chart").count()
    if mode == "laptop":
        seen["toolbars"] = [
            {
                "titles": chart.locator(".modebar-btn").evaluate_all(
                    "els => els.map(e => e.getAttribute('data-title'))"
                ),
                "cloud_or_link": chart.locator("a.modebar-btn[href], .modebar-btn[data-attr*='cloud' i]").count(),
            }
            for chart in page.locator(".bm-live .js-plotly-plot").all()
        ]
        seen.update(page.evaluate(MACHINERY))
    seen["errors"] = list(page.errors)  # before axe-core, whose reading of the style sheets Chromium refuses
    seen["axe"] = None
    if AXE.exists() and mode != "print":  # OnScreen
        page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script> tag: the page's CSP refuses inline ones
        seen["axe"] = page.evaluate(AXE_RUN)
    return seen


@pytest.fixture(scope="module")
def visits(site, browser):
    """``visits(mode)`` → {page name: what ``visit`` saw}, each page visited once per mode in this module."""
    done: dict[str, dict[str, dict]] = {}

    def of(mode: str) -> dict[str, dict]:
        if mode not in done:
            context, page = reader(browser, mode)
            try:
                done[mode] = {path.name: visit(page, path, mode) for path in pages(site)}
            finally:
                context.close()
        return done[mode]

    return of


# One class per reading mode: pytest-xdist (``--dist loadscope``) hands each class to a worker as a whole, so a
# mode's pages are visited once, in one worker, while the other modes go to the other worker.
class ReadingMode:
    mode = ""

    def test_no_horizontal_overflow_and_charts_inside_their_box(self, visits):
        mode = self.mode
        for name, seen in visits(mode).items():
            width, scroll = seen["width"], seen["scroll"]
            assert scroll <= width + 1, f"{name} ({mode}): the page is {scroll} px wide for {width} px"
            for box in seen["boxes"]:
                assert box["shown"], f"{name} ({mode}): {box['id']} shows nothing"
                for left, right in box["shown"]:
                    assert left >= box["left"] - 1 and right <= box["right"] + 1 and right <= width + 1, (
                        f"{name} ({mode}): {box['id']} overflows its box"
                    )
                if box["legend"]:
                    l_left, l_right, l_top, l_bottom, top, bottom = box["legend"]
                    assert l_left >= box["left"] - 1 and l_right <= box["right"] + 1, (
                        f"{name} ({mode}): the legend of {box['id']} is cut"
                    )
                    assert l_top >= top - 1 and l_bottom <= bottom + 1, f"{name} ({mode}): legend of {box['id']}"
            if mode == "print":  # paper shows the static images, never the interactive plot or the toolbar
                assert seen["live_shown"] == 0, name
                assert seen["static_shown"] == seen["charts"], name
            assert seen["errors"] == [], f"{name} ({mode}): {seen['errors']}"


class OnScreen(ReadingMode):
    """The screen modes also run axe-core (print emulation is for paper, read as the PDFs: axe-core judges what a
    screen or a screen reader gets, which the laptop and tablet visits already give it)."""

    def test_axe_finds_no_moderate_or_worse_violation(self, visits):
        require(AXE.exists(), "axe-core (node_modules/axe-core)")
        mode = self.mode
        found = [
            f"{name} ({mode}): {v['id']} [{v['impact']}] {v['nodes']}"
            for name, seen in visits(mode).items()
            for v in seen["axe"]
            if v["impact"] in SERIOUS
        ]
        assert found == []


class TestLaptop(OnScreen):
    mode = "laptop"

    def test_modebar_is_french_without_cloud_or_logo(self, visits):
        french = {"Télécharger le graphique en fichier PNG", "Réinitialiser les axes"}
        charts = 0
        for name, seen in visits(self.mode).items():
            for toolbar in seen["toolbars"]:
                charts += 1
                titles = set(toolbar["titles"])
                assert titles and titles <= french, f"{name}: toolbar {titles}"
                assert toolbar["cloud_or_link"] == 0, name
        assert charts > 0

    def test_reader_text_of_the_pages_machinery(self, site, visits):
        """Header, footer, index and catalogue: no developer words, French spaces before « : ; ? ! », links underlined,
        previous/next links between the reports in the index's order."""
        seen = visits(self.mode)
        links = seen["index.html"]["links"]
        assert links[0] == report_html.SYNTHESIS_FILE and "catalogue.html" in links
        reports_order = [link for link in links if (site / link).read_text(encoding="utf-8").count('class="bm-header"')]
        for i, name in enumerate(reports_order):
            page = seen[name]
            assert page["prev"] == ([reports_order[i - 1]] if i else []), name
            assert page["next"] == reports_order[i + 1 : i + 2], name
            assert set(page["decoration"]) == {"underline"}, name
            for text in page["texts"]:
                assert not DEVELOPER_WORDS.search(text), f"{name}: {DEVELOPER_WORDS.search(text).group(0)}"
                assert not re.search(r"[\w»)] [:;?!]", text), f"{name}: an ordinary space before a French sign"
        for name, part in (("index.html", "body"), ("catalogue.html", "header")):  # the catalogue's rows are data
            text = seen[name][part]
            assert not DEVELOPER_WORDS.search(text), f"{name}: {DEVELOPER_WORDS.search(text).group(0)}"
            assert "associations sans but lucratif (ASBL)" in text, name  # the acronym explained at first use
            assert not re.search(r"[\w»)] [:;?!]", text), f"{name}: an ordinary space before a French sign"


class TestTablet(OnScreen):
    mode = "tablet"


class TestPrint(ReadingMode):
    mode = "print"


def test_nu_html_checker_finds_no_error(site):
    require(shutil.which("java") is not None, "Java (default-jre-headless)")
    require(VNU.exists(), "the Nu HTML Checker (node_modules/vnu-jar)")
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages(site))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    assert messages == [], [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def _pdf_text(path: Path) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return squeeze(text)


def squeeze(text: str) -> str:
    """Text without spaces, hyphens and line breaks (PDF text breaks and hyphenates words at line ends)."""
    return re.sub(r"[\s\u00a0\u202f\-‐]+", "", text).casefold()


def _chart_jurisdictions(html_text: str) -> list[set[str]]:
    """For each chart of a page, the jurisdiction names it shows (legend entries and axis categories)."""
    found = []
    for payload in re.findall(r'bmChart\("fig-[^"]+",(\[.*?\]),\{', html_text):
        names = set()
        for trace in json.loads(payload):
            values = [trace.get("name")] + list(trace.get("x") or []) + list(trace.get("y") or [])
            names |= {v for v in values if isinstance(v, str) and v in JURISDICTION_NAMES}
        found.append(names)
    return found


def test_one_a4_pdf_per_page_with_every_heading_and_jurisdiction(site):
    folder = site / pdf.PDF_DIR
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(p.stem for p in pages(site) if p.name != "index.html")
    for path in sorted(folder.glob("*.pdf")):
        data = path.read_bytes()
        boxes = set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data))
        sizes = {tuple(sorted((round(float(w) * 25.4 / 72), round(float(h) * 25.4 / 72)))) for w, h in boxes}
        assert sizes == {(210, 297)}, f"{path.name}: not A4 ({sizes})"
        text = _pdf_text(path)
        page = (site / path.name).with_suffix(".html").read_text(encoding="utf-8")
        heads = "".join(re.findall(r"<thead>(.*?)</thead>", page, re.S))  # column headers (row headers are data)
        headers = {re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", heads, re.S)}
        for header in sorted(h for h in headers if h):
            # word by word: PDF text interleaves the lines of neighbouring header cells
            for word in re.findall(r"\w+", reports_text(header)):
                assert squeeze(word) in text, f"{path.name}: column « {header} » missing on paper ({word})"
        for i, names in enumerate(_chart_jurisdictions(page), start=1):
            for name in sorted(names):
                assert squeeze(name) in text, f"{path.name}: chart {i} loses « {name} » on paper"


def reports_text(fragment: str) -> str:
    import html

    return html.unescape(fragment)


def test_pdfs_are_byte_stable(site, tmp_path):
    """Printing a page again gives the same bytes (Chromium's dates are fixed to the build date)."""
    copy = tmp_path / "again"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pdf"))
    script = (
        "import sys; from pathlib import Path; from benchmark.publish import pdf, reports; "
        "pdf.print_site(Path(sys.argv[1]), [sys.argv[2]], reports.build_info())"
    )
    subprocess.run([sys.executable, "-c", script, str(copy), report_html.SYNTHESIS_FILE], check=True, timeout=300)
    again = copy / pdf.PDF_DIR / "synthese.pdf"
    assert again.read_bytes() == (site / pdf.PDF_DIR / "synthese.pdf").read_bytes()
    assert pdf.page_count(again) >= 1


def test_a_page_sent_alone_shows_its_charts_as_images(site, browser, tmp_path):
    shown = 0
    for path in pages(site):
        if "bmChart(" not in path.read_text(encoding="utf-8"):
            continue
        alone = tmp_path / path.name
        shutil.copy(path, alone)
        context, page = open_page(browser, alone, "laptop")
        try:
            figures = page.locator(".bm-chart")
            for i in range(figures.count()):
                figure = figures.nth(i)
                image = figure.locator("img.bm-static")
                assert image.is_visible() and image.evaluate("i => i.complete && i.naturalWidth > 0"), path.name
                assert len(image.get_attribute("alt")) > 20
                assert "dossier complet des rapports" in figure.inner_text()
                shown += 1
            # only the missing shared files (plotly.js, its locale, the CSS) fail to load; nothing breaks
            assert [e for e in page.errors if "ERR_FILE_NOT_FOUND" not in e] == [], f"{path.name} alone: {page.errors}"
        finally:
            context.close()
    assert shown > 0


def test_synthesis_prints_on_at_most_two_pages(site):
    assert pdf.page_count(site / pdf.PDF_DIR / "synthese.pdf") <= 2


def test_index_summarises_each_report_in_a_sentence(site):
    import html

    text = html.unescape((site / "index.html").read_text(encoding="utf-8"))
    for path in discover(site.parent / "notebooks"):
        nb = nbformat.read(path, as_version=4)
        sentence = report_html.first_sentence(report_html.notebook_summary(nb))
        assert sentence and report_html.french_spaces(sentence) in text, path.name
