"""Timings and sizes of the build (not run in CI).

    /work/venv/bin/python benchmarks/bench.py [--sizes 1000 10000 100000] [--skip-build]

Prints: the time of ``clean``; each notebook's time; the full build (clean, notebooks, figures, site) written to
a temporary folder; the floor — N notebooks that import only pandas and plotly, executed like the real ones —
both measured and estimated (one floor notebook × N ÷ 2 cores); the build/floor ratio; each report's size;
and ``clean`` on synthetic inventories of 1k/10k/100k instruments (rows of data/raw/inventories.xlsx
replicated with new ids).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import openpyxl

from benchmark import execute, paths, reports
from benchmark.build import build
from benchmark.pipeline import clean

QUIET = lambda message: None  # noqa: E731


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def floor_notebooks(directory: Path, n: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(1, n + 1):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas\nimport plotly.express")])
        path = directory / f"{i:02d}_floor.ipynb"
        nbformat.write(nb, path)
        out.append(path)
    return out


def synthetic_raw(target: Path, n_instruments: int) -> Path:
    """A copy of data/raw/ whose inventory holds about ``n_instruments`` rows (copies with new ids)."""
    shutil.copytree(paths.RAW, target)
    wb = openpyxl.load_workbook(paths.RAW / "inventories.xlsx")
    sheets = [ws for ws in wb.worksheets if ws.title not in ("README", "amounts")]
    originals = {ws.title: [[c.value for c in row] for row in ws.iter_rows(min_row=2)] for ws in sheets}
    base = sum(len(rows) for rows in originals.values())
    copies = max(0, -(-n_instruments // base) - 1)  # ceil, minus the originals
    amounts = wb["amounts"]
    amount_rows = [[c.value for c in row] for row in amounts.iter_rows(min_row=2)]
    total, created = base, set()
    for k in range(1, copies + 1):
        for ws in sheets:
            for row in originals[ws.title]:
                if total >= n_instruments:
                    break
                new = list(row)
                new[0] = f"{row[0]}-syn{k}"
                ws.append(new)
                created.add(new[0])
                total += 1
        for row in amount_rows:
            new = list(row)
            new[0] = f"{row[0]}-syn{k}"
            if new[0] in created:
                amounts.append(new)
    wb.save(target / "inventories.xlsx")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        result, seconds = timed(clean, paths.RAW)
        print(f"clean (real data, {len(result.tables['instruments'])} instruments): {seconds:.2f} s")

        notebooks = execute.discover(paths.NOTEBOOKS)
        if not args.skip_build and notebooks:
            per_notebook: dict[str, float] = {}
            _, wall = timed(execute.execute_all, notebooks, log=QUIET, timings=per_notebook)
            print(f"notebooks ({len(notebooks)}, 2 workers): {wall:.1f} s wall")
            for stem, s in per_notebook.items():
                print(f"  {stem:<40} {s:6.1f} s")

            steps, total = timed(build, paths.RAW, tmp / "clean", paths.NOTEBOOKS, tmp / "reports",
                                 tmp / "figures", log=QUIET)
            print(f"full build: {total:.1f} s  ({', '.join(f'{k} {v:.1f} s' for k, v in steps.items() if k != 'total')})")

            floor_dir = tmp / "floor"
            one = floor_notebooks(floor_dir / "one", 1)
            single_t: dict[str, float] = {}
            _, single_wall = timed(execute.execute_all, one, log=QUIET, timings=single_t)
            many = floor_notebooks(floor_dir / "many", len(notebooks))
            _, floor_wall = timed(execute.execute_all, many, log=QUIET)
            estimate = single_wall * len(notebooks) / 2
            print(f"floor: one pandas+plotly notebook {single_wall:.1f} s wall ({list(single_t.values())[0]:.1f} s "
                  f"in kernel); × {len(notebooks)} ÷ 2 cores = {estimate:.1f} s; measured {floor_wall:.1f} s")
            print(f"build/floor: {total / estimate:.1f}× the estimate, {total / floor_wall:.1f}× the measured floor; "
                  f"notebooks alone {wall / floor_wall:.1f}× the measured floor")
            print("report sizes:")
            for name, size in reports.sizes(tmp / "reports"):
                print(f"  {name:<40} {size / 1024:9.0f} KiB")
        elif not notebooks:
            print("no notebooks/NN_*.ipynb: notebook and build timings skipped")

        for n in args.sizes:
            raw = synthetic_raw(tmp / f"raw-{n}", n)
            try:
                res, seconds = timed(clean, raw)
                print(f"clean on a synthetic inventory of {len(res.tables['instruments'])} instruments: {seconds:.1f} s")
            except Exception as err:  # a synthetic copy may break a cross-check of the real sources
                print(f"clean on a synthetic inventory of {n} instruments failed: {type(err).__name__}: "
                      f"{str(err)[:300]}")
            shutil.rmtree(raw, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
