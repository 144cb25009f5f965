"""``reports/catalogue.html``: every instrument in one searchable, sortable, filterable table, readable offline.

One row per instrument of ``instruments.csv`` (anchor ``id`` = ``instrument_id``), with its amounts in euros
from ``amounts.csv``, the report's passages it comes from (the quoted lines open on demand) and links to the
reports that mention its name or id. A value taken from another source than the report (``sources.csv``) shows
that source, the day it was read and, when nothing was kept to check it, « non vérifiable »
(``benchmark.present.provenance``); a kept copy's cited lines open on demand like the report's. A small inline vanilla script (``templates/catalogue.js``) sorts by any
column, filters the rows (a text box and select filters) and shows how many rows remain in ``#row-count``.
Every value from the data goes through ``html.escape``: a description holding ``<script>`` shows as text; the
formatting tags the source itself left in descriptions (``<i>``, ``<p>``…) are removed, their words kept.
"""

from __future__ import annotations

import csv
import html
import re
from collections import Counter, defaultdict
from pathlib import Path

from benchmark.core.parsing import split_list
from benchmark.core.spans import parse_locators, parse_spans
from benchmark.present import provenance
from benchmark.present.formatting import reader_text, sentence
from benchmark.present.theme import COLUMN_LABELS, LABELS
from benchmark.present.theme import label as theme_label
from benchmark.publish.csp import with_policy
from benchmark.registry.codes import AMOUNT_KINDS, INSTRUMENT_TYPES, JURISDICTIONS, NONMARKET_ACCESS, STAGES

JURISDICTION_FR = {code: LABELS[code] for code in JURISDICTIONS}
TYPE_FR = {code: LABELS[code] for code in INSTRUMENT_TYPES}
STAGE_FR = {code: LABELS[code] for code in STAGES}
ACCESS_FR = {code: LABELS[code] for code in NONMARKET_ACCESS}
BRUSSELS_FR = {"true": "Oui", "false": "Non", "": "Non précisé"}
QUOTE_LIMIT = 900  # characters of a quoted passage shown under its line numbers
# Formatting tags the source's annex left in some cells (« <i>…</i> », « <p>…</p> »): dropped, words kept.
_REMNANT_TAG = re.compile(r"</?(?:i|b|em|strong|u|span|p|ul|ol|li|br)\s*/?>", re.IGNORECASE)
AMOUNT_KIND_FR = {code: LABELS[code] for code in AMOUNT_KINDS}
MIN_NAME_LENGTH = 5  # shorter names would match ordinary words in the reports

FILTERS = (  # (data attribute, column, labels, French heading of the select: the column's, from the registry)
    ("jurisdiction", "jurisdiction", JURISDICTION_FR, COLUMN_LABELS["jurisdiction"]),
    ("types", "types", TYPE_FR, COLUMN_LABELS["types"]),
    ("stages", "stages", STAGE_FR, COLUMN_LABELS["stages"]),
    ("access", "nonmarket_access", ACCESS_FR, COLUMN_LABELS["nonmarket_access"]),
    ("brussels", "covers_brussels", BRUSSELS_FR, COLUMN_LABELS["covers_brussels"]),
)


def e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def euros(cell: str) -> str:
    """« 7500000000 » → « 7 500 000 000 € » (narrow no-break spaces, decimal comma)."""
    if not cell or not cell.strip():
        return ""
    try:
        value = float(cell)
    except ValueError:
        return cell
    if value.is_integer():
        text = f"{int(value):,}".replace(",", "\u202f")
    else:
        text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"


def label(labels: dict[str, str], code: str) -> str:
    return labels.get(code, code)


def mentions(instruments: list[dict[str, str]], reports: list[dict]) -> dict[str, list[dict]]:
    """``{instrument_id: [report, …]}``: the reports whose text names the instrument (its name or its id)."""
    found: dict[str, list[dict]] = defaultdict(list)
    texts = [(r, r.get("text", ""), r.get("text", "").casefold()) for r in reports]
    words = [set(re.findall(r"\w+", folded)) for _, _, folded in texts]
    named: dict[str, list[bool]] = {}  # one search per distinct name: many rows may share one (a programme's volets)
    for row in instruments:
        iid, name = row["instrument_id"], row["name"].strip()
        key = name.casefold()
        if key not in named:
            pattern = re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)") if len(name) >= MIN_NAME_LENGTH else None
            needed = set(re.findall(r"\w+", key))
            named[key] = [
                pattern is not None and needed <= present and pattern.search(folded) is not None
                for (_, _, folded), present in zip(texts, words)
            ]
        for (report, text, _), by_name in zip(texts, named[key]):
            if by_name or (iid and iid in text):
                found[iid].append(report)
    return found


def _options(attr: str, column: str, labels: dict[str, str], heading: str, rows: list[dict[str, str]]) -> str:
    """A filter's choices: one per value present, in the vocabulary order, with how many rows have it."""
    counts: Counter = Counter()
    for r in rows:
        values = split_list(r[column]) if column in ("types", "stages") else [r[column]]
        counts.update(set(values) or {"-" if column == "stages" else ""})
    order = [c for c in labels if c != "-"] + sorted(c for c in counts if c not in labels and c != "-")
    opts = ['<option value="">Toutes</option>']
    for code in order:
        if counts.get(code):
            opts.append(f'<option value="{e(code)}">{e(label(labels, code))} ({counts[code]})</option>')
    if counts.get("-"):
        opts.append(f'<option value="-">Aucune étape ({counts["-"]})</option>')
    return f'<label>{e(heading)}<br><select data-filter="{e(attr)}">' + "".join(opts) + "</select></label>"


def without_remnants(text: str) -> str:
    """A description without the source's formatting tags (their words kept), in one line."""
    return re.sub(r"\s+", " ", _REMNANT_TAG.sub(" ", text)).strip()


def source_texts(clean_dir: Path) -> dict[str, list[str]]:
    """The lines of each kept copy of a source, by source id (index 0 = L1), from ``source_texts.csv`` of
    ``clean_dir``: the catalogue opens a reference on its passage without reading ``data/raw/``."""
    texts: dict[str, list[str]] = {}
    for row in read_rows(Path(clean_dir) / "source_texts.csv"):
        texts.setdefault(row["source_id"], []).append(row["text"])
    return texts


def _passage(summary: str, lines: list[str] | None, a: int, b: int) -> str:
    if lines is None or b > len(lines):
        return e(summary)
    text = reader_text("\n".join(lines[a - 1 : b]))  # as the report reads: no Markdown marks
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f'<details class="quote"><summary>{e(summary)}</summary><blockquote>{e(text)}</blockquote></details>'


def quote(
    spec: str,
    source: list[str] | None,
    sources: dict[str, dict[str, str]] | None = None,
    texts: dict[str, list[str]] | None = None,
) -> str:
    """Line references with their passage on demand: each span is a ``<details>`` whose summary is « L123-L125 »;
    a span of another source's kept copy (``texts``) opens on its passage too, after the source's note; a source
    cited whole shows its note alone."""
    if not spec:
        return ""
    try:
        locators = parse_locators(spec)
    except ValueError:
        return e(spec)
    sources, texts = sources or {}, texts or {}
    first = provenance.report_id(sources)
    parts, noted = [], set()
    for loc in locators:
        if loc.source is None or loc.source == first:
            if loc.first is not None and loc.last is not None:
                a, b = loc.first, loc.last
                parts.append(_passage(f"L{a}" if a == b else f"L{a}-L{b}", source, a, b))
            continue
        row = sources.get(loc.source)
        if row is not None and loc.source not in noted:
            noted.add(loc.source)
            parts.append(source_note(row))
        if loc.first is not None and loc.last is not None:
            a, b = loc.first, loc.last
            parts.append(_passage(f"{loc.source}:L{a}" + ("" if a == b else f"-L{b}"), texts.get(loc.source), a, b))
        elif row is None:
            parts.append(e(loc.source))
    return "".join(parts)


def source_note(row: dict[str, str], what: str = "") -> str:
    """« Source : page web « … » (…), consultée le … — non vérifiable », linked to the page's address."""
    label = provenance.source_label(row)
    check = f" — {provenance.UNVERIFIABLE_FR}"
    if label.endswith(check):
        label_html = (
            f'{e(label[: -len(check)])} — <strong class="unverifiable">{e(provenance.UNVERIFIABLE_FR)}</strong>'
        )
    else:
        label_html = e(label)
    link = f' <a href="{e(row["url"])}">adresse</a>' if row.get("url") else ""
    prefix = f"{e(what)}\u202f: " if what else ""
    return f'<p class="source-note">{prefix}Source\u202f: {label_html}{link}</p>'


# The values of a row whose source the name cell tells when it is not the report, with their French names.
QUOTED_VALUES = (("name_lines", "Nom"), ("dates_lines", "Dates"), ("description_lines", "Description"))


def _value_sources(r: dict[str, str], sources: dict[str, dict[str, str]]) -> str:
    """One note per source other than the report that a shown value (name, dates, description) comes from."""
    by_source: dict[str, list[str]] = {}
    for column, what in QUOTED_VALUES:
        for row in provenance.cited_sources(r.get(column), sources):
            by_source.setdefault(row["source_id"], []).append(what)
    return "".join(source_note(sources[sid], ", ".join(whats)) for sid, whats in by_source.items())


def _row(
    r: dict[str, str],
    amounts: list[dict[str, str]],
    reports: list[dict],
    source: list[str] | None,
    sources: dict[str, dict[str, str]] | None = None,
    texts: dict[str, list[str]] | None = None,
) -> str:
    sources = sources or {}
    iid = r["instrument_id"]
    types = split_list(r["types"]) or [r["primary_type"]]
    stages = split_list(r["stages"])
    data = {
        "jurisdiction": r["jurisdiction"],
        "types": " ".join(types),
        "stages": " ".join(stages) or "-",
        "access": r["nonmarket_access"],
        "brussels": r["covers_brussels"],
    }
    attrs = " ".join(f'data-{k}="{e(v)}"' for k, v in data.items())
    type_html = "<br>".join(
        (f"<strong>{e(label(TYPE_FR, t))}</strong>" if t == r["primary_type"] else e(label(TYPE_FR, t))) for t in types
    )
    stage_html = "<br>".join(e(label(STAGE_FR, s)) for s in stages) or '<span class="muted">—</span>'
    amount_items = []
    for a in amounts:
        value = euros(a.get("value_eur", ""))
        if not value:
            continue
        kind = label(AMOUNT_KIND_FR, a.get("kind", ""))
        original = ""
        if a.get("currency") and a["currency"] != "EUR":
            original = f" ({e(euros(a.get('value', '')).replace('€', a['currency']))})"
        cited = (
            (
                f'<details class="quote"><summary>{e(a.get("source_lines", ""))}</summary>'
                f"<blockquote>« {e(reader_text(a.get('text', '')))} »</blockquote></details>"
            )
            if a.get("text")
            else ""
        )
        other = a.get("source_id") and a["source_id"] != provenance.report_id(sources) and sources.get(a["source_id"])
        note = source_note(other) if other else ""
        amount_items.append(f"<li>{e(kind)}\u202f: {e(value)}{original}{cited}{note}</li>")
    amount_html = f'<ul class="amounts">{"".join(amount_items)}</ul>' if amount_items else ""
    report_html = "<br>".join(f'<a href="{e(rep["file"])}">{e(rep["title"])}</a>' for rep in reports)
    description = sentence(reader_text(without_remnants(r.get("description", ""))))
    desc_html = f"<details><summary>Description</summary><p>{e(description)}</p></details>" if description else ""
    start, end = r.get("start_year", ""), r.get("end_year", "")
    # an end without a start (an offer an official page says is over) is not a year it began
    years = f"jusqu'en {end}" if end and not start else "–".join(y for y in (start, end) if y)
    years_html = f' <span class="muted">({e(years)})</span>' if years else ""
    first_line = parse_spans(r.get("source_lines", ""))[:1]
    return (
        f'<tr id="{e(iid)}" {attrs}>'
        f'<td data-sort="{e(r["name"])}"><a class="self" href="#{e(iid)}">{e(r["name"])}</a>{years_html}{desc_html}'
        f"{_value_sources(r, sources)}</td>"
        f"<td>{e(label(JURISDICTION_FR, r['jurisdiction']))}</td>"
        f"<td>{type_html}</td><td>{stage_html}</td>"
        f"<td>{e(label(ACCESS_FR, r['nonmarket_access']))}</td>"
        f"<td>{e(label(BRUSSELS_FR, r['covers_brussels']))}</td>"
        f'<td class="num" data-sort="{e(r.get("max_award_eur", ""))}"><span class="value">'
        f"{e(euros(r.get('max_award_eur', '')))}</span></td>"
        f'<td class="num" data-sort="{e(r.get("budget_total_eur", ""))}"><span class="value">'
        f"{e(euros(r.get('budget_total_eur', '')))}</span>{amount_html}</td>"
        f'<td class="lines" data-sort="{first_line[0][0] if first_line else ""}">'
        f"{quote(r.get('source_lines', ''), source, sources, texts)}</td>"
        f"<td>{report_html}</td></tr>"
    )


COLUMNS = (  # (heading, sorted as numbers): a column that shows one field has its French label (the registry's)
    (COLUMN_LABELS["name"], False),
    (COLUMN_LABELS["jurisdiction"], False),
    (f"{COLUMN_LABELS['types']} (principal en gras)", False),
    (COLUMN_LABELS["stages"], False),
    (COLUMN_LABELS["nonmarket_access"], False),
    (COLUMN_LABELS["covers_brussels"], False),
    (COLUMN_LABELS["max_award_eur"], True),
    (f"{COLUMN_LABELS['budget_total_eur']}\u202f; montants cités", True),
    (COLUMN_LABELS["source_lines"], True),
    ("Rapports qui le citent", False),
)


def render_catalogue(
    instruments: list[dict[str, str]],
    amounts: list[dict[str, str]],
    reports: list[dict],
    info=None,
    source: list[str] | None = None,
    sources: dict[str, dict[str, str]] | None = None,
    texts: dict[str, list[str]] | None = None,
    data_link: str = "",
) -> str:
    from benchmark.publish.report_html import SYNTHESIS_FILE, asset

    by_instrument: dict[str, list[dict[str, str]]] = defaultdict(list)
    for a in amounts:
        by_instrument[a.get("instrument_id", "")].append(a)
    found = mentions(instruments, reports)
    rows = "\n".join(
        _row(r, by_instrument.get(r["instrument_id"], []), found.get(r["instrument_id"], []), source, sources, texts)
        for r in instruments
    )
    selects = "\n".join(_options(*f, rows=instruments) for f in FILTERS)
    total = len(instruments)
    meta = ""
    if info is not None:
        meta = f'<p class="meta">Données arrêtées le <time datetime="{e(info.date_iso)}">{e(info.date_fr)}</time></p>'
    heads = "".join(
        f'<th scope="col"{" data-numeric" if numeric else ""}><button type="button">{e(h)}</button></th>'
        for h, numeric in COLUMNS
    )
    synthesis = (
        f'<li><a href="{SYNTHESIS_FILE}">Synthèse</a></li>'
        if any(r.get("file") == SYNTHESIS_FILE for r in reports)
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Catalogue des instruments</title>
<style>{asset("catalogue.css")}</style>
</head>
<body>
<header>
<nav class="nav" aria-label="Navigation entre les pages"><ul><li><a href="index.html">Tous les rapports</a></li>
{synthesis}</ul></nav>
<h1>Catalogue des instruments</h1>
{meta}
<p>Chaque ligne est un instrument recensé par l'étude. La recherche porte sur tout le texte de la ligne (nom,
juridiction, description…)\u202f; les listes filtrent par juridiction, type d'aide, étape du parcours numérique,
accès des associations sans but lucratif (ASBL) et accès depuis Bruxelles. Un clic sur l'en-tête d'une colonne
trie le tableau. Les montants sont en euros (conversion de l'étude pour les montants en dollars canadiens)\u202f;
chaque référence «\u202fL123\u202f» renvoie à une ligne du rapport de l'étape 3 et s'ouvre sur le passage cité.
Une valeur tirée d'une autre source que le rapport indique cette source et la date à laquelle elle a été consultée\u202f;
«\u202fnon vérifiable\u202f» signale une source dont le texte n'a pas été conservé, si bien que ses citations ne
peuvent pas être vérifiées mot pour mot.</p>
</header>
<main>
<form class="filters" role="search">
<label>Rechercher<br><input id="q" type="search" placeholder="nom, mot…"></label>
{selects}
<button id="reset" type="button">Tout afficher</button>
</form>
<p class="count" aria-live="polite"><span id="row-count">{total}</span> instrument(s) affiché(s) sur <data value="{total}" data-q="inventory-rows">{total}</data></p>
{data_link}
<div class="table-box">
<table id="instruments">
<caption class="visually-hidden">Instruments recensés, un par ligne</caption>
<thead><tr>{heads}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
</div>
</main>
<script>{asset("catalogue.js")}</script>
</body>
</html>
"""
    return with_policy(page)


DATA_COLUMNS = (  # (field, kind): the catalogue's data file, one row per instrument
    ("name", "text"),
    ("jurisdiction", "code"),
    ("primary_type", "code"),
    ("types", "codes"),
    ("stages", "codes"),
    ("nonmarket_access", "code"),
    ("covers_brussels", "bool"),
    ("max_award_eur", "number"),
    ("budget_total_eur", "number"),
    ("start_year", "number"),
    ("end_year", "number"),
    ("description", "text"),
    ("source_lines", "lines"),
)


def catalogue_data(instruments: list[dict[str, str]]):
    """The catalogue's table as data (``benchmark.publish.data_files``): French headings, labels for codes, numbers
    as numbers, the description as the page shows it."""
    from benchmark.present.formatting import fmt_lines
    from benchmark.publish.data_files import DataFile

    def value(row: dict[str, str], column: str, kind: str):
        cell = (row.get(column) or "").strip()
        if not cell:
            return None
        if kind == "number":
            number = float(cell)
            return int(number) if number.is_integer() else number
        if kind == "code":
            return theme_label(cell)
        if kind == "codes":
            return ", ".join(theme_label(c) for c in split_list(cell))
        if kind == "bool":
            return BRUSSELS_FR.get(cell, cell)
        if kind == "lines":
            return fmt_lines(cell)
        return sentence(reader_text(without_remnants(cell))) if column == "description" else reader_text(cell)

    columns = [
        COLUMN_LABELS[c] + (" (€)" if c.endswith("_eur") and "€" not in COLUMN_LABELS[c] else "")
        for c, _ in DATA_COLUMNS
    ]
    rows = [[value(r, c, kind) for c, kind in DATA_COLUMNS] for r in instruments]
    return DataFile(
        "catalogue.csv", "tableau", "Instruments recensés, un par ligne", columns, rows, [c for c, _ in DATA_COLUMNS]
    )


def write_catalogue(path: Path, clean_dir: Path, reports: list[dict], info=None) -> int:
    """Write the catalogue page and its data file (``donnees/catalogue.csv`` beside it); return the number of
    instruments. Everything comes from ``clean_dir``, the sources' texts included."""
    from benchmark.publish import data_files
    from benchmark.publish.report_html import keep_numbers_whole

    instruments = read_rows(Path(clean_dir) / "instruments.csv")
    amounts = read_rows(Path(clean_dir) / "amounts.csv")
    sources = provenance.read_sources(clean_dir)
    texts = source_texts(clean_dir)
    report_key = provenance.report_id(sources)
    report = texts.pop(report_key, None) if report_key else None
    data = catalogue_data(instruments)
    page = keep_numbers_whole(
        render_catalogue(instruments, amounts, reports, info, report, sources, texts, data_files.link_html(data))
    )
    Path(path).write_text(page, encoding="utf-8")
    data_files.write_page_data(Path(path).parent, [data], "Catalogue des instruments", info)
    return len(instruments)
