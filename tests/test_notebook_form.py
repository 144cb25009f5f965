"""Saving a notebook from JupyterLab is harmless: ``benchmark normalise-notebooks`` (and the opt-in git hook) bring it
back to its committed bytes, outputs kept for nbval; a committed notebook not in that form fails here, naming the
command that fixes it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.core import paths
from benchmark.publish.execute import discover
from benchmark.publish.notebook_form import COMMAND, PLOTLY_MIME, normal_text, normalise_files


def test_every_committed_notebook_is_in_its_stored_form():
    wrong = [p.name for p in discover() if normal_text(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")]
    assert not wrong, f"not in their stored form: {', '.join(wrong)}. Run `{COMMAND}` (outputs are kept), then commit."


def as_jupyterlab_saves(text: str) -> str:
    """What JupyterLab 4 does to a notebook on Ctrl+S (seen in a real JupyterLab 4.6): a PNG copy beside each chart,
    Python's version, a view state in a cell; JSON written with one-space indents and sorted keys."""
    nb = json.loads(text)
    nb["metadata"]["language_info"]["version"] = "3.11.2"
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if PLOTLY_MIME in out.get("data", {}):
                out["data"]["image/png"] = (
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\n"
                )
        if cell["cell_type"] == "code":
            cell["metadata"]["scrolled"] = True
            cell["metadata"]["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00.000Z"}
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def as_the_kernel_writes(text: str) -> str:
    """Whole numbers of the charts as Python floats (« 0.0 »), as a kernel sends them (JavaScript writes « 0 »)."""

    def floats(value):
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return float(value)
        if isinstance(value, dict):
            return {k: floats(v) for k, v in value.items()}
        if isinstance(value, list):
            return [floats(v) for v in value]
        return value

    nb = json.loads(text)
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if PLOTLY_MIME in out.get("data", {}):
                out["data"][PLOTLY_MIME] = floats(out["data"][PLOTLY_MIME])
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.fixture
def stored(tmp_path) -> Path:
    """A notebook in its stored form with a chart among its outputs, as the build writes it: the first committed
    notebook and one more cell showing a real figure of the benchmark."""
    import nbformat

    from benchmark.analysis.units import counting_units
    from benchmark.clean.load import load_clean
    from benchmark.present import figures
    from benchmark.present.display import figure_bundle
    from benchmark.publish.notebook_form import normalise

    nb = nbformat.read(discover()[0], as_version=4)
    fig = figures.stage_heatmap(counting_units(load_clean()["instruments"]))
    output = nbformat.v4.new_output("display_data", {PLOTLY_MIME: figure_bundle(fig), "text/plain": "Figure"})
    nb.cells.append(nbformat.v4.new_code_cell("show(figure)", outputs=[output], execution_count=1))
    path = tmp_path / "stored" / discover()[0].name
    path.parent.mkdir()
    path.write_text(normalise(nb), encoding="utf-8")
    return path


def test_a_notebook_saved_from_jupyterlab_is_caught_then_restored(stored, tmp_path):
    source = stored
    committed = source.read_bytes()
    for change in (as_jupyterlab_saves, as_the_kernel_writes):
        saved = tmp_path / source.name
        saved.write_text(change(committed.decode("utf-8")), encoding="utf-8")
        assert saved.read_bytes() != committed
        assert normalise_files([saved], check=True) == [saved]  # caught, and left as it is by --check
        assert saved.read_bytes() != committed
        assert normalise_files([saved]) == [saved]
        assert saved.read_bytes() == committed, f"{change.__name__}: not the committed bytes after normalising"
        # the outputs nbval compares are all kept
        before, after = json.loads(committed), json.loads(saved.read_bytes())
        assert [c.get("outputs") for c in before["cells"]] == [c.get("outputs") for c in after["cells"]]


def test_the_command_names_what_is_not_normalised(stored, tmp_path, capsys):
    from benchmark.cli import main

    saved = tmp_path / "02_saved.ipynb"
    saved.write_text(as_jupyterlab_saves(stored.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["--root", str(paths.ROOT), "normalise-notebooks", "--check", str(saved)]) == 1
    out = capsys.readouterr()
    assert str(saved) in out.out and COMMAND in out.err
    assert main(["--root", str(paths.ROOT), "normalise-notebooks", str(saved)]) == 0
    assert saved.read_bytes() == stored.read_bytes()
    assert main(["--root", str(paths.ROOT), "normalise-notebooks", "--check", str(saved)]) == 0


def test_the_git_hook_commits_the_stored_form(stored, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    (repo / "data" / "raw").mkdir(parents=True)
    shutil.copy(paths.ROOT / "pyproject.toml", repo)
    shutil.copytree(paths.ROOT / "scripts", repo / "scripts")
    source = stored
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)

    git("init", "-q")
    subprocess.run(["bash", "scripts/install-git-hook.sh"], cwd=repo, env=env, check=True, capture_output=True)
    (repo / "notebooks" / source.name).write_text(
        as_jupyterlab_saves(source.read_text(encoding="utf-8")), encoding="utf-8"
    )
    git("add", "notebooks")
    git("commit", "-q", "-m", "saved from JupyterLab")
    committed = git("show", f"HEAD:notebooks/{source.name}").stdout
    assert committed == source.read_text(encoding="utf-8")
    assert git("status", "--porcelain", "notebooks").stdout == ""  # the working copy was normalised too
