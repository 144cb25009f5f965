"""Located problems: every error names the file, sheet, Excel row, column, the value and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # the row number a researcher sees in Excel (header = 1), or the text line
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" [sheet {self.sheet}]"
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = "" if self.value is None else f": {self.value!r}"
        return f"{where}{shown} — {self.message}"


class DataError(Exception):
    """Raised with every problem found at once (validation is lazy)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"{len(self.problems)} problem(s) in the raw data:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class ReportError(RuntimeError):
    """A notebook failed to execute or a report could not be written."""
