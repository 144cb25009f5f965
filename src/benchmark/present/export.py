"""A table for a spreadsheet: ``to_excel(frame, path)`` writes an ``.xlsx`` with French headings and labels, and
numbers left as numbers (amounts in euros, shares, years, counts), formatted for a French reader by Excel or
LibreOffice themselves (« 20 000 € », « 70 % »). The table formatter of the notebooks
(``benchmark.present.formatting.reader_table``) turns amounts into text for reading; this one keeps them computable.

Codes become their French labels (read in their column: ``asbl_access`` « Sous conditions »), list cells their
items joined with « ; », booleans « Oui »/« Non », a ceiling with its status (``analysis.money.Figure``) its value in
euros, a missing value an empty cell. Every text cell is written as text: a name that begins with « = » never
becomes a formula.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmark.present.formatting import CODE_COLUMNS, COLUMN_FORMATS, COLUMN_LABELS, is_missing, label
from benchmark.registry import FIELDS

# Excel number formats, which both Excel and LibreOffice show in the reader's locale (French: « 20 000,00 € »).
NUMBER_FORMATS = {"eur": '#,##0.00 "€";-#,##0.00 "€"', "pct": "0 %", "year": "0", "int": "#,##0"}
LIST_SEPARATOR = " ; "
# Analysis columns whose values are amounts in euros (a Figure, or a number), beside the registry's « eur » fields.
EUR_COLUMNS = {"ceiling", "ceiling_eur", "min", "median", "max"}


def _kind(column, series: pd.Series) -> str:
    """How a column is written: eur, pct, year, int (numbers with a format), code, list, bool, number or text."""
    if column in EUR_COLUMNS:
        return "eur"
    kind = COLUMN_FORMATS.get(column)
    if kind in NUMBER_FORMATS:
        return kind
    field = FIELDS.get(column)
    if field is not None and field.is_list:
        return "list"
    if column in CODE_COLUMNS or (field is not None and field.format == "code"):
        return "code"
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "text"


def _value(value, kind: str, column):
    if isinstance(value, (list, tuple)):
        codes = kind in ("list", "code") and FIELDS.get(column) is not None and FIELDS[column].enum is not None
        items = [label(v, column) if codes else str(v) for v in value]
        return LIST_SEPARATOR.join(items) or None
    if hasattr(value, "status") and hasattr(value, "value"):  # a Figure: the amount, its status in another column
        value = value.value
    if is_missing(value):
        return None
    if kind in ("eur", "pct", "number"):
        return float(value)
    if kind in ("year", "int"):
        return int(value)
    if kind == "bool" or isinstance(value, bool):
        return "Oui" if bool(value) else "Non"
    if kind == "code":
        return label(value, column)
    return str(value)


def heading(column) -> str:
    """The French heading of a column (the registry's label, or the analysis column's)."""
    if not isinstance(column, str):
        return label(column)
    return COLUMN_LABELS[column] if column in COLUMN_LABELS else label(column)


def to_excel(
    frame: pd.DataFrame | pd.Series, path: Path | str, sheet: str = "Données", index: bool | None = None
) -> Path:
    """Write ``frame`` to ``path`` (``.xlsx``): one sheet, French headings on the first row (frozen, with filters),
    French labels for codes, numbers as numbers. A named index becomes the first column; ``index`` forces either
    way. Returns the path written."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path} : donnez un nom de fichier qui finit par .xlsx")
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name or "count")
    # A named index (a crosstab's jurisdictions) is data; the row numbers a filter leaves are not.
    keep_index = index if index is not None else any(name is not None for name in frame.index.names)
    data = frame.reset_index() if keep_index else frame.reset_index(drop=True)
    workbook = openpyxl.Workbook()
    sheet_ = workbook.active
    sheet_.title = sheet[:31]
    columns = list(data.columns)
    sheet_.append([heading(c) for c in columns])
    kinds = {c: _kind(c, data[c]) for c in columns}
    for record in data.itertuples(index=False, name=None):
        sheet_.append([_value(v, kinds[c], c) for c, v in zip(columns, record)])
    for j, column in enumerate(columns, start=1):
        fmt = NUMBER_FORMATS.get(kinds[column])
        for (cell,) in sheet_.iter_rows(min_row=2, min_col=j, max_col=j):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, whatever its first character
            elif fmt and cell.value is not None:
                cell.number_format = fmt
        widest = max(
            [len(heading(column))]
            + [len(str(c.value or "")) for (c,) in sheet_.iter_rows(min_row=2, min_col=j, max_col=j)]
        )
        sheet_.column_dimensions[get_column_letter(j)].width = min(60, max(10, widest + 2))
    sheet_.freeze_panes = "A2"
    sheet_.auto_filter.ref = sheet_.dimensions
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
