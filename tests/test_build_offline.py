"""The whole build on a clean checkout (``built_repo``, built once): offline, with a fontconfig that offers only
other fonts than the project's, reproducing every committed artefact byte for byte, and doing nothing at all when
rebuilt with nothing changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import run_build

from benchmark.core import paths
from benchmark.publish.buildinfo import build_info, data_fingerprint

GENERATED = ("data/clean", "notebooks", "figures", "reports")


def _snapshot(root: Path) -> dict[str, int]:
    """Every generated file's mtime (ns)."""
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for part in GENERATED
        for p in sorted((root / part).rglob("*"))
        if p.is_file()
    }


def test_build_runs_with_networking_blocked(built_repo):
    if not built_repo.offline:
        pytest.skip("needs root and unshare(1) to create a network namespace (CI has both)")
    root = built_repo.root
    assert (root / "reports" / "index.html").exists() and (root / "reports" / "catalogue.html").exists()
    committed = sorted(p.name for p in paths.FIGURES.iterdir() if p.suffix in (".png", ".svg", ".html"))
    assert (
        committed
        and sorted(p.name for p in (root / "figures").iterdir() if p.suffix in (".png", ".svg", ".html")) == committed
    )


def test_a_clean_checkout_rebuilds_to_the_same_bytes(built_repo):
    """Clean tables, the notebooks' stored outputs, figures and reports: the build reproduces what is committed, with
    the machine's fontconfig offering only other fonts (tests/shared_build.py)."""
    status = subprocess.run(
        ["git", "-C", str(built_repo.root), "status", "--porcelain"], capture_output=True, text=True, check=True
    ).stdout
    assert status == "", (
        "benchmark build on a clean checkout changed committed files (regenerate them with "
        f"`benchmark build` and commit):\n{status}"
    )


def test_reports_show_the_fingerprint_of_the_data(built_repo):
    info = build_info(built_repo.root)
    assert not info.modified and info.fingerprint == data_fingerprint(built_repo.root / "data" / "clean")
    assert len(info.fingerprint) == 8 and int(info.fingerprint, 16) >= 0
    page = (built_repo.root / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"<code>{info.fingerprint}</code>" in page and "modifié" not in page


def test_a_rebuild_with_nothing_changed_writes_nothing(built_repo):
    before = _snapshot(built_repo.root)
    run = run_build(built_repo.root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("up to date") == 4, run.stdout  # clean, notebooks, figures, reports
    assert "Executing" not in run.stdout
    assert _snapshot(built_repo.root) == before, "a no-op rebuild rewrote files"
    # (its time, target < 2 s, is measured by benchmarks/bench.py, not here)


def test_one_plotly_js_for_figures_and_reports(built_repo):
    """figures/ and reports/ each carry plotly.min.js so that either folder works when sent alone; the two are
    the same bytes, so git stores them as one blob (README, « Two copies of plotly.js »)."""
    root = built_repo.root
    assert (root / "figures" / "plotly.min.js").read_bytes() == (root / "reports" / "plotly.min.js").read_bytes()
