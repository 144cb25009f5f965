"""Worker processes that end with their parent: a killed ``benchmark build`` leaves no orphan worker.

Use as a pool initializer, with the parent's pid, so a parent already gone before the call is caught too::

    ProcessPoolExecutor(..., initializer=die_with_parent, initargs=(os.getpid(),))

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
