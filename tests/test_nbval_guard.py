"""nbval guards the committed outputs: in one re-run of a copy of a notebook where one shown number was changed,
every cell passes but the changed one (one execution: the unchanged cells are the "a re-run passes" proof).

Plotly outputs are committed as ``application/vnd.plotly.v1+json`` only: no random div ids, so no sanitizer is
needed and a changed value in a figure or a table still fails.
"""

import json
import re
import shutil
import subprocess
import sys

from benchmark.core import paths

NOTEBOOK = "01_inventaire_et_qualite.ipynb"


def _run_nbval(path):
    return subprocess.run(
        # one notebook: no xdist workers (-n 0) to start for it
        [sys.executable, "-m", "pytest", "--nbval", str(path), "-q", "-p", "no:cacheprovider", "-n", "0"],
        cwd=paths.NOTEBOOKS,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_changed_number_fails_and_only_it(tables):
    total = str(len(tables["instruments"]))  # the instrument count, shown in a table of the notebook
    copy = paths.NOTEBOOKS / "_nbval_guard_tmp.ipynb"
    shutil.copy(paths.NOTEBOOKS / NOTEBOOK, copy)
    try:
        nb = json.loads(copy.read_text(encoding="utf-8"))
        changed = False
        code_cells = sum(1 for c in nb["cells"] if c["cell_type"] == "code")
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                text = out.get("data", {}).get("text/plain")
                if not changed and text and any(re.search(rf"\b{total}\b", line) for line in text):
                    out["data"]["text/plain"] = [re.sub(rf"\b{total}\b", str(int(total) + 1), line) for line in text]
                    out["data"].pop("text/html", None)
                    changed = True
        assert changed, f"no shown table holds the instrument count {total}"
        copy.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
        result = _run_nbval(copy)
        assert result.returncode != 0 and "1 failed" in result.stdout, result.stdout[-2000:]
        assert f"{code_cells - 1} passed" in result.stdout, result.stdout[-2000:]  # every other cell re-ran equal
    finally:
        copy.unlink(missing_ok=True)
