"""Reading workbooks: does ``benchmark clean`` stay linear when a sheet ends with formatted empty rows?

    .venv/bin/python benchmarks/bench_read.py [--rows 10000] [--repeat 3] [--libreoffice]

Excel keeps formatted empty rows after a deletion. This writes copies of ``data/raw/`` whose ``BE-WAL`` sheet
ends with ``--rows`` rows of formatted empty cells (every column filled with a colour: the worst case), then
times ``benchmark clean`` as a whole process (start-up, reading, cleaning, writing) on the unchanged copy and
on the padded one, alternately, in the same run; best of ``--repeat``, wall-clock and CPU time (on a shared
machine the CPU time is the fair measure of what the reading costs). With ``--libreoffice`` the padded
workbook is also saved by LibreOffice (booleans become ``TRUE()`` formulas, so every sheet's XML is parsed for
formulas). Target (issue #12): the padded copy costs less than 2 s more than the unchanged one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

from benchmark.core import paths

TARGET_EXTRA_SECONDS = 2.0


def padded_raw(target: Path, rows: int, sheet: str = "BE-WAL") -> Path:
    shutil.copytree(paths.RAW, target)
    wb = openpyxl.load_workbook(target / "inventories.xlsx")
    ws = wb[sheet]
    width, last = ws.max_column, ws.max_row  # read once: openpyxl recomputes them at each call
    fill = PatternFill("solid", fgColor="FFFFCC")
    for row in range(last + 1, last + rows + 1):
        for col in range(1, width + 1):
            ws.cell(row=row, column=col).fill = fill
    wb.save(target / "inventories.xlsx")
    return target


def libreoffice_copy(raw: Path, target: Path) -> Path:
    shutil.copytree(raw, target)
    out = target / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(target / 'profile').resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(raw / "inventories.xlsx"),
        ],
        check=True,
        capture_output=True,
    )
    shutil.move(out / "inventories.xlsx", target / "inventories.xlsx")
    shutil.rmtree(out)
    shutil.rmtree(target / "profile", ignore_errors=True)
    return target


def run_clean(raw: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one ``benchmark clean`` process."""
    command = [str(Path(sys.executable).with_name("benchmark")), "clean", "--raw", str(raw), "--out", str(out)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"benchmark clean failed on {raw} (exit {child.returncode})")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--libreoffice", action="store_true", help="also time the workbook saved by LibreOffice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = {"unchanged": tmp / "plain"}
        shutil.copytree(paths.RAW, cases["unchanged"])
        t = time.perf_counter()
        cases[f"+{args.rows} formatted rows"] = padded_raw(tmp / "padded", args.rows)
        print(
            f"padded workbook written in {time.perf_counter() - t:.1f} s "
            f"({(tmp / 'padded' / 'inventories.xlsx').stat().st_size / 1e6:.1f} MB)"
        )
        if args.libreoffice:
            cases[f"+{args.rows} rows, saved by LibreOffice"] = libreoffice_copy(tmp / "padded", tmp / "lo")
        wall = {name: float("inf") for name in cases}
        cpu = dict(wall)
        for _ in range(args.repeat):
            for name, raw in cases.items():  # alternate, so a busy machine weighs on every case alike
                w, c = run_clean(raw, tmp / "out")
                wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)
    # CPU time is what the reading costs; wall-clock also counts the other processes of a shared machine
    print(f"benchmark clean, whole process, best of {args.repeat} (wall-clock, then CPU user+system):")
    worst = 0.0
    for name in cases:
        extra_wall, extra_cpu = wall[name] - wall["unchanged"], cpu[name] - cpu["unchanged"]
        worst = max(worst, extra_cpu)
        print(f"  {name:<40} wall {wall[name]:6.2f} s ({extra_wall:+.2f})   cpu {cpu[name]:6.2f} s ({extra_cpu:+.2f})")
    verdict = "ok" if worst < TARGET_EXTRA_SECONDS else "TOO SLOW"
    print(f"largest extra CPU cost {worst:.2f} s (target < {TARGET_EXTRA_SECONDS:.0f} s): {verdict}")
    return 0 if worst < TARGET_EXTRA_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
