"""Turn executed notebooks into the committee's offline site.

``write_site`` writes ``reports/`` — one page per notebook (``benchmark.publish.report_html``; ``00_synthese`` becomes
``synthese.html``), the shared ``plotly.min.js`` and its French locale, ``catalogue.html``, the finder page,
``index.html`` and, when asked, one A4 PDF per page in ``pdf/`` (``benchmark.publish.pdf``) — into a temporary folder that
replaces ``reports/`` only when everything is written (``benchmark.core.atomic``).

Executing the notebooks is ``benchmark.publish.execute``; the date and the data version are ``benchmark.publish.buildinfo``.
Offline and reproducible: no ``http(s)://`` script or style, Plotly figures drawn by one local ``plotly.min.js``
with deterministic ``div`` ids, the date from one place, so two builds of the same data write the same bytes.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from benchmark.core import atomic, paths
from benchmark.core.errors import ReportError  # noqa: F401  (re-exported: callers catch reports.ReportError)
from benchmark.publish.buildinfo import BuildInfo, build_info
from benchmark.publish.report_html import (  # noqa: F401
    CSS_FILE,
    LOCALE_FILE,
    PLOTLY_FILE,
    PLOTLY_MIME,
    STUDY_TITLE,
    asset,
    check_offline,
    french_spaces,
    locale_script,
    notebook_summary,
    notebook_text,
    notebook_title,
    page_file,
    plotly_html,
    prepare_notebook,
    render_index,
    render_report,
    split_shared_css,
)

# --------------------------------------------------------------------------------------------------------
# The whole site, atomically


def site_entries(titles: dict[str, str]) -> list[dict[str, object]]:
    """The reports in site order (``{stem: title}`` as given), each with its page file and French title."""
    return [{"stem": stem, "file": page_file(stem), "title": french_spaces(title)} for stem, title in titles.items()]


def neighbours(entries: list[dict], i: int) -> tuple[dict | None, dict | None]:
    """The previous and next report of the ``i``-th (the pages' « précédent / suivant » links)."""
    return (entries[i - 1] if i > 0 else None), (entries[i + 1] if i + 1 < len(entries) else None)


class SiteStage:
    """``reports/`` while it is written: a staging folder that ``write_site`` swaps for ``out_dir`` once complete
    (old or new under a kill) and, with ``pdf``, the printer (``benchmark.publish.pdf.Printer``) whose Chromium prints each
    page as soon as it is written. The build opens the stage while the notebooks run, so that a report prints while
    the other notebooks still execute, not all at the end. ``discard`` stops the printer and removes the folder."""

    def __init__(self, out_dir: Path, pdf: bool = False):
        self.out_dir = Path(out_dir)
        self.folder = atomic.staging_dir(self.out_dir)
        self.pages: dict[str, tuple[str, int]] = {}  # stem → (page, figures), as rendered
        self._css: str | None = None
        self._lock = threading.Lock()  # pages come from the build's main thread and from write_site
        self.printer = None
        if pdf:  # Chromium starts now, while the pages are still to come
            from benchmark.publish import pdf as pdf_module

            self.printer = pdf_module.Printer(self.folder)

    def write_page(self, stem: str, page: str, figures: int) -> None:
        """Write a report's rendered page (its notebook CSS in the shared file) and hand it to the printer."""
        page, css = split_shared_css(page)
        with self._lock:
            if stem in self.pages:
                return
            if self._css is None:  # the page links to the shared CSS: it is there before the page prints
                self._css = css
                (self.folder / CSS_FILE).write_text(css + asset("report.css"), encoding="utf-8")
            elif css != self._css:
                raise RuntimeError("reports render different notebook CSS: it cannot be shared")
            (self.folder / page_file(stem)).write_text(page, encoding="utf-8")
            self.pages[stem] = (page, figures)
        if self.printer is not None:
            self.printer.add(page_file(stem))

    def discard(self) -> None:
        if self.printer is not None:
            self.printer.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def write_site(
    executed: dict[str, object],
    out_dir: Path = paths.REPORTS,
    clean_dir: Path = paths.CLEAN,
    info: BuildInfo | None = None,
    log=print,
    figures_dir: Path = paths.FIGURES,
    pdf: bool = False,
    rendered: dict[str, tuple[str, int]] | None = None,
    stage: SiteStage | None = None,
    raw_dir: Path = paths.RAW,
) -> list[Path]:
    """Write every report, the catalogue and the index (and with ``pdf`` their A4 PDFs in ``pdf/``) into a
    temporary folder, then swap it for ``out_dir``. ``rendered`` holds pages already rendered (``{stem: (page,
    figures)}``, by the build's workers from the same notebook, info, neighbours and figures): they are kept.
    ``stage`` is the staging folder the build opened while the notebooks ran (same ``out_dir`` and ``pdf``), with
    the pages it wrote and printed already. ``raw_dir`` holds the finder's decisions and the report's copy the
    catalogue quotes."""
    from benchmark.publish import catalogue, codebook, codebook_page, data_files, finder

    info = info or build_info(paths.ROOT, clean_dir, raw_dir)
    out_dir = Path(out_dir)
    rendered = rendered or {}
    stage = stage or SiteStage(out_dir, pdf)
    printer, tmp = stage.printer, stage.folder
    try:
        reports = site_entries({stem: notebook_title(nb, stem) for stem, nb in executed.items()})
        any_figure = False
        for i, (stem, nb) in enumerate(executed.items()):
            previous, following = neighbours(reports, i)
            if stem in stage.pages:
                figures = stage.pages[stem][1]
            else:
                if stem in rendered:
                    page, figures = rendered[stem]
                else:
                    page, figures = render_report(nb, stem, info, log, previous, following, Path(figures_dir))
                stage.write_page(stem, page, figures)
            any_figure = any_figure or figures > 0
            reports[i].update({"summary": notebook_summary(nb), "figures": figures, "text": notebook_text(nb)})
            files = data_files.page_data(nb, Path(page_file(stem)).stem)  # the CSV files the page links to
            data_files.write_page_data(tmp, files, str(reports[i]["title"]), info)
        if any_figure:
            from benchmark.publish import plotlyjs

            (tmp / PLOTLY_FILE).write_text(plotlyjs.source(), encoding="utf-8")
            (tmp / LOCALE_FILE).write_text(locale_script(), encoding="utf-8")
        printed = [str(r["file"]) for r in reports] + ["catalogue.html", finder.PAGE]
        n_instruments = catalogue.write_catalogue(
            tmp / "catalogue.html", Path(clean_dir), reports, info, catalogue.report_copy(Path(raw_dir))
        )
        finder.write_finder(tmp / finder.PAGE, Path(clean_dir), info=info)
        has_codebook = bool(codebook_page.write_codebook(tmp / codebook.PAGE, info=info))
        printed += [codebook.PAGE] if has_codebook else []
        if printer is not None:
            printer.add("catalogue.html")
            printer.add(finder.PAGE)
            if has_codebook:
                printer.add(codebook.PAGE)
        index = render_index(reports, info, n_instruments, pdf=printer is not None, codebook=has_codebook)
        check_offline(index, "index.html")
        (tmp / "index.html").write_text(index, encoding="utf-8")
        if printer is not None:
            from benchmark.publish import pdf as pdf_module

            written = printer.finish(printed, info)
            log(f"  {len(written)} PDF(s) written to {out_dir / pdf_module.PDF_DIR}")
        _swap(tmp, out_dir)
    except BaseException:
        stage.discard()
        raise
    return sorted(out_dir.iterdir())


def _swap(tmp: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``tmp`` (old-or-new under a kill: ``benchmark.core.atomic``); files the build does
    not own (not .html/.js/.css) are carried over."""
    if out_dir.exists():
        for p in out_dir.iterdir():
            if p.is_file() and p.suffix not in (".html", ".js", ".css") and not (tmp / p.name).exists():
                shutil.copy2(p, tmp / p.name)
    atomic.replace_dir(tmp, out_dir)


def sizes(out_dir: Path = paths.REPORTS) -> list[tuple[str, int]]:
    return [(p.name, p.stat().st_size) for p in sorted(Path(out_dir).iterdir()) if p.is_file()]
