"""A4 PDFs of the committee's pages, printed by the build's Chromium (``benchmark.publish.chromium``) through Playwright.

One browser prints every page once ``reports/`` is written, two at a time (print media: static chart images, no
navigation). Print shows each
chart's static image, never the interactive plot, so the printer does not load plotly.js: a page's 4.8 MB of
script would cost more than its printing, for the same bytes. Chromium stamps
each PDF with the time it was printed, names the tagged structure after the browser's DOM node numbers and writes
links as absolute ``file://`` addresses of the folder it printed from. Each PDF is then rewritten with pikepdf (qpdf):
dates set to the build date, node numbers replaced by their rank, links to the other pages made relative (to
their PDF when there is one: a reader leafing through the PDFs stays in the PDFs) and a /ID computed from the
content, so that two builds of the same commit write the same bytes wherever they run.

The PDFs are untagged: Chromium's structure tree of a long table (the catalogue) comes out in a different order
from one print to the next, so a tagged PDF could not be byte-stable. The PDFs are for paper; the accessible
version of every page is its HTML (checked with axe-core).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

PDF_DIR = "pdf"
_NODE_ID = re.compile(rb"\(node(\d{8})\)")
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#57606a;font-family:DejaVu Sans,sans-serif">'
    'page <span class="pageNumber"></span> sur <span class="totalPages"></span></div>'
)


def stable_node_ids(pdf: bytes) -> bytes:
    """The tagged PDF names its structure elements after the browser's DOM node numbers, which change from one
    run to the next: renumber them by rank (same length, same order, so the ID tree stays sorted)."""
    ids = sorted({int(m) for m in _NODE_ID.findall(pdf)})
    rank = {n: i for i, n in enumerate(ids, start=1)}
    return _NODE_ID.sub(lambda m: b"(node%08d)" % rank[int(m.group(1))], pdf)


def normalise(data: bytes, epoch: int | None, site: Path) -> bytes:
    """The PDF Chromium wrote, made reproducible (see the module's docstring). A link to a page of the site
    points to that page's PDF (every page but the index has one), else stays a link to the page."""
    import io

    import pikepdf

    stamp = dt.datetime.fromtimestamp(epoch or 0, tz=dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    base = Path(site).resolve().as_uri() + "/"
    printed = {p.name for p in Path(site).glob("*.html")} - {"index.html"}
    with pikepdf.open(io.BytesIO(stable_node_ids(data))) as doc:
        doc.docinfo["/CreationDate"] = stamp
        doc.docinfo["/ModDate"] = stamp
        for page in doc.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is None or action.get("/S") != "/URI":
                    continue
                uri = str(action.URI)
                if uri.startswith(base):
                    target, _, anchor = uri[len(base) :].partition("#")
                    if target in printed:
                        action.URI = pikepdf.String(Path(target).with_suffix(".pdf").name)
                    else:
                        action.URI = pikepdf.String("../" + target + ("#" + anchor if anchor else ""))
                elif uri.startswith("file:"):
                    action.URI = pikepdf.String(Path(uri.split("#")[0]).name)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()


PRINTERS = 2  # pages printed at a time: Chromium lays each out in a renderer process of its own


def print_site(site: Path, files: list[str], info, printers: int = PRINTERS) -> list[Path]:
    """Print each page of ``site`` (written, with the files it links to) to ``site/pdf/<name>.pdf`` in A4, in one
    browser, ``printers`` pages at a time; return the PDFs written, each normalised (``normalise``)."""
    site = Path(site)
    printed = asyncio.run(_print(site, list(files), max(1, printers)))
    out = site / PDF_DIR
    out.mkdir(exist_ok=True)
    written = []
    for name in files:
        target = out / Path(name).with_suffix(".pdf").name
        target.write_bytes(normalise(printed[name], info.epoch, site))
        written.append(target)
    return written


async def _print(site: Path, files: list[str], printers: int) -> dict[str, bytes]:
    from playwright.async_api import async_playwright

    from benchmark.publish.chromium import launch, load_timeout_ms
    from benchmark.publish.report_html import LOCALE_FILE, PLOTLY_FILE

    todo, printed = list(reversed(files)), {}

    async def printer(browser) -> None:
        context = await browser.new_context(locale="fr-BE", offline=True)
        for script in (PLOTLY_FILE, LOCALE_FILE):  # print shows the static images (module docstring)
            await context.route(f"**/{script}", lambda route: route.abort())
        page = await context.new_page()
        while todo:
            name = todo.pop()
            path = (site / name).resolve()
            await page.goto(path.as_uri(), wait_until="load", timeout=load_timeout_ms(path))
            await page.emulate_media(media="print")
            printed[name] = await page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                outline=True,
                tagged=False,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
            )
        await context.close()

    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            await asyncio.gather(*(printer(browser) for _ in range(min(printers, len(files)))))
        finally:
            await browser.close()
    return printed


def page_count(pdf: Path) -> int:
    """Pages of a PDF."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)
