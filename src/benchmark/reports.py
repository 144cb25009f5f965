"""Turn executed notebooks into the committee's offline site.

``write_site`` writes ``reports/`` — one page per notebook (``benchmark.report_html``; ``00_synthese`` becomes
``synthese.html``), the shared ``plotly.min.js`` and its French locale, ``catalogue.html``, the finder page,
``index.html`` and, when asked, one A4 PDF per page in ``pdf/`` (``benchmark.pdf``) — into a temporary folder that
replaces ``reports/`` only when everything is written (``benchmark.atomic``).

Executing the notebooks is ``benchmark.execute``; the date and the data version are ``benchmark.buildinfo``.
Offline and reproducible: no ``http(s)://`` script or style, Plotly figures drawn by one local ``plotly.min.js``
with deterministic ``div`` ids, the date from one place, so two builds of the same data write the same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmark import atomic, paths
from benchmark.buildinfo import BuildInfo, build_info
from benchmark.errors import ReportError  # noqa: F401  (re-exported: callers catch reports.ReportError)
from benchmark.report_html import (  # noqa: F401
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


def write_site(
    executed: dict[str, object],
    out_dir: Path = paths.REPORTS,
    clean_dir: Path = paths.CLEAN,
    info: BuildInfo | None = None,
    log=print,
    figures_dir: Path = paths.FIGURES,
    pdf: bool = False,
    rendered: dict[str, tuple[str, int]] | None = None,
) -> list[Path]:
    """Write every report, the catalogue and the index (and with ``pdf`` their A4 PDFs in ``pdf/``) into a
    temporary folder, then swap it for ``out_dir``. ``rendered`` holds pages already rendered (``{stem: (page,
    figures)}``, by the build's workers from the same notebook, info, neighbours and figures): they are kept."""
    from benchmark import catalogue, finder

    info = info or build_info(paths.ROOT, clean_dir)
    out_dir = Path(out_dir)
    tmp = atomic.staging_dir(out_dir)
    rendered = rendered or {}
    printer = None
    if pdf:  # Chromium starts while the pages are written; each page prints once it and the CSS are there
        from benchmark import pdf as pdf_module

        printer = pdf_module.Printer(tmp)
    try:
        reports = site_entries({stem: notebook_title(nb, stem) for stem, nb in executed.items()})
        any_figure, shared_css = False, set()
        for i, (stem, nb) in enumerate(executed.items()):
            previous, following = neighbours(reports, i)
            if stem in rendered:
                page, figures = rendered[stem]
            else:
                page, figures = render_report(nb, stem, info, log, previous, following, Path(figures_dir))
            page, css = split_shared_css(page)
            shared_css.add(css)
            (tmp / page_file(stem)).write_text(page, encoding="utf-8")
            any_figure = any_figure or figures > 0
            reports[i].update({"summary": notebook_summary(nb), "figures": figures, "text": notebook_text(nb)})
        if len(shared_css) > 1:
            raise RuntimeError("reports render different notebook CSS: it cannot be shared")
        if shared_css:
            (tmp / CSS_FILE).write_text(shared_css.pop() + asset("report.css"), encoding="utf-8")
        if any_figure:
            from benchmark import plotlyjs

            (tmp / PLOTLY_FILE).write_text(plotlyjs.source(), encoding="utf-8")
            (tmp / LOCALE_FILE).write_text(locale_script(), encoding="utf-8")
        printed = [str(r["file"]) for r in reports] + ["catalogue.html", finder.PAGE]
        if printer is not None:  # the reports print while the catalogue and the finder are rendered
            for name in printed[: len(reports)]:
                printer.add(name)
        n_instruments = catalogue.write_catalogue(tmp / "catalogue.html", Path(clean_dir), reports, info)
        finder.write_finder(tmp / finder.PAGE, Path(clean_dir), info=info)
        if printer is not None:
            printer.add("catalogue.html")
            printer.add(finder.PAGE)
        index = render_index(reports, info, n_instruments, pdf=pdf)
        check_offline(index, "index.html")
        (tmp / "index.html").write_text(index, encoding="utf-8")
        if printer is not None:
            written = printer.finish(printed, info)
            log(f"  {len(written)} PDF(s) written to {out_dir / pdf_module.PDF_DIR}")
        _swap(tmp, out_dir)
    except BaseException:
        if printer is not None:
            printer.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(out_dir.iterdir())


def _swap(tmp: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``tmp`` (old-or-new under a kill: ``benchmark.atomic``); files the build does
    not own (not .html/.js/.css) are carried over."""
    if out_dir.exists():
        for p in out_dir.iterdir():
            if p.is_file() and p.suffix not in (".html", ".js", ".css") and not (tmp / p.name).exists():
                shutil.copy2(p, tmp / p.name)
    atomic.replace_dir(tmp, out_dir)


def sizes(out_dir: Path = paths.REPORTS) -> list[tuple[str, int]]:
    return [(p.name, p.stat().st_size) for p in sorted(Path(out_dir).iterdir()) if p.is_file()]
