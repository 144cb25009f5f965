"""The stored form of a notebook: the same bytes for the same outputs, whoever ran it, wherever, and whether the
build wrote it or a researcher saved it from JupyterLab.

``normalise`` keeps what nbval compares (every output, sequential execution counts) and drops what changes from run
to run or from one tool to the next:

- execution timestamps, the kernel's display name and Python's version (``language_info.version``), which nbclient
  and JupyterLab write;
- the PNG copy JupyterLab's Plotly renderer adds beside a chart's Plotly bundle on save (the bundle is the chart,
  and nbval does not compare PNGs);
- the float/integer spelling of whole numbers in JSON outputs: JavaScript writes ``0.0`` as ``0``, so a chart saved
  by JupyterLab would differ from the one the kernel sent; the stored form writes every whole number as an integer
  (the same value for plotly.js and for nbval, which compares values, not spellings).

``benchmark normalise-notebooks`` applies it to the notebooks on disk (the README's command after a save from
JupyterLab; ``scripts/setup.sh --git-hook`` runs it before each commit); the build writes every executed notebook
through it; ``tests/test_notebooks.py`` fails on a committed notebook that is not in this form.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
PLOTLY_MIME = "application/vnd.plotly.v1+json"
# What JupyterLab adds to a cell's metadata as a reader scrolls, folds or times cells: not the notebook's content.
VIEW_METADATA = ("execution", "collapsed", "scrolled", "jupyter")
COMMAND = "benchmark normalise-notebooks"
# Cells for researchers working in JupyterLab (the guide, how to change the parameters), tagged so: the pages, their
# index sentence, their search text and their data files leave them out.
RESEARCHERS_ONLY = "chercheurs"


def for_readers(cell) -> bool:
    """Whether a page shows this cell (a notebook's cell as nbformat or plain JSON)."""
    return RESEARCHERS_ONLY not in (cell.get("metadata") or {}).get("tags", [])


def whole_numbers_as_integers(value):
    """``0.0`` → ``0`` everywhere in a JSON value (JavaScript's spelling of a whole number); other values as they are."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: whole_numbers_as_integers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [whole_numbers_as_integers(v) for v in value]
    return value


def _is_json_mime(mime: str) -> bool:
    return mime == "application/json" or mime.endswith("+json")


def normalise(nb) -> str:
    """The notebook's JSON as stored (``nb`` is an nbformat notebook, changed in place)."""
    import nbformat

    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in VIEW_METADATA:
            cell.metadata.pop(key, None)
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            if PLOTLY_MIME in data:
                data.pop("image/png", None)
            for mime in list(data):
                if _is_json_mime(mime):
                    data[mime] = whole_numbers_as_integers(data[mime])
    return nbformat.writes(nb) + "\n"


def normal_text(text: str) -> str:
    """The stored form of a notebook given as JSON text."""
    import nbformat

    return normalise(nbformat.reads(text, as_version=4))


def normalise_files(paths: Iterable[Path | str], check: bool = False) -> list[Path]:
    """Bring each notebook file to its stored form (``check``: only tell); return those that were not in it."""
    from benchmark.core.atomic import replace_if_changed

    changed = []
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        normal = normal_text(text)
        if normal != text:
            changed.append(path)
            if not check:
                replace_if_changed(path, normal)
    return changed
