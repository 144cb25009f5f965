"""The atomic folder swap (``benchmark.core.atomic``): old-or-new under a kill between any two filesystem calls,
stale temporaries removed at the next run, modes as a normal ``mkdir``, workers that die with their parent."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmark.core import atomic

OPS = ("_rename", "_rmtree")


def write_tree(folder: Path, version: str) -> None:
    for name in ("a.csv", "b.csv", "c.xlsx"):
        (folder / name).write_text(f"{name} {version}\n", encoding="utf-8")


def state(folder: Path) -> str | None:
    """« old » or « new » when every file agrees, None when the folder is missing, else the mix found."""
    if not folder.is_dir():
        return None
    found = {p.read_text(encoding="utf-8").split()[1] for p in folder.iterdir()}
    names = sorted(p.name for p in folder.iterdir())
    if len(found) == 1 and names == ["a.csv", "b.csv", "c.xlsx"]:
        return found.pop()
    return f"mixed {sorted(found)} {names}"


def state_at_once(folder: Path) -> str | None:
    """``state`` as a reader that opens the folder once sees it (a swap during the reading cannot mix it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    try:
        names = sorted(os.listdir(fd))
        found = set()
        for name in names:
            try:
                handle = os.open(name, os.O_RDONLY, dir_fd=fd)
            except FileNotFoundError:  # this was the old folder, deleted while it was read: read again
                return state_at_once(folder)
            with os.fdopen(handle, encoding="utf-8") as fh:
                found.add(fh.read().split()[1])
        deleted = os.fstat(fd).st_nlink == 0  # the old folder, removed while it was read
    finally:
        os.close(fd)
    if deleted:
        return state_at_once(folder)
    if len(found) == 1 and names == ["a.csv", "b.csv", "c.xlsx"]:
        return found.pop()
    return f"mixed {sorted(found)} {names}"


def kill_at(monkeypatch, n: int, *, partial_rmtree: bool) -> None:
    """Make filesystem call number ``n`` (0-based) of ``atomic`` end the process as SIGKILL would."""
    calls = [0]
    for op in OPS:
        real = getattr(atomic, op)

        def hooked(*args, _real=real, _op=op):
            if calls[0] == n:
                if _op == "_rmtree" and partial_rmtree:  # killed half-way through a deletion
                    first = next(iter(sorted(Path(args[0]).iterdir())), None)
                    if first is not None:
                        first.unlink()
                os._exit(9)
            calls[0] += 1
            return _real(*args)

        monkeypatch.setattr(atomic, op, hooked)


def run_in_child(fn) -> int:
    """Run ``fn`` in a forked child (so a simulated kill really ends a process) and return its exit code."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            fn()
        except BaseException:
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def leftovers(parent: Path, target: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name != target.name)


@pytest.mark.parametrize("partial", [False, True], ids=["clean-kill", "kill-mid-rmtree"])
def test_kill_between_every_pair_of_operations_leaves_old_or_new(tmp_path, monkeypatch, partial):
    outcomes = set()
    for n in range(12):  # more than the calls a swap makes: the last runs complete without a kill
        parent = tmp_path / f"run{n}"
        parent.mkdir()
        target = parent / "clean"
        target.mkdir()
        write_tree(target, "old")
        with monkeypatch.context() as m:
            kill_at(m, n, partial_rmtree=partial)

            def swap(target=target):
                new = atomic.staging_dir(target)
                write_tree(new, "new")
                atomic.replace_dir(new, target)

            code = run_in_child(swap)
        assert code in (0, 9), f"call {n}: child failed with {code}"
        seen_now = state(target)
        # Right after the kill: old or new, or missing in the two-rename window, which the next run restores.
        assert seen_now in ("old", "new", None), (n, seen_now)
        atomic.recover(target)  # what the next run does first
        final = state(target)
        assert final in ("old", "new"), (n, final)
        assert leftovers(parent, target) == [], (n, leftovers(parent, target))
        if code == 0:
            assert final == "new"
        outcomes.add((code, final))
    assert (0, "new") in outcomes and (9, "old") in outcomes  # both ends were reached


def test_staging_and_final_modes_are_those_of_mkdir(tmp_path):
    old_umask = os.umask(0o022)
    try:
        target = tmp_path / "clean"
        new = atomic.staging_dir(target)
        assert stat.S_IMODE(new.stat().st_mode) == 0o755
        write_tree(new, "new")
        atomic.replace_dir(new, target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o755
        assert stat.S_IMODE((target / "a.csv").stat().st_mode) == 0o644
    finally:
        os.umask(old_umask)


def test_sweep_keeps_live_runs_and_removes_dead_and_legacy_ones(tmp_path):
    target = tmp_path / "clean"
    target.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f".clean-{dead.pid}-0a1b2c3d").mkdir()
    (tmp_path / ".clean-k2x9_a1b").mkdir()  # tempfile.mkdtemp's name, from before this module
    live = tmp_path / f".clean-{os.getpid()}-deadbeef"
    live.mkdir()
    other = tmp_path / ".reports-k2x9_a1b"
    other.mkdir()
    atomic.recover(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["clean", live.name, other.name])


def test_recover_restores_the_old_folder_after_a_kill_between_two_renames(tmp_path):
    target = tmp_path / "reports"
    old = atomic.old_path(target)
    old.mkdir()
    write_tree(old, "old")
    atomic.recover(target)
    assert state(target) == "old" and not old.exists()


def test_replace_dir_refuses_a_folder_elsewhere(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(ValueError, match="beside"):
        atomic.replace_dir(tmp_path / "a", tmp_path / "b" / "clean")


def test_a_worker_dies_with_its_parent(tmp_path):
    """A grandchild that called die_with_parent ends when its parent is killed with SIGKILL."""
    pid_file = tmp_path / "worker.pid"
    parent_code = f"""
import os, sys, time
sys.path.insert(0, {str(Path(atomic.__file__).parents[1])!r})
from benchmark.core.processes import die_with_parent
me = os.getpid()
child = os.fork()
if child == 0:
    die_with_parent(me)
    open({str(pid_file)!r}, "w").write(str(os.getpid()))
    time.sleep(60)
    os._exit(0)
time.sleep(60)
"""
    parent = subprocess.Popen([sys.executable, "-c", parent_code])
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    worker = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        # a zombie reparented to a subreaper still answers kill(0): check its state
        status = Path(f"/proc/{worker}/stat")
        if status.exists() and status.read_text().split(")")[-1].split()[0] in ("Z", "X"):
            break
        time.sleep(0.05)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its killed parent")


def test_write_file_is_old_or_new_under_a_kill_and_sweeps_the_killed_temporary(tmp_path, monkeypatch):
    path = tmp_path / "01_overview.ipynb"
    path.write_text("old notebook", encoding="utf-8")
    new = "new notebook " * 10_000

    def killed_before_replace(src, dst):
        os._exit(9)

    def killed_after_replace(src, dst, _real=atomic._replace):
        _real(src, dst)
        os._exit(9)

    for hook, expected in ((killed_before_replace, "old notebook"), (killed_after_replace, new)):
        with monkeypatch.context() as m:
            m.setattr(atomic, "_replace", hook)
            assert run_in_child(lambda: atomic.write_file(path, new)) == 9
        assert path.read_text(encoding="utf-8") == expected
        # the killed run's temporary file stays until the next write of that path sweeps it
        assert len(list(tmp_path.glob(".01_overview.ipynb-*"))) == (1 if hook is killed_before_replace else 0)
    (tmp_path / ".01_overview.ipynb-999999999-0a1b2c3d").write_text("half", encoding="utf-8")
    old_umask = os.umask(0o022)
    try:
        atomic.write_file(path, "third")
    finally:
        os.umask(old_umask)
    assert path.read_text(encoding="utf-8") == "third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_overview.ipynb"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_recover_also_restores_what_the_earlier_writers_left(tmp_path):
    """Before this module, write_clean parked data/clean as data/clean.old: a kill left only that."""
    target = tmp_path / "clean"
    legacy = tmp_path / "clean.old"
    legacy.mkdir()
    write_tree(legacy, "old")
    atomic.recover(target)
    assert state(target) == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["clean"]


def test_concurrent_runs_never_mix_states_and_readers_always_find_a_whole_folder(tmp_path):
    """Two runs swapping the same folder 40 times each while a reader looks: never a mix (the two renames leave it
    missing for an instant, never mixed)."""
    target = tmp_path / "clean"
    target.mkdir()
    write_tree(target, "old")

    def writer_loop(version):
        def loop():
            for _ in range(40):
                new = atomic.staging_dir(target)
                write_tree(new, version)
                atomic.replace_dir(new, target)

        return loop

    children = []
    for version in ("A", "B"):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                writer_loop(version)()
            except BaseException:
                os._exit(3)
            os._exit(0)
        children.append(pid)
    seen, running, codes = set(), set(children), []
    while running:
        seen.add(state_at_once(target))
        for pid in list(running):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                running.discard(pid)
                codes.append(os.waitstatus_to_exitcode(status))
    assert codes == [0, 0]
    assert seen <= {"old", "A", "B", None}, seen
    assert state(target) in ("A", "B")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]
