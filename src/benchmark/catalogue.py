"""``reports/catalogue.html``: every instrument in one searchable, filterable table, readable offline.

One row per instrument of ``instruments.csv`` (anchor ``id`` = ``instrument_id``), with its amounts in euros
from ``amounts.csv`` and links to the reports that mention its name or id. A small inline vanilla script filters
the rows (a text box and select filters) and shows how many rows remain in ``#row-count``. Every value from the
data goes through ``html.escape``: a description holding ``<script>`` shows as text.
"""

from __future__ import annotations

import csv
import html
import re
from collections import Counter, defaultdict
from pathlib import Path

from benchmark.parsing import split_list
from benchmark.theme import LABELS
from benchmark.vocabulary import AMOUNT_KINDS, INSTRUMENT_TYPES, JURISDICTIONS, NONMARKET_ACCESS, STAGES

JURISDICTION_FR = {code: LABELS[code] for code in JURISDICTIONS}
TYPE_FR = {code: LABELS[code] for code in INSTRUMENT_TYPES}
STAGE_FR = {code: LABELS[code] for code in STAGES}
ACCESS_FR = {code: LABELS[code] for code in NONMARKET_ACCESS}
BRUSSELS_FR = {"true": "Oui", "false": "Non", "": "Non précisé"}
AMOUNT_KIND_FR = {code: LABELS[code] for code in AMOUNT_KINDS}
MIN_NAME_LENGTH = 5  # shorter names would match ordinary words in the reports

FILTERS = (  # (data attribute, column, labels, French heading of the select)
    ("jurisdiction", "jurisdiction", JURISDICTION_FR, "Juridiction"),
    ("types", "types", TYPE_FR, "Type"),
    ("stages", "stages", STAGE_FR, "Étape"),
    ("access", "nonmarket_access", ACCESS_FR, "Accès non-marchand"),
    ("brussels", "covers_brussels", BRUSSELS_FR, "Couvre Bruxelles"),
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
    for row in instruments:
        iid, name = row["instrument_id"], row["name"].strip()
        name_re = (re.compile(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)")
                   if len(name) >= MIN_NAME_LENGTH else None)
        for report, text, folded in texts:
            if (iid and iid in text) or (name_re and name_re.search(folded)):
                found[iid].append(report)
    return found


def _options(attr: str, column: str, labels: dict[str, str], heading: str, rows: list[dict[str, str]]) -> str:
    counts: Counter = Counter()
    for r in rows:
        values = split_list(r[column]) if column in ("types", "stages") else [r[column]]
        counts.update(set(values) or ({""} if column != "stages" else {"-"}))
    order = list(labels) + sorted(c for c in counts if c not in labels)
    opts = [f'<option value="">{e(heading)} : toutes</option>']
    for code in order:
        if counts.get(code):
            shown = label(labels, code) + (f" ({code})" if attr == "jurisdiction" else "")
            opts.append(f'<option value="{e(code)}">{e(shown)} — {counts[code]}</option>')
    if attr == "stages" and counts.get("-"):
        opts.append(f'<option value="-">Aucune étape — {counts["-"]}</option>')
    return (f'<label>{e(heading)}<br><select data-filter="{e(attr)}" aria-label="{e(heading)}">'
            + "".join(opts) + "</select></label>")


def _row(r: dict[str, str], amounts: list[dict[str, str]], reports: list[dict]) -> str:
    iid = r["instrument_id"]
    types = split_list(r["types"]) or [r["primary_type"]]
    stages = split_list(r["stages"])
    data = {"jurisdiction": r["jurisdiction"], "types": " ".join(types), "stages": " ".join(stages) or "-",
            "access": r["nonmarket_access"], "brussels": r["covers_brussels"]}
    attrs = " ".join(f'data-{k}="{e(v)}"' for k, v in data.items())
    type_html = "<br>".join((f"<strong>{e(label(TYPE_FR, t))}</strong>" if t == r["primary_type"]
                             else e(label(TYPE_FR, t))) for t in types)
    stage_html = "<br>".join(e(label(STAGE_FR, s)) for s in stages) or '<span class="muted">—</span>'
    amount_items = []
    for a in amounts:
        value = euros(a.get("value_eur", ""))
        if not value:
            continue
        kind = label(AMOUNT_KIND_FR, a.get("kind", ""))
        original = ""
        if a.get("currency") and a["currency"] != "EUR":
            original = f" ({e(a.get('value', ''))} {e(a['currency'])})"
        amount_items.append(f'<li title="{e(a.get("text", ""))}">{e(kind)} : {e(value)}{original}'
                            f' <span class="muted">{e(a.get("source_lines", ""))}</span></li>')
    amount_html = f'<ul class="amounts">{"".join(amount_items)}</ul>' if amount_items else ""
    report_html = "<br>".join(f'<a href="{e(rep["file"])}">{e(rep["title"])}</a>' for rep in reports)
    description = r.get("description", "").strip()
    desc_html = (f"<details><summary>Description</summary><p>{e(description)}</p></details>"
                 if description else "")
    years = "–".join(y for y in (r.get("start_year", ""), r.get("end_year", "")) if y)
    years_html = f' <span class="muted">({e(years)})</span>' if years else ""
    return (f'<tr id="{e(iid)}" {attrs}>'
            f'<td><a class="self" href="#{e(iid)}">{e(r["name"])}</a>{years_html}<br><code>{e(iid)}</code>{desc_html}</td>'
            f'<td>{e(label(JURISDICTION_FR, r["jurisdiction"]))}<br><code>{e(r["jurisdiction"])}</code></td>'
            f"<td>{type_html}</td><td>{stage_html}</td>"
            f'<td>{e(label(ACCESS_FR, r["nonmarket_access"]))}</td>'
            f'<td>{e(label(BRUSSELS_FR, r["covers_brussels"]))}</td>'
            f'<td class="num">{e(euros(r.get("max_award_eur", "")))}</td>'
            f'<td class="num">{e(euros(r.get("budget_total_eur", "")))}{amount_html}</td>'
            f'<td class="lines">{e(r.get("source_lines", ""))}</td>'
            f"<td>{report_html}</td></tr>")


SCRIPT = r"""
(function () {
  var box = document.getElementById("q");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#instruments tbody tr"));
  var counter = document.getElementById("row-count");
  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  var texts = rows.map(function (r) { return fold(r.textContent); });
  function apply() {
    var terms = fold(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = terms.every(function (t) { return texts[i].indexOf(t) !== -1; });
      selects.forEach(function (s) {
        if (ok && s.value) { ok = (r.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ").indexOf(s.value) !== -1; }
      });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    counter.textContent = String(shown);
  }
  box.addEventListener("input", apply);
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  document.getElementById("reset").addEventListener("click", function () {
    box.value = ""; selects.forEach(function (s) { s.value = ""; }); apply();
  });
  apply();
})();
"""

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0 auto;
  padding: 1rem 1.5rem 3rem; color: #1f2328; max-width: 1600px; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0.3rem 0; } a { color: #0550ae; }
.muted, .meta { color: #57606a; font-size: 0.85rem; }
.filters { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: flex-end; background: #f6f8fa;
  border: 1px solid #d0d7de; border-radius: 6px; padding: 0.7rem 1rem; position: sticky; top: 0; z-index: 2; }
.filters label { font-size: 0.85rem; color: #57606a; }
.filters input, .filters select { font-size: 0.95rem; padding: 0.25rem; max-width: 16rem; }
#q { width: 18rem; }
.count { font-weight: 600; margin: 0.6rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #eaeef2; position: sticky; top: 4.6rem; z-index: 1; }
td.num { text-align: right; white-space: nowrap; } td.lines { white-space: nowrap; font-size: 0.8rem; }
tr[hidden] { display: none; } tr:target { background: #fff8c5; }
code { font-size: 0.78rem; color: #57606a; } details p { margin: 0.3rem 0; max-width: 40rem; }
ul.amounts { list-style: none; padding: 0; margin: 0.3rem 0 0; text-align: left; white-space: normal;
  font-size: 0.8rem; }
a.self { font-weight: 600; color: inherit; text-decoration: none; }
@media print { .filters { display: none; } th { position: static; } }
"""


def render_catalogue(instruments: list[dict[str, str]], amounts: list[dict[str, str]], reports: list[dict],
                     info=None) -> str:
    by_instrument: dict[str, list[dict[str, str]]] = defaultdict(list)
    for a in amounts:
        by_instrument[a.get("instrument_id", "")].append(a)
    found = mentions(instruments, reports)
    rows = "\n".join(_row(r, by_instrument.get(r["instrument_id"], []), found.get(r["instrument_id"], []))
                     for r in instruments)
    selects = "\n".join(_options(*f, rows=instruments) for f in FILTERS)
    total = len(instruments)
    meta = ""
    if info is not None:
        meta = (f'<p class="meta">Date : {e(info.date_fr)} · Version des données : <code>{e(info.version)}</code>'
                "</p>")
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Catalogue des instruments</title>
<style>{CSS}</style>
</head>
<body>
<header>
<p class="meta"><a href="index.html">← Tous les rapports</a></p>
<h1>Catalogue des instruments</h1>
{meta}
<p>Chaque ligne est un instrument recensé par l'étude. La recherche porte sur tout le texte de la ligne
(nom, identifiant, code de juridiction comme <code>BE-BRU</code>, description…) ; les listes filtrent par
juridiction, type, étape du parcours numérique, accès des organisations non-marchandes et couverture de Bruxelles.
Les montants sont en euros (conversion de l'étude pour les montants en dollars canadiens) ; « Lignes source »
renvoie aux lignes du rapport d'origine.</p>
</header>
<form class="filters" role="search" onsubmit="return false">
<label>Rechercher<br><input id="q" type="search" placeholder="nom, code, mot…" aria-label="Rechercher"></label>
{selects}
<button id="reset" type="button">Tout afficher</button>
</form>
<p class="count"><span id="row-count">{total}</span> instrument(s) affiché(s) sur {total}</p>
<table id="instruments">
<thead><tr><th>Instrument</th><th>Juridiction</th><th>Type</th><th>Étapes</th><th>Accès non-marchand</th>
<th>Couvre Bruxelles</th><th>Montant max. par bénéficiaire</th><th>Budget total ; montants cités</th><th>Lignes source</th>
<th>Rapports</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<script>{SCRIPT}</script>
</body>
</html>
"""


def write_catalogue(path: Path, clean_dir: Path, reports: list[dict], info=None) -> int:
    """Write the catalogue page; return the number of instruments."""
    instruments = read_rows(Path(clean_dir) / "instruments.csv")
    amounts = read_rows(Path(clean_dir) / "amounts.csv")
    Path(path).write_text(render_catalogue(instruments, amounts, reports, info), encoding="utf-8")
    return len(instruments)
