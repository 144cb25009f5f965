"""Shared fixtures and the test tiers.

Tiers (pytest markers, given to each test module in ``TIERS`` below, not in the modules):

- ``unit``: no subprocess, no browser, no kernel, no run of ``clean`` on the real data — seconds; run them while
  editing (``.venv/bin/pytest -m unit``);
- ``integration``: ``clean`` on the real data or broken copies of it, subprocesses, kernels (the notebooks under
  nbval);
- ``e2e``: builds, browsers, PDFs. Page and browser tests read the committed ``reports/``; one module
  (test_build_offline.py) builds a clean checkout once and checks that it gives exactly the committed files.

CI (``scripts/check.sh``) runs every tier. Nothing builds at collection: the one build of the real project starts
when its first test asks for ``built_repo``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from report_source import SOURCE as REPORT_SOURCE
from shared_build import BuiltRepo, build_fresh_checkout, fresh_repository, run_build  # noqa: F401

from benchmark.clean.load import load_clean
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
        launched = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=BROWSER_ARGS, headless=True, env=chromium.environment()
        )
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
    """The clean tables ``clean`` makes of the real data/raw/, in memory."""
    return result.tables


@pytest.fixture(scope="session")
def committed_tables():
    """The clean tables as committed in data/clean/, as a notebook loads them (``load_clean``)."""
    return load_clean()


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory) -> BuiltRepo:
    """A clean checkout of the working tree after one cold ``benchmark build`` (offline when ``unshare`` allows it,
    with a fontconfig that offers only other fonts than the project's). Built when the first test asks for it; a
    failed build fails every test that uses it, with its output."""
    return build_fresh_checkout(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def site() -> Path:
    """The committed reports/ (PDFs included): test_build_offline.py checks that a build gives exactly these files."""
    return paths.REPORTS


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of data/raw/ to break in one test."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


def unserved(units) -> tuple[str, str]:
    """A jurisdiction with counted instruments and a stage none of them serves, read from the data (not assumed)."""
    from benchmark.registry.codes import JURISDICTIONS, STAGES

    pairs = [
        (j, s)
        for j in JURISDICTIONS
        for s in STAGES
        if (units["jurisdiction"] == j).any()
        and not units[units["jurisdiction"] == j]["stages"].map(lambda v, s=s: s in v).any()
    ]
    assert pairs, "every jurisdiction serves every stage: nothing to test"
    return pairs[0]


def edit_workbook(raw_dir: Path, sheet: str, instrument_id: str | None, column: str, value) -> int:
    """Set one cell of the inventory workbook (row found by instrument_id, or the first data row), the way a
    spreadsheet program writes it (``benchmark.ingest.workbook_edit``); return the Excel row edited."""
    from benchmark.ingest import workbook_edit

    key = None if instrument_id is None else ("instrument_id", instrument_id)
    return workbook_edit.set_cell(raw_dir / "inventories.xlsx", sheet, key, column, value)


# Each test module's tier (tests/test_tiers.py fails when a module has none). The notebooks, re-executed by nbval,
# are integration tests.
TIERS = {
    "unit": {
        "test_analysis",
        "test_figures",
        "test_findings",
        "test_finder",
        "test_formatting",
        "test_layering",
        "test_parsing",
        "test_quotes",
        "test_raw_sources",
        "test_selection",
        "test_tiers",
    },
    "integration": {
        "test_atomic",
        "test_bad_input",
        "test_clean",
        "test_cli",
        "test_decisions",
        "test_fidelity",
        "test_hostile",
        "test_metadata",
        "test_nbval_guard",
        "test_notebook_form",
        "test_notebooks",
        "test_reliability",
        "test_reports",
        "test_schemas",
        "test_eligibility",
        "test_sources_on_pages",
        "test_sources_registry",
        "test_spreadsheet_tools",
        "test_stable_ids",
        "test_step5",
        "test_upkeep_messages",
        "test_writer",
    },
    "e2e": {
        "test_browser",
        "test_build",
        "test_chart_labels",
        "test_data_files",
        "test_build_offline",
        "test_chart_images",
        "test_finder_browser",
        "test_hostile_runs",
        "test_living_data",  # one `benchmark build` after the researchers' procedures: a build is end to end
        "test_page_standards",
        "test_pdf",
        "test_print",
        "test_quantities",
        "test_reader_text",
    },
}


def tier_of(path: Path) -> str | None:
    """The tier of the test module (or notebook) at ``path``, or None when ``TIERS`` does not declare it."""
    if path.suffix == ".ipynb":
        return "integration"
    return next((tier for tier, modules in TIERS.items() if path.stem in modules), None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its module's tier, and start the long modules (marked ``early``) first, so that the two
    xdist workers end together rather than one finishing a long module alone (pyproject.toml turns off xdist's
    reordering by test count). A module without a tier gets none: ``-m unit`` and the others leave it out, and
    tests/test_tiers.py fails until it is declared."""
    for item in items:
        tier = tier_of(Path(str(item.path)))
        if tier is not None:
            item.add_marker(tier)
    items.sort(key=lambda item: item.get_closest_marker("early") is None)
