"""Shared fixtures: the source report, the real raw data, editable copies of it, ONE built site, the browser.

``built_repo`` is the only place where the test session executes the real notebooks: it copies the working
tree into a fresh git repository (what a clean checkout holds), runs ``benchmark build`` there once — in a
network namespace with only loopback when ``unshare`` allows it — and hands the result to the report, browser
and offline-build tests (``site`` is its ``reports/``). nbval re-executes the committed notebooks on its own.

The suite runs in two pytest-xdist workers (``addopts`` in pyproject.toml). The build starts in the background
as soon as collection finds a test that needs it (tests/shared_build.py), the tests that do not need it run
first, and both workers read the build's record (``shared_tmp``). With
``--dist loadscope`` each notebook's cells, each module's test functions and each test class go to one worker
together, in order (nbval's cells share a kernel; module fixtures such as a browser are set up once).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from report_source import SOURCE as REPORT_SOURCE
from shared_build import BuiltRepo, fresh_repository, run_build, start_shared_build, wait_for_shared_build  # noqa: F401

from benchmark.clean.pipeline import clean
from benchmark.core import paths
from benchmark.publish import chromium

CHROMIUM = chromium.CHROMIUM  # Debian's, as scripts/setup.sh installs it: the build's own
# The build's flags, less the PDFs' font hinting: the tests read the pages as a reader's browser shows them.
BROWSER_ARGS = [arg for arg in chromium.ARGS if not arg.startswith("--font-render-hinting")]


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


def shared_tmp(tmp_path_factory) -> Path:
    """A folder every xdist worker of this session sees (the session's base temp folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory) -> BuiltRepo:
    """A clean checkout of the working tree after one cold ``benchmark build`` (the session's only execution of
    the real notebooks, shared by the workers). Started in the background at collection time
    (``pytest_collection_modifyitems``), it is usually done when the first test that needs it starts. A failed
    build fails every test that uses it, with its output."""
    shared = shared_tmp(tmp_path_factory)
    start_shared_build(shared)  # when collection did not (a test selected by -k after the hook, say)
    return wait_for_shared_build(shared)


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
    """Set one cell of the inventory workbook (row found by instrument_id, or the first data row), the way a
    spreadsheet program writes it (``benchmark.ingest.workbook_edit``); return the Excel row edited."""
    from benchmark.ingest import workbook_edit

    key = None if instrument_id is None else ("instrument_id", instrument_id)
    return workbook_edit.set_cell(raw_dir / "inventories.xlsx", sheet, key, column, value)


def _needs_site(item: pytest.Item) -> bool:
    return "built_repo" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the shared build in the background as soon as a collected test needs it, and order the tests so that
    the workers run the others meanwhile: first those without the built site, then those with it; within each,
    the long modules (marked ``early``) first, so that the two xdist workers end together rather than one finishing
    a long module alone (pyproject.toml turns off xdist's reordering by test count)."""
    if any(_needs_site(item) for item in items):
        start_shared_build(shared_tmp(config._tmp_path_factory))  # type: ignore[attr-defined]
    items.sort(key=lambda item: (_needs_site(item), item.get_closest_marker("early") is None))
