"""Execute the report notebooks with nbclient, in worker processes, and name the failing cell on error.

- ``discover``: the ``notebooks/NN_*.ipynb`` in order.
- ``execute_all``: runs them two at a time (two worker processes), printing each one's name, rank and
  duration; on failure names the notebook and the failing cell.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from benchmark import paths
from benchmark.errors import ReportError

NOTEBOOK_PATTERN = re.compile(r"^\d{2}_.+\.ipynb$")
CELL_TIMEOUT = 600
WORKERS = 2


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
