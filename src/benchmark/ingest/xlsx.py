"""What a spreadsheet program really wrote in an ``.xlsx``: every cell's value, its formula, merged ranges.

Values and merged ranges come from calamine (the values a spreadsheet shows, i.e. formulas' cached results);
formulas, which calamine does not report, come from one streaming parse of each sheet's XML. Both are linear
in the file's size: 10 000 formatted empty rows that Excel leaves after a deletion cost a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, get_column_letter
from python_calamine import CalamineWorkbook

_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")
DATE_TYPES = (dt.date, dt.time, dt.timedelta)  # dt.datetime is a dt.date


@dataclass
class Sheet:
    """One sheet, cells indexed from A1 (row 0 = Excel row 1, column 0 = column A)."""

    name: str
    rows: list[list]  # values; "" for an empty cell; integral numbers as int, dates as datetime (as pandas)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → formula without « = »
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)

    def value(self, row: int, col: int):
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


def column_letter(col: int) -> str:
    """Zero-based column index → Excel's letters (0 → A)."""
    return get_column_letter(col + 1)


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


_CONVERTED = {float, dt.date}  # the types _convert changes: only their cells pay a call


def _convert(value):
    """Calamine's value as pandas.read_excel gives it, so the clean data do not depend on the reader."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(elem, local_name: str):
    """An attribute by its local name, whatever its namespace (transitional or strict OOXML)."""
    for key, value in elem.attrib.items():
        if _local(key) == local_name:
            return value
    return None


def _sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML member, from the workbook and its relationships."""
    root = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels if _local(r.tag) == "Relationship"}
    members = {}
    for elem in root.iter():
        if _local(elem.tag) != "sheet":
            continue
        target = targets.get(_attr(elem, "id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        members[elem.get("name", "")] = member
    return members


def _formulas(xml: bytes) -> dict[tuple[int, int], str]:
    """Every cell holding a formula, in one streaming pass of expat over the sheet's XML.

    Per element, only a tag comparison runs (no namespace processing: a tag is « c » or « x:c »); the
    handlers for a formula's end and text are attached only inside an ``<f>`` element.
    """
    if b"<f" not in xml and b":f" not in xml:
        return {}  # no element named f can exist (its tag is « <f » or « <prefix:f »): nothing to parse
    found: dict[tuple[int, int], str] = {}
    parser = expat.ParserCreate()
    at: dict[str, Any] = {
        "row": -1,
        "ref": None,
        "after": 0,
    }  # the last cell reference of the row, cells since it without one
    text: list[str] = []

    def position() -> tuple[int, int]:
        match = _CELL_REF.match(at["ref"] or "")
        if match is None:
            return at["row"], at["after"] - 1
        return int(match.group(2)) - 1, column_index_from_string(match.group(1)) - 1 + at["after"]

    def on_text(data):
        text.append(data)

    def on_end(name):
        if name == "f" or name.endswith(":f"):
            found[position()] = "".join(text).strip()
            parser.EndElementHandler = parser.CharacterDataHandler = None

    def on_start(name, attrs):
        if name == "c" or name.endswith(":c"):
            ref = attrs.get("r")
            if ref:
                at["ref"], at["after"] = ref, 0
            else:  # a cell without a reference is the one after the previous
                at["after"] += 1
        elif name == "row" or name.endswith(":row"):
            r = attrs.get("r")
            at["row"], at["ref"], at["after"] = (int(r) - 1 if r else at["row"] + 1), None, 0
        elif name == "f" or name.endswith(":f"):
            text.clear()
            parser.EndElementHandler, parser.CharacterDataHandler = on_end, on_text

    parser.StartElementHandler = on_start
    parser.Parse(xml, True)
    return found


def _may_hold_formulas(zf: zipfile.ZipFile, member: str) -> bool:
    """Whether a sheet's XML holds « <f » or « :f » (the only ways to start an element named f), read in chunks:
    a sheet without formulas (most) is never held whole in memory a second time, beside calamine's copy."""
    tail = b""
    with zf.open(member) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            if b"<f" in window or b":f" in window:
                return True
            tail = chunk[-1:]
    return False


def read_workbook(path: Path) -> list[Sheet]:
    """Every sheet of the workbook, in its order. Raises what the readers raise on a corrupt file."""
    path = Path(path)
    book = CalamineWorkbook.from_path(str(path))
    try:
        sheets = []
        with zipfile.ZipFile(path) as zf:
            members = _sheet_members(zf)
            names = set(zf.namelist())
            for name in book.sheet_names:
                grid = book.get_sheet_by_name(name)
                rows = grid.to_python(skip_empty_area=False)
                for i, row in enumerate(rows):  # only the rows holding a cell to convert are rebuilt
                    if not _CONVERTED.isdisjoint(map(type, row)):
                        rows[i] = [_convert(v) if type(v) in _CONVERTED else v for v in row]
                merged = [(a[0], a[1], b[0], b[1]) for a, b in (grid.merged_cell_ranges or [])]
                member = members.get(name)
                formulas = _formulas(zf.read(member)) if member in names and _may_hold_formulas(zf, member) else {}
                sheets.append(Sheet(name, rows, formulas, merged))
    finally:
        book.close()
    return sheets
