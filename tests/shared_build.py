"""A clean checkout of the working tree, and ``benchmark build`` run in it as a whole command (tests/conftest.py's
``built_repo``, the build tests).

``build_fresh_checkout`` copies the working tree's tracked and unignored files into a fresh git repository (what a
clean checkout holds) and builds it — in a network namespace with only loopback when ``unshare`` allows it, and
with a fontconfig (``FONTCONFIG_FILE``) that offers only the machine's other fonts than the project's and maps
Arial and sans-serif to a serif: the build must draw with its own fonts whatever the machine offers
(``benchmark.publish.fonts``), so that it still writes the committed bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmark.publish.buildinfo import data_pathspecs

ROOT = Path(__file__).resolve().parents[1]


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


def link_node_modules(target: Path) -> None:
    """The npm packages scripts/setup.sh installs (plotly.js, the page checkers), as a clone that ran it has them."""
    if (ROOT / "node_modules").is_dir() and not (target / "node_modules").exists():
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def fresh_repository(target: Path) -> Path:
    """Copy the working tree's tracked and unignored files into ``target`` and commit them there, dated like
    the last commit that changed the data here (``benchmark.publish.buildinfo``: the reports' date comes from it): a clean
    checkout."""
    listed = (
        subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    link_node_modules(target)
    date = (
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "log",
                "-1",
                "--format=%cI",
                "--",
                *data_pathspecs(ROOT / "data" / "clean"),
            ],
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


OTHER_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <dir>/usr/local/share/fonts</dir>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont><glob>*DejaVuSans*</glob></rejectfont></selectfont>
  <alias binding="strong"><family>Arial</family><prefer><family>DejaVu Serif</family><family>serif</family></prefer></alias>
  <alias binding="strong"><family>sans-serif</family><prefer><family>DejaVu Serif</family><family>serif</family></prefer></alias>
</fontconfig>
"""


def other_fonts(folder: Path) -> Path:
    """A fontconfig file that offers the machine's fonts less the project's (DejaVu Sans), Arial drawn as a serif."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fonts.conf"
    path.write_text(OTHER_FONTS.format(cache=folder / "cache"), encoding="utf-8")
    return path


def run_build(
    root: Path, *args: str, offline: bool = False, timeout: int = 900, fontconfig: Path | None = None
) -> subprocess.CompletedProcess:
    """``benchmark build`` run as a whole command in ``root`` (its own src/ first on the path), with ``fontconfig``
    as the machine's fontconfig file when given."""
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    if fontconfig is not None:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [sys.executable, "-m", "benchmark.cli", "build", *args]
    if offline:
        script = "ip link set lo up && exec " + " ".join(command)
        command = [shutil.which("unshare"), "--net", "sh", "-c", script]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


def build_fresh_checkout(target: Path) -> BuiltRepo:
    """A fresh repository of the working tree in ``target/repo``, after one cold ``benchmark build`` (offline when
    ``unshare`` allows it, the machine's fontconfig offering only other fonts); fails with the build's output when
    the build fails."""
    root = target / "repo"
    root.mkdir(parents=True)
    fresh_repository(root)
    offline = _can_unshare()
    started = time.perf_counter()
    run = run_build(root, offline=offline, fontconfig=other_fonts(target / "fontconfig"))
    output = run.stdout + run.stderr
    assert run.returncode == 0, f"benchmark build failed in a fresh clone:\n{output[-4000:]}"
    return BuiltRepo(root, offline, time.perf_counter() - started, output)


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (an ended process not yet reaped by its parent, a zombie, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by the worker that started it) is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] != "Z"
    except OSError:
        return True
