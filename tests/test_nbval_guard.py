"""nbval guards the committed outputs: a re-run passes, a changed number in a shown table fails.

Plotly outputs are committed as ``application/vnd.plotly.v1+json`` only (the kernel's default renderer): no
random div ids, so no sanitizer is needed and a changed value in a figure or a table still fails.
"""

import json
import shutil
import subprocess
import sys

from benchmark import paths

NOTEBOOK = "01_inventaire_et_qualite.ipynb"


def _run_nbval(path):
    return subprocess.run([sys.executable, "-m", "pytest", "--nbval", str(path), "-q", "-p", "no:cacheprovider"],
                          cwd=paths.NOTEBOOKS, capture_output=True, text=True, timeout=300)


def test_rerun_passes_and_a_changed_number_fails(tmp_path):
    copy = paths.NOTEBOOKS / "_nbval_guard_tmp.ipynb"
    shutil.copy(paths.NOTEBOOKS / NOTEBOOK, copy)
    try:
        assert _run_nbval(copy).returncode == 0
        nb = json.loads(copy.read_text(encoding="utf-8"))
        changed = False
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                text = out.get("data", {}).get("text/plain")
                if not changed and text and any("111" in line for line in text):
                    out["data"]["text/plain"] = [line.replace("111", "112") for line in text]
                    out["data"].pop("text/html", None)
                    changed = True
        assert changed, "no shown table holds the instrument count 111"
        copy.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
        result = _run_nbval(copy)
        assert result.returncode != 0 and "1 failed" in result.stdout  # only the changed cell fails
    finally:
        copy.unlink(missing_ok=True)
