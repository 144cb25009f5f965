"""``benchmark build``: clean → execute notebooks (figures exported alongside) → reports, catalogue and index.

One command refreshes every generated artefact after a change to ``data/raw/``: ``data/clean/``, the notebooks'
stored outputs (each executed notebook is written back over its source, normalised, atomically), ``figures/``
and ``reports/``. Each step is keyed on the content of its inputs (``benchmark.build.cache``) and skipped when nothing it
reads changed and its outputs are as it left them, so a rebuild with nothing changed writes no file:

- clean: the raw files and the library → ``data/clean/``;
- each notebook: its cells, the clean tables and the library → the executed notebook (every decision a notebook
  shows, step 5's included, is a clean table: nothing downstream of clean reads ``data/raw/``);
- figures: the clean tables, the library (which draws them) and plotly's version → ``figures/``;
- site: the executed notebooks, the clean tables (the sources' texts the catalogue quotes included), the codebook,
  the library (templates) and the data version → ``reports/``.

Notebooks run two at a time, each in a worker process with its own kernel, while this process exports the figures
(one Chromium page draws every image, ``benchmark.publish.chart_images``); then ``reports/`` is written (its PDFs
printed by one more Chromium, ``benchmark.publish.pdf``). Every worker ends with the build. A failing notebook stops the
build before ``reports/`` is touched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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


def codebook_text() -> str:
    """The codebook the site publishes (``benchmark.publish.codebook``), part of the site's key."""
    from benchmark.publish import codebook

    path = codebook.source_path()
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _export_figures(clean_dir: Path, figures_dir: Path) -> list[Path]:
    """Export every figure into a staging folder that then replaces ``figures_dir`` (old or new under a kill)."""
    from benchmark.clean.load import load_clean
    from benchmark.publish import figure_files

    tmp = atomic.staging_dir(figures_dir)
    try:
        tables = load_clean(clean_dir)
        figure_files.export_all(tables, tmp)
        atomic.replace_dir(tmp, figures_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder_files(figures_dir)


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
    committed; ``force`` rebuilds every step; without ``pdfs`` the PDFs are not printed (those ``reports/pdf/`` holds
    are kept as they are); without ``figures``, ``figures/`` is left as it is."""
    from benchmark.publish.execute import skip_iri_grammar

    skip_iri_grammar()
    raw_dir, clean_dir, notebooks_dir = Path(raw_dir), Path(clean_dir), Path(notebooks_dir)
    out_dir, figures_dir = Path(out_dir), Path(figures_dir)
    run = _Run(BuildCache(cache_dir, force), library_digest(), log)
    raw_key = files_digest(tree_files(raw_dir), raw_dir)
    _clean_step(run, raw_dir, clean_dir, clean, digest("clean", run.library, raw_key) if clean else "")
    return _later_steps(
        run, raw_dir, raw_key, clean_dir, notebooks_dir, out_dir, figures_dir, workers, figures, root, pdfs
    )


@dataclass
class _Run:
    """What the steps of one build share: the cache, the library's digest, the log and the timings."""

    cache: BuildCache
    library: str
    log: Callable[[str], None]
    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)


def _clean_step(run: _Run, raw_dir: Path, clean_dir: Path, clean: bool, key: str) -> None:
    t = time.perf_counter()
    if not clean:
        run.log(f"1/4 clean: skipped, using {clean_dir}")
    elif run.cache.fresh("clean", key):
        run.log(f"1/4 clean: up to date ({clean_dir})")
    else:
        from benchmark.clean.pipeline import clean as run_clean
        from benchmark.clean.writer import write_clean

        run.cache.forget("clean")
        result = run_clean(raw_dir)
        write_clean(result.tables, result.extras(), clean_dir, package=result.package)
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
    from benchmark.publish.execute import discover, execute_all

    cache, log, timings = run.cache, run.log, run.timings
    clean_key = files_digest(tree_files(clean_dir), clean_dir)
    info = build_info(root, clean_dir)
    _raw_unchanged(raw_dir, raw_key)  # the version just read is the data this build read

    # 2. notebooks, and 3. figures drawn meanwhile (they read data/clean/ only): Chromium on the core the kernels
    # leave idle, rather than after them
    t = time.perf_counter()
    notebooks = discover(notebooks_dir)
    keys = {p.stem: digest("notebook", run.library, clean_key, notebook_source_digest(p)) for p in notebooks}
    stale = [p for p in notebooks if not cache.fresh(f"notebook-{p.stem}", keys[p.stem])]
    log(f"2/4 notebooks: {len(notebooks) - len(stale)} of {len(notebooks)} up to date in {notebooks_dir}")
    for p in stale:
        cache.forget(f"notebook-{p.stem}")
    figures_key = digest("figures", run.library, clean_key)
    figures_stale = run_figures and not cache.fresh("figures", figures_key)
    written: list[Path] = []

    def export_figures() -> None:
        cache.forget("figures")
        written.extend(_export_figures(clean_dir, figures_dir))
        cache.record("figures", figures_key, written)

    meanwhile = export_figures if figures_stale else None
    executed = execute_all(stale, workers=workers, log=log, write_back=True, meanwhile=meanwhile) if stale else {}
    if figures_stale and not stale:
        export_figures()
    for stem in executed:
        cache.record(f"notebook-{stem}", keys[stem], [notebooks_dir / f"{stem}.ipynb"])
    if not run_figures:
        log("3/4 figures: skipped")
    elif figures_stale:
        log(f"3/4 figures: {len(written)} files → {figures_dir}")
    else:
        log(f"3/4 figures: up to date ({figures_dir})")
    timings["notebooks and figures"] = time.perf_counter() - t

    # 4. site
    _raw_unchanged(raw_dir, raw_key)  # the notebooks and figures read the data the pages' version names
    t = time.perf_counter()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in notebooks}
    figures_key_now = files_digest(tree_files(figures_dir), figures_dir) if figures_dir.exists() else ""
    site_key = digest(
        "site",
        run.library,
        clean_key,
        figures_key_now,
        info.version,
        info.date_iso,
        "pdfs" if pdfs else "no pdfs",
        *(part for stem in sorted(texts) for part in (stem, texts[stem])),
        codebook_text(),  # reports/codebook.html, and the sections the tables link to
    )
    if cache.fresh("site", site_key):
        log(f"4/4 reports: up to date ({out_dir})")
    else:
        import nbformat

        from benchmark.publish import reports

        cache.forget("site")
        nbs = {stem: nbformat.reads(text, as_version=4) for stem, text in texts.items()}
        site = reports.write_site(
            nbs,
            out_dir,
            clean_dir,
            info=info,
            log=log,
            figures_dir=figures_dir,
            pdf=pdfs,
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
    """Stop the build, before ``reports/`` is written, when ``data/raw/`` changed since it started: the pages would
    not show the edit just saved, yet look up to date."""
    from benchmark.core.errors import ReportError

    if files_digest(tree_files(raw_dir), raw_dir) != raw_key:
        raise ReportError(
            f"{raw_dir} changed while this build ran; reports/ is left as it was, since its pages would not show "
            "that edit. Run `benchmark build` again once the edit is saved."
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
