"""Read every file of ``data/raw/`` into dataframes and validate them (pandera schemas for raw data).

Nothing is fixed here: a problem is reported with its file, sheet, Excel row, column and value, and all
problems are gathered before one ``DataError`` is raised.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmark import schemas_raw
from benchmark.errors import DataError, Problem
from benchmark.spans import parse_spans
from benchmark.vocabulary import JURISDICTIONS

INVENTORY_FILE = "inventories.xlsx"
ANNEX_FILE = "annex_i.tsv"
ANNEX_ROWS_FILE = "annex_i_rows.csv"
ANNEX_REGIONS_FILE = "annex_i_regions.csv"
INSPIRATIONS_FILE = "part4_inspirations.csv"
NEEDS_FILE = "part4_needs.csv"
PART4_MAP_FILE = "part4_initiatives.csv"
CURRENCY_FILE = "currency_rates.csv"
PROBLEMS_FILE = "source_problems.csv"
SOURCE_META_FILE = "source.json"

AMOUNTS_SHEET = "amounts"
README_SHEET = "README"  # instructions for researchers; not data

# Quoted text cells and the cell that gives each one's line span(s).
TEXT_SPANS = {
    "name": "name_lines",
    "other_names": "other_names_lines",
    "recipients": "recipients_lines",
    "funder": "funder_lines",
    "description": "description_lines",
    "amount_text": "amount_lines",
    "dates_text": "dates_lines",
}
LIST_COLUMNS = ("types", "stages", "target_groups")
BOOL_COLUMNS = ("digital_specific", "covers_brussels", "focus", "interviewed")
INVENTORY_COLUMNS = (
    "instrument_id", "name", "name_lines", "other_names", "other_names_lines", "recipients", "recipients_lines",
    "funder", "funder_lines", "description", "description_lines", "amount_text", "amount_lines", "dates_text",
    "dates_lines", "primary_type", "types", "stages", "target_groups", "nonmarket_access", "digital_specific",
    "funder_type", "covers_brussels", "focus", "interviewed", "source_lines", "notes", "parent_id",
)
AMOUNT_COLUMNS = ("instrument_id", "kind", "text", "lines", "notes")
ANNEX_ROWS_COLUMNS = ("annex_row", "name", "instrument_id", "budget_kind", "domains", "justification")
ANNEX_REGIONS_COLUMNS = ("region", "jurisdiction", "justification")
INSPIRATION_COLUMNS = ("rec_id", "category", "category_lines", "title", "text", "sources", "lines")
NEED_COLUMNS = ("need_id", "text", "lines")
PART4_MAP_COLUMNS = ("region", "initiative", "instrument_id", "justification")
CURRENCY_COLUMNS = ("currency", "eur_per_unit", "tolerance_eur", "derived_from", "lines", "method")
PROBLEM_COLUMNS = ("problem_id", "kind", "instrument_id", "field", "detail", "lines", "correction_target",
                   "correction_from", "correction_to", "justification")


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


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as Python objects with ``None`` for empty (pandas would turn ``None`` back into ``NaN``)."""
    frame = frame.map(_blank_to_none).astype(object)
    return frame.where(frame.notna(), None)


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
    if not path.exists():
        problems.append(Problem(name, "file is missing from data/raw/"))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, "file is not UTF-8 (an Excel export in a Belgian locale is Windows-1252): "
                                "save it as « CSV UTF-8 (délimité par des virgules) »", row=line,
                                value=data[exc.start: exc.start + 8].decode("latin-1")))
        return None
    text = text.removeprefix("\ufeff")
    header = text.split("\n", 1)[0]
    if ";" in header and "," not in header:
        problems.append(Problem(name, "columns are separated by ';' (Excel's Belgian locale): expected ','",
                                row=1, value=header[:60]))
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:  # e.g. an unquoted comma: name the line pandas names
        problems.append(Problem(name, f"not a valid CSV: {exc}"))
        return None
    if not _check_columns(list(frame.columns), columns, name, None, problems):
        return None
    frame = _cells(frame[list(columns)])
    frame.insert(0, "_row", range(2, len(frame) + 2))
    frame.insert(0, "_file", name)
    return frame


def _formula_cells(path: Path) -> dict[str, list[str]]:
    """Cells holding a formula, by sheet name (read from the xlsx XML: calamine only sees cached values)."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as zf:
        wb = zf.read("xl/workbook.xml").decode("utf-8")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
        for sheet_name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
            target = targets.get(rid, "")
            member = "xl/" + target.lstrip("/").removeprefix("xl/")
            if member not in zf.namelist():
                continue
            xml = zf.read(member).decode("utf-8")
            cells = re.findall(r'<c r="([A-Z]+\d+)"[^>]*>(?:(?!</c>).)*?<f[ >/]', xml, flags=re.S)
            if cells:
                found[sheet_name] = cells
    return found


def read_inventories(path: Path, problems: list[Problem]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Read the inventory workbook: one sheet per jurisdiction code and the ``amounts`` sheet."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, "file is missing from data/raw/"))
        return None, None
    if not zipfile.is_zipfile(path):
        problems.append(Problem(name, "not an Excel workbook (.xlsx): cannot be opened as one"))
        return None, None
    try:
        sheets = pd.read_excel(path, sheet_name=None, engine="calamine", dtype=object, header=0)
    except Exception as exc:  # a truncated or corrupt file: say so, with the reader's words
        problems.append(Problem(name, f"workbook cannot be read ({type(exc).__name__}: {exc})"))
        return None, None
    if not sheets:
        problems.append(Problem(name, "workbook has no sheet"))
        return None, None
    for sheet, cells in _formula_cells(path).items():
        for ref in cells:
            col_letters = re.match(r"[A-Z]+", ref).group(0)
            problems.append(Problem(name, "cell holds a formula; text and codes must be typed as values",
                                    sheet=sheet, row=int(ref[len(col_letters):]), column=col_letters))
    known = set(JURISDICTIONS) | {AMOUNTS_SHEET, README_SHEET}
    for sheet in sheets:
        if sheet not in known:
            problems.append(Problem(name, f"unknown sheet: expected one of {', '.join(sorted(known))}", sheet=sheet))
    frames, amounts = [], None
    for sheet, frame in sheets.items():
        if sheet not in known or sheet == README_SHEET:
            continue
        expected = AMOUNT_COLUMNS if sheet == AMOUNTS_SHEET else INVENTORY_COLUMNS
        frame.columns = [str(c).strip() for c in frame.columns]
        if frame.empty and not len(frame.columns):
            problems.append(Problem(name, "sheet is empty: the header row is missing", sheet=sheet, row=1))
            continue
        if not _check_columns(list(frame.columns), expected, name, sheet, problems):
            continue
        frame = _cells(frame[list(expected)])
        frame.insert(0, "_row", range(2, len(frame) + 2))
        frame.insert(0, "_sheet", sheet)
        frame.insert(0, "_file", name)
        # A row with every cell empty is formatting, not data: Excel keeps such rows after a deletion.
        frame = frame[frame[list(expected)].notna().any(axis=1)]
        if sheet == AMOUNTS_SHEET:
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
    if not path.exists():
        problems.append(Problem(path.name, "file is missing from data/raw/"))
        return None
    try:
        return path.read_text(encoding="utf-8").split("\n")[:-1]
    except UnicodeDecodeError:
        problems.append(Problem(path.name, "file is not UTF-8"))
        return None


# --- the whole of data/raw -------------------------------------------------------------------------


def load_raw(raw_dir: Path) -> RawSources:
    """Read and validate every raw file; raise one ``DataError`` listing every problem found."""
    raw_dir = Path(raw_dir)
    problems: list[Problem] = []
    meta_path = raw_dir / SOURCE_META_FILE
    source_meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else None
    if source_meta is None:
        problems.append(Problem(SOURCE_META_FILE, "file is missing from data/raw/"))
    inventories, amounts = read_inventories(raw_dir / INVENTORY_FILE, problems)
    annex_lines = read_annex(raw_dir / ANNEX_FILE, problems)
    annex_rows = read_csv_strict(raw_dir / ANNEX_ROWS_FILE, ANNEX_ROWS_COLUMNS, problems)
    annex_regions = read_csv_strict(raw_dir / ANNEX_REGIONS_FILE, ANNEX_REGIONS_COLUMNS, problems)
    inspirations = read_csv_strict(raw_dir / INSPIRATIONS_FILE, INSPIRATION_COLUMNS, problems)
    needs = read_csv_strict(raw_dir / NEEDS_FILE, NEED_COLUMNS, problems)
    part4_map = read_csv_strict(raw_dir / PART4_MAP_FILE, PART4_MAP_COLUMNS, problems)
    currency = read_csv_strict(raw_dir / CURRENCY_FILE, CURRENCY_COLUMNS, problems)
    source_problems = read_csv_strict(raw_dir / PROBLEMS_FILE, PROBLEM_COLUMNS, problems)
    if problems:  # structure first: schema checks need the columns to exist
        raise DataError(problems)

    line_count = int(source_meta["line_count"])
    problems += schemas_raw.validate_inventories(inventories, line_count)
    problems += schemas_raw.validate_amounts(amounts, set(inventories["instrument_id"].dropna()), line_count)
    problems += schemas_raw.validate_csv(annex_rows, schemas_raw.AnnexRowsSchema)
    problems += schemas_raw.validate_csv(annex_regions, schemas_raw.AnnexRegionsSchema)
    problems += schemas_raw.validate_csv(part4_map, schemas_raw.Part4MapSchema)
    problems += schemas_raw.validate_csv(currency, schemas_raw.CurrencySchema)
    problems += schemas_raw.validate_csv(source_problems, schemas_raw.SourceProblemsSchema)
    for frame, cols in ((inspirations, ("category_lines", "lines")), (needs, ("lines",)),
                        (currency, ("lines",)), (source_problems, ("lines",))):
        problems += schemas_raw.check_span_cells(frame, cols, line_count)
    if problems:
        raise DataError(problems)
    return RawSources(inventories=inventories, amounts=amounts, annex_lines=annex_lines, annex_rows=annex_rows,
                      annex_regions=annex_regions,
                      inspirations=inspirations, needs=needs, part4_map=part4_map, currency=currency,
                      problems=source_problems, source_meta=source_meta, raw_dir=raw_dir)


def source_fingerprint(path: Path) -> dict:
    """Name, line count and SHA-256 of the source report (what ``data/raw/source.json`` records)."""
    data = Path(path).read_bytes()
    return {"file": Path(path).name, "line_count": data.decode("utf-8").count("\n"),
            "sha256": hashlib.sha256(data).hexdigest()}


def quote_found(quote: str, lines: list[str], spec: str) -> bool:
    """Is ``quote`` word for word in the cited lines? Emphasis markers and whitespace runs aside."""
    def norm(t: str) -> str:
        return " ".join(t.replace("*", "").split())

    hay = " ".join(" ".join(lines[a - 1: b]) for a, b in parse_spans(spec))
    return norm(quote) in norm(hay)
