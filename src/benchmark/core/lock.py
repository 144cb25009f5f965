"""One ``benchmark clean`` or ``benchmark build`` at a time per project.

Two builds of one project at once would write the same folders and stamp pages with a data version read while
the other changed the data. The command takes an exclusive ``flock`` on a folder of the project (no lock file
to leave behind, ignore in git or delete by mistake); a second command waits for it, saying so, and goes on once
the first has ended. The kernel drops the lock when its holder ends in any way, ``kill -9`` included, so a lock
never outlives its build. The folder locked is the project's ``data/raw/``, which every clean and build reads: not
the project's root, whose lock ``benchmark.core.atomic`` takes to swap ``reports/`` and ``figures/`` (a process
holding both through two descriptors would wait for itself). Only the command line takes it: the library's functions (and the tests calling them on
their own copies) do not.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; the lock is then a no-op
    fcntl = None  # type: ignore[assignment]


def lock_target(root: Path) -> Path:
    """What the lock of the project at ``root`` is taken on (see the module's docstring)."""
    return Path(root) / "data" / "raw"


def held_elsewhere(root: Path) -> bool:
    """Whether another process holds the project's lock now."""
    if fcntl is None:
        return False
    fd = os.open(lock_target(root), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing the descriptor releases a lock taken through it
    return False


@contextmanager
def project_lock(root: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the lock of the project at ``root`` for the ``with`` block; when another process holds it, call
    ``on_wait`` once (to say so) and wait until it is free. Ctrl-C while waiting raises ``KeyboardInterrupt``."""
    if fcntl is None:
        yield
        return
    # O_CLOEXEC: the programs the build starts (kernels, Chromium) do not inherit the lock; its forked workers do,
    # and end with it.
    fd = os.open(lock_target(root), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
