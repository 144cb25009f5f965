"""Edit the inventories workbook from a script or a test the way a spreadsheet program would.

openpyxl alone does not: it reads a boolean that LibreOffice stored as the formula ``TRUE()`` as the text
« =TRUE() » and writes it back as a formula without its result. Here every such cell becomes the boolean a
spreadsheet shows (what Excel stores), and every text written stays text (a value starting with « = » is not
turned into a formula). Cells are found by the sheet's own header, never by a fixed column letter, so a column
a researcher moved or added does not shift an edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from benchmark.ingest.xlsx import constant_of


def open_workbook(path: Path | str) -> Workbook:
    """The workbook with each ``TRUE()``/``FALSE()`` formula turned into its boolean."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    constant = constant_of(cell.value.removeprefix("="))
                    if constant is not None:
                        cell.value = constant
    return book


@contextmanager
def editing(path: Path | str) -> Iterator[Workbook]:
    """``with editing(path) as book:`` edit ``book``; it is saved when the block ends without an error."""
    book = open_workbook(path)
    yield book
    book.save(path)


def header(sheet: Worksheet) -> list:
    return [c.value for c in sheet[1]]


def put(sheet: Worksheet, row: int, column: str, value) -> None:
    """Write ``value`` in ``column`` (a header name) of Excel row ``row``; text stays text."""
    cell = sheet.cell(row, header(sheet).index(column) + 1)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def last_row(sheet: Worksheet) -> int:
    """The last Excel row holding something in its first column (formatted empty rows below do not count)."""
    return max((r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value not in (None, "")), default=1)


def find_row(sheet: Worksheet, column: str, value) -> int:
    """The first Excel row whose ``column`` holds ``value``; KeyError when none does."""
    col = header(sheet).index(column) + 1
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(r, col).value == value:
            return r
    raise KeyError(f"no row of sheet {sheet.title} has {column} = {value!r}")


def set_cell(path: Path | str, sheet: str, key: tuple[str, object] | None, column: str, value) -> int:
    """Set ``column`` of the row whose ``key`` column holds the key's value (the first data row when ``key`` is
    None); return its Excel row."""
    with editing(path) as book:
        ws = book[sheet]
        row = 2 if key is None else find_row(ws, *key)
        put(ws, row, column, value)
    return row


def append_row(path: Path | str, sheet: str, values: dict) -> int:
    """Add a row under the last one, each value in its named column; return its Excel row."""
    with editing(path) as book:
        ws = book[sheet]
        row = last_row(ws) + 1
        for column, value in values.items():
            put(ws, row, column, value)
    return row


def insert_row(path: Path | str, sheet: str, before: int, values: dict) -> int:
    """Insert a row at Excel row ``before`` (the rows from there move down one), each value in its named column."""
    with editing(path) as book:
        ws = book[sheet]
        ws.insert_rows(before)
        for column, value in values.items():
            put(ws, before, column, value)
    return before
