"""``benchmark build``: clean → execute notebooks (figures exported alongside) → reports, catalogue and index.

One command refreshes every generated artefact after a change to ``data/raw/``: ``data/clean/``, the notebooks'
stored outputs (each executed notebook is written back over its source, normalised, atomically), ``figures/``
and ``reports/``. Each step is keyed on the content of its inputs (``benchmark.build.cache``) and skipped when nothing it
reads changed and its outputs are as it left them, so a rebuild with nothing changed writes no file:

- clean: the raw files and the library → ``data/clean/``;
- each notebook: its cells, the clean tables, the raw files and the library → the executed notebook and its report
  page (the step 5 notebooks read the decisions of ``data/raw/step5_*.csv``, which ``data/clean/`` does not hold
  whole: an edit of a decision's wording must reach the reports even when the clean tables come out the same);
- figures: the clean tables, the raw files (the funding ladders of ``step5_ladders.csv``), the library (which draws
  them) and plotly's version → ``figures/``;
- site: the executed notebooks, the clean tables, the raw files (the finder's conditions and links, the report's
  copy the catalogue quotes), the library (templates) and the data version → ``reports/``.

Notebooks run two at a time in worker processes; figure export (one Chromium page draws every image,
``benchmark.publish.chart_images``) runs beside them. A worker that finishes a notebook after figures/ is written renders
its report page too (the page embeds the static images), while the other worker still executes.

When clean has to run, every later step will too. The workers are then forked and warmed up before clean, on the
core clean leaves idle, and the site's stage (``reports.SiteStage``: its staging folder and the PDF printer's
Chromium) opens as soon as clean is written. The figures are exported by a thread that draws their images in the
printer's browser (one Chromium per build), and each report page goes to the stage, and prints, as soon as it
exists, rather than all at the end. ``reports.write_site`` renders what is left. Every worker ends with the build.
A failing notebook stops the build before ``reports/`` is touched (the stage is removed, its Chromium closed).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from benchmark.build.cache import (
    CACHE_DIR,
    BuildCache,
    digest,
    files_digest,
    folder_files,
    library_digest,
    notebook_source_digest,
    tree_files,
)
from benchmark.core import atomic, paths

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from benchmark.publish.execute import Executed
    from benchmark.publish.reports import SiteStage


def _export_figures(clean_dir: str, raw_dir: str, figures_dir: str, drawer=None) -> list[str]:
    """Export every figure into a staging folder that then replaces ``figures_dir`` (old or new under a kill);
    the images drawn by ``drawer`` (the build printer's ``draw``), else in a browser of their own. The step 5
    decisions some figures draw (the funding ladders) are read from ``raw_dir``."""
    from benchmark.analysis.step5.decisions import load_decisions
    from benchmark.clean.load import load_clean
    from benchmark.publish import chart_images, figure_files

    target = Path(figures_dir)
    tmp = atomic.staging_dir(target)
    try:
        tables = load_clean(Path(clean_dir))
        figure_files.export_all(tables, tmp, drawer or chart_images.draw, load_decisions(tables, Path(raw_dir)))
        atomic.replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [str(p) for p in folder_files(target)]


def _warm_figures() -> None:
    """Import what the figure export needs (pandas, plotly, the figure builders) while clean runs."""
    from benchmark.analysis.step5.decisions import load_decisions  # noqa: F401
    from benchmark.clean.load import load_clean  # noqa: F401
    from benchmark.publish import figure_files  # noqa: F401


def _signal_figures(signal: Path, job) -> None:
    """Tell the workers that figures/ is written (``ok``: they may render their pages) or will not be."""
    try:
        signal.write_text("ok" if not job.cancelled() and job.exception() is None else "failed", encoding="utf-8")
    except OSError:  # the build stopped (a failed notebook, Ctrl-C) and removed the signals' folder: nobody waits
        pass


def build(
    raw_dir: Path = paths.RAW,
    clean_dir: Path = paths.CLEAN,
    notebooks_dir: Path = paths.NOTEBOOKS,
    out_dir: Path = paths.REPORTS,
    figures_dir: Path = paths.FIGURES,
    workers: int = 2,
    clean: bool = True,
    figures: bool = True,
    force: bool = False,
    cache_dir: Path = CACHE_DIR,
    root: Path = paths.ROOT,
    log=print,
    pdfs: bool = True,
) -> dict[str, float]:
    """Run the whole chain, skipping the steps whose inputs did not change; return the seconds per step.

    ``root`` is the repository whose git history dates the reports and tells whether ``data/clean/`` is
    committed; ``force`` rebuilds every step; without ``pdfs`` the site has no ``pdf/`` folder."""
    from benchmark.publish.execute import skip_iri_grammar, warm_up, worker_pool

    skip_iri_grammar()
    raw_dir, clean_dir, notebooks_dir = Path(raw_dir), Path(clean_dir), Path(notebooks_dir)
    out_dir, figures_dir = Path(out_dir), Path(figures_dir)
    run = _Run(BuildCache(cache_dir, force), library_digest(), log)
    run_figures = figures and importlib.util.find_spec("benchmark.present.figures") is not None
    raw_key = files_digest(tree_files(raw_dir), raw_dir)
    clean_key = digest("clean", run.library, raw_key) if clean else ""
    try:
        early = clean and not run.cache.fresh("clean", clean_key)
        if early:
            # Every later step reads data/clean/, so each will be stale too: fork and warm the workers now, on the core
            # clean leaves idle.
            run.pool = worker_pool(workers)
            for _ in range(workers):
                run.pool.submit(warm_up)
            if run_figures and not pdfs:
                run.figure_pool = worker_pool(1)
                run.figure_pool.submit(_warm_figures)
        _clean_step(run, raw_dir, clean_dir, clean, clean_key)
        if early and pdfs:
            # The site's stage opens once clean is written (clean forks its workbook writer: no fork copies a
            # process whose printer thread runs). Its browser draws the figures' images too, from a thread of
            # this process: one Chromium.
            from benchmark.publish.reports import SiteStage

            run.stage = SiteStage(out_dir, pdf=True)
            run.figure_pool = ThreadPoolExecutor(1, thread_name_prefix="figures")
        return _later_steps(
            run, raw_dir, raw_key, clean_dir, notebooks_dir, out_dir, figures_dir, workers, run_figures, root, pdfs
        )
    except BaseException:
        if run.stage is not None:
            run.stage.discard()
        raise
    finally:
        for pool in (run.pool, run.figure_pool):
            if pool is not None:
                pool.shutdown(cancel_futures=True)


@dataclass
class _Run:
    """What the steps of one build share: the cache, the library's digest, the log, the timings, and what was
    started ahead of its step (worker pools, the site's staging folder and printer)."""

    cache: BuildCache
    library: str
    log: Callable[[str], None]
    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    pool: ProcessPoolExecutor | None = None
    figure_pool: Executor | None = None  # a worker process, or a thread when the printer's browser draws
    stage: SiteStage | None = None


def _clean_step(run: _Run, raw_dir: Path, clean_dir: Path, clean: bool, key: str) -> None:
    t = time.perf_counter()
    if not clean:
        run.log(f"1/4 clean: skipped, using {clean_dir}")
    elif run.cache.fresh("clean", key):
        run.log(f"1/4 clean: up to date ({clean_dir})")
    else:
        from benchmark.analysis.step5 import write_step5
        from benchmark.clean.pipeline import clean as run_clean
        from benchmark.clean.writer import write_clean

        run.cache.forget("clean")
        result = run_clean(raw_dir)
        # step 5 decisions, checked against the tables just written, inside the new folder before it replaces
        # the old one: a kill in between never leaves data/clean/ without step5_equivalents.csv
        write_clean(
            result.tables,
            result.extras(),
            clean_dir,
            then=lambda folder, tables: write_step5(folder, raw_dir, tables),
            package=result.package,
        )
        run.cache.record("clean", key, tree_files(clean_dir))
        run.log(f"1/4 clean: {len(result.tables)} tables → {clean_dir}")
    run.timings["clean"] = time.perf_counter() - t


def _later_steps(
    run: _Run,
    raw_dir: Path,
    raw_key: str,
    clean_dir: Path,
    notebooks_dir: Path,
    out_dir: Path,
    figures_dir: Path,
    workers: int,
    run_figures: bool,
    root: Path,
    pdfs: bool,
) -> dict[str, float]:
    from benchmark.publish.buildinfo import build_info
    from benchmark.publish.execute import PageJob, discover, execute_all, figures_written, worker_pool
    from benchmark.publish.report_html import notebook_file_title, render_report
    from benchmark.publish.reports import neighbours, site_entries

    cache, log, timings = run.cache, run.log, run.timings
    clean_key = files_digest(tree_files(clean_dir), clean_dir)
    info = build_info(root, clean_dir, raw_dir)
    _raw_unchanged(raw_dir, raw_key)  # the version just read is the data this build read

    # 2. notebooks, with figures exported alongside; a worker renders its notebook's page once figures/ is written
    t = time.perf_counter()
    notebooks = discover(notebooks_dir)
    keys = {p.stem: digest("notebook", run.library, clean_key, raw_key, notebook_source_digest(p)) for p in notebooks}
    stale = [p for p in notebooks if not cache.fresh(f"notebook-{p.stem}", keys[p.stem])]
    figures_key = digest("figures", run.library, clean_key, raw_key)
    figure_job = None
    signals = Path(tempfile.mkdtemp(prefix="benchmark-build-"))
    figures_ready: str | None = None
    if run_figures and not cache.fresh("figures", figures_key):
        cache.forget("figures")
        run.figure_pool = run.figure_pool or worker_pool(1)
        printer = run.stage.printer if run.stage is not None else None
        drawer = printer.draw if printer is not None else None
        figure_job = run.figure_pool.submit(_export_figures, str(clean_dir), str(raw_dir), str(figures_dir), drawer)
        figures_ready = str(signals / "figures")
        figure_job.add_done_callback(partial(_signal_figures, Path(figures_ready)))
    try:
        log(f"2/4 notebooks: {len(notebooks) - len(stale)} of {len(notebooks)} up to date in {notebooks_dir}")
        for p in stale:
            cache.forget(f"notebook-{p.stem}")
        # The titles (markdown) do not change when a notebook runs: read from the sources, they give every page its
        # previous/next links before any notebook has run.
        entries = site_entries({p.stem: notebook_file_title(p, p.stem) for p in notebooks})
        pages = {
            str(entry["stem"]): PageJob(info, *neighbours(entries, i), str(figures_dir), figures_ready)
            for i, entry in enumerate(entries)
        }
        waiting: dict[str, Executed] = {}  # notebooks that ended before figures/ was written: no page yet

        def stage_page(stem: str, executed: Executed) -> None:
            """Hand each page to the site's stage (which prints it) as soon as it exists: rendered by the worker,
            or here once figures/ is written for the notebooks that ended before."""
            stage = run.stage
            assert stage is not None  # called only with a stage
            if executed.page is not None:
                stage.write_page(stem, executed.page, executed.figures)
            else:
                waiting[stem] = executed
            if waiting and figures_written(pages[stem]):
                for other, done in sorted(waiting.items()):
                    job = pages[other]
                    page, n = render_report(
                        done.notebook, other, info, log, job.previous, job.following, Path(figures_dir)
                    )
                    stage.write_page(other, page, n)
                waiting.clear()

        # Longest first (as they last ran; a new notebook first): the two workers then end together, rather than
        # one running the longest notebook alone at the end.
        last = cache.durations()
        stale.sort(key=lambda p: (-last.get(p.stem, float("inf")), p.name))
        seconds: dict[str, float] = {}
        executed = (
            execute_all(
                stale,
                workers=workers,
                log=log,
                write_back=True,
                pages=pages,
                timings=seconds,
                pool=run.pool,
                on_executed=stage_page if run.stage is not None else None,
            )
            if stale
            else {}
        )
        cache.record_durations({stem: seconds[stem] for stem in executed})
        for stem in executed:
            cache.record(f"notebook-{stem}", keys[stem], [notebooks_dir / f"{stem}.ipynb"])
        timings["notebooks"] = time.perf_counter() - t
        t = time.perf_counter()
        if figure_job is not None:
            written = [Path(p) for p in figure_job.result()]
            cache.record("figures", figures_key, written)
            log(f"3/4 figures: {len(written)} files → {figures_dir}")
        elif run_figures:
            log(f"3/4 figures: up to date ({figures_dir})")
        else:
            log("3/4 figures: skipped")
    finally:
        shutil.rmtree(signals, ignore_errors=True)
    timings["figures (after notebooks)"] = time.perf_counter() - t

    # 3. site
    _raw_unchanged(raw_dir, raw_key)  # the notebooks and figures read the data the pages' version names
    t = time.perf_counter()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in notebooks}
    figures_key_now = files_digest(tree_files(figures_dir), figures_dir) if figures_dir.exists() else ""
    site_key = digest(
        "site",
        run.library,
        clean_key,
        raw_key,
        figures_key_now,
        info.version,
        info.date_iso,
        "pdfs" if pdfs else "no pdfs",
        *(part for stem in sorted(texts) for part in (stem, texts[stem])),
    )
    if cache.fresh("site", site_key):
        if run.stage is not None:  # started ahead for nothing: the pages came out as they were
            run.stage.discard()
        log(f"4/4 reports: up to date ({out_dir})")
    else:
        import nbformat

        from benchmark.publish import reports

        cache.forget("site")
        nbs = {stem: nbformat.reads(text, as_version=4) for stem, text in texts.items()}
        rendered = {stem: (e.page, e.figures) for stem, e in executed.items() if e.page is not None}
        site = reports.write_site(
            nbs,
            out_dir,
            clean_dir,
            info=info,
            log=log,
            figures_dir=figures_dir,
            raw_dir=raw_dir,
            pdf=pdfs,
            rendered=rendered,
            stage=run.stage,
        )
        cache.record("site", site_key, [p for p in site if p.is_file()])
        log(f"4/4 reports: {len(site)} files → {out_dir}")
        for p in site:
            if p.is_file():
                log(f"      {p.name:<40} {p.stat().st_size / 1024:8.0f} KiB")
    timings["reports"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - run.started
    log(
        f"Done in {timings['total']:.1f} s (data version {info.version}). "
        f"Open {out_dir / 'index.html'} in a browser (works offline)."
    )
    return timings


def _raw_unchanged(raw_dir: Path, raw_key: str) -> None:
    """Stop the build, before ``reports/`` is written, when ``data/raw/`` changed since it started: its pages would
    carry a data version other than the one of the data they were built from."""
    from benchmark.core.errors import ReportError

    if files_digest(tree_files(raw_dir), raw_dir) != raw_key:
        raise ReportError(
            f"{raw_dir} changed while this build ran; reports/ is left as it was, since its pages would carry a data "
            "version other than that of the data they were built from. Run `benchmark build` again once the edit "
            "is saved."
        )


def build_site(
    notebooks_dir: Path = paths.NOTEBOOKS,
    out_dir: Path = paths.REPORTS,
    clean_dir: Path = paths.CLEAN,
    workers: int = 2,
    log=print,
) -> list[Path]:
    """Execute the notebooks (in memory, not written back) and write the site (reports, catalogue, index)."""
    from benchmark.publish import reports
    from benchmark.publish.execute import discover, execute_all

    executed = execute_all(discover(notebooks_dir), workers=workers, log=log)
    return reports.write_site({stem: e.notebook for stem, e in executed.items()}, out_dir, clean_dir, log=log)


def cmd_build(args: argparse.Namespace) -> int:
    from benchmark.core.errors import DataError, ReportError

    try:
        build(
            Path(args.raw),
            Path(args.clean),
            Path(args.notebooks),
            Path(args.out),
            Path(args.figures),
            workers=args.workers,
            clean=not args.skip_clean,
            figures=not args.skip_figures,
            pdfs=not args.skip_pdfs,
            force=args.force,
            cache_dir=Path(args.root) / CACHE_DIR.name,
            root=Path(args.root),
        )
    except DataError as err:
        print("benchmark build: invalid input; data/clean/ and reports/ left untouched.", file=sys.stderr)
        print(err, file=sys.stderr)
        return 1
    except ReportError as err:
        print(f"benchmark build: {err}", file=sys.stderr)
        return 1
    return 0
