"""The data behind every chart and table of a report, one CSV file each in ``reports/donnees/``, a click away.

A table a notebook shows through ``present.formatting.reader_table`` publishes its values beside its HTML (the
``TABLE_MIME`` bundle: French headings with their unit, numbers as numbers, the fields its columns show); a chart
carries its own in ``layout.meta["table"]`` (``present.figures.with_data``; a chart without one gives its traces'
points). The page links each to ``donnees/<page>-<n>.csv``, numbered in the page's order, and the site writes the
files beside the page: offline, sent with the folder.

The files are for a French spreadsheet: UTF-8 with a byte-order mark (Excel reads the accents right), « ; » between
columns and a decimal comma (what Excel and LibreOffice expect in a French locale, so that an amount opens as a
number), the headings in row 1, one row per table row, then an empty row and the source: the page, the table's
title and notes, the data's date and version, and how to read « L123 ».
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.present.display import PLOTLY_MIME
from benchmark.present.formatting import TABLE_MIME, french_typography
from benchmark.publish.notebook_form import for_readers

DATA_DIR = "donnees"
DELIMITER = ";"
LINK_TEXT = "Télécharger les données"


@dataclass
class DataFile:
    """One chart's or table's data, as its CSV holds it."""

    name: str  # file name in DATA_DIR
    kind: str  # « tableau » or « graphique »
    title: str
    columns: list[str]
    rows: list[list]
    fields: list[str | None] = field(default_factory=list)  # the clean tables' field each column shows, if any
    notes: list[str] = field(default_factory=list)
    where: tuple[int, int] = (0, 0)  # (cell, output) of the notebook that shows it

    @property
    def href(self) -> str:
        return f"{DATA_DIR}/{self.name}"


def _figure_title(figure: dict) -> str:
    from benchmark.publish.chart_images import figure_title

    return figure_title(figure.get("layout", {})) or "Graphique"


def figure_table(figure: dict) -> tuple[list[str], list[list]]:
    """A chart's data: the table it carries (``layout.meta["table"]``), else one row per drawn point (series, its
    category and value; a heatmap's row, column and count)."""
    layout = figure.get("layout", {})
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    if isinstance(meta.get("table"), dict):
        return list(meta["table"]["columns"]), [list(r) for r in meta["table"]["rows"]]

    def axis_title(name: str, default: str) -> str:
        title = (layout.get(name) or {}).get("title") or {}
        text = title.get("text") if isinstance(title, dict) else title
        return str(text).replace("<br>", " ") if text else default

    rows: list[list] = []
    x_title, y_title = axis_title("xaxis", "Abscisse"), axis_title("yaxis", "Ordonnée")
    for trace in figure.get("data", []):
        if trace.get("type") == "heatmap":
            for y, line in zip(trace.get("y") or [], trace.get("z") or []):
                rows += [[trace.get("name") or "", y, x, z] for x, z in zip(trace.get("x") or [], line)]
            continue
        points = [(x, y) for x, y in zip(trace.get("x") or [], trace.get("y") or []) if x is not None and y is not None]
        rows += [[trace.get("name") or "", x, y] for x, y in points]
    if any(len(r) == 4 for r in rows):
        return ["Série", y_title, x_title, "Valeur"], rows
    return ["Série", x_title, y_title], rows


def page_data(nb, page_stem: str) -> list[DataFile]:
    """Every chart and table of an executed notebook, in the page's order, with the CSV name it is published as."""
    found: list[DataFile] = []
    for c, cell in enumerate(nb["cells"]):
        if not for_readers(cell):  # a researchers' cell is not on the page
            continue
        for o, output in enumerate(cell.get("outputs", []) if cell["cell_type"] == "code" else []):
            data = output.get("data") or {}
            n = len(found) + 1
            name = f"{page_stem}-{n}.csv"
            if TABLE_MIME in data:
                table = data[TABLE_MIME]
                found.append(
                    DataFile(
                        name,
                        "tableau",
                        table.get("caption") or "Tableau",
                        list(table["columns"]),
                        [list(r) for r in table["rows"]],
                        list(table.get("fields") or []),
                        list(table.get("notes") or []),
                        (c, o),
                    )
                )
            elif PLOTLY_MIME in data:
                columns, rows = figure_table(data[PLOTLY_MIME])
                found.append(DataFile(name, "graphique", _figure_title(data[PLOTLY_MIME]), columns, rows, where=(c, o)))
    return found


def cell_text(value) -> str:
    """A value as the CSV writes it: a decimal comma, no thousands separator, an empty cell for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    return " ".join(str(value).split())


def csv_bytes(data: DataFile, page_title: str, info=None) -> bytes:
    """The CSV file of one chart or table (see the module's docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(data.columns)
    writer.writerows([cell_text(v) for v in row] for row in data.rows)
    writer.writerow([])
    when = f"Données arrêtées le {info.date_fr}, version des données {info.fingerprint}. " if info is not None else ""
    source = [
        f"Source : « {page_title} », {data.kind} « {data.title} ».",
        *data.notes,
        f"{when}Benchmark des instruments de soutien à la digitalisation des organisations non-marchandes, d'après "
        "le rapport de l'étape 3 « Explorer pour s'inspirer » (février 2024) ; « L123 » renvoie à la ligne 123 de ce "
        "rapport.",
    ]
    writer.writerows([french_typography(" ".join(line.split()))] for line in source)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def link_html(data: DataFile, definitions: Sequence[tuple[str, str]] = ()) -> str:
    """The line under a chart or table: its CSV, and where the codebook defines the codes its columns use."""
    text = (
        f'<p class="bm-data"><a href="{html.escape(data.href)}" download="{html.escape(data.name)}">{LINK_TEXT}'
        f'<span class="bm-hidden"> du {data.kind} « {html.escape(data.title)} »</span></a> (CSV, '
        f"{len(data.rows)}\u00a0ligne{'s' if len(data.rows) > 1 else ''})"
    )
    if definitions:
        terms = ", ".join(f'<a href="{html.escape(href)}">{html.escape(term)}</a>' for term, href in definitions)
        text += f" · Définitions dans le livre de codes\u202f: {terms}"
    return text + "</p>"


def write_page_data(folder: Path, files: list[DataFile], page_title: str, info=None) -> list[Path]:
    """Write the CSV files of one page into ``folder/donnees/``."""
    target = Path(folder) / DATA_DIR
    target.mkdir(exist_ok=True)
    written = []
    for data in files:
        path = target / data.name
        path.write_bytes(csv_bytes(data, page_title, info))
        written.append(path)
    return written
