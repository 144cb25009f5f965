"""Write the clean tables: contract CSVs and one workbook, deterministically and atomically.

- CSV: UTF-8, comma, header, ``.`` decimal mark, empty cell for missing, lists joined with ``"; "``.
- Workbook: one sheet per table, header frozen, filters on, readable widths; fixed document dates and zip
  timestamps so two runs write the same bytes; every text cell typed as text, so a description starting
  with ``=``, ``+``, ``-`` or ``@`` can never become a formula.
- All files go to a temporary folder first and replace ``data/clean/`` only when every one is written.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from benchmark import atomic, metadata

WORKBOOK = "benchmark.xlsx"
FIXED_TIME = dt.datetime(2024, 2, 1)  # the report's month: a constant, so the workbook's bytes are stable
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def cell_text(value) -> str:
    """One CSV cell in the contract's format."""
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


def to_text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: [cell_text(v) for v in frame[c].tolist()] for c in frame.columns}, dtype=object)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    to_text_frame(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _excel_value(value):
    """A cell value for openpyxl: numbers stay numbers, lists are joined, missing is an empty cell."""
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


def write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> None:
    # Write-only mode streams each row to the sheet's XML as it is appended: every cell is handled once
    # (widths and frozen header are set before the rows, the filter after them).
    wb = openpyxl.Workbook(write_only=True)
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
        for record in frame.itertuples(index=False):
            ws.append(
                [
                    _text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v
                    for v in map(_excel_value, record)
                ]
            )
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(frame.columns)))}{len(frame) + 1}"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "benchmark clean"
    buffer = io.BytesIO()
    wb.save(buffer)
    _normalise_zip(buffer.getvalue(), path)


def _text_cell(ws, value: str) -> WriteOnlyCell:
    """Text stays text: openpyxl would make a formula of a string starting with « = » (« +… », « -… »,
    « @… » are strings already)."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _normalise_zip(data: bytes, path: Path) -> None:
    """Rewrite the xlsx zip with fixed member timestamps and order (openpyxl stamps the current time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fix_core_dates(content)
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, content)


def _fix_core_dates(xml: bytes) -> bytes:
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def in_registry_order(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables in the registry's order, each with its registered columns in order (``benchmark.metadata``); a
    table or column the registry does not know stops the write (register it first)."""
    for name, frame in tables.items():
        extra = [c for c in frame.columns if c not in metadata.columns(name)]
        if extra:
            raise metadata.UnknownTableError(
                f"columns {extra} of table {name!r} are not registered: add them to benchmark/metadata"
            )
    return {name: tables[name][metadata.columns(name)] for name in metadata.RESOURCES if name in tables}


def write_clean(
    tables: dict[str, pd.DataFrame],
    extra: dict[str, pd.DataFrame],
    out_dir: Path,
    then: Callable[[Path], object] | None = None,
    package: dict | None = None,
) -> list[Path]:
    """Write every table as CSV plus the workbook into ``out_dir``, replacing it only when all are written.

    ``then(folder)``, when given, runs on the complete new folder before it replaces ``out_dir`` (e.g. the
    step 5 table, computed from the clean tables just written): what it writes there is swapped in with the
    rest, and an exception it raises leaves ``out_dir`` untouched. A kill at any instant leaves the old or the
    new ``out_dir`` (see ``benchmark.atomic``). Columns and sheets follow the registry (``benchmark.metadata``);
    with ``package`` (``data/raw/package.toml``), ``datapackage.json`` describes every CSV of the new folder.
    """
    out_dir = Path(out_dir)
    tmp = atomic.staging_dir(out_dir)
    try:
        everything = in_registry_order({**tables, **extra})
        for name, frame in everything.items():
            write_csv(frame, tmp / f"{name}.csv")
        sheets = metadata.workbook_tables()
        write_workbook({name: frame for name, frame in everything.items() if name in sheets}, tmp / WORKBOOK)
        keep = [p for p in out_dir.glob("*") if p.suffix not in (".csv", ".xlsx")] if out_dir.exists() else []
        for p in keep:  # files the pipeline does not own (e.g. a README) stay
            shutil.copy2(p, tmp / p.name)
        if then is not None:
            then(tmp)
        if package is not None:
            from benchmark.metadata.datapackage import write_datapackage

            write_datapackage(tmp, package)
        atomic.replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(out_dir.glob("*"))
