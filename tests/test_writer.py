"""The clean writer: the workbook's streamed records have openpyxl's bytes, cell for cell; the CSVs pandas' bytes."""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from benchmark.clean import writer
from benchmark.ingest.xlsx import read_workbook

AWKWARD_TEXT = [
    "Subvention « numérique » de 5 000 € — ASBL",  # non-ASCII, narrow no-break space, euro, dash
    "emoji 😀 and 漢字",  # outside the BMP and CJK
    "R&D <b>bold</b> \"quoted\" 'single'",  # markup characters
    "  leading and trailing  ",  # kept with xml:space="preserve"
    "line one\nline two\ttab",
    "carriage\r\nreturn",
    '=HYPERLINK("http://example.invalid")',  # formula-like: stays text
    "+33 1 23",
    "@SUM(A1)",
    "-1+1",
    "#N/A",  # an error code's spelling: stays text too
    "=",
    "",
    " ",
]


def awkward_frame() -> pd.DataFrame:
    n = len(AWKWARD_TEXT)
    numbers = [0, 1, -1, 2**53 + 1, 10**20, 0.1 + 0.2, 1e-300, 67.76000000000001, math.inf, -math.inf, 1.5e15, 3, 4, 5]
    return pd.DataFrame(
        {
            "text": AWKWARD_TEXT,
            "number": pd.Series(numbers[:n], dtype=object),
            "float": pd.Series([0.5, math.nan, 2.0, np.float64(1 / 3)] * 3 + [7.0, 8.25])[:n],
            "int": pd.array([1, None, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14][:n], dtype="Int64"),
            "flag": pd.Series([True, False, None, np.bool_(True)] * 3 + [False, True])[:n],
            "list": [["a", "b"], [], ["é"], ["x"], None, ["1", "2", "3"]] * 2 + [[], ["z"]],
            "missing": [None, pd.NA, math.nan, pd.NaT] * 3 + [None, "last"],
            "when": [pd.Timestamp("2024-02-01")] * n,
        }
    )


def openpyxl_reference(tables: dict[str, pd.DataFrame]) -> bytes:
    """What the writer wrote before it streamed its own cells: openpyxl's write-only cells, every text typed as
    text, then the same zip normalisation."""
    wb = openpyxl.Workbook(write_only=True)
    for name, frame in tables.items():
        ws = wb.create_sheet(name[:31])
        ws.freeze_panes = "A2"
        for i, col in enumerate(frame.columns, start=1):
            longest = max([len(str(col))] + [len(writer.cell_text(v)) for v in frame[col].tolist()[:500]])
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
        header = []
        for col in frame.columns:
            cell = WriteOnlyCell(ws, value=str(col))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for record in frame.itertuples(index=False):
            row = []
            for value in map(writer._excel_value, record):
                if isinstance(value, str):
                    value = WriteOnlyCell(ws, value=value)
                    value.data_type = "s"
                row.append(value)
            ws.append(row)
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(frame.columns)))}{len(frame) + 1}"
    wb.properties.created = writer.FIXED_TIME
    wb.properties.modified = writer.FIXED_TIME
    wb.properties.creator = "benchmark clean"
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    writer._normalise_zip(buffer.getvalue(), out)
    return out.getvalue()


def test_the_streamed_workbook_has_openpyxls_bytes(tmp_path, monkeypatch):
    frame = awkward_frame()
    empty_row = pd.DataFrame({"a": [None, "x"], "b": [math.nan, None]})  # a record with no value at all
    tables = {"awkward": frame, "a_long_sheet_name_cut_at_31_characters": empty_row, "empty": frame.iloc[:0]}
    monkeypatch.setattr(writer, "_ROWS_PER_CHUNK", 3)  # several chunks within one sheet
    writer.write_workbook(tables, tmp_path / "streamed.xlsx")
    assert (tmp_path / "streamed.xlsx").read_bytes() == openpyxl_reference(tables)


def test_the_workbook_carries_no_time_of_writing(tmp_path):
    """openpyxl stamps the time it writes (document dates, zip members): the writer fixes both, so two runs of the
    same tables write the same bytes."""
    writer.write_workbook({"awkward": awkward_frame()}, tmp_path / "book.xlsx")
    with zipfile.ZipFile(tmp_path / "book.xlsx") as book:
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    stamp = writer.FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert core.count(stamp) == 2 and ">benchmark clean</dc:creator>" in core


def test_the_streamed_workbook_reads_back(tmp_path):
    frame = awkward_frame()
    writer.write_workbook({"awkward": frame}, tmp_path / "book.xlsx")
    sheet = read_workbook(tmp_path / "book.xlsx")[0]
    assert sheet.rows[0] == list(frame.columns)
    texts = [row[0] for row in sheet.rows[1:]]
    assert texts == AWKWARD_TEXT  # « \r » too: written as a character reference
    assert not sheet.formulas
    assert [row[5] for row in sheet.rows[1:4]] == ["a; b", "", "é"]
    ws = openpyxl.load_workbook(tmp_path / "book.xlsx")["awkward"]
    assert {ws.cell(row=r, column=1).data_type for r in range(2, len(frame) + 2)} <= {"s", "inlineStr"}  # no f, no e
    assert ws.cell(row=2, column=5).value is True and ws.cell(row=3, column=5).value is False


def test_a_control_character_is_refused_with_its_cell(tmp_path):
    with pytest.raises(ValueError, match=r"cell B3: a control character"):
        writer.write_workbook({"t": pd.DataFrame({"a": [1, 2], "b": ["ok", "bell\x07"]})}, tmp_path / "x.xlsx")


@pytest.mark.parametrize(
    "frame",
    [awkward_frame(), pd.DataFrame({"only": ["", "a", None]}), pd.DataFrame({"a": [], "b": []})],
    ids=["awkward", "one-column-with-empty-cells", "no-rows"],
)
def test_the_csv_has_pandas_bytes(frame, tmp_path):
    writer.write_csv(frame, tmp_path / "streamed.csv")
    text = pd.DataFrame({c: [writer.cell_text(v) for v in frame[c].tolist()] for c in frame.columns}, dtype=object)
    text.to_csv(tmp_path / "pandas.csv", index=False, encoding="utf-8", lineterminator="\n")
    assert (tmp_path / "streamed.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


def _old_folder(path):
    path.mkdir()
    (path / "instruments.csv").write_text("old\n", encoding="utf-8")
    return {p.name: p.read_bytes() for p in path.iterdir()}


def test_an_error_of_the_workbook_stops_the_run_and_keeps_the_old_folder(result, tmp_path):
    """A cell the workbook cannot hold stops the run: nothing is swapped in."""
    out = tmp_path / "clean"
    old = _old_folder(out)
    tables = dict(result.tables)
    tables["instruments"] = tables["instruments"].copy()
    tables["instruments"].loc[tables["instruments"].index[1], "name"] = "bell\x07"  # a workbook cannot hold it
    with pytest.raises(ValueError, match=r"cell B3: a control character"):
        writer.write_clean(tables, result.extras(), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old
    assert [p.name for p in tmp_path.iterdir()] == ["clean"]  # no staging folder left
