"""``benchmark build``: clean → execute notebooks → export figures → reports, catalogue and index.

Each step names where its results are. A failing notebook stops the build before ``reports/`` is touched
(the site is written into a temporary folder and swapped in only when complete).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

from benchmark import paths


def build(raw_dir: Path = paths.RAW, clean_dir: Path = paths.CLEAN, notebooks_dir: Path = paths.NOTEBOOKS,
          out_dir: Path = paths.REPORTS, figures_dir: Path = paths.FIGURES, workers: int = 2,
          clean: bool = True, figures: bool = True, log=print) -> dict[str, float]:
    """Run the whole chain; return the seconds spent per step."""
    from benchmark import execute, reports

    timings: dict[str, float] = {}
    started = time.perf_counter()
    if clean:
        from benchmark.pipeline import clean as run_clean
        from benchmark.writer import write_clean

        t = time.perf_counter()
        result = run_clean(Path(raw_dir))
        write_clean(result.tables, result.extras(), Path(clean_dir))
        timings["clean"] = time.perf_counter() - t
        log(f"1/4 clean: {len(result.tables)} tables → {clean_dir} ({timings['clean']:.1f} s)")
    else:
        log(f"1/4 clean: skipped, using {clean_dir}")

    t = time.perf_counter()
    notebooks = execute.discover(Path(notebooks_dir))
    log(f"2/4 notebooks: {len(notebooks)} in {notebooks_dir}")
    executed = execute.execute_all(notebooks, workers=workers, log=log)
    timings["notebooks"] = time.perf_counter() - t

    if figures and importlib.util.find_spec("benchmark.figures") is not None:
        from benchmark import figures as figures_module
        from benchmark.load import load_clean

        t = time.perf_counter()
        written = figures_module.export_all(load_clean(Path(clean_dir)), Path(figures_dir))
        timings["figures"] = time.perf_counter() - t
        log(f"3/4 figures: {len(written)} files → {figures_dir} ({timings['figures']:.1f} s)")
    else:
        log("3/4 figures: skipped")

    t = time.perf_counter()
    site = reports.write_site(executed, Path(out_dir), Path(clean_dir), log=log)
    timings["reports"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    log(f"4/4 reports: {len(site)} files → {out_dir} ({timings['reports']:.1f} s)")
    for p in site:
        if p.is_file():
            log(f"      {p.name:<40} {p.stat().st_size / 1024:8.0f} KiB")
    log(f"Done in {timings['total']:.1f} s. Open {Path(out_dir) / 'index.html'} in a browser (works offline).")
    return timings


def build_site(notebooks_dir: Path = paths.NOTEBOOKS, out_dir: Path = paths.REPORTS, clean_dir: Path = paths.CLEAN,
               workers: int = 2, log=print) -> list[Path]:
    """Execute the notebooks, then write the site (reports, catalogue, index)."""
    from benchmark import execute, reports

    executed = execute.execute_all(execute.discover(notebooks_dir), workers=workers, log=log)
    return reports.write_site(executed, out_dir, clean_dir, log=log)


def cmd_build(args: argparse.Namespace) -> int:
    from benchmark.errors import DataError
    from benchmark.errors import ReportError

    try:
        build(Path(args.raw), Path(args.clean), Path(args.notebooks), Path(args.out), workers=args.workers,
              clean=not args.skip_clean, figures=not args.skip_figures)
    except DataError as err:
        print("benchmark build: invalid input; data/clean/ and reports/ left untouched.", file=sys.stderr)
        print(err, file=sys.stderr)
        return 1
    except ReportError as err:
        print(f"benchmark build: {err}", file=sys.stderr)
        return 1
    return 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", default=str(paths.RAW), help="folder of the raw sources (default: data/raw)")
    p.add_argument("--clean", default=str(paths.CLEAN), help="folder of the clean tables (default: data/clean)")
    p.add_argument("--notebooks", default=str(paths.NOTEBOOKS), help="folder of the NN_*.ipynb notebooks")
    p.add_argument("--out", default=str(paths.REPORTS), help="folder of the HTML reports (default: reports)")
    p.add_argument("--workers", type=int, default=2, help="notebooks executed at a time (default: 2)")
    p.add_argument("--skip-clean", action="store_true", help="reuse data/clean/ as it is")
    p.add_argument("--skip-figures", action="store_true", help="do not export figures/")
    p.set_defaults(func=cmd_build)
