"""Execute the notebooks and turn them into offline HTML reports for the steering committee.

- ``execute_all``: runs every ``notebooks/NN_*.ipynb`` with nbclient, two at a time (two worker processes),
  printing each one's name, rank and duration; on failure names the notebook and the failing cell.
- ``write_site``: writes ``reports/`` — one ``<stem>.html`` per notebook (code hidden, French header with the
  date and the data version, table of contents), the shared ``plotly.min.js``, ``catalogue.html`` and
  ``index.html`` — into a temporary folder that replaces ``reports/`` only when everything is written.

Offline and reproducible: no ``http(s)://`` script or style (require.js, MathJax, mermaid and widget tags of
nbconvert's lab template are removed), Plotly figures are drawn by one local ``plotly.min.js`` with
deterministic ``div`` ids, and the date comes from one place (``SOURCE_DATE_EPOCH``, else the last commit), so
two builds of the same commit write the same bytes. Every text this module adds to a page is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from benchmark import atomic, paths

NOTEBOOK_PATTERN = re.compile(r"^\d{2}_.+\.ipynb$")
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_FILE = "plotly.min.js"
CSS_FILE = "notebook.css"  # nbconvert's notebook CSS (~250 KiB) and ours, shared by every report, not inlined
_CSS_BLOCK = re.compile(r"<!--bm-css-start-->(.*?)<!--bm-css-end-->", re.S)
CELL_TIMEOUT = 600
WORKERS = 2
STUDY_TITLE = "Benchmark des instruments de soutien à la digitalisation des organisations non-marchandes"
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
# A <script src> or <link href> that reaches the network (tests and the build refuse any).
EXTERNAL_ASSET = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
                            re.IGNORECASE)
EXTERNAL_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*(?:https?:)?//|import\(\s*[\"'](?:https?:)?//",
                             re.IGNORECASE)


class ReportError(RuntimeError):
    """A notebook failed to execute or a report could not be written."""


# --------------------------------------------------------------------------------------------------------
# Where the date and the data version come from (one place)


@dataclass(frozen=True)
class BuildInfo:
    epoch: int | None  # seconds since 1970 (UTC), None when neither SOURCE_DATE_EPOCH nor git gives one
    version: str  # short commit hash, « inconnu » outside a git repository

    @property
    def date_fr(self) -> str:
        if self.epoch is None:
            return "inconnue"
        d = dt.datetime.fromtimestamp(self.epoch, tz=dt.timezone.utc).date()
        return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"

    @property
    def date_iso(self) -> str:
        if self.epoch is None:
            return ""
        return dt.datetime.fromtimestamp(self.epoch, tz=dt.timezone.utc).date().isoformat()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def build_info(root: Path = paths.ROOT) -> BuildInfo:
    """The date (``SOURCE_DATE_EPOCH``, else the last commit's date) and the data version (short hash)."""
    version = _git(root, "rev-parse", "--short", "HEAD") or "inconnu"
    epoch = None
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            epoch = int(env)
        except ValueError as err:
            raise ReportError(f"SOURCE_DATE_EPOCH must be an integer number of seconds, not {env!r}") from err
    else:
        stamp = _git(root, "log", "-1", "--format=%ct")
        epoch = int(stamp) if stamp and stamp.isdigit() else None
    return BuildInfo(epoch, version)


# --------------------------------------------------------------------------------------------------------
# Execution


def discover(notebooks_dir: Path = paths.NOTEBOOKS) -> list[Path]:
    """The report notebooks, ``NN_name.ipynb``, in order."""
    return sorted(p for p in Path(notebooks_dir).glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))


def _execute_worker(path: str, timeout: int) -> dict:
    """Run one notebook in its own kernel (in a worker process); return its executed JSON or its failure."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    os.environ.setdefault("PYTHONHASHSEED", "0")  # the kernel inherits it: stable set/dict-of-str order
    started = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        index, source = _failing_cell(nb, err)
        return {"ok": False, "path": path, "cell": index, "source": source, "error": str(err).strip()[-3000:],
                "seconds": time.perf_counter() - started}
    except Exception as err:  # kernel died, notebook unreadable…
        return {"ok": False, "path": path, "cell": None, "source": "", "error": f"{type(err).__name__}: {err}",
                "seconds": time.perf_counter() - started}
    return {"ok": True, "path": path, "notebook": nbformat.writes(nb), "seconds": time.perf_counter() - started}


def _failing_cell(nb, err) -> tuple[int | None, str]:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i, cell.source
    # A timeout leaves no error output: the failing cell is the last one that started.
    started = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
    if started:
        return started[-1], nb.cells[started[-1]].source
    return None, ""


def execute_all(notebooks: list[Path], workers: int = WORKERS, timeout: int = CELL_TIMEOUT,
                log=print, timings: dict[str, float] | None = None) -> dict[str, object]:
    """Execute the notebooks (``workers`` at a time); return ``{stem: executed notebook}`` in name order.

    ``timings``, when given, receives each notebook's seconds (kernel start to last cell) by stem.

    Raises ``ReportError`` naming the notebook and the cell (number and first line) of the first failure.
    """
    import nbclient  # noqa: F401  (imported once here; the forked workers inherit it)
    import nbformat

    notebooks = [Path(p) for p in notebooks]
    if not notebooks:
        return {}
    total = len(notebooks)
    results: dict[str, object] = {}
    failures: list[dict] = []
    log(f"Executing {total} notebook(s), {workers} at a time")
    with ProcessPoolExecutor(max_workers=max(1, min(workers, total)), mp_context=get_context("fork")) as pool:
        futures = {pool.submit(_execute_worker, str(p), timeout): p for p in notebooks}
        for done, future in enumerate(as_completed(futures), start=1):
            path = futures[future]
            try:
                res = future.result()
            except Exception as err:  # the worker itself died
                res = {"ok": False, "path": str(path), "cell": None, "source": "", "seconds": 0.0,
                       "error": f"{type(err).__name__}: {err}"}
            if timings is not None:
                timings[path.stem] = res["seconds"]
            status = "ok" if res["ok"] else "FAILED"
            log(f"  [{done}/{total}] {path.name:<40} {res['seconds']:6.1f} s  {status}")
            if res["ok"]:
                results[path.stem] = nbformat.reads(res["notebook"], as_version=4)
            else:
                failures.append(res)
    if failures:
        lines = []
        for f in sorted(failures, key=lambda f: f["path"]):
            where = "before any cell ran" if f["cell"] is None else f"cell {f['cell']} (0-based)"
            first = f["source"].strip().splitlines()[0] if f["source"].strip() else ""
            lines.append(f"{Path(f['path']).name}: {where}{': ' + first if first else ''}\n{f['error']}")
        raise ReportError("Notebook execution failed; reports/ left untouched.\n" + "\n\n".join(lines))
    return {stem: results[stem] for stem in sorted(results)}


# --------------------------------------------------------------------------------------------------------
# Notebook text: titles, summaries, searchable outputs


def _plain_markdown(text: str) -> str:
    """Markdown inline text → plain text (links keep their label; emphasis and code marks dropped)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return html.unescape(re.sub(r"\s+", " ", text)).strip()


def _markdown_lines(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            fenced = False
            for line in cell.source.splitlines():
                if line.lstrip().startswith(("```", "~~~")):
                    fenced = not fenced
                if not fenced:
                    yield line


def notebook_title(nb, stem: str) -> str:
    for line in _markdown_lines(nb):
        m = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
        if m:
            return _plain_markdown(m.group(1))
    words = re.sub(r"^\d+_", "", stem).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else stem


def notebook_summary(nb) -> str:
    """One paragraph: the first markdown cell's prose (its headings left out), else the next one that has some."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        paragraphs, current = [], []
        for line in cell.source.splitlines():
            if re.match(r"^\s*#{1,6}\s", line) or not line.strip():
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                continue
            current.append(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line.strip()))
        if current:
            paragraphs.append(" ".join(current))
        if paragraphs:
            return _plain_markdown(paragraphs[0])
    return ""


def notebook_text(nb) -> str:
    """What a reader can read in a report: markdown and every text output (HTML tags dropped, entities decoded)."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                parts.append(out.get("text", ""))
            data = out.get("data", {})
            if "text/html" in data:
                parts.append(html.unescape(re.sub(r"<[^>]+>", " ", _joined(data["text/html"]))))
            elif "text/plain" in data and PLOTLY_MIME not in data:
                parts.append(_joined(data["text/plain"]))
            if PLOTLY_MIME in data:
                parts.extend(_strings(data[PLOTLY_MIME]))
    return "\n".join(parts)


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


# --------------------------------------------------------------------------------------------------------
# HTML export


def _script_json(obj) -> str:
    """JSON safe inside a <script> element: no ``</script>``, ``<!--`` or ``&`` can close or confuse it."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def plotly_html(figure: dict, div_id: str) -> str:
    data = figure.get("data", [])
    layout = dict(figure.get("layout", {}))
    layout.setdefault("separators", ", ")  # French: decimal comma, space between thousands
    config = {"displaylogo": False, "responsive": True, **figure.get("config", {})}
    safe_id = html.escape(div_id)
    return (f'<div id="{safe_id}" class="bm-figure"></div>\n'
            f"<script>Plotly.newPlot({_script_json(div_id)},{_script_json(data)},{_script_json(layout)},"
            f"{_script_json(config)});</script>\n")


def _template_loader():
    import jinja2

    template = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block notebook_css %}<!--bm-css-start-->{{ super() }}<!--bm-css-end-->{% endblock notebook_css %}
{%- block html_head_css -%}
{%- if resources.bm_plotly %}
<script src="{{ resources.bm_plotly }}"></script>
{%- endif %}
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.bm_header }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.bm_footer }}
{{ super() }}
{% endblock body_footer %}
"""
    return jinja2.DictLoader({"bm_report.html.j2": template})


REPORT_CSS = """
body.jp-Notebook { max-width: 1100px; margin: 0 auto; padding: 0 1.5rem 3rem; }
.bm-header { border-bottom: 1px solid #d0d7de; padding: 1rem 0 0.8rem; margin-bottom: 1rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.bm-study { font-size: 0.85rem; color: #57606a; margin: 0 0 0.3rem; }
.bm-nav a { margin-right: 1.2rem; }
.bm-meta { font-size: 0.85rem; color: #57606a; margin: 0.4rem 0; }
.bm-toc { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6rem 1rem;
  margin: 0.8rem 0 0; }
.bm-toc-title { font-weight: 600; margin: 0 0 0.3rem; }
.bm-toc ol { margin: 0; padding-left: 1.2rem; }
.bm-toc .bm-l3 { margin-left: 1.2rem; list-style: circle; }
.bm-figure { width: 100%; min-height: 420px; }
.bm-footer { border-top: 1px solid #d0d7de; margin-top: 2rem; padding-top: 0.6rem; font-size: 0.85rem;
  color: #57606a; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
@media print { .bm-nav, .modebar { display: none !important; } }
"""

_TOC_MARK = "<!--bm-toc-->"
_HEADING = re.compile(r'<h([1-3])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL | re.IGNORECASE)


def _header(info: BuildInfo) -> str:
    return (f'<header class="bm-header">\n<p class="bm-study">{html.escape(STUDY_TITLE)}</p>\n'
            '<p class="bm-nav"><a href="index.html">← Tous les rapports</a>'
            '<a href="catalogue.html">Catalogue des instruments</a></p>\n'
            f'<p class="bm-meta">Date : <time datetime="{html.escape(info.date_iso)}">{html.escape(info.date_fr)}'
            f"</time> · Version des données : <code>{html.escape(info.version)}</code></p>\n"
            f"{_TOC_MARK}\n</header>\n")


def _footer(info: BuildInfo) -> str:
    return (f'<footer class="bm-footer">Rapport généré automatiquement à partir des données nettoyées '
            f"(version {html.escape(info.version)}, {html.escape(info.date_fr)}). "
            "Le code qui produit les tableaux et les figures est masqué.</footer>\n")


def _table_of_contents(body: str) -> str:
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor-link".*?</a>', "", inner))).strip()
        text = text.rstrip("¶").strip()
        if text:
            items.append((int(level), anchor, text))
    if items and items[0][0] == 1:
        items = items[1:]  # the report's own title
    if not items:
        return ""
    lis = "\n".join(f'<li class="bm-l{level}"><a href="#{anchor}">{html.escape(text)}</a></li>'
                    for level, anchor, text in items)
    return (f'<nav class="bm-toc" aria-label="Sommaire"><p class="bm-toc-title">Sommaire</p>\n<ol>\n{lis}\n'
            "</ol></nav>")


def prepare_notebook(nb, stem: str, log=print):
    """A copy ready for export: Plotly outputs → local <div>+<script>, stderr streams dropped, French title."""
    import copy

    nb = copy.deepcopy(nb)
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                log(f"  note: {stem}: a stderr output (warning) is left out of the report")
                continue
            data = out.get("data")
            if data and PLOTLY_MIME in data:
                n += 1
                out["data"] = {"text/html": plotly_html(data[PLOTLY_MIME], f"fig-{stem}-{n}")}
                out["metadata"] = {}
            elif data and "application/vnd.jupyter.widget-view+json" in data:
                data.pop("application/vnd.jupyter.widget-view+json")
                if not data:
                    continue
            kept.append(out)
        cell["outputs"] = kept
    nb.metadata["title"] = notebook_title(nb, stem)
    nb.metadata.pop("widgets", None)
    return nb, n


def render_report(nb, stem: str, info: BuildInfo, log=print) -> tuple[str, int]:
    """The report page of one executed notebook, and its number of Plotly figures."""
    from nbconvert import HTMLExporter

    prepared, figures = prepare_notebook(nb, stem, log)
    exporter = HTMLExporter(template_name="lab", extra_loaders=[_template_loader()],
                            template_file="bm_report.html.j2", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, language_code="fr", embed_images=True)
    resources = {"metadata": {"name": prepared.metadata["title"]},
                 "bm_plotly": PLOTLY_FILE if figures else "", "bm_header": _header(info),
                 "bm_footer": _footer(info)}
    body, _ = exporter.from_notebook_node(prepared, resources=resources)
    body = body.replace(_TOC_MARK, _table_of_contents(body), 1)
    check_offline(body, f"{stem}.html")
    return body, figures


def split_shared_css(page: str) -> tuple[str, str]:
    """Move nbconvert's inline notebook CSS out of a report page: the page links ``notebook.css`` instead."""
    block = _CSS_BLOCK.search(page)
    if block is None:
        return page, ""
    css = "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", block.group(1), re.S)).strip() + "\n"
    link = f'<link rel="stylesheet" type="text/css" href="{CSS_FILE}">'
    return page[: block.start()] + link + page[block.end():], css


def check_offline(page: str, name: str) -> None:
    """Refuse a page that would load a script, style, image or frame from the network."""
    hit = EXTERNAL_ASSET.search(page) or EXTERNAL_IMPORT.search(page)
    if hit:
        raise ReportError(f"{name} would load a network resource: {hit.group(0)[:200]!r}")


# --------------------------------------------------------------------------------------------------------
# Index


def render_index(reports: list[dict], info: BuildInfo, n_instruments: int | None) -> str:
    items = []
    for r in reports:
        summary = f"<p>{html.escape(r['summary'])}</p>" if r["summary"] else ""
        figs = (f"\n<p class=\"bm-small\">{r['figures']} figure{'s' if r['figures'] > 1 else ''} interactive"
                f"{'s' if r['figures'] > 1 else ''}</p>") if r["figures"] else ""
        items.append(f'<li><h2><a href="{html.escape(r["file"])}">{html.escape(r["title"])}</a></h2>\n'
                     f"{summary}{figs}</li>")
    count = f" ({n_instruments} instruments)" if n_instruments is not None else ""
    catalogue = ('<li><h2><a href="catalogue.html">Catalogue des instruments</a></h2>\n'
                 f"<p>Tous les instruments recensés{html.escape(count)} dans un seul tableau, avec recherche et "
                 "filtres par juridiction, type, étape, accès des organisations non-marchandes et couverture de "
                 "Bruxelles ; montants en euros, lignes du rapport source et liens vers les rapports qui "
                 "citent chaque instrument.</p></li>")
    finder_item = ('<li><h2><a href="aides-asbl.html">Quelles aides pour mon ASBL ?</a></h2>\n'
                   "<p>Les aides au numérique qu'une association bruxelloise peut utiliser, étape par étape, "
                   "avec leurs montants, conditions et liens officiels : le prototype de la plateforme unique "
                   "que recommande le rapport.</p></li>")
    catalogue += "\n" + finder_item
    reports_html = "\n".join(items) if items else "<li><p>Aucun rapport n'a été produit.</p></li>"
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(STUDY_TITLE)} — rapports</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 900px;
  margin: 0 auto; padding: 1rem 1.5rem 3rem; color: #1f2328; line-height: 1.5; }}
h1 {{ font-size: 1.6rem; }} h2 {{ font-size: 1.15rem; margin: 0 0 0.3rem; }}
ul.bm-list {{ list-style: none; padding: 0; }} ul.bm-list > li {{ border: 1px solid #d0d7de; border-radius: 6px;
  padding: 0.8rem 1rem; margin: 0 0 0.8rem; }}
ul.bm-list p {{ margin: 0.2rem 0; }} .bm-small, .bm-meta {{ font-size: 0.85rem; color: #57606a; }}
a {{ color: #0550ae; }}
</style>
</head>
<body>
<header>
<h1>{html.escape(STUDY_TITLE)}</h1>
<p class="bm-meta">Date : <time datetime="{html.escape(info.date_iso)}">{html.escape(info.date_fr)}</time> ·
Version des données : <code>{html.escape(info.version)}</code></p>
<p>Ces pages se lisent hors ligne, dans un navigateur, sans connexion à Internet.</p>
</header>
<main>
<h2 style="margin-top:1.2rem">Rapports</h2>
<ul class="bm-list">
{reports_html}
</ul>
<h2 style="margin-top:1.2rem">Catalogue</h2>
<ul class="bm-list">
{catalogue}
</ul>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------------------
# The whole site, atomically


def write_site(executed: dict[str, object], out_dir: Path = paths.REPORTS, clean_dir: Path = paths.CLEAN,
               info: BuildInfo | None = None, log=print) -> list[Path]:
    """Write every report, the catalogue and the index into a temporary folder, then swap it for ``out_dir``."""
    from benchmark import catalogue, finder

    info = info or build_info()
    out_dir = Path(out_dir)
    tmp = atomic.staging_dir(out_dir)
    try:
        reports, any_figure, shared_css = [], False, set()
        for stem, nb in executed.items():
            page, figures = render_report(nb, stem, info, log)
            page, css = split_shared_css(page)
            shared_css.add(css)
            (tmp / f"{stem}.html").write_text(page, encoding="utf-8")
            any_figure = any_figure or figures > 0
            reports.append({"stem": stem, "file": f"{stem}.html", "title": notebook_title(nb, stem),
                            "summary": notebook_summary(nb), "figures": figures, "text": notebook_text(nb)})
        if len(shared_css) > 1:
            raise RuntimeError("reports render different notebook CSS: it cannot be shared")
        if shared_css:
            (tmp / CSS_FILE).write_text(shared_css.pop() + REPORT_CSS, encoding="utf-8")
        if any_figure:
            from plotly.offline import get_plotlyjs

            (tmp / PLOTLY_FILE).write_text(get_plotlyjs(), encoding="utf-8")
        n_instruments = catalogue.write_catalogue(tmp / "catalogue.html", Path(clean_dir), reports, info)
        finder.write_finder(tmp / finder.PAGE, Path(clean_dir), info=info)
        index = render_index(reports, info, n_instruments)
        check_offline(index, "index.html")
        (tmp / "index.html").write_text(index, encoding="utf-8")
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(out_dir.iterdir())


def _swap(tmp: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``tmp`` (old-or-new under a kill: ``benchmark.atomic``); files the build does
    not own (not .html/.js/.css) are carried over."""
    if out_dir.exists():
        for p in out_dir.iterdir():
            if p.is_file() and p.suffix not in (".html", ".js", ".css") and not (tmp / p.name).exists():
                shutil.copy2(p, tmp / p.name)
    atomic.replace_dir(tmp, out_dir)


def build_reports(notebooks_dir: Path = paths.NOTEBOOKS, out_dir: Path = paths.REPORTS,
                  clean_dir: Path = paths.CLEAN, workers: int = WORKERS, log=print) -> list[Path]:
    """Execute the notebooks, then write the site (reports, catalogue, index)."""
    executed = execute_all(discover(notebooks_dir), workers=workers, log=log)
    return write_site(executed, out_dir, clean_dir, log=log)


def sizes(out_dir: Path = paths.REPORTS) -> list[tuple[str, int]]:
    return [(p.name, p.stat().st_size) for p in sorted(Path(out_dir).iterdir()) if p.is_file()]


if __name__ == "__main__":
    try:
        build_reports()
    except ReportError as err:
        print(err, file=sys.stderr)
        raise SystemExit(1)
