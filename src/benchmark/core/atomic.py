"""Replace an output folder (``data/clean/``, ``figures/``, ``reports/``, notebooks) so that a kill at any
instant leaves the old or the new folder, and nothing else once the next run has started.

The output folders are committed to git as real directories, so a symlink swap is not an option. Instead::

    new = staging_dir(target)          # .<name>-<pid>-<random> beside target, mode as a normal mkdir
    ... write every file into new ...
    replace_dir(new, target)           # two renames, then the old content is deleted

``replace_dir`` makes two renames (``target`` → ``.<name>.old``, then ``new`` → ``target``); a kill between them
leaves no ``target`` for a moment, and ``recover(target)`` — called by ``staging_dir`` and ``replace_dir`` of the
next run, and by ``benchmark clean`` first — puts the old folder back. ``sweep_stale`` removes
staging folders whose process is gone (a killed run's temporaries). Swaps of folders in one parent are
serialised by an advisory lock on that parent, so concurrent runs never mix states.

One file (a refreshed notebook) is replaced with ``write_file(path, data)``: a temporary file beside it, then
one ``os.replace``.

Every filesystem call goes through the module-level ``_rename``, ``_replace`` and ``_rmtree``
so the fault-injection tests can stop a run between any two of them.
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


def _rename(src: Path, dst: Path) -> None:
    os.rename(src, dst)


def _rmtree(path: Path) -> None:
    """Delete a folder, also when the user made it or its subfolders read-only (then chmod u+rwx, retry)."""
    try:
        shutil.rmtree(path)
    except PermissionError:
        os.chmod(path, stat.S_IRWXU)
        for folder, subfolders, _ in os.walk(path):  # top-down: each folder is opened after its chmod
            for name in subfolders:
                os.chmod(os.path.join(folder, name), stat.S_IRWXU)
        shutil.rmtree(path)


def _discard(path: Path) -> None:
    """Delete a folder nobody needs any more (old content, a dead run's staging). If that fails, say so and
    go on: the output is already in place, and the next run tries again."""
    try:
        _rmtree(path)
    except OSError as err:
        log.warning(
            "benchmark: could not delete the leftover folder %s (%s); delete it by hand when you can "
            "— the outputs themselves are complete.",
            path,
            err.strerror or err,
        )


def _prefix(target: Path) -> str:
    return f".{target.name}-"


def old_path(target: Path) -> Path:
    """Where the two-rename swap parks the old folder (hidden, beside ``target``)."""
    return target.with_name(f".{target.name}.old")


def _fsync_dir(path: Path) -> None:
    """Make a rename durable (a power cut, not a kill, needs this); best effort."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _locked(parent: Path):
    """An exclusive advisory lock on ``parent`` (a directory), released on exit or when the process dies."""
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _owner_alive(name: str, prefix: str) -> bool:
    """Is the process that made staging folder ``name`` still running? Names without a pid are stale."""
    parts = name[len(prefix) :].split("-")
    if len(parts) != 2 or not parts[0].isdigit():
        return False  # e.g. ``.clean-k2x9_a1b`` left by an earlier version (tempfile.mkdtemp)
    pid = int(parts[0])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def sweep_stale(parent: Path, prefix: str) -> list[Path]:
    """Remove ``parent/<prefix>*`` folders left by runs that are no longer alive; return what was removed."""
    parent = Path(parent)
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for p in sorted(parent.iterdir()):
        if not p.name.startswith(prefix) or p.is_symlink() or _owner_alive(p.name, prefix):
            continue
        if p.is_dir():
            _discard(p)
        else:
            p.unlink(missing_ok=True)  # a temporary file of write_file
        removed.append(p)
    return removed


def _recover_locked(target: Path) -> None:
    # ``clean.old``/``reports.old``: where the writers before this module parked the old folder
    for old in (old_path(target), target.with_name(target.name + ".old")):
        if old.is_dir() and not old.is_symlink():
            if target.exists():
                _discard(old)  # the new folder is in place; only the deletion of the old one was interrupted
            else:
                _rename(old, target)  # killed between the two renames: the old folder comes back
    sweep_stale(target.parent, _prefix(target))


def recover(target: Path) -> None:
    """Finish or undo a swap a killed run left half-done, and remove stale staging folders of ``target``."""
    target = Path(target)
    if not target.parent.is_dir():
        return
    with _locked(target.parent):
        _recover_locked(target)


def staging_dir(target: Path) -> Path:
    """A new empty folder beside ``target`` to write into, created like ``mkdir`` (0755 under umask 022).

    Recovers ``target`` from a killed run first, so stale temporaries never pile up.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    path = target.with_name(f"{_prefix(target)}{os.getpid()}-{secrets.token_hex(4)}")
    path.mkdir()  # not tempfile.mkdtemp: its 0700 would become the output folder's mode
    return path


def replace_dir(new: Path, target: Path) -> None:
    """Make ``new`` (a staging folder beside ``target``) be ``target``; the old content is deleted.

    At every instant ``target`` is the old or the new folder, or missing between the two renames, in which case
    ``recover`` restores the old one at the next run.
    """
    new, target = Path(new), Path(target)
    if new.parent.resolve() != target.parent.resolve():
        raise ValueError(f"{new} must be beside {target} (a rename cannot cross folders)")
    with _locked(target.parent):
        _recover_locked(target)  # sweeps only dead runs' folders: this one and live runs' stay
        old = old_path(target)
        if target.exists():
            _rename(target, old)
        _rename(new, target)
        _fsync_dir(target.parent)
        if old.exists():
            _discard(old)


def write_file(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    """Replace one file (e.g. a refreshed notebook) by the old or the new content under a kill, never a part.

    The content goes to ``.<name>-<pid>-<random>`` beside it, then one ``os.replace``; the mode is the one
    ``open`` gives a new file (0644 under umask 022). A killed run's temporary file is removed by the next
    ``write_file`` of that path.
    """
    path = Path(path)
    sweep_stale(path.parent, _prefix(path))
    tmp = path.with_name(f"{_prefix(path)}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data.encode(encoding) if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _replace(src: Path, dst: Path) -> None:
    os.replace(src, dst)


def replace_if_changed(path: Path, data: bytes | str) -> bool:
    """Write ``data`` to ``path`` (old or new content under a kill: ``write_file``) unless the file already
    holds exactly these bytes; return whether it was written. An unchanged file keeps its mtime."""
    path = Path(path)
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, data)
    return True
