"""The ``benchmark`` command: ``clean`` now; ``figures``, ``build`` as the project grows."""

from __future__ import annotations

import argparse
import errno
import sys
import time
from pathlib import Path

from benchmark import paths


def cmd_clean(args: argparse.Namespace) -> int:
    from benchmark.errors import DataError
    from benchmark.pipeline import clean
    from benchmark.writer import write_clean

    from benchmark import atomic

    started = time.perf_counter()
    atomic.recover(Path(args.out))  # a run killed mid-swap: its old folder is back before anything is said
    try:
        result = clean(Path(args.raw))
    except DataError as err:
        print(f"benchmark clean: invalid input, {Path(args.out)} left untouched.", file=sys.stderr)
        print(err, file=sys.stderr)
        return 1
    written = write_clean(result.tables, result.extras(), Path(args.out))
    print("Rows: raw in = clean + rejected, per source")
    for r in result.conservation.itertuples():
        print(f"  {r.source:<42} {r.raw_rows:>4} = {r.clean_rows:>4} + {r.rejected_rows:>3}  → {r.clean_table}")
    print("Clean tables:")
    for name, frame in result.tables.items():
        print(f"  {name:<16} {len(frame):>4} rows")
    issues = result.tables["source_issues"]
    print(f"Source issues: {int((issues['found_by'] == 'rule').sum())} found by rule, "
          f"{int((issues['found_by'] == 'reader').sum())} declared by readers")
    print(f"Corrections applied ({len(result.corrections)}):")
    for c in result.corrections:
        print(f"  - {c}")
    print(f"Wrote {len(written)} files to {args.out} in {time.perf_counter() - started:.2f} s")
    return 0


# What to do about each operating-system fault, said to a researcher (not a programmer).
_FAULT_ADVICE = {
    errno.EACCES: "permission denied: give your user the right to write there (ask whoever owns the folder), "
                  "or run the command from a copy of the project that you own",
    errno.EPERM: "operation not permitted: give your user the right to write there, or run the command from a "
                 "copy of the project that you own",
    errno.EROFS: "the disk is read-only: run the command from a copy of the project on a writable disk",
    errno.ENOSPC: "the disk is full: free some space (or move the project to a disk with room) and run again",
    errno.EDQUOT: "your disk quota is used up: free some space and run again",
    errno.ENOENT: "this file or folder does not exist: check the path (and the --raw/--out/--clean options), "
                  "or restore it from git (git checkout -- PATH)",
    errno.ENOTDIR: "a file stands where a folder was expected: move that file away and run again",
    errno.EISDIR: "a folder stands where a file was expected: move that folder away and run again",
    errno.EMFILE: "too many files are open: close some programs and run again",
}


def fault_message(command: str, err: OSError) -> str:
    """One paragraph for an operating-system fault: what happened, at which path, what to do, what is safe."""
    where = " and ".join(repr(str(p)) for p in (err.filename, err.filename2) if p) or "(no path given)"
    advice = _FAULT_ADVICE.get(err.errno, "run again; if it persists, note this message and the path")
    reason = err.strerror or type(err).__name__
    return (f"benchmark {command}: stopped by a system error at {where}: {reason}. What to do: {advice}. "
            f"Nothing was half-written: each output folder (data/clean/, figures/, reports/) is the previous "
            f"one or the new one, never a mix.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmark", description=(
        "Benchmark of the instruments supporting the digitalisation of non-market organisations "
        "(COCOF study, step 3): clean data, figures and reports."))
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("clean", help="raw sources → validated clean tables in data/clean/")
    p.add_argument("--raw", default=str(paths.RAW), help="folder of the raw sources (default: data/raw)")
    p.add_argument("--out", default=str(paths.CLEAN), help="folder of the clean tables (default: data/clean)")
    p.set_defaults(func=cmd_clean)
    from benchmark.build import add_arguments as add_build_arguments
    add_build_arguments(sub.add_parser("build", help="clean → notebooks → figures → reports/ (HTML, catalogue, index)"))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except OSError as err:  # permission, read-only or full disk, missing folder: a message, not a traceback
        print(fault_message(args.command, err), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"benchmark {args.command}: interrupted; each output folder is the previous one or the new one.",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
