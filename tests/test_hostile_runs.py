"""Hostile runs (issue 29): two commands at once, a raw edit during a build, a Chromium that is broken or hangs,
Ctrl-C; and the pages in Chromium with a dialog handler: a Content-Security-Policy on every page, no script link,
no script run, the finder's filters still working when a description holds ``<!--<script>``.

The runs use a small project (the real data, one short notebook) so that a build takes seconds, not minutes.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import require

from benchmark.core import paths
from benchmark.core.errors import ReportError
from benchmark.core.lock import held_elsewhere, project_lock
from benchmark.publish import chromium
from benchmark.publish.buildinfo import data_fingerprint

# --- a small project -------------------------------------------------------------------------------------------


@pytest.fixture
def small_project(tmp_path) -> Path:
    """The real data/raw/ and data/clean/, one notebook of two cells: a build of it takes a few seconds."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    shutil.copy2(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    for name in ("raw", "clean"):
        shutil.copytree(paths.ROOT / "data" / name, root / "data" / name)
    (root / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Essai\n\nUne page d'essai."), nbformat.v4.new_code_cell("print(1)")]
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nb, root / "notebooks" / "01_essai.ipynb")
    return root


def command(root: Path, *args: str, interruptible: bool = False) -> subprocess.Popen:
    """``benchmark --root ROOT ARGS`` as a process of its own session (a terminal's Ctrl-C reaches its group)."""
    environment = {k: v for k, v in os.environ.items() if k not in paths.ENVIRONMENT}
    return subprocess.Popen(
        [sys.executable, "-m", "benchmark.cli", "--root", str(root), *args],
        cwd=root,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # pytest-xdist's workers may ignore SIGINT; a user's shell does not
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if interruptible else None,
    )


def read_until(stream, text: str, timeout: float) -> str:
    """What ``stream`` (a process's pipe) says up to the line holding ``text``; fails after ``timeout`` s."""
    seen, deadline = "", time.monotonic() + timeout
    while text not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"never said {text!r}; said: {seen[-2000:]}"
        ready, _, _ = select.select([stream], [], [], left)
        if ready:
            line = stream.readline()
            assert line, f"ended before saying {text!r}; said: {seen[-2000:]}"
            seen += line
    return seen


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def reword(decisions: Path) -> None:
    """Reword the ``why`` of a decision's first row: the data version changes."""
    import csv

    with decisions.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("why")] += " (reworded)"
    with decisions.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def page_versions(reports: Path) -> dict[str, str]:
    """The data version each page carries (its header's ``data-version``, the finder's « Version des données »)."""
    import re

    found = {}
    for page in sorted(reports.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        match = re.search(r'data-version="([^"]+)"', text) or re.search(r"Version des données : <code>([^<]+)", text)
        if match:
            found[page.name] = match.group(1)
    return found


# --- one command at a time ------------------------------------------------------------------------------------


def test_a_second_command_waits_for_the_first_and_says_so(small_project):
    clean = small_project / "data" / "clean"
    before = {p.name: p.read_bytes() for p in clean.iterdir() if p.is_file()}
    with project_lock(small_project):  # « the first command »: this test holds the project's lock
        second = command(small_project, "clean")
        said = read_until(second.stderr, "waiting for it to end", timeout=60)
        assert "another `benchmark clean` or `benchmark build` is running on this project" in said
        time.sleep(0.5)
        assert second.poll() is None, "the second command did not wait"
        assert {p.name: p.read_bytes() for p in clean.iterdir() if p.is_file()} == before
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "Wrote" in out


def test_two_builds_started_together_pages_carry_the_version_of_their_data(small_project):
    """Build A starts; the decisions are reworded while it runs; build B starts. B waits for A; A either built
    from what it read or refused to publish; the pages left carry the version of the data they were built from."""
    args = ("build", "--skip-figures", "--skip-pdfs")
    first = command(small_project, *args)
    wait_until(lambda: held_elsewhere(small_project), 60, "the first build never took the project's lock")
    reword(small_project / "data" / "raw" / "step5_options.csv")
    second = command(small_project, *args)
    out_a, err_a = first.communicate(timeout=600)
    out_b, err_b = second.communicate(timeout=600)
    assert "waiting for it to end" in err_b
    assert second.returncode == 0, err_b
    assert "Traceback" not in err_a + err_b
    if first.returncode != 0:  # the edit came after A read the data: A said so and left reports/ alone
        assert "changed while this build ran" in err_a, err_a
    versions = page_versions(small_project / "reports")
    expected = data_fingerprint(small_project / "data" / "clean")
    assert versions and set(versions.values()) == {expected}, versions
    assert f"data version {expected}" in out_b


def test_a_raw_edit_during_a_build_stops_it_before_reports_are_written(small_project):
    """The data edited once clean has read it: the build stops before the pages, which would carry the new
    version over the old data."""
    from benchmark.build.steps import build

    root = small_project
    raw = root / "data" / "raw"

    def log(message: str) -> None:
        if message.startswith("1/4 clean"):
            reword(raw / "step5_options.csv")

    with pytest.raises(ReportError, match="changed while this build ran"):
        build(
            raw,
            root / "data" / "clean",
            root / "notebooks",
            root / "reports",
            root / "figures",
            figures=False,
            pdfs=False,
            cache_dir=root / ".build-cache",
            root=root,
            log=log,
        )
    assert not (root / "reports").exists()


# --- a Chromium that is broken or hangs -----------------------------------------------------------------------


def fake_chromium(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def running(path: Path) -> list[int]:
    """The processes running ``path``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if str(path) in Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry))
            except OSError:
                continue
    return found


@pytest.mark.parametrize(
    ("script", "said"),
    [
        ('echo "chromium: error while loading shared libraries: libnss3.so" >&2; exit 127', "exit code 127"),
        ("exec sleep 600", "did not start within 2 s"),
    ],
    ids=["exits", "hangs"],
)
def test_a_broken_or_hanging_chromium_is_one_paragraph(tmp_path, monkeypatch, script, said):
    import plotly.graph_objects as go

    from benchmark.publish import chart_images

    fake = fake_chromium(tmp_path, script)
    monkeypatch.setattr(chromium, "CHROMIUM", fake)
    monkeypatch.setattr(chromium, "LAUNCH_TIMEOUT", 2.0)
    with pytest.raises(ReportError) as err:
        chart_images.draw([chart_images.Image(go.Figure(go.Bar(x=[1], y=[2])), "svg", 100, 100)])
    message = str(err.value)
    assert "\n" not in message and said in message and str(fake) in message and "What to do" in message
    assert err.value.__cause__ is None and len(message) < 900
    wait_until(lambda: not running(fake), 10, "the fake Chromium outlived the launch")


def test_a_build_with_a_broken_chromium_ends_in_one_paragraph(small_project, tmp_path, monkeypatch, capsys):
    from benchmark.cli import main

    monkeypatch.setattr(chromium, "CHROMIUM", fake_chromium(tmp_path, 'echo "no display" >&2; exit 1'))
    code = main(["--root", str(small_project), "build", "--skip-clean", "--skip-pdfs"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "Chromium" in err and "What to do" in err


# --- Ctrl-C ----------------------------------------------------------------------------------------------------


def test_ctrl_c_during_a_build_is_one_paragraph_and_leaves_no_process(small_project):
    build = command(small_project, "build", "--force", "--skip-figures", "--skip-pdfs", interruptible=True)
    read_until(build.stdout, "Executing", timeout=300)  # the workers and a kernel are running
    time.sleep(1)
    os.killpg(build.pid, signal.SIGINT)  # what a terminal sends its foreground group
    out, err = build.communicate(timeout=60)
    assert build.returncode == 130, err
    assert err.strip().splitlines() == [
        "benchmark build: interrupted; each output folder is the previous one or the new one."
    ], err
    wait_until(lambda: not _session(build.pid), 30, f"processes outlived the build: {_session(build.pid)}")


def _session(sid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getsid(int(entry)) == sid:
                    found.append(int(entry))
            except OSError:
                continue
    return found


# --- the pages in Chromium ------------------------------------------------------------------------------------

SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")


@pytest.fixture
def watched(browser):
    """A page that records dialogs, console errors, CSP violations and network attempts (only file: loads)."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.dialogs, page.errors = [], []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def links_with_script_schemes(page) -> list[str]:
    """Links, forms and frames to a script or ``data:`` address; and any address at all that is a script (an image
    may be a ``data:image/…``: each chart's static SVG is one)."""
    opened = page.eval_on_selector_all(
        "a[href], area[href], form[action], iframe[src], frame[src], embed[src], object[data]",
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('action') || e.getAttribute('src')"
        " || e.getAttribute('data') || '')",
    )
    loaded = page.eval_on_selector_all(
        "[src], [href]", "els => els.map(e => e.getAttribute('src') || e.getAttribute('href'))"
    )
    return [h for h in opened if h.strip().lower().startswith(SCRIPT_SCHEMES)] + [
        h for h in loaded if h and h.strip().lower().startswith(("javascript:", "vbscript:"))
    ]


def test_every_page_has_its_policy_no_script_link_and_runs_no_foreign_script(built_repo, watched):
    require(chromium.CHROMIUM.exists(), f"Chromium ({chromium.CHROMIUM})")
    pages = sorted((built_repo.root / "reports").glob("*.html")) + sorted((built_repo.root / "figures").glob("*.html"))
    assert len(pages) > 10
    for path in pages:
        watched.goto(path.as_uri(), wait_until="load")
        policy = watched.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert (
            policy
            and "script-src 'self'" in policy
            and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        )
        assert links_with_script_schemes(watched) == [], path.name
        charts = path.read_text(encoding="utf-8").count("Plotly.newPlot") + path.read_text(encoding="utf-8").count(
            'bmChart("fig-'
        )
        if charts:  # the charts still draw under the policy (its own scripts allowed by their hashes)
            watched.wait_for_function("n => document.querySelectorAll('svg.main-svg').length >= n", arg=1)
        assert watched.dialogs == [] and watched.errors == [], (path.name, watched.dialogs, watched.errors)


def obtainable_ids(tables, stage: str | None = None) -> set[str]:
    """What a Brussels ASBL can obtain (the one answer, ``analysis.eligibility.obtainable``), for a stage."""
    from benchmark.analysis import eligibility

    frame = eligibility.obtainable(tables)
    return {i for i, stages in zip(frame["instrument_id"], frame["stages"]) if stage is None or stage in stages}


def hostile_finder(tmp_path: Path) -> tuple[Path, str]:
    """The finder page built from the real data, with one aid's description holding ``<!--<script>`` (and other
    ways out of a script element) and a ``javascript:`` link beside it: what the page would hold if a cell slipped
    past ``benchmark clean``. Returns the page and that aid's id."""
    from benchmark.clean.load import load_clean
    from benchmark.publish import finder

    tables = load_clean(paths.CLEAN)
    aid = sorted(obtainable_ids(tables))[0]
    instruments = tables["instruments"].copy()
    index = instruments.index[instruments["instrument_id"] == aid][0]
    instruments.at[index, "description"] = "<!--<script> </script><script>alert('escaped')</script> \u2028 fin " + str(
        instruments.at[index, "description"]
    )
    bad_link = pd.DataFrame(
        [{"instrument_id": aid, "url": "javascript:alert('link')", "source_lines": "L292", "note": ""}]
    )
    links = pd.concat([bad_link, tables["links"]], ignore_index=True)
    tables = {**tables, "instruments": instruments, "links": links}
    page = tmp_path / finder.PAGE
    page.write_text(finder.render_finder(finder.finder_data(tables)), encoding="utf-8")
    return page, aid


def test_the_finder_keeps_its_filters_and_runs_no_script_from_its_data(tmp_path, watched):
    require(chromium.CHROMIUM.exists(), f"Chromium ({chromium.CHROMIUM})")
    from benchmark.clean.load import load_clean

    page_file, aid = hostile_finder(tmp_path)
    watched.goto(page_file.as_uri(), wait_until="load")
    tables = load_clean(paths.CLEAN)
    stage = next(s for s in ("implementation", "skills", "diagnosis") if obtainable_ids(tables, s))
    watched.check(f"input[name=etape][value={stage}]")
    shown = set(watched.eval_on_selector_all("#liste-aides > li:not([hidden])", "els => els.map(e => e.dataset.id)"))
    assert shown == obtainable_ids(tables, stage)  # the filters work: the script data parsed whole
    link = watched.locator(f'#liste-aides > li[data-id="{aid}"] a[href^="javascript:"]')
    assert link.count() == 1  # slipped in on purpose: the policy is what stops it here
    link.first.dispatch_event("click")  # a click, visible card or not
    watched.wait_for_timeout(300)
    assert watched.dialogs == []
    assert all("Content Security Policy" in e for e in watched.errors), watched.errors
