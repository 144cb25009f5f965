"""References from the raw decision files to the clean tables (``benchmark.registry.references``), checked by
``benchmark clean``: a dangling id (renamed, deleted, an old numbered id) and a stale one (the named amount no longer
stands at the lines the row cites: its value was edited from a newer source) are each refused with the file, row,
column and what to do. The files themselves are read and checked in full by their owner (step 5's reader); here
only the referencing cells are read, and a file or column that is absent is left to that reader."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import pandas as pd

from benchmark.core.errors import Problem
from benchmark.core.parsing import records
from benchmark.core.spans import Locator, parse_locators
from benchmark.registry.references import REFERENCES, Reference

_NUMBERED = re.compile(r"-\d+$")  # the ids amounts had before they were typed: <instrument_id>-<n>


def _cells(path: Path, columns: set[str]) -> pd.DataFrame | None:
    """The named columns of a raw CSV as text, with the row numbers a spreadsheet shows; None when the file or a
    column is missing or unreadable (its own reader says so)."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    if not columns <= set(frame.columns):
        return None
    frame = frame[sorted(columns)].apply(lambda column: column.str.strip())
    frame.insert(0, "_row", range(2, len(frame) + 2))
    return frame


def _covers(outer: list[Locator], inner: list[Locator], report_id: str) -> bool:
    """Whether every locator of ``inner`` stands within one of ``outer`` (same source, lines inside; a source cited
    whole covers any of its lines)."""

    def source(loc: Locator) -> str:
        return loc.source or report_id

    def within(o: Locator, loc: Locator) -> bool:
        if source(o) != source(loc):
            return False
        if o.first is None or o.last is None:
            return True  # a source cited whole holds any of its lines
        return loc.first is not None and loc.last is not None and o.first <= loc.first and loc.last <= o.last

    return all(any(within(o, loc) for o in outer) for loc in inner)


def _dangling(ref: Reference, value: str, known: list[str]) -> str:
    near = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    numbered = (
        " Amounts are no longer numbered: each row of the amounts sheet has its own id, typed once in its column "
        "amount_id."
        if ref.table == "amounts" and _NUMBERED.search(value)
        else ""
    )
    where = "the amounts sheet of inventories.xlsx (column amount_id)" if ref.table == "amounts" else ref.table
    return f"no {ref.key} {value!r} in {where}.{numbered} Write the id of the row you mean{hint}"


def reference_problems(raw_dir: Path, tables: dict[str, pd.DataFrame], report_id: str) -> list[Problem]:
    """Every declared reference of ``raw_dir``'s decision files checked against ``tables``."""
    problems: list[Problem] = []
    for ref in REFERENCES:
        needed = {ref.column} | ({ref.lines} if ref.lines else set()) | ({ref.only_if[0]} if ref.only_if else set())
        frame = _cells(Path(raw_dir) / ref.file, needed)
        if frame is None:
            continue
        target = tables[ref.table].set_index(ref.key, drop=False)
        known = target.index.tolist()
        for r in records(frame):
            value = r[ref.column]
            if not value or (ref.only_if and r[ref.only_if[0]] != ref.only_if[1]):
                continue
            where = dict(row=r["_row"], column=ref.column, value=value)
            if value not in target.index:
                problems.append(Problem(ref.file, _dangling(ref, value, known), **where))
                continue
            if not ref.lines or not r[ref.lines]:
                continue
            named = target.loc[value]
            try:
                outer, inner = parse_locators(r[ref.lines]), parse_locators(named["source_lines"])
            except ValueError:
                continue  # a bad locator is its reader's problem
            if not _covers(outer, inner, report_id):
                problems.append(
                    Problem(
                        ref.file,
                        f"names {value}, « {named['text']} » at {named['source_lines']}, but this row cites "
                        f"{r[ref.lines]}, which does not hold it: the amount changed after this row was written. "
                        f"Check the row still means this amount, then cite its lines in {ref.lines} (and update "
                        "why), or name another amount",
                        **where,
                    )
                )
    return problems
