"""A4 PDFs of the committee's pages, printed by the build's Chromium (``benchmark.publish.chromium``) through Playwright.

One browser prints every page, two at a time (print media: static chart images, no navigation). Print shows each
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
import queue
import re
import threading
from pathlib import Path

PDF_DIR = "pdf"
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


PRINTERS = 2  # pages printed at a time: Chromium lays each out in a renderer process of its own


def print_site(site: Path, files: list[str], info, log=print, printers: int = PRINTERS) -> list[Path]:
    """Print each page of ``site`` to ``site/pdf/<name>.pdf`` in A4; return the PDFs written."""
    printer = Printer(site, printers)
    for name in files:
        printer.add(name)
    return printer.finish(files, info)


class Printer:
    """Prints pages of ``site`` while the caller still writes the others: a thread of its own runs one browser
    whose ``printers`` contexts (separate renderer processes) take the pages as ``add`` hands them over, so that
    Chromium prints the reports while Python renders the catalogue. ``finish`` waits for every page and writes
    the PDFs to ``site/pdf/``, normalised in the order given: each PDF's bytes depend on its page alone. ``draw``
    draws figure images in the same browser (the build's figure export), so that a build starts one Chromium."""

    def __init__(self, site: Path, printers: int = PRINTERS):
        self.site, self.printers = Path(site), max(1, printers)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._printed: dict[str, bytes] = {}
        self._error: BaseException | None = None
        self._browser = None  # with its event loop, once launched (``draw`` uses them)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._launched = threading.Event()  # set once the browser is up, or failed to start, or closed
        self._thread = threading.Thread(target=self._run, name="pdf-printer", daemon=True)
        self._thread.start()

    def add(self, name: str) -> None:
        """Print ``site/name`` (the page must be written, with the files it links to)."""
        self._queue.put(name)

    def stop(self) -> None:
        """No more pages: the printers end once the pages handed over are printed."""
        if self._thread.is_alive():
            for _ in range(self.printers):
                self._queue.put(None)
            self._thread.join()

    def finish(self, files: list[str], info) -> list[Path]:
        self.stop()
        if self._error is not None:
            raise self._error
        out = self.site / PDF_DIR
        out.mkdir(exist_ok=True)
        written = []
        for name in files:
            target = out / Path(name).with_suffix(".pdf").name
            target.write_bytes(normalise(self._printed[name], info.epoch, self.site))
            written.append(target)
        return written

    def draw(self, images: list) -> list[bytes]:
        """Draw figure images (``benchmark.publish.chart_images.Image``) in this printer's browser, in a page of their own
        while it prints: the build then starts one Chromium, not two. Same bytes as ``chart_images.draw``."""
        from benchmark.publish import chart_images

        if not images:
            return []
        figures = chart_images.prepare(images)
        self._launched.wait()
        if self._browser is None or self._loop is None:
            raise self._error or RuntimeError("the printer's browser is closed")
        drawing = asyncio.run_coroutine_threadsafe(chart_images.draw_in(self._browser, figures, images), self._loop)
        return chart_images.decode(images, drawing.result())

    def _run(self) -> None:
        try:
            asyncio.run(self._print())
        except BaseException as err:  # raised again by finish(), in the caller's thread
            self._error = err
        finally:
            self._browser = self._loop = None
            self._launched.set()

    async def _print(self) -> None:
        from playwright.async_api import async_playwright

        from benchmark.publish.chromium import launch
        from benchmark.publish.report_html import LOCALE_FILE, PLOTLY_FILE

        async with async_playwright() as pw:
            browser = await launch(pw)
            self._browser, self._loop = browser, asyncio.get_running_loop()
            self._launched.set()
            try:

                async def printer() -> None:
                    context = await browser.new_context(locale="fr-BE", offline=True)
                    for script in (PLOTLY_FILE, LOCALE_FILE):  # print shows the static images (module docstring)
                        await context.route(f"**/{script}", lambda route: route.abort())
                    page = await context.new_page()
                    while (name := await asyncio.to_thread(self._queue.get)) is not None:
                        await page.goto((self.site / name).resolve().as_uri(), wait_until="load")
                        await page.emulate_media(media="print")
                        self._printed[name] = await page.pdf(
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

                await asyncio.gather(*(printer() for _ in range(self.printers)))
            finally:
                await browser.close()


def page_count(pdf: Path) -> int:
    """Pages of a PDF."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)
