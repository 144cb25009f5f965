"""Worker processes that end with their parent: a killed ``benchmark build`` leaves no orphan worker.

Use as a pool initializer, with the parent's pid, so a parent already gone before the call is caught too::

    ProcessPoolExecutor(..., initializer=worker_started, initargs=(os.getpid(),))

Linux sends the signal when the *thread* that started the worker ends: start workers from the main thread
(``ProcessPoolExecutor.submit`` does, with the ``fork`` context, unless ``max_tasks_per_child`` is set).
Elsewhere it does nothing (there is no portable equivalent).
"""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int | None = None, sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent dies; True when it could."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent_pid is not None and os.getppid() != parent_pid:  # the parent died before prctl
        os.kill(os.getpid(), sig)
    return True


def worker_started(parent_pid: int | None = None) -> None:
    """A pool worker's initializer: it dies with its parent (``die_with_parent``) and leaves the terminal's process
    group. Ctrl-C reaches every process of that group; a worker reached by it would print its own traceback, and
    the notebook client it runs would start cleaning its kernel up mid-cell. Out of the group, the worker is ended
    by its parent instead (``benchmark.cli`` kills the workers on Ctrl-C; ``die_with_parent`` when the parent dies),
    which alone says what happened."""
    os.setpgid(0, 0)
    die_with_parent(parent_pid)


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs, as Linux lists them (``/proc/PID/task/*/children``); empty
    elsewhere or when they are gone."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                children = [int(c) for c in handle.read().split()]
        except (OSError, ValueError):
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def kill_tree(pid: int) -> None:
    """Kill ``pid`` and every process it started (a worker and its notebook's kernel, which would otherwise end a
    moment later on its own, saying so); best effort."""
    for target in [*descendants(pid), pid]:
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
