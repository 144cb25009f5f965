"""Write the clean tables: contract CSVs and one workbook, deterministically and atomically.

- CSV: UTF-8, comma, header, ``.`` decimal mark, empty cell for missing, lists joined with ``"; "``; written by the
  ``csv`` module (the bytes pandas' ``to_csv`` writes).
- Workbook: one sheet per table, header frozen, filters on, readable widths; fixed document dates and zip
  timestamps so two runs write the same bytes; every text cell typed as text, so a description starting with
  ``=``, ``+``, ``-`` or ``@`` (or spelled like an error, ``#N/A``) can never become a formula. openpyxl writes
  everything but the records; the records are serialised here, column by column and chunk by chunk, straight into
  the zip stream, in the bytes openpyxl's write-only cells would have (tests/test_writer.py compares the two):
  ten times less CPU than openpyxl's cells at 10 000 instruments (0.7 s against 7 s), half of ``clean``'s time.
- All files go to a temporary folder first and replace ``data/clean/`` only when every one is written
  (``benchmark.core.atomic``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from benchmark import registry
from benchmark.core import atomic

WORKBOOK = "benchmark.xlsx"
FIXED_TIME = dt.datetime(2024, 2, 1)  # the report's month: a constant, so the workbook's bytes are stable
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_LEVEL = 1  # deflate's fastest level: the committed workbook's bytes were written with it


def cell_text(value) -> str:
    """One CSV cell in the contract's format."""
    if type(value) is str:  # most cells: checked first
        return value
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return format(value, ".15g") if not value.is_integer() else str(int(value))
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def csv_texts(frame: pd.DataFrame) -> list[list[str]]:
    """Each column's cells as the CSV writes them (:func:`cell_text`)."""
    return [[cell_text(v) for v in frame[c].tolist()] for c in frame.columns]


def write_csv(frame: pd.DataFrame, path: Path, texts: list[list[str]] | None = None) -> None:
    """The table as the contract's CSV. ``texts``, when given, are the frame's :func:`csv_texts` already made."""
    texts = csv_texts(frame) if texts is None else texts
    with open(path, "w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out, lineterminator="\n")
        rows.writerow([str(c) for c in frame.columns])
        rows.writerows(zip(*texts))


_NONE = type(None)
_NA = type(pd.NA)


def _missing_as_none(values: list) -> tuple[list, set[type]]:
    """A column's values with NaN and ``NA`` as None (what pandas' text and nullable columns give for an empty
    cell; every writer here writes them as an empty cell), and the set of their types."""
    kinds = set(map(type, values))
    if float in kinds or _NA in kinds:
        values = [None if v is pd.NA or (type(v) is float and v != v) else v for v in values]
        kinds = set(map(type, values))
    return values, kinds


def _excel_value(value):
    """A cell value for the workbook: numbers stay numbers, lists are joined, missing is an empty cell."""
    if isinstance(value, list):
        return cell_text(value) or None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return str(value)


# Characters an XML 1.0 document cannot hold (openpyxl refuses them too).
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")
_EXCEL_MAX_TEXT = 32767  # characters in one cell
_ROWS_PER_CHUNK = 2000  # rows serialised, encoded and compressed together: memory stays flat at any size


def _xml_text(text: str) -> str:
    """Escape text as lxml does (``\\r`` too, which XML would otherwise read back as a line feed)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _cell_xml(ref: str, value) -> str:
    """One ``<c>`` element as openpyxl's write-only mode writes it through lxml (the same bytes): text inline
    (never a formula), numbers as ``%.16g``, booleans as 1/0; an empty cell writes nothing. Non-ASCII characters
    are left for the chunk's ASCII encoding, which writes them as character references, as lxml does."""
    if type(value) is not str:
        value = _excel_value(value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if not isinstance(value, str):
            text = "" if math.isnan(value) or math.isinf(value) else format(value, ".16g")
            return f'<c r="{ref}" t="n"><v>{text}</v></c>'
    if _ILLEGAL_XML.search(value):
        raise ValueError(f"cell {ref}: a control character cannot be written to a workbook: {value[:80]!r}")
    value = value[:_EXCEL_MAX_TEXT]  # as openpyxl: the CSV keeps the whole text
    if not value:
        return f'<c r="{ref}" t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>'


_TEXT_ONLY = {str, type(None)}
_NUMBERS = {int, float, bool, type(None)}


_PRESERVE = ' xml:space="preserve"'


def _column_cells(letter: str, values: list, first_row: int) -> list[str]:
    """The ``<c>`` elements of one column's values (row ``first_row`` first), as :func:`_cell_xml` writes them.

    A column of text and empty cells (most columns) is checked and escaped as one string joined by line feeds
    (when no cell holds one), then each cell is one f-string; any other column goes cell by cell."""
    rows = range(first_row, first_row + len(values))
    values, kinds = _missing_as_none(values)
    if kinds <= {list, _NONE}:  # a list column is text: its items joined (an empty list is an empty cell)
        values = [None if v is None else (cell_text(v) or None) for v in values]
        kinds = set(map(type, values))
    if kinds <= _NUMBERS:  # numbers, booleans and empty cells as _cell_xml writes them, without a call each
        return [
            ""
            if v is None or v != v
            else f'<c r="{letter}{n}" t="b"><v>{int(v)}</v></c>'
            if v is True or v is False
            else f'<c r="{letter}{n}" t="n"><v>{"" if math.isinf(v) else format(v, ".16g")}</v></c>'
            for n, v in zip(rows, values)
        ]
    texts = ["" if v is None else v[:_EXCEL_MAX_TEXT] for v in values] if kinds <= _TEXT_ONLY else []
    joined = "\n".join(texts)
    if not texts or joined.count("\n") != len(texts) - 1 or _ILLEGAL_XML.search(joined):
        return [_cell_xml(f"{letter}{n}", v) for n, v in zip(rows, values)]  # (and names a bad cell)
    # (a text differs from its strip() exactly when its first or last character is a space: no copy made)
    return [
        ""
        if v is None
        else f'<c r="{letter}{n}" t="inlineStr"></c>'
        if not text
        else f'<c r="{letter}{n}" t="inlineStr"><is><t{_PRESERVE if text[0].isspace() or text[-1].isspace() else ""}>'
        f"{escaped}</t></is></c>"
        for n, v, text, escaped in zip(rows, values, texts, _xml_text(joined).split("\n"))
    ]


def _sheet_rows(frame: pd.DataFrame, first_row: int = 2):
    """The ``<row>`` elements of a table's records, in chunks of ASCII bytes ready for the zip stream."""
    letters = [get_column_letter(i) for i in range(1, len(frame.columns) + 1)]
    columns = [frame[c].tolist() for c in frame.columns]
    for start in range(0, len(frame), _ROWS_PER_CHUNK):
        n = first_row + start
        cells = [
            _column_cells(letter, col[start : start + _ROWS_PER_CHUNK], n) for letter, col in zip(letters, columns)
        ]
        rows = (f'<row r="{n + i}">{"".join(record)}</row>' for i, record in enumerate(zip(*cells)))
        yield "".join(rows).encode("ascii", "xmlcharrefreplace")


def write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> None:
    # openpyxl writes everything around the cells (styles, widths, frozen header, filter, header row); the
    # records are serialised here, streamed straight into the zip: every cell is handled once, in chunks.
    wb = openpyxl.Workbook(write_only=True)
    sheets = []
    for name, frame in tables.items():
        ws = wb.create_sheet(name[:31])
        ws.freeze_panes = "A2"
        for i, col in enumerate(frame.columns, start=1):
            longest = max([len(str(col))] + [len(cell_text(v)) for v in frame[col].tolist()[:500]])
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
        header = []
        for col in frame.columns:
            cell = WriteOnlyCell(ws, value=str(col))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(frame.columns)))}{len(frame) + 1}"
        sheets.append((ws, frame))
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "benchmark clean"
    buffer = io.BytesIO()
    wb.save(buffer)
    records = {ws.path.lstrip("/"): frame for ws, frame in sheets}  # a sheet's member is known once saved
    _normalise_zip(buffer.getvalue(), path, records)


_END_OF_ROWS = b"</sheetData>"


def _normalise_zip(data: bytes, path: Path, records: dict[str, pd.DataFrame] | None = None) -> None:
    """Rewrite the xlsx zip with fixed member timestamps and order (openpyxl stamps the current time), each
    sheet of ``records`` receiving its table's rows before the end of its sheet data."""
    records = records or {}
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fix_core_dates(content)
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member._compresslevel = _ZIP_LEVEL  # type: ignore[attr-defined]  # (compress_level from Python 3.13)
            member.external_attr = 0o600 << 16
            if info.filename not in records:
                dst.writestr(member, content)
                continue
            head, tail = content.split(_END_OF_ROWS)
            with dst.open(member, "w") as out:
                out.write(head)
                for chunk in _sheet_rows(records[info.filename]):
                    out.write(chunk)
                out.write(_END_OF_ROWS + tail)


def _fix_core_dates(xml: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def in_registry_order(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables in the registry's order, each with its registered columns in order (``benchmark.registry``); a
    table or column the registry does not know stops the write (register it first)."""
    for name, frame in tables.items():
        extra = [c for c in frame.columns if c not in registry.columns(name)]
        if extra:
            raise registry.UnknownTableError(
                f"columns {extra} of table {name!r} are not registered: add them to benchmark/metadata"
            )
    return {name: tables[name][registry.columns(name)] for name in registry.RESOURCES if name in tables}


def write_clean(
    tables: dict[str, pd.DataFrame],
    extra: dict[str, pd.DataFrame],
    out_dir: Path,
    package: dict | None = None,
) -> list[Path]:
    """Write every table as CSV plus the workbook into ``out_dir``, replacing it only when all are written.

    A kill at any instant, or an error, leaves the old or the new ``out_dir`` (see ``benchmark.core.atomic``).
    Columns and sheets follow the registry (``benchmark.registry``); with ``package`` (``data/raw/package.toml``),
    ``datapackage.json`` describes every CSV of the new folder.
    """
    out_dir = Path(out_dir)
    tmp = atomic.staging_dir(out_dir)
    try:
        everything = in_registry_order({**tables, **extra})
        sheets = registry.workbook_tables()
        write_workbook({n: f for n, f in everything.items() if n in sheets}, tmp / WORKBOOK)
        for name, frame in everything.items():
            write_csv(frame, tmp / f"{name}.csv")
        keep = [p for p in out_dir.glob("*") if p.suffix not in (".csv", ".xlsx")] if out_dir.exists() else []
        for p in keep:  # files the pipeline does not own (e.g. a README) stay
            shutil.copy2(p, tmp / p.name)
        if package is not None:
            from benchmark.registry.datapackage import write_datapackage

            write_datapackage(tmp, package)
        atomic.replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(out_dir.glob("*"))
