"""Paper keeps everything: every page of the built site printed as the build prints it (A4, print media).

In print emulation at the width of the page's printed box (its ``@page`` size less its margins), no table, chart or
image is wider than the box or hidden by a box that scrolls or clips, no cell spills over its neighbour and no number
breaks across two lines. In the PDFs the build wrote, no page holds only the running « page N sur M » or the page's
note on its sources, and the text of each PDF names every column of every table of its page.

A missing Chromium or poppler skips these tests on a laptop and fails them under ``CI=true``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CHROMIUM, require

from benchmark.publish import pdf, report_html

MM = 96 / 25.4  # CSS pixels per millimetre
A4 = (210.0, 297.0)
DEFAULT_MARGIN = 12.0  # mm, left and right: the printer's margins (benchmark.publish.pdf) when a page sets none


@pytest.fixture(scope="module")
def site(site) -> Path:  # noqa: F811 (the session's shared build, tests/conftest.py: PDFs included)
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    return site


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


# The page's @page rules (in @media print too): its paper orientation and left/right margins.
PAGE_RULES = """() => {
  const found = {size: "", left: "", right: ""};
  const visit = rules => { for (const r of rules) {
    if (r instanceof CSSPageRule) {
      found.size = r.style.size || found.size;
      found.left = r.style.marginLeft || found.left;
      found.right = r.style.marginRight || found.right;
    } else if (r.cssRules) { visit(r.cssRules); }
  } };
  for (const sheet of document.styleSheets) { try { visit(sheet.cssRules); } catch (e) {} }
  return found;
}"""


def mm(value: str) -> float:
    if not value:
        return DEFAULT_MARGIN
    m = re.fullmatch(r"([\d.]+)(mm|cm|in|px)", value.strip())
    assert m, f"unexpected @page margin {value!r}"
    number, unit = float(m.group(1)), m.group(2)
    return number * {"mm": 1, "cm": 10, "in": 25.4, "px": 1 / MM}[unit]


def printed_width(rules: dict) -> int:
    """CSS pixels across the printed box of a page: the paper's width less its left and right margins."""
    paper = A4[1] if "landscape" in rules["size"] else A4[0]
    return int((paper - mm(rules["left"]) - mm(rules["right"])) * MM)


# What does not fit the paper: measured in print emulation at the printed width.
CUT = r"""(width) => {
  const problems = [];
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "");
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
  const caption = e => { const c = e.closest("table, figure"); const t = c && c.querySelector("caption, figcaption");
    return t ? " « " + t.textContent.trim().slice(0, 60) + " »" : ""; };
  for (const e of document.querySelectorAll("table, img, svg, figure, pre, .bm-table-wrap")) {
    if (!shown(e) || e.closest("svg") && e.tagName.toLowerCase() !== "svg") continue;
    const r = e.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1)
      problems.push(`${name(e)}${caption(e)} spans ${Math.round(r.left)}–${Math.round(r.right)} px of ${width}`);
  }
  for (const e of document.body.querySelectorAll("*")) {
    const s = getComputedStyle(e);
    const clips = v => v !== "visible";
    if (!shown(e) || !(clips(s.overflowX) || clips(s.overflowY))) continue;
    if (e.scrollWidth > e.clientWidth + 1 || (clips(s.overflowY) && e.scrollHeight > e.clientHeight + 1))
      problems.push(`${name(e)}${caption(e)} hides ${e.scrollWidth - e.clientWidth} px behind overflow ` +
                    `${s.overflowX}/${s.overflowY}`);
  }
  for (const cell of document.querySelectorAll("td, th")) {
    if (shown(cell) && cell.scrollWidth > cell.clientWidth + 1)
      problems.push(`a cell of ${name(cell.closest("table"))}${caption(cell)} spills ` +
                    `${cell.scrollWidth - cell.clientWidth} px: « ${cell.textContent.trim().slice(0, 40)} »`);
  }
  return problems;
}"""

# Numbers drawn on two lines: a grouped number or a number with its unit whose characters sit on two line boxes.
BROKEN_NUMBERS = r"""() => {
  const number = /(?<![\w,.])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3}|\.\d{3})+(?:,\d+)?(?:[ \u00a0\u202f]?(?:Md€|M€|€|%|\$))?|\d+(?:,\d+)?[ \u00a0\u202f]?(?:Md€|M€|€|%))(?!\w)/g;
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !parent.checkVisibility() || parent.closest("script, style, svg")) continue;
    for (const m of node.data.matchAll(number)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def printed(site, browser) -> dict[str, dict]:
    """Each page laid out in print emulation at its printed width: what is cut, and the numbers broken in two."""
    context = browser.new_context(locale="fr-BE")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    for script in (report_html.PLOTLY_FILE, report_html.LOCALE_FILE):  # as the printer does: paper shows the images
        context.route(f"**/{script}", lambda route: route.abort())
    page = context.new_page()
    page.emulate_media(media="print")
    seen = {}
    try:
        for path in pages(site):
            page.set_viewport_size({"width": 800, "height": 1100})
            page.goto(path.as_uri(), wait_until="load")
            width = printed_width(page.evaluate(PAGE_RULES))
            page.set_viewport_size({"width": width, "height": 1100})
            page.wait_for_timeout(50)
            seen[path.name] = {
                "width": width,
                "cut": page.evaluate(CUT, width),
                "broken": page.evaluate(BROKEN_NUMBERS),
                "scroll": page.evaluate("document.documentElement.scrollWidth"),
            }
    finally:
        context.close()
    return seen


def test_every_table_and_chart_fits_its_printed_box(printed):
    problems = [f"{name}: {p}" for name, seen in printed.items() for p in seen["cut"]]
    problems += [
        f"{name}: the page is {seen['scroll']} px wide on paper ({seen['width']} px)"
        for name, seen in printed.items()
        if seen["scroll"] > seen["width"] + 1
    ]
    assert not problems, "\n".join(problems)


def test_no_number_breaks_across_two_lines_on_paper(printed):
    broken = {name: seen["broken"] for name, seen in printed.items() if seen["broken"]}
    assert not broken, broken


def test_the_print_check_sees_a_clipped_table_and_a_broken_number(browser, tmp_path):
    """The checks above fail on a table in a scrolling box too narrow for it and on a number cut by a narrow cell."""
    page_file = tmp_path / "cut.html"
    cells = "".join(f"<th>Colonne{i}</th>" for i in range(14))
    page_file.write_text(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>x</title></head><body>'
        f'<div style="overflow-x:auto"><table><thead><tr>{cells}</tr></thead></table></div>'
        '<table><tr><td style="width:3em;overflow-wrap:anywhere">7\u202f453\u202f050\u202f€</td></tr></table>'
        "</body></html>",
        encoding="utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(page_file.as_uri())
    cut = page.evaluate(CUT, 400)
    broken = page.evaluate(BROKEN_NUMBERS)
    context.close()
    assert any("hides" in c for c in cut), cut
    assert broken == ["7\u202f453\u202f050\u202f€"]


# --------------------------------------------------------------------------------------------------------
# The PDFs


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext; pages are separated by form feeds)."""
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[: pdf.page_count(path)]


def squeeze(text: str) -> str:
    """Text without spaces, hyphens (soft ones too) and line breaks: PDF text breaks and hyphenates at line ends."""
    return re.sub(r"[\s\u00a0\u202f\u00ad\-‐]+", "", text).casefold()


def page_notes(html_text: str) -> list[str]:
    """The texts a page repeats around its content: its footer and its note on its sources."""
    import html

    blocks = re.findall(r'<(footer|p class="bm-colophon")[^>]*>(.*?)</(?:footer|p)>', html_text, re.S)
    return [squeeze(html.unescape(re.sub(r"<[^>]+>", " ", inner))) for _, inner in blocks]


def test_no_printed_page_holds_only_its_footer(site):
    printed = sorted((site / pdf.PDF_DIR).glob("*.pdf"))
    assert printed
    problems = []
    for path in printed:
        texts = pdf_pages(path)
        notes = page_notes((site / path.name).with_suffix(".html").read_text(encoding="utf-8"))
        for number, text in enumerate(texts, start=1):
            body = squeeze(re.sub(rf"page\s+{number}\s+sur\s+{len(texts)}", "", text))
            if not body or any(body in note for note in notes):
                problems.append(
                    f"{path.name}: page {number} of {len(texts)} holds only its footer ({text.strip()[:80]!r})"
                )
    assert not problems, "\n".join(problems)


def test_the_footer_check_sees_a_page_holding_only_its_footer(tmp_path):
    """The note of a page, alone on the last page, is found (a check that cannot fail proves nothing)."""
    html_text = '<main><p>x</p></main><footer class="bm-footer"><p>Page produite automatiquement, le 7.</p></footer>'
    notes = page_notes(html_text)
    assert notes == [squeeze("Page produite automatiquement, le 7.")]
    assert squeeze("produite automatiquement, le 7.") in notes[0]


def test_each_pdf_names_every_column_of_every_table_of_its_page(site):
    """Word by word (PDF text interleaves the lines of neighbouring header cells), each column name of each table of
    a page is in its PDF."""
    import html

    missing = []
    for path in sorted((site / pdf.PDF_DIR).glob("*.pdf")):
        text = squeeze("".join(pdf_pages(path)))
        page = (site / path.name).with_suffix(".html").read_text(encoding="utf-8")
        for number, head in enumerate(re.findall(r"<thead\b.*?</thead>", page, re.S), start=1):
            for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", head, re.S):
                heading = html.unescape(re.sub(r"<[^>]+>", "", cell)).replace("\u00ad", "").strip()
                lost = [w for w in re.findall(r"\w+", heading) if squeeze(w) not in text]
                if lost:
                    missing.append(f"{path.name}: table {number}, column « {heading} » ({', '.join(lost)})")
    assert not missing, "\n".join(missing)


def test_every_printed_page_of_the_catalogue_names_its_columns(site):
    """The catalogue's table runs over many pages: each repeats the column names (Chromium painted an empty band
    when they were buttons)."""
    import html

    from benchmark.publish.catalogue import COLUMNS

    texts = pdf_pages(site / pdf.PDF_DIR / "catalogue.pdf")
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        squeezed = squeeze(text)
        for heading, _ in COLUMNS:
            words = [w for w in re.findall(r"\w+", html.unescape(heading)) if squeeze(w) not in squeezed]
            assert not words, f"catalogue.pdf page {number}: column « {heading} » missing ({words})"
