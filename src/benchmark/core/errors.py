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
        shown = "" if self.value is None else f": {_short_repr(self.value)}"
        return f"{where}{shown} — {self.message}"


MAX_VALUE_SHOWN = 200  # characters of a value a message repeats (a 1 MB cell is named, not printed)
MAX_PROBLEMS_SHOWN = 50  # problems a message lists; the rest are counted (100 000 bad rows print 52 lines)


def _short_repr(value: object) -> str:
    if isinstance(value, str) and len(value) > MAX_VALUE_SHOWN:  # cut before repr: never copy a huge value whole
        count = f"{len(value):,}".replace(",", " ")
        return f"{value[: MAX_VALUE_SHOWN - 20]!r}… ({count} characters)"
    text = repr(value)
    return text if len(text) <= MAX_VALUE_SHOWN else f"{text[: MAX_VALUE_SHOWN - 20]}…"


class DataError(Exception):
    """Raised with every problem found at once (validation is lazy)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"{len(self.problems)} problem(s) in the raw data:"
        shown = [f"  - {p}" for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        rest = len(self.problems) - len(shown)
        if rest > 0:
            shown.append(
                f"  … and {rest} more problem(s), not listed: fix the {len(shown)} above and run again to see them"
            )
        return "\n".join([head, *shown])


class ReportError(RuntimeError):
    """A notebook failed to execute or a report could not be written."""
