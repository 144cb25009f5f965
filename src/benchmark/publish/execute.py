"""Execute the report notebooks with nbclient in worker processes; store them the same way every time.

- ``discover``: the ``notebooks/NN_*.ipynb`` in order.
- ``execute_all``: runs them ``workers`` at a time, each in its own kernel, printing each one's name, rank and
  duration; on failure names the notebook and the failing cell. A worker can also write the executed notebook
  back (``write_back``).
- ``normalise`` (``benchmark.publish.notebook_form``): what a stored notebook keeps — outputs and sequential
  execution counts, which nbval needs — without what changes from run to run or from one tool to another.
- ``worker_pool``: worker processes that end with the build (no orphan after ``kill -9`` of the build).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from benchmark.core import paths
from benchmark.core.errors import ReportError
from benchmark.core.processes import worker_started

# The stored form (outputs kept for nbval, nothing that changes from run to run) is shared with the command that
# brings a notebook saved from JupyterLab back to it: benchmark.publish.notebook_form.
from benchmark.publish.notebook_form import KERNELSPEC as KERNELSPEC
from benchmark.publish.notebook_form import normalise as normalise

NOTEBOOK_PATTERN = re.compile(r"^\d{2}_.+\.ipynb$")
CELL_TIMEOUT = 600
WORKERS = 2


@dataclass
class Executed:
    """One executed notebook: its stored JSON text."""

    notebook: object  # nbformat.NotebookNode
    text: str  # the normalised JSON, as written to notebooks/
    seconds: float


def skip_iri_grammar() -> None:
    """Keep ``rfc3987_syntax`` out of this process: jsonschema (through nbformat's validator) imports it only to
    check the "iri" formats, which no notebook schema uses, and it builds a grammar at import (1–2 s)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # a None entry makes `import rfc3987_syntax` fail fast


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Forked worker processes (they inherit the parent's imports) that die with the parent; the kernels a
    worker starts then stop too, as ipykernel exits when its parent process (``JPY_PARENT_PID``) is gone."""
    return ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=get_context("fork"),
        initializer=worker_started,
        initargs=(os.getpid(),),
    )


def discover(notebooks_dir: Path = paths.NOTEBOOKS) -> list[Path]:
    """The report notebooks, ``NN_name.ipynb``, in order."""
    return sorted(p for p in Path(notebooks_dir).glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))


def _execute_worker(path: str, timeout: int, write_back: bool = False) -> dict:
    """Run one notebook in its own kernel (in a worker process); return its executed JSON or its failure."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError
    from traitlets.config import Config

    os.environ.setdefault("PYTHONHASHSEED", "0")  # the kernel inherits it: stable set/dict-of-str order
    started = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    sockets = tempfile.mkdtemp(prefix="bm-kernel-")
    # Kernel and client talk over Unix sockets in a folder of their own: no TCP port another process on a
    # busy machine could take between the choice of the ports and the kernel binding them.
    config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "k")}})
    ready = threading.Event()
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        record_timing=False,
        config=config,
        on_notebook_start=lambda notebook: ready.set(),
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    _watch_startup(client, ready, Path(path).name)
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        index, source = _failing_cell(nb, err)
        return {
            "ok": False,
            "path": path,
            "cell": index,
            "source": source,
            "error": str(err).strip()[-3000:],
            "seconds": time.perf_counter() - started,
        }
    except Exception as err:  # kernel died, notebook unreadable…
        return {
            "ok": False,
            "path": path,
            "cell": None,
            "source": "",
            "error": f"{type(err).__name__}: {err}",
            "seconds": time.perf_counter() - started,
        }
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    text = normalise(nb)
    if write_back:
        from benchmark.core.atomic import replace_if_changed

        replace_if_changed(Path(path), text)
    return {"ok": True, "path": path, "notebook": text, "seconds": time.perf_counter() - started}


def _watch_startup(client, ready: threading.Event, name: str, poll: float = 0.5) -> None:
    """Until the kernel answers (``ready``), end this worker if the kernel process dies: nbclient would wait
    forever on a kernel killed while starting. The build then reports a dead worker for this notebook."""

    def watch() -> None:
        while not ready.wait(poll):
            process = getattr(getattr(client.km, "provisioner", None), "process", None)
            if process is not None and process.poll() is not None and not ready.is_set():
                sys.stderr.write(
                    f"benchmark: the kernel of {name} died while starting (exit status {process.returncode})\n"
                )
                sys.stderr.flush()
                os._exit(3)

    threading.Thread(target=watch, name="kernel-startup-watch", daemon=True).start()


def _failing_cell(nb, err) -> tuple[int | None, str]:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i, cell.source
    # A timeout leaves no error output: the failing cell is the last one that started.
    started = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
    if started:
        return started[-1], nb.cells[started[-1]].source
    return None, ""


def execute_all(
    notebooks: list[Path],
    workers: int = WORKERS,
    timeout: int = CELL_TIMEOUT,
    log=print,
    write_back: bool = False,
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, Executed]:
    """Execute the notebooks (``workers`` at a time); return ``{stem: Executed}`` in name order.

    ``write_back`` writes each executed notebook over its source (atomically, only when its bytes change).
    ``meanwhile()`` runs in this thread while the workers execute (they are forked first, so that no fork copies
    what it starts: a browser and its threads); what it raises is raised once the notebooks are done.

    Raises ``ReportError`` naming the notebook and the cell (number and first line) of every failure; the
    notebooks that ran are still written back.
    """
    skip_iri_grammar()
    import nbclient  # noqa: F401  (imported once here; the forked workers inherit it)
    import nbformat

    notebooks = [Path(p) for p in notebooks]
    if not notebooks:
        return {}
    total = len(notebooks)
    results: dict[str, Executed] = {}
    failures: list[dict] = []
    log(f"Executing {total} notebook(s), {workers} at a time")
    pool = worker_pool(min(workers, total))
    try:
        futures = {pool.submit(_execute_worker, str(p), timeout, write_back): p for p in notebooks}
        if meanwhile is not None:
            meanwhile()
        for done, future in enumerate(as_completed(futures), start=1):
            path = futures[future]
            try:
                res = future.result()
            except Exception as err:  # the worker itself died
                res = {
                    "ok": False,
                    "path": str(path),
                    "cell": None,
                    "source": "",
                    "seconds": 0.0,
                    "error": f"{type(err).__name__}: {err}",
                }
            status = "ok" if res["ok"] else "FAILED"
            log(f"  [{done}/{total}] {path.name:<40} {res['seconds']:6.1f} s  {status}")
            if res["ok"]:
                results[path.stem] = Executed(
                    nbformat.reads(res["notebook"], as_version=4), res["notebook"], res["seconds"]
                )
            else:
                failures.append(res)
    finally:
        pool.shutdown()
    if failures:
        lines = []
        for f in sorted(failures, key=lambda f: f["path"]):
            where = "before any cell ran" if f["cell"] is None else f"cell {f['cell']} (0-based)"
            first = f["source"].strip().splitlines()[0] if f["source"].strip() else ""
            lines.append(f"{Path(f['path']).name}: {where}{': ' + first if first else ''}\n{f['error']}")
        raise ReportError("Notebook execution failed; reports/ left untouched.\n" + "\n\n".join(lines))
    return {stem: results[stem] for stem in sorted(results)}
