"""French formatting of every number, code and table a reader sees (notebooks, reports, findings).

One formatter for prose, tables and chart labels, so that « 20 % » in a sentence and « 20 % » on a table always
agree: narrow no-break space (U+202F) between thousands and before « % » and « € », decimal comma, « — » for a
missing value, « Oui »/« Non » for booleans, French labels for codes and column names, lists as plain text.
Nothing here knows today's data: it only turns values into text.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Number

import pandas as pd

from benchmark.core.french import (  # noqa: F401 (re-exported: the notebooks and pages format here)
    MISSING,
    NNBSP,
    fmt_bool,
    fmt_eur,
    fmt_int,
    fmt_lines,
    fmt_list,
    fmt_number,
    fmt_pct,
    fmt_year,
    is_missing,
    plural,
)
from benchmark.registry import FIELDS
from benchmark.registry.labels import COLUMN_LABELS, LABELS  # noqa: F401 (re-exported)
from benchmark.registry.labels import label as code_label

# A reader table's values as data (numbers as numbers), published beside its HTML: the reports write them to the
# CSV a reader downloads (benchmark.publish.data_files). JupyterLab and nbconvert ignore a mimetype they do not know.
TABLE_MIME = "application/vnd.benchmark.table+json"


def label(code, field: str | None = None) -> str:
    """The French label of a code (``registry.labels``, read in the column ``field`` where it matters); « — » when
    missing. Only real booleans map to Oui/Non (``0 == False`` in Python: a count of 0 must stay « 0 »)."""
    if isinstance(code, bool):
        return fmt_bool(code)
    if is_missing(code):
        return MISSING
    return code_label(code, field)


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$])")
_HTML_TAG = re.compile(r"</?(?:i|b|em|strong|u|br|p|span)\b[^>]*>", re.IGNORECASE)
# The report's Markdown marks (its text is a Markdown extraction): emphasis, links, autolinks, list and heading
# markers at a line's start. An emphasis mark closes before a letter-free character; a footnote call (« *…*⁸ »)
# follows the closing mark.
_LETTER = "A-Za-z0-9À-ÖØ-öø-ÿ"
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(rf"(?<![*_{_LETTER}])([*_])(?=\S)(.+?)(?<=\S)\1(?![*_{_LETTER}])")
_STRAY_EMPHASIS = re.compile(r"\*+")  # a mark whose pair lies outside the quoted lines
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^>\s]+)>")
_LINE_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*)", re.MULTILINE)


def reader_text(text: str) -> str:
    """A quote of the report as a reader should read it: the extraction's Markdown escapes (« 2 400\\$ »), emphasis
    marks (« **plaidoyer** », « *Explorer pour s'inspirer* »), links (« [Mon ASBL](#) »), list and heading markers
    and HTML remnants (« <i>…</i> ») removed, the words untouched, on one line."""
    text = _MARKDOWN_ESCAPE.sub(lambda m: "\x00" if m.group(1) == "*" else m.group(1), text)  # « \* » is a star
    text = _LINE_MARKER.sub("", _AUTOLINK.sub(r"\1", _LINK.sub(r"\1", text)))
    for _ in range(2):  # an emphasis inside a strong one
        text = _EMPHASIS.sub(r"\2", _STRONG.sub(r"\2", text))
    text = _STRAY_EMPHASIS.sub("", text).replace("\x00", "*")
    return " ".join(_HTML_TAG.sub(" ", text).split())


def sentence(text: str) -> str:
    """A description that ends where a sentence ends: an excerpt cut before the list it announces (« divisé en deux
    formations distinctes : ») or copied from a table cell without a full stop ends with one; the words are kept."""
    text = text.rstrip()
    if not text or text[-1] in ".!?…»)":
        return text
    return text.rstrip(" :;,\u202f\u00a0") + "."


def french_typography(text: str) -> str:
    """Narrow no-break space before « : ; ? ! % € » and inside guillemets, where a plain space stands."""
    for mark in (":", ";", "?", "!", "%", "€"):
        text = text.replace(f" {mark}", f"{NNBSP}{mark}")
    return text.replace("« ", f"«{NNBSP}").replace(" »", f"{NNBSP}»")


# --------------------------------------------------------------------------------------------------------
# Templates: « {n:int} », « {amount:eur} », « {share:pct} », « {names:list} », « {n:count:aide|aides} »


def quantity(text: str, value, name: str) -> str:
    """A headline number marked for machines, read the same by people: ``<data value="8" data-q="name">8</data>``.
    Every page marks its headline quantities so; a test checks that one quantity has one value on every page
    (docs/codebook.md, « Quantités de tête »)."""
    raw = int(value) if isinstance(value, (int, float)) and float(value).is_integer() else value
    return f'<data value="{html.escape(str(raw))}" data-q="{html.escape(name)}">{text}</data>'


class _FrenchFormatter(string.Formatter):
    def format_field(self, value, format_spec: str) -> str:
        format_spec, _, name = format_spec.partition("@")  # « {n:int@brussels-obtainable} » marks a quantity
        text = self._format(value, format_spec)
        return quantity(text, value, name) if name else text

    def _format(self, value, format_spec: str) -> str:
        kind, _, arg = format_spec.partition(":")
        if kind == "int":
            return fmt_int(value)
        if kind == "eur":
            return fmt_eur(value, compact=arg == "compact")
        if kind == "pct":
            return fmt_pct(value, int(arg) if arg else 0)
        if kind == "num":
            return fmt_number(value, int(arg) if arg else 1)
        if kind == "year":
            return fmt_year(value)
        if kind == "list":
            return fmt_list(value, arg or "et")
        if kind == "label":
            return label(value)
        if kind == "labels":
            return fmt_list([label(v) for v in value], arg or "et")
        if kind == "lines":
            return fmt_lines(value)
        if kind == "count":  # « {n:count:aide|aides} », or « {n:count:a|ont|aucune n'a} » with words for none
            singular, plural_form, *none = arg.split("|") + [""]
            return none[0] if value == 0 and none and none[0] else plural(value, singular, plural_form or None)
        if isinstance(value, Number) and not isinstance(value, bool) and not format_spec:
            raise ValueError(f"number {value!r} in a template needs a format (int, eur, pct, num, year, count)")
        return super().format_field(value, format_spec)


_FORMATTER = _FrenchFormatter()


def render(template: str, **values) -> str:
    """Fill a French template; every number must name its format (« {n:int} »), so none is printed raw."""
    return _FORMATTER.format(template, **values)


# --------------------------------------------------------------------------------------------------------
# Tables


# How each column is shown: the registry's display format for the clean tables' fields (benchmark.registry), plus
# the columns that only the analysis computes. Anything else: text, or a number shown with its digits.
_SHOWN_FORMATS = ("eur", "pct", "year", "lines", "int")
COLUMN_FORMATS: dict[str, str] = {
    **{name: f.format for name, f in FIELDS.items() if f.format in _SHOWN_FORMATS},
    "unit_cost_eur": "eur",  # step 5 scenarios
    "share": "pct",  # step 5 scenarios
    "ceiling_eur": "eur",  # analysis.eligibility: a ceiling's value in euros
}
CODE_COLUMNS = frozenset(
    {name for name, f in FIELDS.items() if f.format == "code"} | {"family", "stage", "ladder", "ceiling_class"}
)


def format_cell(
    value, kind: str | None = None, names: Mapping[str, str] | None = None, field: str | None = None
) -> str:
    """One cell as text for a reader (``field``: the column it stands in, for the codes it reads otherwise)."""
    if isinstance(value, (list, tuple)):
        return fmt_list([format_cell(v, kind, names, field) for v in value], "et") if value else MISSING
    if is_missing(value):
        return MISSING
    if kind == "eur":
        return fmt_eur(value)
    if kind == "pct":
        return fmt_pct(value)
    if kind == "year":
        return fmt_year(value)
    if kind == "lines":
        return fmt_lines(str(value))
    if kind == "code":
        return label(value, field)
    if kind == "column":
        return COLUMN_LABELS.get(value, label(value))
    if kind == "name" and names is not None:
        return names.get(value, str(value))
    if isinstance(value, bool):
        return fmt_bool(value)
    if isinstance(value, Number):
        x = float(value)  # type: ignore[arg-type]  # every Number we format is real
        return fmt_int(x) if x.is_integer() else fmt_number(x, 2)
    return reader_text(str(value))


# Text left, numbers right, in JupyterLab as in the reports. JupyterLab right-aligns every cell of an HTML table and a
# notebook output may not carry a <style> element (invalid inside a page's body), so each cell says its alignment;
# the reports' CSS (templates/report.css, ``.bm-num``) says the same.
_ALIGN = {False: ' style="text-align: left"', True: ' class="bm-num" style="text-align: right"'}


@dataclass
class ReaderTable:
    """A table as a French reader sees it: labelled columns, formatted cells, no pandas index.

    Rendered as a plain ``<table>`` (no inline ``<style>``: valid HTML anywhere in a page), wrapped in a box
    that scrolls on its own when narrow; the first column is the row header; text is aligned left and numbers
    right. Its text form is what nbval compares, so a changed number in a table fails the notebook check as it
    should. A table without rows is shown as its ``empty`` sentence, never as headings over nothing.
    """

    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    data: dict | None = None  # the values behind the cells, for the CSV (``table_data``); None: the cells' text
    empty: str = ""

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=self.columns)

    def empty_sentence(self) -> str:
        """What a reader reads instead of a table without rows."""
        return self.empty or f"{self.caption or 'Ce tableau'} : aucune ligne pour cette sélection."

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """HTML and text as before, and the table's data (``TABLE_MIME``): what the reports' CSV files hold. A table
        without rows is a sentence, and has no data file."""
        bundle = {"text/plain": repr(self), "text/html": self._repr_html_()}
        if not self.rows:
            return bundle
        data = self.data or {"columns": list(self.columns), "fields": [None] * len(self.columns), "rows": self.rows}
        return {**bundle, TABLE_MIME: {**data, "caption": self.caption, "notes": list(self.notes)}}

    def _repr_html_(self) -> str:
        notes = "".join(f'<p class="bm-table-note">{html.escape(n)}</p>' for n in self.notes)
        if not self.rows:
            return f'<p class="bm-table-empty">{html.escape(self.empty_sentence())}</p>{notes}'
        head = "".join(
            f'<th scope="col"{_ALIGN[num]}>{html.escape(c)}</th>' for c, num in zip(self.columns, self.numeric)
        )
        body = []
        for row in self.rows:
            cells = []
            for i, (value, num) in enumerate(zip(row, self.numeric)):
                tag = 'th scope="row"' if i == 0 else "td"
                close = "th" if i == 0 else "td"
                cells.append(f"<{tag}{_ALIGN[bool(num and i)]}>{html.escape(value)}</{close}>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            # mathjax_ignore: JupyterLab's MathJax leaves the cells as they are (« 100 000 $ à 50 M$ » is no formula)
            f'<div class="bm-table-wrap mathjax_ignore" role="region" '
            f'aria-label="{html.escape(self.caption or "Tableau")}" '
            f'tabindex="0"><table class="bm-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{notes}"
        )

    def __repr__(self) -> str:
        if not self.rows:
            return "\n".join([self.empty_sentence(), *self.notes])
        return "\n".join(filter(None, [self.caption, self.to_frame().to_string(index=False), *self.notes]))


def selection_notes(frame: pd.DataFrame) -> list[str]:
    """The sentences a table owes its reader about a notebook's selection (``benchmark.analysis.comparisons``): the
    chosen jurisdictions without data (``attrs["no_data"]``), the jurisdiction a table is about when it is not
    chosen (``attrs["requires"]``)."""
    notes = []
    requires = frame.attrs.get("requires") or []
    if requires:
        names = fmt_list([label(j) for j in requires])
        notes.append(f"Ce tableau porte sur {names}, qui ne fait pas partie des juridictions choisies.")
    no_data = [j for j in frame.attrs.get("no_data") or [] if j not in requires]
    if no_data:
        notes.append(f"Aucune donnée dans cette sélection pour : {fmt_list([label(j) for j in no_data])}.")
    return notes


def reader_table(
    frame: pd.DataFrame | pd.Series,
    columns: Mapping[str, str] | list[str] | None = None,
    formats: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    index: bool | None = None,
    caption: str = "",
    notes: Iterable[str] = (),
    empty: str = "",
) -> ReaderTable:
    """Turn an analysis table into a :class:`ReaderTable`.

    ``columns`` picks and orders the columns (a mapping also gives their French headings; otherwise the
    headings come from ``theme.COLUMN_LABELS``). ``formats`` overrides a column's kind (``eur``, ``pct``,
    ``year``, ``lines``, ``code``, ``column``, ``name``, ``int``, ``text``). ``names`` maps instrument ids to their names for
    columns of kind ``name`` (readers see names, never slugs). A meaningful index (named, or not a plain
    0..n-1 range) becomes the first column; ``index`` forces either way. The frame's notes about a notebook's
    selection (``selection_notes``) follow the given ``notes``; ``empty`` is the sentence shown when there is no
    row (a table about a jurisdiction that is not chosen says so).
    """
    if isinstance(frame, pd.Series):
        attrs = dict(frame.attrs)
        frame = frame.to_frame(frame.name or "count")
        frame.attrs = attrs
    about_selection = selection_notes(frame)
    if frame.empty and frame.attrs.get("requires") and not empty:  # the table is about a jurisdiction not chosen
        empty, about_selection = about_selection[0], about_selection[1:]
    notes = [*notes, *about_selection]
    keep_index = (
        index
        if index is not None
        else (frame.index.name is not None or not frame.index.equals(pd.RangeIndex(len(frame))))
    )
    data = frame.reset_index() if keep_index else frame.reset_index(drop=True)
    if keep_index and frame.index.name is None:
        data = data.rename(columns={"index": ""})
    if columns is None:
        selected = list(data.columns)
        headings = {c: COLUMN_LABELS.get(c, label(c)) if isinstance(c, str) else label(c) for c in selected}
    elif isinstance(columns, Mapping):
        selected, headings = list(columns), dict(columns)
    else:
        selected = list(columns)
        headings = {c: COLUMN_LABELS.get(c, label(c)) if isinstance(c, str) else label(c) for c in selected}
    kinds = {}
    for c in selected:
        kind = (formats or {}).get(c) or COLUMN_FORMATS.get(c)
        if kind is None and c in CODE_COLUMNS:
            kind = "code"
        kinds[c] = kind
    numeric = [
        kinds[c] in ("eur", "pct", "int")
        or (kinds[c] is None and pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c]))
        for c in selected
    ]
    records = list(data[selected].itertuples(index=False, name=None))
    rows = [[format_cell(value, kinds[c], names, c) for c, value in zip(selected, record)] for record in records]
    values = table_data(selected, [headings[c] for c in selected], kinds, numeric, records, names)
    return ReaderTable([headings[c] for c in selected], rows, numeric, caption, list(notes), values, empty)


# Units a column's heading gets in the data file, where its cells are bare numbers.
_DATA_UNITS = {"eur": "€", "pct": "%"}


def data_value(value, kind: str | None, numeric: bool, names: Mapping[str, str] | None = None, field=None):
    """One cell as data: a number as a number (euros in euros, a share in percent, counts and years as integers),
    anything else as the text the table shows; a missing value as None (an empty cell)."""
    if isinstance(value, (list, tuple)) or not (numeric or kind == "year"):
        text = format_cell(value, kind, names, field)
        return None if text == MISSING else text
    if is_missing(value):
        return None
    x = float(value)
    if kind == "pct":
        x = round(x * 100, 6)
    return int(x) if x.is_integer() else round(x, 6)


def table_data(selected, headings, kinds, numeric, records, names=None) -> dict:
    """A table's values for its CSV: headings with their unit (« Montant max. (€) », « Taux (%) »), the fields
    they show (the codebook defines the coded ones), one list per row."""
    columns = []
    for heading, c in zip(headings, selected):
        unit = _DATA_UNITS.get(kinds[c] or "")
        columns.append(f"{heading} ({unit})" if unit and unit not in heading else heading)
    return {
        "columns": columns,
        "fields": [c if isinstance(c, str) and c in FIELDS else None for c in selected],
        "rows": [
            [data_value(v, kinds[c], num, names, c) for c, v, num in zip(selected, record, numeric)]
            for record in records
        ],
    }
