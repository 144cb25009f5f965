"""Shared fixtures: the source report, the real raw data, editable copies of it, and ONE built site.

``built_repo`` is the only place where the test session executes the real notebooks: it copies the working
tree into a fresh git repository (what a clean checkout holds), runs ``benchmark build`` there once — in a
network namespace with only loopback when ``unshare`` allows it — and hands the result to the report, browser
and offline-build tests (``site`` is its ``reports/``). nbval re-executes the committed notebooks on its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from benchmark import paths
from benchmark.pipeline import clean


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The report's lines (index 0 = L1). CI lays shared/ beside the clone; without it the tests fail."""
    assert paths.SOURCE.exists(), f"source report not found at {paths.SOURCE} (set BENCHMARK_SOURCE)"
    return paths.SOURCE.read_text(encoding="utf-8").split("\n")


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


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory) -> BuiltRepo:
    """A clean checkout of the working tree after one cold ``benchmark build`` (the session's only execution of
    the real notebooks). A failed build fails every test that uses it, with the build's output."""
    root = fresh_repository(tmp_path_factory.mktemp("clone") / "repo")
    offline = _can_unshare()
    started = time.perf_counter()
    run = run_build(root, offline=offline)
    seconds = time.perf_counter() - started
    output = run.stdout + run.stderr
    assert run.returncode == 0, f"benchmark build failed in a fresh clone:\n{output[-4000:]}"
    return BuiltRepo(root, offline, seconds, output)


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
