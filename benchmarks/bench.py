"""How fast the benchmark builds, measured as whole commands beside their floors (by hand; not a pytest test).

From a fresh clone, after ``bash scripts/setup.sh --test`` (which makes ``.venv``)::

    .venv/bin/python benchmarks/bench.py                      # everything, 3 runs each (≈ 30–40 min on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick              # a first look: 1 run, today's data only, tests once
    .venv/bin/python benchmarks/bench.py --runs 2 --skip-tests   # in between

The targets were re-agreed (issue 25) for a field whose largest public database holds a few thousand initiatives:
everything is measured at today's data and at 10 000 instruments (``--sizes``: rows of
``data/raw/inventories.xlsx`` replicated with new ids, each copy's amounts too), not at 100 000.

Every command runs as its own process (interpreter start and imports included), in a scratch copy of the
repository, alternated with its floor in the same run so that a busy machine slows both alike; each line gives
min / median / max of the runs, the peak memory (``wait4``: the largest resident set of one process of the tree),
for the builds, the floor and the tests the CPU seconds (user + system, median; on a machine shared with others,
the wall time grows and the CPU time hardly), and the target beside the measured value. At each size:

- cold build (``benchmark build --force``) against the floor: as many trivial notebooks as the real ones (they
  import pandas and plotly.express and display one small figure as its Plotly JSON bundle) executed by two
  nbclient workers — what executing any notebook suite costs; target ≤ 2× the floor at today's data, ≤ 4× at
  10 000 instruments (the catalogue and its PDF grow with the instruments, the floor does not);
- where the cold build's and the floor's CPU goes, by kind of process (kernels, Chromium, Playwright, Python), from
  one more run of each sampled from /proc over the whole process tree (``wait4`` misses Chromium's helpers), at
  today's data (a build at 10 000 instruments takes minutes: ``--large-runs`` runs, 1 by default);
- no-op rebuild (``benchmark build`` with nothing changed): target < 2 s, and no file rewritten (mtimes);
- one changed notebook: ``benchmark build`` after editing one notebook's text re-executes that notebook alone;
- ``benchmark clean`` beside its floor (the interpreter importing pandas, pandera, openpyxl and calamine): target
  ≤ 1 s at today's data, ≤ 15 s and ≤ 1 GB at 10 000 instruments (the memory of all its processes together, one
  more run sampled from /proc);
- the test tiers (``pytest -m unit``: target < 30 s; ``--nbval -m "unit or integration" tests notebooks``: < 90 s) and the CI command
  (``scripts/check.sh``: ruff, mypy, then the whole suite with the notebooks under nbval): < 5 min; run once each
  in the repository itself (``--test-runs``);
- the size of every file of ``reports/``, its PDFs included.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from benchmark.core import paths  # noqa: E402
from benchmark.publish.execute import discover  # noqa: E402

GENERATED = ("data/clean", "notebooks", "figures", "reports")
FLOOR_CELL = """import pandas as pd
import plotly.express as px
from benchmark.present.display import show
show(px.bar(pd.DataFrame({"x": ["a", "b", "c"], "y": [1, 3, 2]}), x="x", y="y"))"""


# --------------------------------------------------------------------------------------------------------
# Measuring a command


def run_measured(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str, float]:
    """Run ``command`` to its end; return its wall seconds, peak memory (MiB), output and CPU seconds (user +
    system), the last two from ``wait4``: the child and the descendants it waited for."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{output[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime


def watch_tree(command: list[str], cwd: Path, env: dict | None, every: float, sample) -> None:
    """Run ``command`` to its end, calling ``sample(tree, stats)`` every ``every`` s with the pids of its whole
    process tree (descendants included, as /proc shows them) and each process's (parent, CPU seconds)."""
    hz = os.sysconf("SC_CLK_TCK")
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = {proc.pid}
    while proc.poll() is None:
        time.sleep(every)
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / hz)
        grown = True
        while grown:
            new = {pid for pid, (parent, _) in stats.items() if parent in tree and pid not in tree}
            tree |= new
            grown = bool(new)
        sample(tree & stats.keys(), stats)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode})")


def cpu_by_process(command: list[str], cwd: Path, env: dict | None = None, every: float = 0.2) -> dict[str, float]:
    """CPU seconds of one run of ``command``, by kind of process (notebook kernels, Chromium, Playwright's driver,
    Python), read from /proc every ``every`` s over the whole process tree: ``wait4`` misses the processes their
    parent never waits for (Chromium's helpers), so this total is the larger, truer one."""
    seen: dict[int, float] = {}
    kind: dict[int, str] = {}

    def sample(tree: set[int], stats: dict) -> None:
        for pid in tree:
            seen[pid] = stats[pid][1]
            if pid not in kind:
                try:
                    line = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    line = ""
                kind[pid] = (
                    "kernels"
                    if "ipykernel" in line
                    else "Chromium"
                    if "chrom" in line or "/proc/self/exe" in line
                    else "Playwright (node)"
                    if "node" in line
                    else "Python"
                )

    watch_tree(command, cwd, env, every, sample)
    totals: dict[str, float] = {}
    for pid, seconds in seen.items():
        totals[kind.get(pid, "Python")] = totals.get(kind.get(pid, "Python"), 0.0) + seconds
    return totals


def tree_memory_peak(command: list[str], cwd: Path, env: dict | None = None, every: float = 0.1) -> float:
    """The largest memory (MiB) ``command``'s whole process tree held at once: the sum of each process's
    proportional set size (a page two processes share counts half in each), sampled every ``every`` s. ``wait4``
    gives the largest single process only, which hides a forked child's copy of its parent's pages."""
    peak = 0.0

    def sample(tree: set[int], stats: dict) -> None:
        nonlocal peak
        total = 0
        for pid in tree:
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])  # kB
                        break
            except OSError:
                continue
        peak = max(peak, total / 1024)

    watch_tree(command, cwd, env, every, sample)
    return peak


def by_process(totals: dict[str, float]) -> str:
    return f"{sum(totals.values()):5.1f} s = " + ", ".join(
        f"{name} {seconds:.1f}" for name, seconds in sorted(totals.items(), key=lambda item: -item[1])
    )


def summary(samples: list[float]) -> str:
    return f"{min(samples):7.2f} / {statistics.median(samples):7.2f} / {max(samples):7.2f} s"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


# --------------------------------------------------------------------------------------------------------
# Scratch copies


def scratch_repository(target: Path) -> Path:
    """The repository's tracked and unignored files in ``target``, committed: a fresh clone of the work tree."""
    listed = (
        subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    if (ROOT / "node_modules").is_dir():  # what scripts/setup.sh installs there (plotly.js, the page checkers)
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run(["git", "-C", str(target), *args], env=_git_env(), check=True, capture_output=True)
    return target


def _git_env() -> dict[str, str]:
    return dict(
        os.environ,
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )


def floor_notebooks(directory: Path, n: int) -> Path:
    import nbformat

    directory.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, directory / f"{i:02d}_floor.ipynb")
    return directory


# Raw files keyed by instrument that a copy of an instrument needs too (clean refuses an instrument without its
# eligibility decision), with the column of each that is a row's own id (suffixed like the instrument's).
PER_INSTRUMENT = {"eligibility.csv": None, "eligibility_conditions.csv": "condition_id", "instrument_links.csv": None}


def synthetic_raw(target: Path, n_instruments: int) -> Path:
    """A copy of data/raw/ whose inventory holds ``n_instruments`` rows (copies of the real ones with new ids,
    each copy's amounts and rows of ``PER_INSTRUMENT`` too)."""
    import csv

    import openpyxl

    shutil.copytree(paths.RAW, target)
    wb = openpyxl.load_workbook(paths.RAW / "inventories.xlsx")
    sheets = [ws for ws in wb.worksheets if ws.title not in ("README", "amounts")]
    originals = {ws.title: [[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[0].value] for ws in sheets}
    base = sum(len(rows) for rows in originals.values())
    amounts = wb["amounts"]
    header = [c.value for c in amounts[1]]
    id_col, instrument_col = header.index("amount_id"), header.index("instrument_id")
    amount_rows = [[c.value for c in row] for row in amounts.iter_rows(min_row=2) if row[instrument_col].value]
    total, k, copies = base, 0, {}
    while total < n_instruments:
        k += 1
        created = set()
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
            if f"{row[instrument_col]}-syn{k}" in created:
                copy = list(row)
                copy[id_col], copy[instrument_col] = f"{row[id_col]}-syn{k}", f"{row[instrument_col]}-syn{k}"
                amounts.append(copy)
        copies[k] = created
    wb.save(target / "inventories.xlsx")
    for name, own_id in PER_INSTRUMENT.items():
        path = target / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields, rows = reader.fieldnames or [], list(reader)
        extra = [
            {**row, "instrument_id": f"{row['instrument_id']}-syn{k}"}
            | ({own_id: f"{row[own_id]}-syn{k}"} if own_id else {})
            for k, created in copies.items()
            for row in rows
            if f"{row['instrument_id']}-syn{k}" in created
        ]
        with path.open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerows(extra)
    return target


def mtimes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for part in GENERATED
        for p in sorted((root / part).rglob("*"))
        if p.is_file()
    }


def touch_notebook_text(path: Path, k: int) -> None:
    """Change one notebook's first markdown cell (a trailing space more or less): its source changes."""
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    text = "".join(cell["source"]).rstrip(" ") + (" " if k % 2 == 0 else "")
    cell["source"] = text
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------------------
# The sections


def bench_build(tmp: Path, runs: int, size: int | None = None) -> Path:
    """The build's targets in a scratch clone, on today's data (``size`` None) or on a synthetic inventory of
    ``size`` instruments (committed in the clone, so that the reports carry no « modifié »)."""
    repo = scratch_repository(tmp / f"repo-{size or 'today'}")
    label = "today's data" if size is None else f"{size} instruments"
    if size is not None:
        synthetic = synthetic_raw(tmp / f"raw-build-{size}", size)
        for name in ("inventories.xlsx", *PER_INSTRUMENT):  # each copy's eligibility and links come with it
            shutil.copy2(synthetic / name, repo / "data" / "raw" / name)
        shutil.rmtree(synthetic)
        subprocess.run(["git", "-C", str(repo), "commit", "-qam", "synthetic"], env=_git_env(), check=True)
    print(f"--- build, {label}")
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    n = len(discover(repo / "notebooks"))
    floor_dir = floor_notebooks(tmp / "floor", n)
    build = [sys.executable, "-m", "benchmark.cli", "build"]
    floor = [sys.executable, str(Path(__file__).resolve()), "--floor-run", str(floor_dir)]
    cold, cold_mem, cold_cpu, low, low_mem, low_cpu = [], [], [], [], [], []
    for _ in range(runs):  # alternated: build, floor, build, floor…
        s, m, _, c = run_measured(build + ["--force"], repo, env)
        cold.append(s), cold_mem.append(m), cold_cpu.append(c)
        s, m, _, c = run_measured(floor, repo, env)
        low.append(s), low_mem.append(m), low_cpu.append(c)
    ratio = statistics.median(cold) / statistics.median(low)
    limit = 2 if size is None else 4
    print(
        f"cold build (--force), {n} notebooks   {summary(cold)}  peak {max(cold_mem):6.0f} MiB  "
        f"CPU {statistics.median(cold_cpu):6.1f} s"
    )
    print(
        f"floor: {n} trivial notebooks, 2 workers {summary(low)}  peak {max(low_mem):6.0f} MiB  "
        f"CPU {statistics.median(low_cpu):6.1f} s"
    )
    print(
        f"  → cold build / floor (medians) = {ratio:.2f}×   (min/min {min(cold) / min(low):.2f}×)   "
        f"target ≤ {limit}×: {verdict(ratio <= limit)}"
    )
    if size is None:  # where the CPU goes, from one more run of each, sampled over the whole process tree
        print(f"  CPU by process, cold build: {by_process(cpu_by_process(build + ['--force'], repo, env))}")
        print(f"  CPU by process, floor:      {by_process(cpu_by_process(floor, repo, env))}")

    noop, noop_mem, rewritten = [], [], 0
    for _ in range(runs):
        before = mtimes(repo)
        s, m, out, _ = run_measured(build, repo, env)
        after = mtimes(repo)
        rewritten += sum(1 for k in set(before) | set(after) if before.get(k) != after.get(k))
        noop.append(s), noop_mem.append(m)
        assert "Executing" not in out, out
    print(
        f"no-op rebuild                        {summary(noop)}  peak {max(noop_mem):6.0f} MiB  "
        f"files rewritten: {rewritten}"
    )
    print(f"  → target < 2 s with no file rewritten: {verdict(statistics.median(noop) < 2 and rewritten == 0)}")

    target = sorted(discover(repo / "notebooks"))[-1]
    one, alone = [], True
    for k in range(runs):
        touch_notebook_text(target, k)
        s, _, out, _ = run_measured(build, repo, env)
        executed = [line.split()[1] for line in out.splitlines() if line.strip().startswith("[") and "ok" in line]
        alone = alone and executed == [target.name]
        one.append(s)
    print(f"one notebook changed ({target.name})  {summary(one)}  re-executed alone: {'yes' if alone else 'NO'}")
    return repo


def bench_clean(tmp: Path, runs: int, sizes: list[int]) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    clean = [sys.executable, "-m", "benchmark.cli", "clean"]
    floor = [sys.executable, "-c", "import pandas, pandera, openpyxl, python_calamine"]
    print("--- clean")
    real, real_mem, low = [], [], []
    for k in range(runs):
        s, m, _, _ = run_measured(clean + ["--out", str(tmp / f"clean-real-{k}")], ROOT, env)
        real.append(s), real_mem.append(m)
        low.append(run_measured(floor, ROOT, env)[0])
    real_tree = tree_memory_peak(clean + ["--out", str(tmp / "clean-real-tree")], ROOT, env)
    print(
        f"clean, today's data                  {summary(real)}  peak {max(real_mem):6.0f} MiB "
        f"(all processes {real_tree:6.0f} MiB)  target ≤ 1 s: {verdict(statistics.median(real) <= 1)}"
    )
    print(
        f"  floor: interpreter + imports        {summary(low)}   → clean / floor = "
        f"{statistics.median(real) / statistics.median(low):.2f}×"
    )
    for n in sizes:
        raw = synthetic_raw(tmp / f"raw-{n}", n)
        samples, peaks = [], []
        for _run in range(runs):
            out_dir = tmp / f"clean-{n}"
            s, m, _, _ = run_measured(clean + ["--raw", str(raw), "--out", str(out_dir)], ROOT, env)
            samples.append(s), peaks.append(m)
            shutil.rmtree(out_dir, ignore_errors=True)
        # One more run sampled from /proc: the whole tree's memory (a child process's pages count too).
        tree_peak = tree_memory_peak(clean + ["--raw", str(raw), "--out", str(tmp / f"clean-{n}")], ROOT, env)
        shutil.rmtree(tmp / f"clean-{n}", ignore_errors=True)
        ok = statistics.median(samples) <= 15 and tree_peak <= 1024
        print(
            f"clean, {n:>7} synthetic instruments  {summary(samples)}  peak {max(peaks):6.0f} MiB "
            f"(all processes {tree_peak:6.0f} MiB)  target ≤ 15 s and ≤ 1 GB: {verdict(ok)}"
        )
        shutil.rmtree(raw, ignore_errors=True)


TIERS = (  # (what, command, target in seconds)
    ("pytest -m unit", [".venv/bin/pytest", "-q", "-p", "no:cacheprovider", "-m", "unit"], 30),
    (
        'pytest -m "unit or integration"',
        [
            ".venv/bin/pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "-m",
            "unit or integration",
            "tests",
            "notebooks",
        ],
        90,
    ),
    (
        "scripts/check.sh (CI: ruff, mypy, every test, nbval)",
        ["bash", "scripts/check.sh", "-q", "-p", "no:cacheprovider"],
        300,
    ),
)


def bench_tests(runs: int) -> None:
    print("--- tests")
    for what, command, target in TIERS:
        samples, cpu = [], []
        for _ in range(runs):
            s, _, _, c = run_measured(command, ROOT)
            samples.append(s), cpu.append(c)
        print(
            f"{what}, {runs} run(s)  {summary(samples)}  CPU {statistics.median(cpu):6.1f} s  "
            f"target < {target} s: {verdict(statistics.median(samples) < target)}"
        )


def report_sizes(repo: Path) -> None:
    site = repo / "reports"
    files = sorted(p for p in site.rglob("*") if p.is_file())  # the pages and their PDFs (reports/pdf/)
    print(f"reports/ ({len(files)} files, {sum(p.stat().st_size for p in files) / 1024:.0f} KiB in all):")
    for p in files:
        print(f"  {str(p.relative_to(site)):<40} {p.stat().st_size / 1024:9.0f} KiB")


def floor_run(directory: Path) -> int:
    """The floor itself (a process of its own): execute the trivial notebooks with two nbclient workers."""
    from benchmark.publish.execute import execute_all

    execute_all(discover(directory), workers=2, log=lambda m: None)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10_000], help="synthetic inventories, beside today's data"
    )
    parser.add_argument("--test-runs", type=int, default=1, help="runs of each test tier (default 1)")
    parser.add_argument(
        "--large-runs", type=int, default=1, help="runs of the build at each synthetic size (default 1: minutes each)"
    )
    parser.add_argument("--quick", action="store_true", help="a first look: 1 run, today's data only, tests once")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-clean", action="store_true")
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--floor-run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_run:
        return floor_run(args.floor_run)
    if args.quick:
        args.runs, args.sizes, args.test_runs = 1, [], 1
    print(f"{os.cpu_count()} CPU(s); load average {os.getloadavg()[0]:.1f}; min / median / max of {args.runs} runs")
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if not args.skip_build:
            report_sizes(bench_build(tmp, args.runs))
            for size in args.sizes:
                report_sizes(bench_build(tmp, min(args.runs, args.large_runs), size))
        if not args.skip_clean:
            bench_clean(tmp, args.runs, args.sizes)
        if not args.skip_tests:
            bench_tests(args.test_runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
