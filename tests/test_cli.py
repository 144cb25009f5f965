"""The command acts on the project the user stands in, with clear messages for what it cannot do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmark import __version__
from benchmark.core import paths

COMMAND = [sys.executable, "-m", "benchmark.cli"]


def _run(args, cwd, **env):
    environment = {k: v for k, v in os.environ.items() if k not in paths.ENVIRONMENT}
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


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its inode and modification time: a rewrite or a swap changes them."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_clean_acts_on_the_copy_it_is_run_in(tmp_path):
    """One virtualenv, two working copies: the first copy's ``benchmark`` command, run inside the second, writes
    the second's data/clean/ and nothing of the first (the checkout the package is installed from)."""
    command = Path(sys.executable).with_name("benchmark")  # the console script the README installs
    assert command.exists(), f"{command}: install the project (bash scripts/setup.sh) to get the command"
    copy = _second_copy(tmp_path)
    first = paths.PACKAGE_CHECKOUT / "data" / "clean"
    before, folder_before = _state(first), first.stat().st_ino
    environment = {k: v for k, v in os.environ.items() if k not in paths.ENVIRONMENT}
    done = subprocess.run(  # from a subfolder: the project is found by walking up
        [str(command), "clean"], cwd=copy / "data", env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    written = copy / "data" / "clean"
    assert (written / "instruments.csv").read_bytes() == (first / "instruments.csv").read_bytes()
    assert str(written) in done.stdout
    assert _state(first) == before and first.stat().st_ino == folder_before


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

    before = {k: os.environ.get(k) for k in paths.ENVIRONMENT}
    assert main(["clean", "--out", str(tmp_path / "out")]) == 0
    assert {k: os.environ.get(k) for k in paths.ENVIRONMENT} == before


def test_the_kernels_read_the_raw_and_clean_folders_the_build_was_given(tmp_path, monkeypatch):
    """``benchmark build --raw R --clean C`` cleans R into C: the notebooks it starts (processes of their own, as
    the kernels are) read C's tables and R's step 5 decisions, not the project's folders."""
    import benchmark.build.steps
    from benchmark.cli import main

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    seen = {}

    def kernel_like(args) -> int:  # what a process the build starts finds in benchmark.core.paths
        code = "from benchmark.core import paths; print(paths.RAW); print(paths.CLEAN)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        seen["raw"], seen["clean"] = out.split()
        return 0

    monkeypatch.setattr(benchmark.build.steps, "cmd_build", kernel_like)
    args = ["build", "--raw", str(raw), "--clean", str(clean), "--skip-figures", "--skip-pdfs"]
    assert main(args) == 0
    assert seen == {"raw": str(raw.resolve()), "clean": str(clean.resolve())}


def test_a_file_missing_from_another_raw_folder_names_that_folder(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    (raw / "part4_needs.csv").unlink()
    done = _run(["clean", "--raw", str(raw), "--out", str(tmp_path / "out")], cwd=paths.ROOT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"part4_needs.csv — file is missing from {raw}" in done.stderr
    assert "from data/raw/" not in done.stderr and not (tmp_path / "out").exists()


def test_build_without_chromium_for_the_pdfs_says_how_to_install_it(tmp_path):
    copy = _second_copy(tmp_path)
    done = _run(["build"], cwd=copy, BENCHMARK_CHROMIUM=str(tmp_path / "no-chromium"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    message = " ".join(done.stderr.split())
    assert str(tmp_path / "no-chromium") in message and "sudo apt-get install chromium" in message
    assert "bash scripts/setup.sh" in message and "BENCHMARK_CHROMIUM" in message and "--skip-pdfs" in message
    assert "--skip-figures" in message and "the figures' images and the PDFs" in message
    assert len(done.stderr.strip().splitlines()) == 1  # one paragraph
    assert sorted(p.name for p in copy.iterdir()) == ["data", "pyproject.toml"]  # stopped before any step
    assert sorted(p.name for p in (copy / "data").iterdir()) == ["raw"]


def test_without_figures_and_pdfs_a_build_needs_no_chromium(tmp_path, monkeypatch):
    from benchmark import cli
    from benchmark.publish import chromium

    monkeypatch.setattr(chromium, "CHROMIUM", tmp_path / "no-chromium")
    assert cli.missing_chromium(figures=False, pdfs=False) is None
    pdfs_only = " ".join((cli.missing_chromium(figures=False, pdfs=True) or "").split())
    assert "the PDFs of reports/" in pdfs_only and "--skip-pdfs" in pdfs_only and "images" not in pdfs_only
    figures_only = " ".join((cli.missing_chromium(figures=True, pdfs=False) or "").split())
    assert "the figures' images" in figures_only and "--skip-figures" in figures_only and "PDF" not in figures_only


def test_a_step_that_stops_is_a_message_with_an_exit_code(tmp_path, monkeypatch, capsys):
    """A ``RuntimeError`` out of a build step (a browser that died, a swap refused) is one paragraph, exit 1."""
    from benchmark import cli
    from benchmark.build import steps

    monkeypatch.setattr(cli, "missing_chromium", lambda figures, pdfs: None)
    for error, expected, hidden in (
        (RuntimeError("reports render different notebook CSS:\n it cannot be shared"), "cannot be shared", "\n "),
    ):

        def fail(*args, error=error, **kwargs):
            raise error

        monkeypatch.setattr(steps, "build", fail)
        assert cli.main(["--root", str(_second_copy(tmp_path / type(error).__name__)), "build"]) == 1
        err = capsys.readouterr().err
        assert expected in err and "What to do" in err and hidden not in err and "Traceback" not in err
