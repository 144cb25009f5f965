"""Execute the notebooks and turn them into offline HTML reports for the steering committee.

- ``execute_all``: runs every ``notebooks/NN_*.ipynb`` with nbclient, two at a time (two worker processes),
  printing each one's name, rank and duration; on failure names the notebook and the failing cell.
- ``write_site``: writes ``reports/`` — one page per notebook (``benchmark.report_html``; ``00_synthese`` becomes
  ``synthese.html``), the shared ``plotly.min.js`` and its French locale, ``catalogue.html``, ``index.html`` and,
  when asked, one A4 PDF per page in ``pdf/`` (``benchmark.pdf``) — into a temporary folder that replaces
  ``reports/`` only when everything is written.

Offline and reproducible: no ``http(s)://`` script or style (require.js, MathJax, mermaid and widget tags of
nbconvert's lab template are removed), Plotly figures are drawn by one local ``plotly.min.js`` with
deterministic ``div`` ids, and the date comes from one place (``SOURCE_DATE_EPOCH``, else the last commit), so
two builds of the same commit write the same bytes. Every text this module adds to a page is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from benchmark import atomic, paths
from benchmark.report_html import (CSS_FILE, LOCALE_FILE, PLOTLY_FILE, PLOTLY_MIME, STUDY_TITLE,  # noqa: F401
                                   ReportError, asset, check_offline, french_spaces, locale_script, notebook_summary, notebook_text,
                                   notebook_title, page_file, plotly_html, prepare_notebook, render_index,
                                   render_report, split_shared_css)

NOTEBOOK_PATTERN = re.compile(r"^\d{2}_.+\.ipynb$")
CELL_TIMEOUT = 600
WORKERS = 2
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")

# --------------------------------------------------------------------------------------------------------
# Where the date and the data version come from (one place)


@dataclass(frozen=True)
class BuildInfo:
    epoch: int | None  # seconds since 1970 (UTC), None when neither SOURCE_DATE_EPOCH nor git gives one
    version: str  # short commit hash, « inconnu » outside a git repository

    @property
    def date_fr(self) -> str:
        if self.epoch is None:
            return "inconnue"
        d = dt.datetime.fromtimestamp(self.epoch, tz=dt.timezone.utc).date()
        return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"

    @property
    def date_iso(self) -> str:
        if self.epoch is None:
            return ""
        return dt.datetime.fromtimestamp(self.epoch, tz=dt.timezone.utc).date().isoformat()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def build_info(root: Path = paths.ROOT) -> BuildInfo:
    """The date (``SOURCE_DATE_EPOCH``, else the last commit's date) and the data version (short hash)."""
    version = _git(root, "rev-parse", "--short", "HEAD") or "inconnu"
    epoch = None
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            epoch = int(env)
        except ValueError as err:
            raise ReportError(f"SOURCE_DATE_EPOCH must be an integer number of seconds, not {env!r}") from err
    else:
        stamp = _git(root, "log", "-1", "--format=%ct")
        epoch = int(stamp) if stamp and stamp.isdigit() else None
    return BuildInfo(epoch, version)


# --------------------------------------------------------------------------------------------------------
# Execution


def discover(notebooks_dir: Path = paths.NOTEBOOKS) -> list[Path]:
    """The report notebooks, ``NN_name.ipynb``, in order."""
    return sorted(p for p in Path(notebooks_dir).glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))


def _execute_worker(path: str, timeout: int) -> dict:
    """Run one notebook in its own kernel (in a worker process); return its executed JSON or its failure."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    os.environ.setdefault("PYTHONHASHSEED", "0")  # the kernel inherits it: stable set/dict-of-str order
    started = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        index, source = _failing_cell(nb, err)
        return {"ok": False, "path": path, "cell": index, "source": source, "error": str(err).strip()[-3000:],
                "seconds": time.perf_counter() - started}
    except Exception as err:  # kernel died, notebook unreadable…
        return {"ok": False, "path": path, "cell": None, "source": "", "error": f"{type(err).__name__}: {err}",
                "seconds": time.perf_counter() - started}
    return {"ok": True, "path": path, "notebook": nbformat.writes(nb), "seconds": time.perf_counter() - started}


def _failing_cell(nb, err) -> tuple[int | None, str]:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i, cell.source
    # A timeout leaves no error output: the failing cell is the last one that started.
    started = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
    if started:
        return started[-1], nb.cells[started[-1]].source
    return None, ""


def execute_all(notebooks: list[Path], workers: int = WORKERS, timeout: int = CELL_TIMEOUT,
                log=print, timings: dict[str, float] | None = None) -> dict[str, object]:
    """Execute the notebooks (``workers`` at a time); return ``{stem: executed notebook}`` in name order.

    ``timings``, when given, receives each notebook's seconds (kernel start to last cell) by stem.

    Raises ``ReportError`` naming the notebook and the cell (number and first line) of the first failure.
    """
    import nbclient  # noqa: F401  (imported once here; the forked workers inherit it)
    import nbformat

    notebooks = [Path(p) for p in notebooks]
    if not notebooks:
        return {}
    total = len(notebooks)
    results: dict[str, object] = {}
    failures: list[dict] = []
    log(f"Executing {total} notebook(s), {workers} at a time")
    with ProcessPoolExecutor(max_workers=max(1, min(workers, total)), mp_context=get_context("fork")) as pool:
        futures = {pool.submit(_execute_worker, str(p), timeout): p for p in notebooks}
        for done, future in enumerate(as_completed(futures), start=1):
            path = futures[future]
            try:
                res = future.result()
            except Exception as err:  # the worker itself died
                res = {"ok": False, "path": str(path), "cell": None, "source": "", "seconds": 0.0,
                       "error": f"{type(err).__name__}: {err}"}
            if timings is not None:
                timings[path.stem] = res["seconds"]
            status = "ok" if res["ok"] else "FAILED"
            log(f"  [{done}/{total}] {path.name:<40} {res['seconds']:6.1f} s  {status}")
            if res["ok"]:
                results[path.stem] = nbformat.reads(res["notebook"], as_version=4)
            else:
                failures.append(res)
    if failures:
        lines = []
        for f in sorted(failures, key=lambda f: f["path"]):
            where = "before any cell ran" if f["cell"] is None else f"cell {f['cell']} (0-based)"
            first = f["source"].strip().splitlines()[0] if f["source"].strip() else ""
            lines.append(f"{Path(f['path']).name}: {where}{': ' + first if first else ''}\n{f['error']}")
        raise ReportError("Notebook execution failed; reports/ left untouched.\n" + "\n\n".join(lines))
    return {stem: results[stem] for stem in sorted(results)}


# --------------------------------------------------------------------------------------------------------
# The whole site, atomically


def write_site(executed: dict[str, object], out_dir: Path = paths.REPORTS, clean_dir: Path = paths.CLEAN,
               info: BuildInfo | None = None, log=print, figures_dir: Path = paths.FIGURES,
               pdf: bool = False) -> list[Path]:
    """Write every report, the catalogue and the index (and with ``pdf`` their A4 PDFs in ``pdf/``) into a
    temporary folder, then swap it for ``out_dir``."""
    from benchmark import catalogue

    info = info or build_info()
    out_dir = Path(out_dir)
    tmp = atomic.staging_dir(out_dir)
    try:
        reports = [{"stem": stem, "file": page_file(stem), "title": french_spaces(notebook_title(nb, stem))}
                   for stem, nb in executed.items()]
        any_figure, shared_css = False, set()
        for i, (stem, nb) in enumerate(executed.items()):
            previous = reports[i - 1] if i > 0 else None
            following = reports[i + 1] if i + 1 < len(reports) else None
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
            from plotly.offline import get_plotlyjs

            (tmp / PLOTLY_FILE).write_text(get_plotlyjs(), encoding="utf-8")
            (tmp / LOCALE_FILE).write_text(locale_script(), encoding="utf-8")
        n_instruments = catalogue.write_catalogue(tmp / "catalogue.html", Path(clean_dir), reports, info)
        index = render_index(reports, info, n_instruments, pdf=pdf)
        check_offline(index, "index.html")
        (tmp / "index.html").write_text(index, encoding="utf-8")
        if pdf:
            from benchmark import pdf as pdf_module

            written = pdf_module.print_site(tmp, [r["file"] for r in reports] + ["catalogue.html"], info, log=log)
            log(f"  {len(written)} PDF(s) written to {out_dir / pdf_module.PDF_DIR}")
        _swap(tmp, out_dir)
    except BaseException:
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


def build_reports(notebooks_dir: Path = paths.NOTEBOOKS, out_dir: Path = paths.REPORTS,
                  clean_dir: Path = paths.CLEAN, workers: int = WORKERS, log=print, pdf: bool = False) -> list[Path]:
    """Execute the notebooks, then write the site (reports, catalogue, index; PDFs with ``pdf``)."""
    executed = execute_all(discover(notebooks_dir), workers=workers, log=log)
    return write_site(executed, out_dir, clean_dir, log=log, pdf=pdf)


def sizes(out_dir: Path = paths.REPORTS) -> list[tuple[str, int]]:
    return [(p.name, p.stat().st_size) for p in sorted(Path(out_dir).iterdir()) if p.is_file()]


if __name__ == "__main__":
    try:
        build_reports()
    except ReportError as err:
        print(err, file=sys.stderr)
        raise SystemExit(1)
