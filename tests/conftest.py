"""Shared fixtures: the source report, the real raw data, editable copies of it, ONE built site, the browser.

``built_repo`` is the only place where the test session executes the real notebooks: it copies the working
tree into a fresh git repository (what a clean checkout holds), runs ``benchmark build`` there once — in a
network namespace with only loopback when ``unshare`` allows it — and hands the result to the report, browser
and offline-build tests (``site`` is its ``reports/``). nbval re-executes the committed notebooks on its own.

The suite runs in two pytest-xdist workers (``addopts`` in pyproject.toml). The first worker that needs the
built site builds it under a file lock; the other reads the build's record (``shared_tmp``). With
``--dist loadscope`` each notebook's cells, each module's test functions and each test class go to one worker
together, in order (nbval's cells share a kernel; module fixtures such as a browser are set up once).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import openpyxl
import pytest
from report_source import SOURCE as REPORT_SOURCE

from benchmark import paths
from benchmark.pipeline import clean

CHROMIUM = Path("/usr/bin/chromium")  # Debian's, as scripts/setup.sh installs it
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require(available: bool, what: str) -> None:
    """Skip on a laptop without ``what``; fail under ``CI=true``, where scripts/setup.sh installs every tool."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing under CI (scripts/setup.sh installs it)")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one module's tests (its pages and contexts are the tests' own). Module-scoped, not
    session-scoped: while the Playwright session lives, its event loop counts as running in this process,
    which the kernels that nbval and the build tests start in the same worker must not meet."""
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The report's lines (index 0 = L1). CI lays shared/ beside the clone; without it the tests fail."""
    assert REPORT_SOURCE.exists(), f"source report not found at {REPORT_SOURCE} (set BENCHMARK_SOURCE)"
    return REPORT_SOURCE.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def result():
    """The clean result of the real raw data."""
    return clean(paths.RAW)


@pytest.fixture(scope="session")
def tables(result):
    return result.tables


@dataclass(frozen=True)
class BuiltRepo:
    root: Path  # a fresh repository holding the working tree's files, built once
    offline: bool  # the build ran in a network namespace with only loopback
    seconds: float
    output: str  # what `benchmark build` printed (stdout + stderr)


def _can_unshare() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        return False
    return subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0


def fresh_repository(target: Path) -> Path:
    """Copy the working tree's tracked and unignored files into ``target`` and commit them there, dated like
    the last commit that changed ``data/clean/`` here (the reports' date comes from it): a clean checkout."""
    listed = (
        subprocess.run(
            ["git", "-C", str(paths.ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = paths.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    date = (
        subprocess.run(
            ["git", "-C", str(paths.ROOT), "log", "-1", "--format=%cI", "--", "data/clean"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        or "2024-02-01T00:00:00+00:00"
    )
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.org",
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fresh clone"]):
        subprocess.run(["git", "-C", str(target), *args], env=env, check=True, capture_output=True)
    return target


def run_build(root: Path, *args: str, offline: bool = False, timeout: int = 900) -> subprocess.CompletedProcess:
    """``benchmark build`` run as a whole command in ``root`` (its own src/ first on the path)."""
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [sys.executable, "-m", "benchmark.cli", "build", *args]
    if offline:
        script = "ip link set lo up && exec " + " ".join(command)
        command = [shutil.which("unshare"), "--net", "sh", "-c", script]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


def shared_tmp(tmp_path_factory) -> Path:
    """A folder every xdist worker of this session sees (the session's base temp folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` (created if needed) across the session's worker processes."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory) -> BuiltRepo:
    """A clean checkout of the working tree after one cold ``benchmark build`` (the session's only execution of
    the real notebooks, shared by the workers). A failed build fails every test that uses it, with its output."""
    shared = shared_tmp(tmp_path_factory)
    record = shared / "built_repo.json"
    with exclusive(shared / "built_repo.lock"):
        if not record.exists():
            root = shared / "clone" / "repo"
            shutil.rmtree(root.parent, ignore_errors=True)  # a build that was itself interrupted
            root.mkdir(parents=True)
            fresh_repository(root)
            offline = _can_unshare()
            started = time.perf_counter()
            run = run_build(root, offline=offline)
            built = BuiltRepo(root, offline, time.perf_counter() - started, run.stdout + run.stderr)
            record.write_text(json.dumps({**asdict(built), "root": str(root), "code": run.returncode}))
    saved = json.loads(record.read_text())
    assert saved.pop("code") == 0, f"benchmark build failed in a fresh clone:\n{saved['output'][-4000:]}"
    return BuiltRepo(**{**saved, "root": Path(saved["root"])})


@pytest.fixture(scope="session")
def site(built_repo) -> Path:
    """The reports/ folder of the shared build."""
    return built_repo.root / "reports"


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of data/raw/ to break in one test."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


def edit_workbook(raw_dir: Path, sheet: str, instrument_id: str | None, column: str, value) -> int:
    """Set one cell of the inventory workbook (row found by instrument_id, or the first data row);
    return the Excel row edited."""
    path = raw_dir / "inventories.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if instrument_id is None or row[0].value == instrument_id:
            cell = row[header.index(column)]
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "f" if value.startswith("=") and column == "__formula__" else "s"
            wb.save(path)
            return cell.row
    raise KeyError(instrument_id)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long modules (marked ``early``) first, so that the two xdist workers end together rather than one
    finishing a long module alone (pyproject.toml turns off xdist's reordering by test count)."""
    items.sort(key=lambda item: item.get_closest_marker("early") is None)
