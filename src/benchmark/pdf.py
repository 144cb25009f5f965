"""A4 PDFs of the committee's pages, printed by Debian's Chromium (the one kaleido uses) through Playwright.

One browser prints every page (print media: static chart images, no navigation). Chromium stamps each PDF with
the time it was printed, names the tagged structure after the browser's DOM node numbers and writes links as
absolute ``file://`` addresses of the folder it printed from. Each PDF is then rewritten with pikepdf (qpdf):
dates set to the build date, node numbers replaced by their rank, links to the other pages made relative (to
their PDF when there is one: a reader leafing through the PDFs stays in the PDFs) and a /ID computed from the
content, so that two builds of the same commit write the same bytes wherever they run.

The PDFs are untagged: Chromium's structure tree of a long table (the catalogue) comes out in a different order
from one print to the next, so a tagged PDF could not be byte-stable. The PDFs are for paper; the accessible
version of every page is its HTML (checked with axe-core).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

PDF_DIR = "pdf"
CHROMIUM = Path(os.environ.get("BENCHMARK_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--font-render-hinting=none",
]
_NODE_ID = re.compile(rb"\(node(\d{8})\)")
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#57606a;font-family:Arial,sans-serif">'
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


def print_site(site: Path, files: list[str], info, log=print) -> list[Path]:
    """Print each page of ``site`` to ``site/pdf/<name>.pdf`` in A4; return the PDFs written."""
    from benchmark.report_html import ReportError

    if not CHROMIUM.exists():
        raise ReportError(
            f"Chromium is needed to print the PDFs and is not at {CHROMIUM} (scripts/setup.sh "
            "installs Debian's chromium)"
        )
    from playwright.sync_api import sync_playwright

    out = Path(site) / PDF_DIR
    out.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(locale="fr-BE", offline=True)
            page = context.new_page()
            for name in files:
                page.goto((Path(site) / name).resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                target = out / Path(name).with_suffix(".pdf").name
                data = page.pdf(
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
                target.write_bytes(normalise(data, info.epoch, Path(site)))
                written.append(target)
        finally:
            browser.close()
    return written


def page_count(pdf: Path) -> int:
    """Pages of a PDF."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)
