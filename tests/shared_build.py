"""The session's one cold ``benchmark build`` of a fresh checkout, run in the background (tests/conftest.py).

The first worker whose collected tests need the built site starts it (under a file lock, once per session) as a
process of its own: ``python tests/shared_build.py SHARED_DIR WATCHED_PID``. It copies the working tree into a fresh
git repository, runs ``benchmark build`` there — in a network namespace with only loopback when ``unshare`` allows
it — and writes ``built_repo.json`` (atomically) when done. Meanwhile the workers run the tests that do not need
it; ``wait_for_shared_build`` waits for the record. The process ends with the test session: it watches the pid it
was given (the pytest process that started the workers) and stops if it disappears.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmark.publish.buildinfo import data_pathspecs

ROOT = Path(__file__).resolve().parents[1]
RECORD = "built_repo.json"
STARTED = "built_repo.started"
WAIT = 1200  # seconds: a cold build takes well under a minute; a stuck one must not hang the session


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
                *data_pathspecs(ROOT / "data" / "clean", ROOT / "data" / "raw"),
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


def run_build(root: Path, *args: str, offline: bool = False, timeout: int = 900) -> subprocess.CompletedProcess:
    """``benchmark build`` run as a whole command in ``root`` (its own src/ first on the path)."""
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [sys.executable, "-m", "benchmark.cli", "build", *args]
    if offline:
        script = "ip link set lo up && exec " + " ".join(command)
        command = [shutil.which("unshare"), "--net", "sh", "-c", script]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` (created if needed) across the session's worker processes."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def start_shared_build(shared: Path) -> None:
    """Start the background build once per session (a no-op when it was started already)."""
    shared.mkdir(parents=True, exist_ok=True)
    with exclusive(shared / "built_repo.lock"):
        if (shared / STARTED).exists():
            return
        session = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
        log = (shared / "built_repo.log").open("w")
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(shared), str(session)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not killed with the worker that started it: the other worker may need it
        )
        (shared / STARTED).write_text(str(process.pid), encoding="utf-8")


def wait_for_shared_build(shared: Path) -> BuiltRepo:
    """The record of the background build, once written; fails with the build's output when the build failed."""
    record, started = shared / RECORD, time.monotonic()
    while not record.exists():
        pid = int((shared / STARTED).read_text(encoding="utf-8"))
        if not alive(pid) and not record.exists():
            log = (shared / "built_repo.log").read_text(encoding="utf-8", errors="replace")
            raise AssertionError(f"the shared build (pid {pid}) ended without a record:\n{log[-4000:]}")
        if time.monotonic() - started > WAIT:
            raise AssertionError(f"the shared build took more than {WAIT} s")
        time.sleep(0.2)
    saved = json.loads(record.read_text(encoding="utf-8"))
    assert saved.pop("code") == 0, f"benchmark build failed in a fresh clone:\n{saved['output'][-4000:]}"
    return BuiltRepo(**{**saved, "root": Path(saved["root"])})


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


def _end_with(pid: int) -> None:
    """Exit when the test session (``pid``) is gone: a build of an interrupted session stops too."""

    def watch() -> None:
        while alive(pid):
            time.sleep(1)
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def main(shared: Path, session: int) -> int:
    _end_with(session)
    root = shared / "clone" / "repo"
    shutil.rmtree(root.parent, ignore_errors=True)
    root.mkdir(parents=True)
    fresh_repository(root)
    offline = _can_unshare()
    started = time.perf_counter()
    run = run_build(root, offline=offline)
    built = BuiltRepo(root, offline, time.perf_counter() - started, run.stdout + run.stderr)
    partial = shared / (RECORD + ".part")
    partial.write_text(json.dumps({**asdict(built), "root": str(root), "code": run.returncode}), encoding="utf-8")
    partial.replace(shared / RECORD)  # the waiting workers see the whole record or none
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
