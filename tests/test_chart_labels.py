"""Every chart stays legible on a tablet and on paper: no label overlaps another and none is cut.

Read from the drawn SVG, with each text's box as the reader sees it (its bounding box in its own coordinates, turned
by its transforms: a rotated tick label is a rotated rectangle, not the larger upright box around it): the reports'
live charts at 768 px (a tablet) and 1366 px, and the static images the PDFs print (``figures/*.svg``, at their
export width). A label is cut when part of it lies outside its chart's box; two labels overlap when their boxes
intersect by more than a pixel.

A missing Chromium skips these tests on a laptop and fails them under ``CI=true``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM, require

WIDTHS = (768, 1366)

# Every text of an SVG drawing as an oriented rectangle (its four corners on the screen), then the cut and
# overlapping ones. ``root`` is the chart's box: the <figure> of a live chart, the <svg> of a static image.
LABELS = r"""(root) => {
  const box = root.getBoundingClientRect();
  const texts = [];
  for (const t of root.querySelectorAll("svg text")) {
    const content = t.textContent.trim();
    if (!content || !t.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const b = t.getBBox();
    if (b.width === 0 || b.height === 0) continue;
    const m = t.getScreenCTM();
    // 0.5 px in from each side: glyph boxes that merely touch do not overlap
    const corners = [[b.x + 0.5, b.y + 0.5], [b.x + b.width - 0.5, b.y + 0.5],
                     [b.x + b.width - 0.5, b.y + b.height - 0.5], [b.x + 0.5, b.y + b.height - 0.5]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
    // the boxes it is drawn in: the chart's, and every clip path of its ancestors (plotly clips the plot area)
    const clips = [];
    for (let e = t; e && e !== root; e = e.parentElement) {
      const ref = /url\(["']?#([^"')]+)/.exec(e.getAttribute && e.getAttribute("clip-path") || "");
      const rect = ref && document.getElementById(ref[1]) && document.getElementById(ref[1]).querySelector("rect");
      if (!rect) continue;
      const c = e.getScreenCTM(), r = rect.getBBox();
      const xs = [r.x, r.x + r.width].flatMap(x => [r.y, r.y + r.height].map(y => c.a * x + c.c * y + c.e));
      const ys = [r.x, r.x + r.width].flatMap(x => [r.y, r.y + r.height].map(y => c.b * x + c.d * y + c.f));
      clips.push({left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys)});
    }
    const kind = t.closest(".xtick") ? "x tick" : t.closest(".ytick") ? "y tick" : t.closest(".legend") ? "legend"
      : t.closest(".g-xtitle, .g-ytitle") ? "axis title" : t.closest(".textpoint") ? "bar label" : "text";
    texts.push({content, kind, corners, clips});
  }
  const axes = p => [0, 1, 2, 3].map(i => { const [a, b] = [p[i], p[(i + 1) % 4]]; return [b[1] - a[1], a[0] - b[0]]; });
  const project = (p, [x, y]) => p.map(([u, v]) => u * x + v * y);
  const overlap = (p, q) => [...axes(p), ...axes(q)].every(axis => {
    const a = project(p, axis), b = project(q, axis);
    const len = Math.hypot(...axis) || 1;
    return Math.min(Math.max(...a), Math.max(...b)) - Math.max(Math.min(...a), Math.min(...b)) > len;
  });
  const cut = [], overlaps = [];
  for (const t of texts) {
    const outside = b => t.corners.some(([x, y]) => x < b.left - 1 || x > b.right + 1 || y < b.top - 1 || y > b.bottom + 1);
    const out = [box, ...t.clips].some(outside);
    if (out) cut.push(`${t.kind} « ${t.content} »`);
  }
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    if (overlap(texts[i].corners, texts[j].corners))
      overlaps.push(`${texts[i].kind} « ${texts[i].content} » / ${texts[j].kind} « ${texts[j].content} »`);
  }
  return {count: texts.length, cut, overlaps};
}"""


@pytest.fixture(scope="module")
def site(site) -> Path:  # noqa: F811 (the session's shared build, tests/conftest.py)
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    return site


def chart_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("*.html") if 'bmChart("fig-' in p.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def live_labels(site, browser) -> dict[tuple[int, str], dict]:
    """{(width, chart id): what LABELS found} for every live chart of the reports, at each width."""
    context = browser.new_context(locale="fr-BE")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    found = {}
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 1000})
            for path in chart_pages(site):
                expected = path.read_text(encoding="utf-8").count('bmChart("fig-')
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_function(
                    "n => document.querySelectorAll('.bm-live .js-plotly-plot svg.main-svg').length >= n",
                    arg=expected,
                    timeout=30_000,
                )
                for figure in page.locator(".bm-chart.bm-live").all():
                    found[(width, figure.get_attribute("id"))] = figure.evaluate(LABELS)
    finally:
        context.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_live_chart_labels_neither_overlap_nor_are_cut(live_labels, width):
    charts = {chart: seen for (w, chart), seen in live_labels.items() if w == width}
    assert charts and all(seen["count"] > 0 for seen in charts.values())
    problems = [f"{chart}: cut {c}" for chart, seen in charts.items() for c in seen["cut"]]
    problems += [f"{chart}: overlap {o}" for chart, seen in charts.items() for o in seen["overlaps"]]
    assert not problems, "\n".join(problems)


def test_printed_chart_images_have_no_overlapping_or_cut_label(site, browser):
    """The static images (what the PDFs print, at their export width) pass the same check."""
    figures = site.parent / "figures"
    images = sorted(figures.glob("*.svg"))
    assert images
    page = browser.new_page()
    problems = []
    try:
        for image in images:
            page.goto(image.as_uri())
            seen = page.evaluate(f"(() => ({LABELS}))()(document.documentElement)")
            assert seen["count"] > 0, image.name
            problems += [f"{image.name}: cut {c}" for c in seen["cut"]]
            problems += [f"{image.name}: overlap {o}" for o in seen["overlaps"]]
    finally:
        page.close()
    assert not problems, "\n".join(problems)


def test_the_label_check_sees_overlapping_rotated_and_cut_labels(browser):
    """Two labels drawn over each other, one running out of its box, one out of its clip path, and two rotated labels side by side that do
    not touch (their upright boxes would)."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
        '<text x="10" y="20" font-size="14">Bruxelles-Capitale</text>'
        '<text x="20" y="24" font-size="14">Wallonie</text>'
        '<text x="250" y="60" font-size="14">Canada (fédéral)</text>'
        '<clipPath id="plot"><rect x="0" y="175" width="200" height="25"/></clipPath>'
        '<g clip-path="url(#plot)"><text x="150" y="192" font-size="14">aucun montant</text></g>'
        '<text transform="translate(40,150) rotate(-45)" font-size="12">Union européenne</text>'
        '<text transform="translate(70,150) rotate(-45)" font-size="12">Belgique (fédéral)</text>'
        "</svg>"
    )
    page = browser.new_page()
    try:
        page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{svg}</body></html>")
        seen = page.evaluate(f"(() => ({LABELS}))()(document.querySelector('svg'))")
    finally:
        page.close()
    assert seen["count"] == 6
    assert seen["cut"] == ["text « Canada (fédéral) »", "text « aucun montant »"]
    assert seen["overlaps"] == ["text « Bruxelles-Capitale » / text « Wallonie »"]
