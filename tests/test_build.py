"""The incremental build on small notebooks: keyed on content, one changed notebook re-executed alone,
``--force`` redoes all; stored notebooks normalised; the data version; workers that die with the build."""

from __future__ import annotations

import csv
import html
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from shared_build import alive

from benchmark.build.cache import BuildCache, digest, notebook_source_digest
from benchmark.build.steps import build
from benchmark.core import paths
from benchmark.publish.buildinfo import build_info, data_fingerprint
from benchmark.publish.execute import KERNELSPEC, normalise

pytestmark = pytest.mark.early  # a long module: started first (tests/conftest.py)


def _notebook(path: Path, title: str, code: str) -> None:
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(f"# {title}\n\nUn rapport d'essai."), nbformat.v4.new_code_cell(code)]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Mon noyau", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def project(tmp_path) -> dict[str, Path]:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "01_un.ipynb", "Un", "print(len(open('../clean/instruments.csv').readlines()) > 1)")
    _notebook(notebooks / "02_deux.ipynb", "Deux", "1 + 1")
    return {
        "raw": paths.RAW,
        "clean": tmp_path / "clean",
        "notebooks": notebooks,
        "out": tmp_path / "reports",
        "figures": tmp_path / "figures",
        "cache": tmp_path / ".build-cache",
        "root": tmp_path,
    }


def _build(project, force=False, pdfs=False, figures=False) -> list[str]:
    """``build`` of the small project, without figures or PDFs unless asked (a browser per build: the real site's
    builds cover them, test_build_offline.py)."""
    log: list[str] = []
    build(
        project["raw"],
        project["clean"],
        project["notebooks"],
        project["out"],
        project["figures"],
        figures=figures,
        pdfs=pdfs,
        force=force,
        cache_dir=project["cache"],
        root=project["root"],
        log=log.append,
    )
    return log


def _executed(log: list[str]) -> list[str]:
    return sorted(line.split()[1] for line in log if line.strip().startswith("[") and line.rstrip().endswith("ok"))


def test_only_what_changed_is_rebuilt_and_force_redoes_all(project):
    assert _executed(_build(project)) == ["01_un.ipynb", "02_deux.ipynb"]
    stored = json.loads((project["notebooks"] / "02_deux.ipynb").read_text(encoding="utf-8"))
    assert "".join(stored["cells"][1]["outputs"][0]["data"]["text/plain"]) == "2"  # written back, with its outputs
    assert stored["metadata"]["kernelspec"] == KERNELSPEC and "version" not in stored["metadata"]["language_info"]
    assert all("execution" not in c["metadata"] for c in stored["cells"])
    mtimes = {
        p: p.stat().st_mtime_ns for p in project["root"].rglob("*") if p.is_file() and ".build-cache" not in p.parts
    }

    log = _build(project)
    assert _executed(log) == [] and sum("up to date" in line for line in log) == 3, log
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes, "a no-op rebuild rewrote files"

    _notebook(project["notebooks"] / "02_deux.ipynb", "Deux", "2 + 2")  # its source changes
    log = _build(project)
    assert _executed(log) == ["02_deux.ipynb"], log
    page = (project["out"] / "02_deux.html").read_text(encoding="utf-8")
    assert ">4<" in page or "4</pre>" in page

    # Outputs edited by hand are rebuilt even when the sources did not change.
    (project["out"] / "index.html").write_text("abîmé", encoding="utf-8")
    log = _build(project)
    assert _executed(log) == [] and "abîmé" not in (project["out"] / "index.html").read_text(encoding="utf-8")

    assert _executed(_build(project, force=True)) == ["01_un.ipynb", "02_deux.ipynb"]


def _edit_records(path: Path, edit) -> None:
    """Rewrite a decision CSV as a researcher does: its records, in order, passed through ``edit``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(edit(rows))


def _append_to_first_row(path: Path, column: str, words: str) -> tuple[str, str]:
    """Append ``words`` to ``column`` of the first record of a decision CSV (a reworded decision); return the
    cell's text before and after."""
    texts: list[str] = []

    def edit(rows: list[dict]) -> list[dict]:
        texts.append(rows[0][column])
        rows[0][column] += words
        texts.append(rows[0][column])
        return rows

    _edit_records(path, edit)
    return texts[0], texts[1]


def _drop_last_step(ladders: Path) -> None:
    """Remove the last step of the first ladder that has two or more (a researcher shortening a funding ladder)."""

    def edit(rows: list[dict]) -> list[dict]:
        ladder = next(r["ladder_id"] for r in rows if sum(x["ladder_id"] == r["ladder_id"] for x in rows) >= 2)
        last = max(int(r["step"]) for r in rows if r["ladder_id"] == ladder)
        return [r for r in rows if not (r["ladder_id"] == ladder and int(r["step"]) == last)]

    _edit_records(ladders, edit)


def test_a_decision_reworded_in_data_raw_reaches_clean_notebooks_and_pages(project, raw_copy):
    """The step 5 decisions and the eligibility conditions are read from data/raw/ by ``clean``: editing them rewrites
    their clean tables, and the notebooks run again, the finder shows the new words and the ladders are redrawn."""
    from conftest import CHROMIUM, require

    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")  # the figures' images
    project = {**project, "raw": raw_copy}
    reads = "print(open('../clean/step5_lessons.csv', encoding='utf-8').read().splitlines()[1])"
    _notebook(project["notebooks"] / "02_deux.ipynb", "Deux", reads)
    _build(project, figures=True)
    clean_before = {p.name: p.read_bytes() for p in project["clean"].iterdir()}
    ladders_before = (project["figures"] / "echelles_de_financement.svg").read_bytes()
    _, lesson = _append_to_first_row(raw_copy / "step5_lessons.csv", "text", " (reformulé)")
    old_condition, condition = _append_to_first_row(raw_copy / "eligibility_conditions.csv", "label", " (reformulé)")
    _drop_last_step(raw_copy / "step5_ladders.csv")

    log = _build(project, figures=True)
    changed = {p.name for p in project["clean"].iterdir() if p.read_bytes() != clean_before.get(p.name)}
    assert {"step5_lessons.csv", "conditions.csv", "step5_ladders.csv"} <= changed, changed
    assert not changed & {"instruments.csv", "amounts.csv", "annex_i.csv"}  # nothing else moved
    assert _executed(log) == ["01_un.ipynb", "02_deux.ipynb"], log
    stored = json.loads((project["notebooks"] / "02_deux.ipynb").read_text(encoding="utf-8"))
    assert lesson in "".join(stored["cells"][1]["outputs"][0]["text"])
    finder_page = html.unescape((project["out"] / "aides-asbl.html").read_text(encoding="utf-8"))
    assert condition in finder_page and old_condition + "<" not in finder_page
    assert (project["figures"] / "echelles_de_financement.svg").read_bytes() != ladders_before, log


def test_saving_a_notebook_in_jupyterlab_does_not_re_execute_it(project, tmp_path):
    path = project["notebooks"] / "02_deux.ipynb"
    before = notebook_source_digest(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=7)]
    nb.cells[1].metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    nb.metadata["kernelspec"]["display_name"] = "Python 3.11"
    nbformat.write(nb, path)
    assert notebook_source_digest(path) == before
    nb.cells[1].source = "3 + 3"
    nbformat.write(nb, path)
    assert notebook_source_digest(path) != before


def test_normalised_notebook_is_the_same_whoever_ran_it():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", execution_count=1)])
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.2"}
    nb.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-11-26T11:56:15.308851Z"}
    other = nbformat.from_dict(json.loads(json.dumps(nb)))
    other.metadata["language_info"]["version"] = "3.11.9"
    other.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    other.cells[0].metadata["execution"] = {"iopub.execute_input": "2027-01-01T00:00:00Z"}
    assert normalise(nb) == normalise(other) and normalise(nb).endswith("}\n")


def test_cache_records_are_checked_against_the_outputs(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("a", encoding="utf-8")
    cache = BuildCache(tmp_path / ".build-cache")
    cache.record("step", "k1", [out])
    assert cache.fresh("step", "k1") and not cache.fresh("step", "k2")
    out.write_text("b", encoding="utf-8")
    assert not cache.fresh("step", "k1")
    assert not BuildCache(tmp_path / ".build-cache", force=True).fresh("step", "k1")
    assert digest("ab", "c") != digest("a", "bc")


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """git in ``root``, as a fixed author, dated 1 February 2024 unless ``env`` says otherwise."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_COMMITTER_DATE="2024-02-01T12:00:00+00:00",
        GIT_AUTHOR_DATE="2024-02-01T12:00:00+00:00",
    ) | (env or {})
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_data_version_is_a_content_fingerprint_marked_modified_when_uncommitted(tmp_path, monkeypatch):
    """The version counts the clean tables, what every page reads (a raw edit reaches readers only through them),
    not the workbooks; the date is the last commit that changed them."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    clean, raw = tmp_path / "data" / "clean", tmp_path / "data" / "raw"
    clean.mkdir(parents=True)
    raw.mkdir()
    (clean / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (clean / "benchmark.xlsx").write_bytes(b"not part of the fingerprint")
    (raw / "step5_lessons.csv").write_text("text\nune leçon\n", encoding="utf-8")
    (raw / "inventories.xlsx").write_bytes(b"counted through the clean tables it gives")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "data")
    (tmp_path / "README.md").write_text("a later commit that does not touch the data", encoding="utf-8")
    _git(tmp_path, "add", "-A")
    later = {"GIT_COMMITTER_DATE": "2024-02-20T12:00:00+00:00", "GIT_AUTHOR_DATE": "2024-02-20T12:00:00+00:00"}
    _git(tmp_path, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "later", env=later)
    info = build_info(tmp_path)
    assert (info.fingerprint, info.modified, info.version) == (data_fingerprint(clean), False, info.fingerprint)
    assert info.date_iso == "2024-02-01"  # the commit that changed the data, whatever came after
    assert len(info.fingerprint) == 8
    (clean / "benchmark.xlsx").write_bytes(b"changed")
    (raw / "inventories.xlsx").write_bytes(b"saved again")
    (raw / "step5_lessons.csv").write_text("text\nune leçon reformulée\n", encoding="utf-8")
    # raw edits reach readers only through the clean tables: until clean runs, the version is the same
    assert build_info(tmp_path).fingerprint == info.fingerprint and not build_info(tmp_path).modified
    _git(tmp_path, "checkout", "-q", "--", ".")
    (clean / "a.csv").write_text("x\n2\n", encoding="utf-8")
    changed = build_info(tmp_path)
    assert changed.modified and changed.fingerprint != info.fingerprint
    assert changed.version == f"{changed.fingerprint} (modifié)"
    _git(tmp_path, "add", "-A")
    env = {"GIT_COMMITTER_DATE": "2024-03-05T12:00:00+00:00", "GIT_AUTHOR_DATE": "2024-03-05T12:00:00+00:00"}
    _git(tmp_path, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "new data", env=env)
    assert build_info(tmp_path).date_iso == "2024-03-05" and not build_info(tmp_path).modified


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG) is Linux's")
def test_workers_and_kernels_end_with_a_killed_build(tmp_path):
    marker = tmp_path / "pids.txt"
    _notebook(
        tmp_path / "01_lent.ipynb",
        "Lent",
        f"import os, time\nopen({str(marker)!r}, 'w').write(f'{{os.getpid()}} {{os.getppid()}}')\ntime.sleep(120)",
    )
    script = (
        "from benchmark.publish.execute import execute_all, discover\n"
        f"execute_all(discover({str(tmp_path)!r}), log=lambda m: None)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while not (marker.exists() and marker.read_text().strip()) and time.monotonic() < deadline:
            assert parent.poll() is None, "the build ended before the kernel started"
            time.sleep(0.2)
        kernel, worker = (int(x) for x in marker.read_text().split())
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(p) for p in (kernel, worker)):
        time.sleep(0.2)
    assert not alive(worker), "the worker outlived the killed build"
    assert not alive(kernel), "the kernel outlived the killed build"


def test_the_library_key_covers_templates_and_wording_not_only_modules(tmp_path, monkeypatch):
    """A change to a non-Python file of the package (findings' wording, a template, CSS) must rebuild."""
    import benchmark.build.cache as build_cache

    package = tmp_path / "benchmark"
    package.mkdir()
    (package / "build_cache.py").write_text("# stand-in", encoding="utf-8")
    (package / "wording.toml").write_text('a = "Un"', encoding="utf-8")
    monkeypatch.setattr(build_cache, "__file__", str(package / "build_cache.py"))
    before = build_cache.library_digest()
    (package / "wording.toml").write_text('a = "Deux"', encoding="utf-8")
    assert build_cache.library_digest() != before


def _descendants(pid: int) -> list[str]:
    """The command lines of the processes below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    below, found = {pid}, True
    while found:
        found = False
        for child, parent in parents.items():
            if parent in below and child not in below:
                below.add(child)
                found = True
    below.discard(pid)
    lines = []
    for child in below:
        try:
            if alive(child):
                lines.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return lines


def test_skip_pdfs_and_skip_figures_leave_the_existing_outputs_as_they_are(project):
    """``--skip-pdfs`` and ``--skip-figures`` leave reports/pdf/ and figures/ as the last full build wrote them (the
    index still links the PDFs), even when every step is redone."""
    from conftest import CHROMIUM, require

    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    _build(project, pdfs=True, figures=True)

    def outputs(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    pdfs, figures = outputs(project["out"] / "pdf"), outputs(project["figures"])
    assert {"01_un.pdf", "02_deux.pdf", "catalogue.pdf"} <= set(pdfs) and any(n.endswith(".svg") for n in figures)
    index = (project["out"] / "index.html").read_text(encoding="utf-8")
    log = _build(project, force=True, pdfs=False, figures=False)
    assert _executed(log) == ["01_un.ipynb", "02_deux.ipynb"] and "3/4 figures: skipped" in log, log
    assert outputs(project["out"] / "pdf") == pdfs and outputs(project["figures"]) == figures
    assert (project["out"] / "index.html").read_text(encoding="utf-8") == index


def test_a_failing_notebook_leaves_reports_and_no_browser(project):
    """A failing notebook stops the build before reports/ is touched: no staging folder, no Chromium left."""
    from conftest import CHROMIUM, require

    from benchmark.core.errors import ReportError

    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    _notebook(project["notebooks"] / "02_deux.ipynb", "Deux", "raise ValueError('cassé')")
    project["out"].mkdir()
    (project["out"] / "index.html").write_text("previous build", encoding="utf-8")
    with pytest.raises(ReportError, match="02_deux.ipynb"):
        _build(project, pdfs=True)
    assert [p.name for p in project["out"].iterdir()] == ["index.html"]
    assert (project["out"] / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(project["root"].glob(".reports-*")), "the site's staging folder was left behind"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any("chrom" in line for line in _descendants(os.getpid())):
        time.sleep(0.2)
    assert not [line for line in _descendants(os.getpid()) if "chrom" in line], "the printer's Chromium outlived it"


def test_a_weight_changed_in_data_raw_reorders_the_synthesis_after_build(project, raw_copy, monkeypatch):
    """The ranking's weights are the researchers' data (step5_criteria.csv): one changed, ``benchmark build`` gives
    the synthesis in the order the new clean tables rank, and it is not the old order."""
    import shutil

    from benchmark.analysis.step5 import options
    from benchmark.clean.load import load_clean

    project = {**project, "raw": raw_copy}
    for stale in project["notebooks"].glob("*.ipynb"):
        stale.unlink()
    shutil.copy(paths.NOTEBOOKS / "00_synthese.ipynb", project["notebooks"] / "00_synthese.ipynb")
    monkeypatch.setenv("BENCHMARK_CLEAN", str(project["clean"]))  # the kernel reads this project's tables

    def order_on_page() -> list[str]:
        page = html.unescape((project["out"] / "synthese.html").read_text(encoding="utf-8"))
        table = page.split("Les options de l'étape 5, classées", 1)[1].split("</table>", 1)[0]
        titles = load_clean(project["clean"])["step5_options"]["title"]
        return sorted((t for t in titles if t in table), key=table.index)

    def order_of_tables() -> list[str]:
        tables = load_clean(project["clean"])
        titles = tables["step5_options"].set_index("option_id")["title"]
        return [titles[o] for o in options.ranking(tables).index]

    _build(project)
    before = order_on_page()
    assert before == order_of_tables()

    def heavier_cost(rows: list[dict]) -> list[dict]:
        for r in rows:
            if r["criterion_id"] == "cost":
                r["weight"] = str(float(r["weight"]) * 5)
        return rows

    _edit_records(raw_copy / "step5_criteria.csv", heavier_cost)
    log = _build(project)
    assert _executed(log) == ["00_synthese.ipynb"], log
    after = order_on_page()
    assert after == order_of_tables() and after != before
