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
from pathlib import Path

from benchmark.core import atomic, paths
from benchmark.core.errors import ReportError  # noqa: F401  (re-exported: callers catch reports.ReportError)
from benchmark.publish.buildinfo import BuildInfo, build_info
from benchmark.publish.pdf import PDF_DIR
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


def write_site(
    executed: dict[str, object],
    out_dir: Path = paths.REPORTS,
    clean_dir: Path = paths.CLEAN,
    info: BuildInfo | None = None,
    log=print,
    figures_dir: Path = paths.FIGURES,
    pdf: bool = False,
) -> list[Path]:
    """Write every report, the catalogue and the index (and with ``pdf`` their A4 PDFs in ``pdf/``) into a
    temporary folder, then swap it for ``out_dir``. Without ``pdf``, the PDFs ``out_dir`` has are kept as they are.
    Everything is read from ``clean_dir`` and the executed notebooks, never from ``data/raw/``."""
    from benchmark.publish import catalogue, codebook, codebook_page, data_files, finder

    info = info or build_info(paths.ROOT, clean_dir)
    out_dir = Path(out_dir)
    tmp = atomic.staging_dir(out_dir)
    try:
        reports = site_entries({stem: notebook_title(nb, stem) for stem, nb in executed.items()})
        shared_css = None
        for i, (stem, nb) in enumerate(executed.items()):
            previous, following = neighbours(reports, i)
            page, figures = render_report(nb, stem, info, log, previous, following, Path(figures_dir))
            page, css = split_shared_css(page)
            if shared_css is not None and css != shared_css:
                raise RuntimeError("reports render different notebook CSS: it cannot be shared")
            shared_css = css
            (tmp / page_file(stem)).write_text(page, encoding="utf-8")
            reports[i].update({"summary": notebook_summary(nb), "figures": figures, "text": notebook_text(nb)})
            files = data_files.page_data(nb, Path(page_file(stem)).stem)  # the CSV files the page links to
            data_files.write_page_data(tmp, files, str(reports[i]["title"]), info)
        if shared_css is not None:
            (tmp / CSS_FILE).write_text(shared_css + asset("report.css"), encoding="utf-8")
        if any(r["figures"] for r in reports):
            from benchmark.publish import plotlyjs

            (tmp / PLOTLY_FILE).write_text(plotlyjs.source(), encoding="utf-8")
            (tmp / LOCALE_FILE).write_text(locale_script(), encoding="utf-8")
        n_instruments = catalogue.write_catalogue(tmp / "catalogue.html", Path(clean_dir), reports, info)
        finder.write_finder(tmp / finder.PAGE, Path(clean_dir), info=info)
        has_codebook = bool(codebook_page.write_codebook(tmp / codebook.PAGE, info=info))
        kept_pdfs = not pdf and (out_dir / PDF_DIR).is_dir()
        index = render_index(reports, info, n_instruments, pdf=pdf or kept_pdfs, codebook=has_codebook)
        check_offline(index, "index.html")
        (tmp / "index.html").write_text(index, encoding="utf-8")
        if pdf:
            from benchmark.publish.pdf import print_site

            printed = [str(r["file"]) for r in reports] + ["catalogue.html", finder.PAGE]
            written = print_site(tmp, printed + ([codebook.PAGE] if has_codebook else []), info)
            log(f"  {len(written)} PDF(s) written to {out_dir / PDF_DIR}")
        elif kept_pdfs:
            shutil.copytree(out_dir / PDF_DIR, tmp / PDF_DIR)
            log(f"  PDFs left as they were in {out_dir / PDF_DIR} (not printed again)")
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
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
