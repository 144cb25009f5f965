"""Bounded reading of raw files: every file and cell has a size limit, checked before it is parsed, and only
regular files are read.

A FIFO in place of a CSV would make a plain ``read`` wait forever, a link to ``/dev/zero`` would fill the memory;
a workbook of 1 MB can unpack to gigabytes of XML. ``read_regular`` opens without blocking, looks at what it opened
(``fstat``: the file a link leads to, not the link) and reads at most the limit; ``cell_problems`` refuses, with
the cell, a value longer than a spreadsheet cell can hold or holding an invisible control character (a vertical
tab pasted from Word, which Excel stores as ``_x000B_``: no XML file, hence no workbook, can hold it). The limits
are stated in data/raw/README.md (« Limites »); a test holds that text and these numbers together.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from benchmark.core.errors import Problem

MIB = 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell: a longer value cannot have been typed in a spreadsheet
MAX_CSV_BYTES = 8 * MIB  # one CSV file of data/raw/ (the largest today is under 30 KB)
MAX_TEXT_BYTES = 8 * MIB  # annex_i.tsv, a source's text copy (the report is 150 KB)
MAX_WORKBOOK_BYTES = 32 * MIB  # inventories.xlsx as stored (75 KB today)
MAX_WORKBOOK_UNPACKED = 64 * MIB  # the XML it unpacks to, all parts together (under 1 MB today; 7 MB for 100 000 rows)
MAX_METADATA_BYTES = 1 * MIB  # source.json, package.toml

# Characters no cell may hold: C0 controls but tab, line feed and carriage return (XML 1.0 cannot hold them, so
# neither can a workbook), DEL and the C1 controls (what Windows-1252 text read as Latin-1 leaves), and the two
# non-characters U+FFFE and U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_NAMES = {
    0x0B: "vertical tab: a line break pasted from Word, stored by Excel as _x000B_",
    0x0C: "form feed: a page break pasted from Word",
    0x00: "NUL byte",
    0x1B: "escape",
    0x7F: "delete",
}


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _size(n: int) -> str:
    return f"{n / MIB:g} MB" if n >= MIB else f"{_count(n)} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device (such as /dev/zero)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path, limit: int, problems: list[Problem], name: str | None = None) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (a link is followed: what it leads to counts) of at most
    ``limit`` bytes; else a located problem and None. A missing file is the caller's to report: None, no problem."""
    name = name or Path(path).name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            problems.append(
                Problem(name, f"is a link to {os.readlink(path)!r}, which does not exist: put the file itself there")
            )
        return None
    except IsADirectoryError:
        problems.append(Problem(name, "is a folder, not a regular file: move the folder away"))
        return None
    except OSError as err:
        problems.append(Problem(name, f"cannot be opened: {err.strerror or err}"))
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problems.append(
                Problem(
                    name,
                    f"is {_kind(info.st_mode)}, not a regular file: put the file itself there "
                    f"(git checkout -- data/raw/{Path(path).name} restores the committed one)",
                )
            )
            return None
        if info.st_size > limit:
            problems.append(Problem(name, _too_large(info.st_size, limit)))
            return None
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 * MIB, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while it was read
                problems.append(Problem(name, _too_large(total, limit)))
                return None
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_required(path: Path, limit: int, problems: list[Problem]) -> bytes | None:
    """:func:`read_regular` for a file that must be there: a missing one is a located problem too."""
    data = read_regular(path, limit, problems)
    if data is None and not os.path.exists(path) and not os.path.islink(path):
        problems.append(Problem(Path(path).name, f"file is missing from {Path(path).parent}"))
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"file is {_count(size)} bytes, over the limit of {_count(limit)} bytes ({_size(limit)}) for this file "
        "(data/raw/README.md, « Limites »): "
        "is it the right file? A raw file this large is a mistake (an export of another table, a paste gone wrong)"
    )


def regular_file_problem(path: Path, limit: int, name: str | None = None) -> Problem | None:
    """Like ``read_regular`` without reading: a problem when ``path`` exists and is not a regular file of at most
    ``limit`` bytes (for the readers that take a path, such as the workbook's)."""
    name = name or Path(path).name
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        return Problem(name, f"cannot be read: {err.strerror or err}")
    if not stat.S_ISREG(info.st_mode):
        return Problem(
            name,
            f"is {_kind(info.st_mode)}, not a regular file: put the file itself there "
            f"(git checkout -- data/raw/{Path(path).name} restores the committed one)",
        )
    if info.st_size > limit:
        return Problem(name, _too_large(info.st_size, limit))
    return None


def describe_control(char: str) -> str:
    code = ord(char)
    label = _CONTROL_NAMES.get(code, "an invisible control character")
    return f"U+{code:04X} ({label})"


def shown(value: str, around: int | None = None) -> str:
    """A long value as a message shows it: its start, and its length."""
    if around is not None:
        start = max(0, around - 30)
        return value[start : around + 30]
    return value if len(value) <= 80 else f"{value[:60]}… ({_count(len(value))} characters)"


def cell_problems(columns: dict[str, list], file: str, first_row: int = 2, sheet: str | None = None) -> list[Problem]:
    """A problem for each text cell longer than ``MAX_CELL_CHARS`` or holding a control character (``CONTROL``).
    ``columns`` maps a column's name to its cells in row order (the first in ``first_row``). A column is scanned
    whole at once, cell by cell only when it holds a bad cell."""
    problems = []
    for column, values in columns.items():
        texts = [(i, v) for i, v in enumerate(values) if isinstance(v, str)]
        if not texts:
            continue
        if max(len(v) for _, v in texts) <= MAX_CELL_CHARS and not CONTROL.search("\n".join(v for _, v in texts)):
            continue
        for i, value in texts:
            row = first_row + i
            if len(value) > MAX_CELL_CHARS:
                problems.append(
                    Problem(
                        file,
                        f"the cell holds {_count(len(value))} characters, over the limit of {_count(MAX_CELL_CHARS)} "
                        "(a spreadsheet cell's own limit): shorten it, or keep the long text in a file of "
                        "data/raw/sources/",
                        sheet=sheet,
                        row=row,
                        column=str(column),
                        value=shown(value),
                    )
                )
                continue
            control = CONTROL.search(value)
            if control:
                problems.append(
                    Problem(
                        file,
                        f"the cell holds the control character {describe_control(control.group())}: delete it, or "
                        "replace it by a space or a line break typed in the spreadsheet (Alt+Enter)",
                        sheet=sheet,
                        row=row,
                        column=str(column),
                        value=shown(value, control.start()),
                    )
                )
    return problems


def text_problems(lines: Iterable[str], file: str) -> list[Problem]:
    """A problem for each line of a text file holding a control character (its line number)."""
    return [
        Problem(
            file,
            f"the line holds the control character {describe_control(m.group())}: delete it",
            row=number,
            value=shown(line, m.start()),
        )
        for number, line in enumerate(lines, start=1)
        if (m := CONTROL.search(line))
    ]
