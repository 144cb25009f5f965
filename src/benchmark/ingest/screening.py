"""The first pass of ``benchmark clean`` over ``data/raw/``: every file there bounded, readable and free of links a
page may not hold, before any reader parses it.

Each file of the folder (its sub-folder ``sources/`` is the sources registry's, ``benchmark.ingest.sources``) must be
a regular file within its size limit (``benchmark.core.limits``; data/raw/README.md, « Limites »): a FIFO, a link to
``/dev/zero`` or a 2 GB export is named here, quickly, rather than hanging or filling the memory in a reader. Each
CSV file — those ``benchmark clean`` reads, step 5's decisions and the finder's links and conditions alike — is read
as the strict reader reads it (UTF-8, commas: ``read_csv_text``, which the strict reader of ``benchmark.ingest.raw`` uses too), and each of its cells must
fit a spreadsheet cell, hold no control character and, read as Markdown, link only to ``https:``, ``http:`` or
``mailto:`` (``benchmark.core.links``); the columns that hold an address (``LINK_COLUMNS``) must hold a good one.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from benchmark.core import limits, links
from benchmark.core.errors import Problem

# Columns whose cell is written into a page as an address (an ``href``): it must be one a page may link to.
LINK_COLUMNS = {"instrument_links.csv": ("url",), "sources.csv": ("url",)}
# The size limit of each kind of file (by its suffix); a file of another kind is held to the largest.
LIMITS = {
    ".csv": limits.MAX_CSV_BYTES,
    ".tsv": limits.MAX_TEXT_BYTES,
    ".txt": limits.MAX_TEXT_BYTES,
    ".md": limits.MAX_TEXT_BYTES,
    ".xlsx": limits.MAX_WORKBOOK_BYTES,
    ".json": limits.MAX_METADATA_BYTES,
    ".toml": limits.MAX_METADATA_BYTES,
}
SUBFOLDERS = ("sources",)  # read by their own readers


def read_csv_text(path: Path, problems: list[Problem]) -> str | None:
    """A raw CSV file's text: a regular file within its size limit (``benchmark.core.limits``), UTF-8 (a byte order
    mark dropped), comma-separated; else a located problem and None."""
    name = path.name
    data = limits.read_required(path, limits.MAX_CSV_BYTES, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                name,
                "file is not UTF-8 (an Excel export in a Belgian locale is Windows-1252): "
                "save it as « CSV UTF-8 (délimité par des virgules) »",
                row=line,
                value=data[exc.start : exc.start + 8].decode("latin-1"),
            )
        )
        return None
    text = text.removeprefix("\ufeff")
    header = text.split("\n", 1)[0]
    if ";" in header and "," not in header:
        problems.append(
            Problem(
                name, "columns are separated by ';' (Excel's Belgian locale): expected ','", row=1, value=header[:60]
            )
        )
        return None
    return text


def screen(raw_dir: Path) -> list[Problem]:
    """Every problem of the first pass over ``raw_dir`` (see the module's docstring), in file order."""
    problems: list[Problem] = []
    for path in sorted(Path(raw_dir).iterdir()):
        if path.name.startswith("."):
            continue
        if path.name in SUBFOLDERS and path.is_dir() and not path.is_symlink():
            continue
        if path.suffix == ".csv":
            problems += screen_csv(path)
        else:
            found = limits.regular_file_problem(path, LIMITS.get(path.suffix, limits.MAX_WORKBOOK_BYTES))
            if found is not None:
                problems.append(found)
    return problems


def screen_csv(path: Path) -> list[Problem]:
    """The problems of one raw CSV file: readable as the strict reader reads it, cells bounded and without a
    control character, no link a page may not hold."""
    problems: list[Problem] = []
    text = read_csv_text(path, problems)
    if text is None:
        return problems
    name = path.name
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        return [Problem(name, f"not a valid CSV: {exc}")]
    except pd.errors.EmptyDataError:
        return [Problem(name, "file is empty: its header row is missing", row=1)]
    columns = [str(c) for c in frame.columns]
    frame.columns = columns
    problems += limits.cell_problems({c: frame[c].tolist() for c in columns}, name)
    if problems:
        return problems
    frame.insert(0, "_row", range(2, len(frame) + 2))
    frame.insert(0, "_file", name)
    problems += links.check_addresses(frame, [c for c in LINK_COLUMNS.get(name, ()) if c in columns], name)
    named = {(p.row, p.column) for p in problems}  # a cell refused as an address is not named twice
    problems += [p for p in links.check_markdown(frame, columns, name) if (p.row, p.column) not in named]
    return problems


def check_frame_markdown(frame: pd.DataFrame, file: str) -> list[Problem]:
    """``links.check_markdown`` over every text column of a raw frame (the workbook's sheets)."""
    return links.check_markdown(frame, [c for c in frame.columns if not str(c).startswith("_")], file)
