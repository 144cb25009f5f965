"""Worker processes that end with their parent: a killed ``benchmark build`` leaves no orphan worker.

Use as a pool initializer, with the parent's pid, so a parent already gone before the call is caught too::

    ProcessPoolExecutor(..., initializer=die_with_parent, initargs=(os.getpid(),))

Linux sends the signal when the *thread* that started the worker ends: start workers from the main thread
(``ProcessPoolExecutor.submit`` does, with the ``fork`` context, unless ``max_tasks_per_child`` is set).
Elsewhere it does nothing (there is no portable equivalent).

:class:`Forked` runs one function in such a process beside the caller, on the memory the caller has (a file
written on the second core while the first writes others).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable

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


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a child process (chained as the exception's cause)."""

    def __str__(self) -> str:
        return str(self.args[0])


class Forked:
    """``fn(*args)`` run in a forked child process, beside the caller, that dies with its parent.

    The child inherits the caller's memory as it is (nothing is pickled on the way in: large frames are shared,
    copy on write). Until the child is done, the garbage collector of both processes leaves the objects that
    existed at the fork alone (``gc.freeze``): a collection writes into every object it visits, which would copy
    the shared memory page by page; the memory the C allocator holds free is given back first, for the same
    reason. :meth:`result` waits for the child and raises what ``fn`` raised (its traceback chained) or a
    ``ChildProcessError`` if the child died without a word; :meth:`cancel` ends it (a run that fails elsewhere must
    not leave it writing). The return value of ``fn`` is dropped: it works by its effects (a file written).
    """

    def __init__(self, fn: Callable[..., object], *args: object):
        context = multiprocessing.get_context("fork")
        _release_free_memory()
        gc.freeze()  # until the child is done, the parent's collections leave the shared objects alone too
        self._outcome, sent = context.Pipe(duplex=False)
        parent = os.getpid()

        def run() -> None:
            die_with_parent(parent)
            try:
                fn(*args)
            except BaseException as exc:  # handed to the parent, which raises it
                sent.send((_picklable(exc), "".join(traceback.format_exception(exc))))
            else:
                sent.send(None)

        self._process = context.Process(target=run, name=f"forked {getattr(fn, '__name__', fn)}", daemon=True)
        self._process.start()
        sent.close()  # the child's end: the parent reads EOF when the child dies without sending

    def result(self) -> None:
        try:
            outcome = self._outcome.recv()
        except EOFError:  # the child died before it could say how fn ended
            outcome = None
        finally:
            self._process.join()
            self._outcome.close()
            gc.unfreeze()
        if outcome is not None:
            exc, text = outcome
            raise exc from RemoteTraceback(text)
        if self._process.exitcode != 0:
            raise ChildProcessError(
                f"{self._process.name} (pid {self._process.pid}) died with exit code {self._process.exitcode}"
            )

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._outcome.close()
        gc.unfreeze()


def _release_free_memory() -> None:
    """Give the memory the C allocator holds free back to the system (glibc's ``malloc_trim``; elsewhere nothing).
    Before a fork: free memory left resident would be shared with the child, then copied as soon as the parent
    allocates in it."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _picklable(exc: BaseException) -> BaseException:
    """``exc`` itself when it can cross a pipe, else an error that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
