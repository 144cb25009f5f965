"""The command acts on the project the user stands in, with clear messages for what it cannot do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmark import __version__, paths

COMMAND = [sys.executable, "-m", "benchmark.cli"]


def _run(args, cwd, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("BENCHMARK_ROOT", "BENCHMARK_CLEAN")}
    return subprocess.run(
        COMMAND + args, cwd=cwd, env={**environment, **env}, capture_output=True, text=True, timeout=600
    )


def _second_copy(tmp_path: Path) -> Path:
    """A second working copy of the project (its own data/raw, no data/clean yet)."""
    copy = tmp_path / "second"
    for name in ("pyproject.toml", "data/raw"):
        source, target = paths.ROOT / name, copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    return copy


def test_clean_acts_on_the_copy_it_is_run_in(tmp_path):
    """One virtualenv, two working copies: ``benchmark clean`` run inside the second writes only there."""
    copy = _second_copy(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in (paths.ROOT / "data" / "clean").iterdir()}
    done = _run(["clean"], cwd=copy / "data")  # from a subfolder: the project is found by walking up
    assert done.returncode == 0, done.stderr[-2000:]
    assert (copy / "data" / "clean" / "instruments.csv").exists()
    assert {p: p.stat().st_mtime_ns for p in (paths.ROOT / "data" / "clean").iterdir()} == before


def test_root_option_and_no_project(tmp_path):
    outside = _run(["clean"], cwd=tmp_path)
    assert outside.returncode == 2 and "no project here" in outside.stderr and "--root" in outside.stderr
    assert "Traceback" not in outside.stderr
    wrong = _run(["--root", str(tmp_path), "clean"], cwd=tmp_path)
    assert wrong.returncode == 2 and "not a project" in wrong.stderr


def test_version_help_and_validated_arguments(tmp_path):
    version = _run(["--version"], cwd=tmp_path)
    assert version.returncode == 0 and __version__ in version.stdout
    helped = _run(["build", "--help"], cwd=paths.ROOT)
    assert "Run clean first" in " ".join(helped.stdout.split())
    zero = _run(["build", "--workers", "0"], cwd=paths.ROOT)
    assert zero.returncode == 2 and "must be 1 or more" in zero.stderr


def test_a_missing_raw_folder_is_named(tmp_path):
    done = _run(["clean", "--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")], cwd=paths.ROOT)
    assert done.returncode == 1 and str(tmp_path / "nowhere") in done.stderr and "Traceback" not in done.stderr
    assert "from data/raw/" not in done.stderr


def test_a_command_run_in_process_leaves_the_environment_as_it_was(tmp_path):
    """Tests and tools call ``main`` in their own process: the kernels' variables must not outlive the call."""
    from benchmark.cli import main

    before = {k: os.environ.get(k) for k in ("BENCHMARK_ROOT", "BENCHMARK_CLEAN")}
    assert main(["clean", "--out", str(tmp_path / "out")]) == 0
    assert {k: os.environ.get(k) for k in ("BENCHMARK_ROOT", "BENCHMARK_CLEAN")} == before
