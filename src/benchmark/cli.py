"""The ``benchmark`` command: ``clean`` (raw sources → clean tables) and ``build`` (everything a reader sees).

It acts on the project the user stands in (``paths.find_root`` from the current directory) or on ``--root``; every
path option defaults to that project's folders, and the notebooks' kernels are told which project and which raw and
clean folders to read (``paths.ENVIRONMENT``)."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from pathlib import Path

from benchmark.core import paths


def cmd_clean(args: argparse.Namespace) -> int:
    from benchmark.clean.pipeline import clean
    from benchmark.clean.writer import write_clean
    from benchmark.core import atomic
    from benchmark.core.errors import DataError

    started = time.perf_counter()
    atomic.recover(Path(args.out))  # a run killed mid-swap: its old folder is back before anything is said
    try:
        result = clean(Path(args.raw))
    except DataError as err:
        print(f"benchmark clean: invalid input, {Path(args.out)} left untouched.", file=sys.stderr)
        print(err, file=sys.stderr)
        return 1
    written = write_clean(result.tables, result.extras(), Path(args.out), package=result.package)
    print("Rows: raw in = clean + rejected, per source")
    for r in result.conservation.itertuples():
        print(f"  {r.source:<42} {r.raw_rows:>4} = {r.clean_rows:>4} + {r.rejected_rows:>3}  → {r.clean_table}")
    print("Clean tables:")
    for name, frame in result.tables.items():
        print(f"  {name:<16} {len(frame):>4} rows")
    issues = result.tables["source_issues"]
    print(
        f"Source issues: {int((issues['found_by'] == 'rule').sum())} found by rule, "
        f"{int((issues['found_by'] == 'reader').sum())} declared by readers"
    )
    print(f"Corrections applied ({len(result.corrections)}):")
    for c in result.corrections:
        print(f"  - {c}")
    print(f"Wrote {len(written)} files to {args.out} in {time.perf_counter() - started:.2f} s")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from benchmark.registry.docs import write_data_dictionary

    path = write_data_dictionary(args.root)
    print(f"Wrote {path} from the metadata registry (src/benchmark/registry/)")
    return 0


def cmd_normalise_notebooks(args: argparse.Namespace) -> int:
    """Bring notebooks saved from JupyterLab back to their stored form (``benchmark.publish.notebook_form``)."""
    from benchmark.publish.execute import discover
    from benchmark.publish.notebook_form import COMMAND, normalise_files

    files = [Path(p) for p in args.paths] if args.paths else discover(Path(args.notebooks))
    changed = normalise_files(files, check=args.check)
    for path in changed:
        print(f"{'not in stored form' if args.check else 'normalised'}: {path}")
    if args.check and changed:
        print(f"Run `{COMMAND}` to fix them (their outputs are kept).", file=sys.stderr)
        return 1
    if not changed:
        print(f"{len(files)} notebook(s) already in stored form")
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
    advice = _FAULT_ADVICE.get(err.errno or 0, "run again; if it persists, note this message and the path")
    reason = err.strerror or type(err).__name__
    return (
        f"benchmark {command}: stopped by a system error at {where}: {reason}. What to do: {advice}. "
        f"Nothing was half-written: each output folder (data/clean/, figures/, reports/) is the previous "
        f"one or the new one, never a mix."
    )


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


_INSTALL_CHROMIUM = "install it with `sudo apt-get install chromium` (or run `bash scripts/setup.sh`, which does)"


def missing_chromium(figures: bool, pdfs: bool = True) -> str | None:
    """What stops ``benchmark build`` before it starts when Chromium is absent, or ``None``: the figures' images and
    the PDFs are drawn by the Chromium of ``BENCHMARK_CHROMIUM`` (default /usr/bin/chromium, ``benchmark.publish.chromium``)."""
    from benchmark.publish import chromium

    if not (figures or pdfs) or chromium.CHROMIUM.exists():
        return None
    needs = " and ".join(
        what for what, wanted in (("the figures' images", figures), ("the PDFs of reports/", pdfs)) if wanted
    )
    skips = " ".join(flag for flag, wanted in (("--skip-figures", figures), ("--skip-pdfs", pdfs)) if wanted)
    return (
        f"benchmark build: Chromium is needed to draw {needs} and is not at {chromium.CHROMIUM}. "
        f"What to do: {_INSTALL_CHROMIUM}, then run again; if it is installed elsewhere, give its path in "
        f"the BENCHMARK_CHROMIUM environment variable; or run `benchmark build {skips}`. Nothing was changed."
    )


def missing_plotlyjs() -> str | None:
    """What stops ``benchmark build`` before it starts when the plotly.js bundle the pages ship is absent or is not
    the version plotly.py draws with (``benchmark.publish.plotlyjs``), or ``None``."""
    from benchmark.core.errors import ReportError
    from benchmark.publish import plotlyjs

    try:
        plotlyjs.source()
    except ReportError as err:
        return f"benchmark build: the charts of figures/ and reports/ need plotly.js: {err}. No step was started."
    return None


def cmd_build(args: argparse.Namespace) -> int:
    """``benchmark build``, once its prerequisites are known to be there — Chromium, the plotly.js bundle — (one
    message each, never a traceback, and no step started when one is missing)."""
    from benchmark.build.steps import cmd_build as run_build

    problems = [
        p for p in (missing_chromium(figures=not args.skip_figures, pdfs=not args.skip_pdfs), missing_plotlyjs()) if p
    ]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return run_build(args)


def add_build_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", help="folder of the raw sources (default: data/raw of the project)")
    p.add_argument(
        "--clean",
        help="folder of the clean tables (default: data/clean of the project); the notebooks read this folder too",
    )
    p.add_argument("--notebooks", help="folder of the NN_*.ipynb notebooks (default: notebooks)")
    p.add_argument("--figures", help="folder of the exported figures (default: figures)")
    p.add_argument("--out", help="folder of the HTML reports (default: reports)")
    p.add_argument("--workers", type=positive_int, default=2, help="notebooks executed at a time (default: 2)")
    p.add_argument("--skip-clean", action="store_true", help="reuse data/clean/ as it is")
    p.add_argument("--skip-figures", action="store_true", help="do not export figures/")
    p.add_argument("--skip-pdfs", action="store_true", help="write reports/ without its PDFs (reports/pdf/)")
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild every step even when its inputs did not change (the cache is .build-cache/)",
    )
    p.set_defaults(func=cmd_build)


def failure_message(command: str, err: RuntimeError) -> str:
    """One paragraph for a step that stopped (a browser that would not start, a report that could not be written):
    what happened and what to do."""
    reason = " ".join(str(err).split()) or type(err).__name__
    return (
        f"benchmark {command}: stopped: {reason}. What to do: fix what this names and run again (`benchmark "
        f"{command} --help` lists the options). Each output folder is the previous one or the new one, never a mix."
    )


def _from_browser(err: BaseException) -> bool:
    """Whether ``err`` is Playwright's (a browser that closed, a page that timed out)."""
    return any(cls.__module__.startswith("playwright") for cls in type(err).__mro__)


def _first_line(err: BaseException) -> str:
    """The first line of an error's text (Playwright appends its call log and the browser's output)."""
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]


def _resolve_project(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Find the project (``--root``, else walking up from the current directory), fill the path options left
    empty with its folders, and tell child processes (the notebooks' kernels) which project and clean folder."""
    root = Path(args.root).resolve() if args.root else paths.find_root()
    if root is None:
        parser.error(
            f"no project here: {Path.cwd()} is not inside a folder holding pyproject.toml and data/raw/. "
            "Run the command from your copy of the project, or give it with --root FOLDER."
        )
    if not paths.is_project(root):
        parser.error(f"--root {root}: not a project (it needs pyproject.toml and data/raw/).")
    defaults = {
        "raw": root / "data" / "raw",
        "out": root / ("reports" if args.command == "build" else "data/clean"),
        "clean": root / "data" / "clean",
        "notebooks": root / "notebooks",
        "figures": root / "figures",
    }
    for name, value in defaults.items():
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, str(value))
    args.root = str(root)


def _child_environment(args: argparse.Namespace) -> dict[str, str | None]:
    """Point the processes this command starts (the notebooks' kernels) at its project, raw and clean folders; return
    what to restore, so that a command run inside another program (a test) leaves its environment as it was."""
    wanted = {
        "BENCHMARK_ROOT": args.root,
        "BENCHMARK_RAW": str(Path(getattr(args, "raw", None) or Path(args.root) / "data" / "raw").resolve()),
        "BENCHMARK_CLEAN": str(
            Path(
                getattr(args, "clean", None) or getattr(args, "out", None) or Path(args.root) / "data" / "clean"
            ).resolve()
        ),
    }
    previous = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    return previous


def _one_at_a_time(args: argparse.Namespace):
    """The project's lock for ``clean`` and ``build`` (``benchmark.core.lock``): a second one waits, saying so."""
    from contextlib import nullcontext

    from benchmark.core.lock import project_lock

    if args.command not in ("clean", "build"):
        return nullcontext()

    def waiting() -> None:
        print(
            f"benchmark {args.command}: another `benchmark clean` or `benchmark build` is running on this project "
            f"({args.root}); waiting for it to end, then this one starts (Ctrl-C to stop waiting).",
            file=sys.stderr,
            flush=True,
        )

    return project_lock(Path(args.root), on_wait=waiting)


def _quiet_interrupt():
    """On Ctrl-C, the command says « interrupted » once (``main``): the threads that stop with it (the browser's,
    the figures') must not each log their own error or traceback. Returns what ``_restore_interrupt`` puts back
    (a command run inside another program, a test, leaves it as it was); None outside the main thread."""
    import logging
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) in (
        signal.SIG_IGN,
        None,
    ):
        return None
    previous = (signal.getsignal(signal.SIGINT), threading.excepthook, logging.root.manager.disable)

    def interrupted(signum, frame):
        import multiprocessing

        logging.disable(logging.CRITICAL)  # asyncio's and concurrent.futures' loggers, from the stopping threads
        threading.excepthook = lambda _args: None
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C interrupts the clean-up
        # The workers left the terminal's group (benchmark.core.processes.worker_started): end them now, so that
        # the build does not wait for the notebook they run; their kernels end when they do.
        from benchmark.core.processes import kill_tree

        for child in multiprocessing.active_children():
            if child.pid is not None:
                kill_tree(child.pid)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    return previous


def _restore_interrupt(handler, excepthook, disabled: int) -> None:
    """Put back the Ctrl-C handler; and the threads' and loggers' voices unless interrupted (the process is then
    ending, and its threads may still stop after ``main`` returns)."""
    import logging
    import signal
    import threading

    if threading.excepthook is excepthook:  # not interrupted
        logging.disable(disabled)
    signal.signal(signal.SIGINT, handler)


def main(argv: list[str] | None = None) -> int:
    from benchmark import __version__

    parser = argparse.ArgumentParser(
        prog="benchmark",
        description=(
            "Benchmark of the instruments supporting the digitalisation of non-market organisations "
            "(COCOF study, step 3): clean data, figures and reports. Acts on the project you stand in "
            "(or --root)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", help="the project folder (default: found from the current directory)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "clean",
        help="raw sources → validated clean tables in data/clean/",
        description=(
            "Read data/raw/ (the inventories workbook, Annex I, Part 4, the declared decisions), check every quote "
            "at its lines and every code against the codebook, and write the clean tables to data/clean/ — or stop "
            "with located errors and leave data/clean/ untouched."
        ),
    )
    p.add_argument("--raw", help="folder of the raw sources (default: data/raw of the project)")
    p.add_argument("--out", help="folder of the clean tables (default: data/clean of the project)")
    p.set_defaults(func=cmd_clean)
    sub.add_parser(
        "docs",
        help="write docs/data_dictionary.md from the metadata registry",
        description=(
            "Write docs/data_dictionary.md from the metadata registry (src/benchmark/registry/): every clean table, "
            "its columns, keys and rules. Run it after editing the registry; a test fails while the file differs."
        ),
    ).set_defaults(func=cmd_docs)
    p = sub.add_parser(
        "normalise-notebooks",
        help="bring notebooks saved from JupyterLab back to their stored form",
        description=(
            "Bring notebooks back to the form the build stores (outputs kept, so nbval still compares them): drop the "
            "PNG copies of charts JupyterLab adds on save, the Python version, the cell view states, and write whole "
            "numbers as JavaScript does. Without PATHS: the NN_*.ipynb notebooks of the project. Run it after "
            "saving from JupyterLab (or install the git hook: bash scripts/setup.sh --git-hook)."
        ),
    )
    p.add_argument("paths", nargs="*", help="notebooks to normalise (default: notebooks/NN_*.ipynb)")
    p.add_argument("--check", action="store_true", help="only list the notebooks not in stored form (exit 1 if any)")
    p.add_argument("--notebooks", help="folder of the NN_*.ipynb notebooks (default: notebooks of the project)")
    p.set_defaults(func=cmd_normalise_notebooks)
    add_build_arguments(
        sub.add_parser(
            "build",
            help="clean, then notebooks, figures, reports/ (HTML, PDF, catalogue, index)",
            description=(
                "Run clean first, then execute the notebooks (their stored outputs refreshed), export figures/, and "
                "write reports/ with their PDFs. Steps whose inputs did not change are skipped (--force redoes all)."
            ),
        )
    )
    args = parser.parse_args(argv)
    _resolve_project(parser, args)
    previous = _child_environment(args)
    interrupt_handler = _quiet_interrupt() if args.command in ("clean", "build") else None
    try:
        with _one_at_a_time(args):
            return args.func(args)
    except OSError as err:  # permission, read-only or full disk, missing folder: a message, not a traceback
        print(fault_message(args.command, err), file=sys.stderr)
        return 1
    except RuntimeError as err:  # a browser or a report step that stopped (ReportError is caught by build itself)
        print(failure_message(args.command, err), file=sys.stderr)
        return 1
    except Exception as err:  # the browser stopped mid-step (a page that never loads): one paragraph, not its log
        if not _from_browser(err):
            raise
        print(failure_message(args.command, RuntimeError(f"the browser stopped: {_first_line(err)}")), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            f"benchmark {args.command}: interrupted; each output folder is the previous one or the new one.",
            file=sys.stderr,
        )
        return 130
    finally:
        if interrupt_handler is not None:
            _restore_interrupt(*interrupt_handler)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


if __name__ == "__main__":
    raise SystemExit(main())
