"""``benchmark.core.processes.Forked``: a function run in a forked child on the caller's memory; what it raises, or its
death, reaches the caller; it can be stopped, and it dies with its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from shared_build import alive

from benchmark.core import processes
from benchmark.core.processes import Forked, RemoteTraceback


def test_the_child_works_on_the_callers_memory(tmp_path):
    inherited = {"rows": list(range(1000))}  # never pickled: the child sees the caller's objects

    def write(path):
        path.write_text(str(sum(inherited["rows"])), encoding="utf-8")
        return "dropped"

    child = Forked(write, tmp_path / "out.txt")
    assert child.result() is None
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == str(sum(range(1000)))


def fail_deep(cell):
    raise ValueError(f"cell {cell}: a control character cannot be written")


def test_the_childs_exception_is_raised_with_its_traceback():
    child = Forked(fail_deep, "B3")
    with pytest.raises(ValueError, match="cell B3: a control character") as raised:
        child.result()
    cause = raised.value.__cause__
    assert isinstance(cause, RemoteTraceback) and "fail_deep" in str(cause) and "ValueError" in str(cause)


def test_an_exception_that_cannot_cross_the_pipe_is_named():
    class Local(Exception):  # a local class cannot be pickled
        pass

    def fail():
        raise Local("details")

    with pytest.raises(RuntimeError, match="Local: details"):
        Forked(fail).result()


def test_a_child_that_dies_without_a_word_is_an_error():
    with pytest.raises(ChildProcessError, match="exit code 7"):
        Forked(os._exit, 7).result()


def test_cancel_ends_the_child(tmp_path):
    started = tmp_path / "started"

    def wait_long():
        started.write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(60)

    child = Forked(wait_long)
    deadline = time.monotonic() + 20
    while not (started.exists() and started.read_text()) and time.monotonic() < deadline:
        time.sleep(0.02)
    began = time.monotonic()
    child.cancel()
    assert time.monotonic() - began < 10
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)  # ended and reaped


def test_the_collector_is_unfrozen_once_the_child_is_done():
    import gc

    Forked(int).result()
    assert gc.get_freeze_count() == 0


def test_a_forked_child_dies_with_its_parent(tmp_path):
    pid_file = tmp_path / "child.pid"
    parent_code = f"""
import os, sys, time
sys.path.insert(0, {str(Path(processes.__file__).parents[1])!r})
from benchmark.core.processes import Forked
def wait():
    open({str(pid_file)!r}, "w").write(str(os.getpid()))
    time.sleep(60)
Forked(wait)
time.sleep(60)
"""
    parent = subprocess.Popen([sys.executable, "-c", parent_code])
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive(child):
        time.sleep(0.05)
    if alive(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the forked child outlived its killed parent")
