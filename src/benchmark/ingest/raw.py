"""Read every file of ``data/raw/`` into dataframes and validate them (pandera schemas for raw data).

Nothing is fixed here: a problem is reported with its file, sheet, Excel row, column and value, and all
problems are gathered before one ``DataError`` is raised.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import itertools
import json
import operator
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmark.core import limits
from benchmark.core.errors import DataError, Problem
from benchmark.ingest import schemas, screening, xlsx
from benchmark.ingest.screening import read_csv_text
from benchmark.registry import raw_tables
from benchmark.registry.codes import JURISDICTIONS
from benchmark.registry.raw_tables import TEXT_SPANS  # noqa: F401 (quotes and instruments read it from here)

INVENTORY_FILE = "inventories.xlsx"
ANNEX_FILE = "annex_i.tsv"
# Where the table stands in the report: its header at L1035, its closing « -- » row at L1075 (the annex's title is
# L1031). annex_i.tsv holds exactly these lines (tests/test_raw_sources.py proves it word for word; clean refuses a
# copy of another length). The one place that says so: the parser, the quote check and the analysis read it here.
ANNEX_TABLE_LINES = (1035, 1075)
ANNEX_FIRST_LINE = ANNEX_TABLE_LINES[0]
ANNEX_ROWS_FILE = "annex_i_rows.csv"
ANNEX_REGIONS_FILE = "annex_i_regions.csv"
INSPIRATIONS_FILE = "part4_inspirations.csv"
NEEDS_FILE = "part4_needs.csv"
PART4_MAP_FILE = "part4_initiatives.csv"
CURRENCY_FILE = "currency_rates.csv"
PROBLEMS_FILE = "source_problems.csv"
ELIGIBILITY_FILE = "eligibility.csv"
CONDITIONS_FILE = "eligibility_conditions.csv"
LINKS_FILE = "instrument_links.csv"
SOURCE_META_FILE = "source.json"

AMOUNTS_SHEET = "amounts"
README_SHEET = "README"  # instructions for researchers; not data

# Each file's columns come from its specification (benchmark.registry.raw_tables), which schemas_raw validates with too.
INVENTORY_COLUMNS = raw_tables.INVENTORY.names
AMOUNT_COLUMNS = raw_tables.AMOUNTS.names
ANNEX_ROWS_COLUMNS = raw_tables.ANNEX_ROWS.names
ANNEX_REGIONS_COLUMNS = raw_tables.ANNEX_REGIONS.names
INSPIRATION_COLUMNS = raw_tables.INSPIRATIONS.names
NEED_COLUMNS = raw_tables.NEEDS.names
PART4_MAP_COLUMNS = raw_tables.PART4_MAP.names
CURRENCY_COLUMNS = raw_tables.CURRENCY.names
PROBLEM_COLUMNS = raw_tables.SOURCE_PROBLEMS.names


@dataclass
class RawSources:
    """Everything of ``data/raw/``, read and validated. Frames keep ``_file``, ``_sheet`` and ``_row``
    (the Excel or CSV row a researcher sees) so later steps can still point at the source cell."""

    inventories: pd.DataFrame
    amounts: pd.DataFrame
    annex_lines: list[str]
    annex_rows: pd.DataFrame
    annex_regions: pd.DataFrame
    inspirations: pd.DataFrame
    needs: pd.DataFrame
    part4_map: pd.DataFrame
    currency: pd.DataFrame
    problems: pd.DataFrame
    eligibility: pd.DataFrame
    conditions: pd.DataFrame
    links: pd.DataFrame
    decisions: dict[str, pd.DataFrame]  # the step 5 decision files, by clean table name
    source_meta: dict
    raw_dir: Path


# --- generic readers -------------------------------------------------------------------------------


def _blank_to_none(value):
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


_NEVER_MISSING = {str, bool, int}  # cells pd.isna never calls missing: not asked one by one


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as Python objects with ``None`` for empty (pandas would turn ``None`` back into ``NaN``), built
    column by column from lists (one pass per cell, no pandas call per column)."""
    columns = {}
    for c in frame.columns:
        values = frame[c].tolist()
        if set(map(type, values)) <= {str}:  # a column of text (every CSV column): stripped, empty to None
            columns[c] = [v.strip() or None for v in values]
            continue
        values = [(v.strip() or None) if type(v) is str else _blank_to_none(v) for v in values]
        columns[c] = [v if v is None or type(v) in _NEVER_MISSING else (None if pd.isna(v) else v) for v in values]
    return pd.DataFrame(columns, index=frame.index, columns=frame.columns, dtype=object)


def _check_columns(frame_columns, expected, file, sheet, problems) -> bool:
    missing = [c for c in expected if c not in frame_columns]
    extra = [c for c in frame_columns if c not in expected and not str(c).startswith("Unnamed")]
    for col in missing:
        near = difflib.get_close_matches(col, [str(e) for e in extra], n=1)
        hint = f" (renamed to {near[0]!r}?)" if near else ""
        problems.append(Problem(file, f"required column {col!r} is missing{hint}", sheet=sheet, row=1, column=col))
    return not missing


def read_csv_strict(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> pd.DataFrame | None:
    """Read a UTF-8, comma-separated CSV with exactly the expected columns, all cells as text."""
    name = path.name
    text = read_csv_text(path, problems)
    if text is None:
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:  # e.g. an unquoted comma: name the line pandas names
        problems.append(Problem(name, f"not a valid CSV: {exc}"))
        return None
    except pd.errors.EmptyDataError:
        problems.append(Problem(name, "file is empty: its header row is missing", row=1))
        return None
    for col_no, col in enumerate(frame.columns):
        if col in columns:
            continue
        filled = [i for i, v in enumerate(frame[col].tolist()) if not _is_blank(v)]
        if filled:  # pandas names an empty header « Unnamed: N »
            header = "" if str(col).startswith("Unnamed:") else str(col)
            problems.append(
                Problem(
                    name,
                    _unknown_column_message(header, columns),
                    row=filled[0] + 2,
                    column=header or f"column {col_no + 1} (no header)",
                    value=frame[col].iloc[filled[0]],
                )
            )
    if not _check_columns(list(frame.columns), columns, name, None, problems):
        return None
    bad_cells = limits.cell_problems({c: frame[c].tolist() for c in columns}, name)
    if bad_cells:
        problems.extend(bad_cells)
        return None
    frame = _cells(frame[list(columns)])
    frame.insert(0, "_row", range(2, len(frame) + 2))
    frame.insert(0, "_file", name)
    return frame


# LibreOffice saves a boolean as the formula TRUE() or FALSE(): the reader (benchmark.ingest.xlsx) gives such a cell
# its boolean. Any other formula is refused (the clean data must not depend on a recalculation).
_DATE_MESSAGE = (
    "a date where text was expected — type it as text (Excel turns « 2021-2023 » into a date: "
    "format the column as Text, or start the cell with an apostrophe)"
)


def _is_blank(value) -> bool:
    return _blank_to_none(value) is None


def _column_label(header: str, col: int) -> str:
    return header or f"{xlsx.column_letter(col)} (no header)"


def _check_sheet_cells(sheet: xlsx.Sheet, header: list[str], expected, file, problems) -> None:
    """Formulas, merged ranges, dates and content outside the known columns: each one a located problem."""
    for (row, col), formula in sorted(sheet.formulas.items()):
        problems.append(
            Problem(
                file,
                f"cell {xlsx.cell_name(row, col)} holds a formula, whose result could change on a recalculation: "
                "type the value itself (or copy the cell and paste it back with Paste special → Values only)",
                sheet=sheet.name,
                row=row + 1,
                column=_column_label(header[col] if col < len(header) else "", col),
                value=f"={formula}",
            )
        )
    for row0, col0, row1, col1 in sheet.merged:
        problems.append(
            Problem(
                file,
                "merged cells: a merge keeps only the first cell's value — unmerge them "
                "and type the value in each cell",
                sheet=sheet.name,
                row=row0 + 1,
                column=_column_label(header[col0] if col0 < len(header) else "", col0),
                value=f"{xlsx.cell_name(row0, col0)}:{xlsx.cell_name(row1, col1)}",
            )
        )
    # A date in a known column is the only problem of a known column: a sheet without any date (most) skips them.
    dated = any(issubclass(t, xlsx.DATE_TYPES) for t in set(map(type, itertools.chain.from_iterable(sheet.rows[1:]))))
    for col, name in enumerate(header):
        known = name in expected
        if known and not dated:
            continue
        column = [r[col] if col < len(r) else "" for r in sheet.rows[1:]]
        if known and not any(issubclass(t, xlsx.DATE_TYPES) for t in set(map(type, column))):
            continue  # no date in the column: nothing to report (checked once per column, not per cell)
        for row, value in enumerate(column, start=1):
            if known and isinstance(value, xlsx.DATE_TYPES):
                problems.append(
                    Problem(file, _DATE_MESSAGE, sheet=sheet.name, row=row + 1, column=name, value=str(value))
                )
            elif not known and not _is_blank(value):
                problems.append(
                    Problem(
                        file,
                        _unknown_column_message(name, expected),
                        sheet=sheet.name,
                        row=row + 1,
                        column=_column_label(name, col),
                        value=value,
                    )
                )
                break  # one problem per column is enough to find it


def _unknown_column_message(name: str, expected) -> str:
    near = difflib.get_close_matches(name, list(expected), n=1) if name else []
    hint = f" (a typo for {near[0]!r}?)" if near else ""
    if not name:
        return (
            "data under an empty header: it would be lost — give the column a known name or move the content to 'notes'"
        )
    return (
        f"column the reader does not know{hint}: its content would be lost — rename it to a known column, "
        "or move the content to 'notes' and delete the column"
    )


def _header(sheet: xlsx.Sheet, file, problems) -> list[str] | None:
    if not sheet.rows or all(_is_blank(v) for v in sheet.rows[0]):
        problems.append(Problem(file, "sheet is empty: the header row is missing", sheet=sheet.name, row=1))
        return None
    header = ["" if _is_blank(v) else str(v).strip() for v in sheet.rows[0]]
    seen: set[str] = set()
    for col, name in enumerate(header):
        if name and name in seen:
            problems.append(
                Problem(
                    file,
                    "column appears twice in the header",
                    sheet=sheet.name,
                    row=1,
                    column=f"{name} ({xlsx.column_letter(col)})",
                )
            )
        seen.add(name)
    return header


def read_inventories(path: Path, problems: list[Problem]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Read the inventory workbook: one sheet per jurisdiction code and the ``amounts`` sheet."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, f"file is missing from {path.parent}"))
        return None, None
    unreadable = limits.regular_file_problem(path, limits.MAX_WORKBOOK_BYTES)
    if unreadable is not None:
        problems.append(unreadable)
        return None, None
    if not zipfile.is_zipfile(path):
        problems.append(Problem(name, "not an Excel workbook (.xlsx): cannot be opened as one"))
        return None, None
    unpacked = _unpacked_size(path)
    if unpacked > limits.MAX_WORKBOOK_UNPACKED:
        problems.append(
            Problem(
                name,
                f"the workbook unpacks to {unpacked // limits.MIB} MB of XML, over the limit of "
                f"{limits.MAX_WORKBOOK_UNPACKED // limits.MIB} MB (data/raw/README.md, « Limites »): a cell or a sheet "
                "holds far more than an inventory (a pasted document?); find it and remove it",
            )
        )
        return None, None
    try:
        sheets = {sheet.name: sheet for sheet in xlsx.read_workbook(path)}
    except Exception as exc:  # a truncated or corrupt file: say so, with the reader's words
        problems.append(Problem(name, f"workbook cannot be read ({type(exc).__name__}: {exc})"))
        return None, None
    if not sheets:
        problems.append(Problem(name, "workbook has no sheet"))
        return None, None
    known = set(JURISDICTIONS) | {AMOUNTS_SHEET, README_SHEET}
    for found in sheets:
        if found not in known:
            problems.append(Problem(name, f"unknown sheet: expected one of {', '.join(sorted(known))}", sheet=found))
    frames, amounts = [], None
    for sheet_name, sheet in sheets.items():
        if sheet_name not in known or sheet_name == README_SHEET:
            continue
        expected = (
            AMOUNT_COLUMNS if sheet_name == AMOUNTS_SHEET else raw_tables.INVENTORY.names
        )  # registry as it stands
        header = _header(sheet, name, problems)
        if header is None:
            continue
        _check_sheet_cells(sheet, header, expected, name, problems)
        if not _check_columns(header, expected, name, sheet_name, problems):
            continue
        bad_cells = limits.cell_problems(
            {
                _column_label(h, i): [row[i] if i < len(row) else "" for row in sheet.rows[1:]]
                for i, h in enumerate(header)
            },
            name,
            sheet=sheet_name,
        )
        if bad_cells:
            problems.extend(bad_cells)
            continue
        positions = [header.index(c) for c in expected]
        width, pick = max(positions) + 1, operator.itemgetter(*positions)  # a row's cells at once (a tuple)
        take = pick if len(positions) > 1 else lambda row, pick=pick: (pick(row),)
        data = [
            take(row) if len(row) >= width else tuple(row[i] if i < len(row) else "" for i in positions)
            for row in sheet.rows[1:]
        ]
        frame = _cells(pd.DataFrame(data, columns=list(expected), dtype=object))
        frame.insert(0, "_row", range(2, len(frame) + 2))
        frame.insert(0, "_sheet", sheet_name)
        frame.insert(0, "_file", name)
        # A row with every cell empty is formatting, not data: Excel keeps such rows after a deletion (content
        # outside the known columns was reported above, so nothing is dropped here).
        frame = frame[frame[list(expected)].notna().any(axis=1)]
        if sheet_name == AMOUNTS_SHEET:
            amounts = frame
        else:
            frames.append(frame)
    missing = [j for j in JURISDICTIONS if j not in sheets]
    for j in missing:
        problems.append(Problem(name, "sheet of this jurisdiction is missing", sheet=j))
    if AMOUNTS_SHEET not in sheets:
        problems.append(Problem(name, "sheet 'amounts' is missing", sheet=AMOUNTS_SHEET))
    inventories = pd.concat(frames, ignore_index=True) if frames else None
    if inventories is not None and inventories.empty:
        problems.append(Problem(name, "workbook holds no instrument row (empty or truncated)"))
    return inventories, amounts


def read_annex(path: Path, problems: list[Problem]) -> list[str] | None:
    data = limits.read_required(path, limits.MAX_TEXT_BYTES, problems)
    if data is None:
        return None
    try:
        lines = data.decode("utf-8").split("\n")[:-1]
    except UnicodeDecodeError as exc:
        problems.append(Problem(path.name, "file is not UTF-8", row=data[: exc.start].count(b"\n") + 1))
        return None
    bad = limits.text_problems(lines, path.name)
    if bad:
        problems.extend(bad)
        return None
    return lines


def _unpacked_size(path: Path) -> int:
    """The bytes a workbook's parts unpack to, as its zip directory declares them (0 when it cannot be read: the
    reader then says why)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0


def read_source_meta(path: Path, problems: list[Problem]) -> dict | None:
    """``source.json``: the report's file name, line count and SHA-256, each checked; a located problem for
    malformed JSON (its line and column) or a missing or mistyped key."""
    name = path.name
    data = limits.read_required(path, limits.MAX_METADATA_BYTES, problems)
    if data is None:
        return None
    try:
        meta = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "file is not UTF-8", row=data[: exc.start].count(b"\n") + 1))
        return None
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                name,
                f"not valid JSON: {exc.msg} at column {exc.colno} — restore it with git checkout -- data/raw/{name} "
                "(it is regenerated only when the report changes)",
                row=exc.lineno,
            )
        )
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(name, "not a JSON object with the keys file, line_count and sha256", row=1))
        return None
    before = len(problems)
    for key, kind, example in (("file", str, '"rapport.txt"'), ("line_count", int, "1124"), ("sha256", str, '"af7a…"')):
        if not isinstance(meta.get(key), kind) or isinstance(meta.get(key), bool):
            problems.append(
                Problem(
                    name,
                    f"key {key!r} is missing or not a {kind.__name__} (e.g. {example})",
                    column=key,
                    value=meta.get(key),
                )
            )
    if isinstance(meta.get("line_count"), int) and meta["line_count"] < 1:
        problems.append(Problem(name, "line_count must be 1 or more", column="line_count", value=meta["line_count"]))
    return meta if len(problems) == before else None


# --- the whole of data/raw -------------------------------------------------------------------------


def load_raw(raw_dir: Path) -> RawSources:
    """Read and validate every raw file; raise one ``DataError`` listing every problem found."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise DataError(
            [
                Problem(
                    str(raw_dir),
                    "folder of the raw sources does not exist: check the path "
                    "(option --raw), or restore data/raw/ from git",
                )
            ]
        )
    problems: list[Problem] = screening.screen(raw_dir)  # every file bounded and regular, every link allowed
    if problems:
        raise DataError(problems)
    source_meta = read_source_meta(raw_dir / SOURCE_META_FILE, problems)
    inventories, amounts = read_inventories(raw_dir / INVENTORY_FILE, problems)
    annex_lines = read_annex(raw_dir / ANNEX_FILE, problems)
    annex_rows = read_csv_strict(raw_dir / ANNEX_ROWS_FILE, ANNEX_ROWS_COLUMNS, problems)
    annex_regions = read_csv_strict(raw_dir / ANNEX_REGIONS_FILE, ANNEX_REGIONS_COLUMNS, problems)
    inspirations = read_csv_strict(raw_dir / INSPIRATIONS_FILE, INSPIRATION_COLUMNS, problems)
    needs = read_csv_strict(raw_dir / NEEDS_FILE, NEED_COLUMNS, problems)
    part4_map = read_csv_strict(raw_dir / PART4_MAP_FILE, PART4_MAP_COLUMNS, problems)
    currency = read_csv_strict(raw_dir / CURRENCY_FILE, CURRENCY_COLUMNS, problems)
    source_problems = read_csv_strict(raw_dir / PROBLEMS_FILE, PROBLEM_COLUMNS, problems)
    eligibility = read_csv_strict(raw_dir / ELIGIBILITY_FILE, raw_tables.ELIGIBILITY.names, problems)
    conditions = read_csv_strict(raw_dir / CONDITIONS_FILE, raw_tables.CONDITIONS.names, problems)
    links = read_csv_strict(raw_dir / LINKS_FILE, raw_tables.LINKS.names, problems)
    decisions = {
        name: read_csv_strict(raw_dir / table.file, table.names, problems)
        for name, table in raw_tables.DECISIONS.items()
    }
    if problems:  # structure first: schema checks need the columns to exist
        raise DataError(problems)
    # a missing or unreadable file is a problem above
    assert source_meta is not None and annex_lines is not None and inventories is not None

    line_count = int(source_meta["line_count"])
    problems += screening.check_frame_markdown(inventories, INVENTORY_FILE)
    if amounts is not None:
        problems += screening.check_frame_markdown(amounts, INVENTORY_FILE)
    problems += schemas.validate_inventories(inventories, line_count)
    problems += schemas.validate_amounts(amounts, set(inventories["instrument_id"].dropna()), line_count)
    problems += schemas.validate_csv(annex_rows, schemas.AnnexRowsSchema)
    problems += schemas.validate_csv(annex_regions, schemas.AnnexRegionsSchema)
    problems += schemas.validate_csv(part4_map, schemas.Part4MapSchema)
    problems += schemas.validate_csv(currency, schemas.CurrencySchema)
    problems += schemas.validate_csv(source_problems, schemas.SourceProblemsSchema)
    problems += schemas.validate_csv(eligibility, raw_tables.ELIGIBILITY)
    problems += schemas.validate_csv(conditions, raw_tables.CONDITIONS)
    problems += schemas.validate_csv(links, raw_tables.LINKS)
    for name, frame in decisions.items():
        table = raw_tables.DECISIONS[name]
        problems += schemas.validate_csv(frame, table)
        problems += schemas.check_span_cells(frame, [c for c in table.names if c.endswith("_lines")], line_count)
    for frame, cols in (
        (inspirations, ("category_lines", "lines")),
        (needs, ("lines",)),
        (currency, ("lines",)),
        (source_problems, ("lines",)),
        (eligibility, ("source_lines", "status_lines")),
        (conditions, ("source_lines",)),
        (links, ("lines",)),
    ):
        problems += schemas.check_span_cells(frame, cols, line_count)
    if problems:
        raise DataError(problems)
    return RawSources(
        inventories=inventories,
        amounts=amounts,
        annex_lines=annex_lines,
        annex_rows=annex_rows,
        annex_regions=annex_regions,
        inspirations=inspirations,
        needs=needs,
        part4_map=part4_map,
        currency=currency,
        problems=source_problems,
        eligibility=eligibility,
        conditions=conditions,
        links=links,
        decisions=decisions,  # type: ignore[arg-type]  # every file was read (a missing one stopped above)
        source_meta=source_meta,
        raw_dir=raw_dir,
    )


def source_fingerprint(path: Path) -> dict:
    """Name, line count and SHA-256 of the source report (what ``data/raw/source.json`` records)."""
    data = Path(path).read_bytes()
    return {
        "file": Path(path).name,
        "line_count": data.decode("utf-8").count("\n"),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
