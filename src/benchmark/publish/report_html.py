"""The HTML of the committee's pages: an executed notebook → a report page, and the index.

Templates and CSS live in ``benchmark/publish/templates/`` (package data). A report page has a header (study, navigation
with previous/next report, date, table of contents), the notebook's outputs without code, and a footer. Every Plotly
chart is a ``<figure>`` holding its static image (the SVG exported to ``figures/``, embedded so that a page sent
alone by e-mail still shows it) and a ``<div>`` that the local ``plotly.min.js`` fills when it is beside the page;
in print the static image is used. Every text this module adds to a page is HTML-escaped (Jinja autoescape).
"""

from __future__ import annotations

import base64
import copy
import html
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from benchmark.core import paths
from benchmark.core.errors import ReportError
from benchmark.publish.chart_images import figure_title
from benchmark.publish.csp import with_policy
from benchmark.publish.embed import script_json
from benchmark.publish.notebook_form import for_readers

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_FILE = "plotly.min.js"
LOCALE_FILE = "plotly-locale-fr.js"
CSS_FILE = "notebook.css"  # nbconvert's notebook CSS (~250 KiB) and ours, shared by every report, not inlined
SYNTHESIS_STEM = "00_synthese"  # published as synthese.html, the first page of the index
SYNTHESIS_FILE = "synthese.html"
TEMPLATES = Path(__file__).parent / "templates"
_CSS_BLOCK = re.compile(r"<!--bm-css-start-->(.*?)<!--bm-css-end-->", re.S)
_PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>\s*", re.S)  # pandas' default table style: invalid in <body>
STUDY_TITLE = "Benchmark des instruments de soutien à la digitalisation des organisations non-marchandes"
STATIC_NOTE = "Version interactive de ce graphique : ouvrez la page depuis le dossier complet des rapports."
# A <script src> or <link href> that reaches the network (tests and the build refuse any).
EXTERNAL_ASSET = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE
)
EXTERNAL_IMPORT = re.compile(
    r"@import\s+(?:url\()?\s*[\"']?\s*(?:https?:)?//|import\(\s*[\"'](?:https?:)?//", re.IGNORECASE
)


@cache
def environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, keep_trailing_newline=True, trim_blocks=False
    )


def asset(name: str) -> str:
    """A CSS or JavaScript file of ``templates/``."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def page_file(stem: str) -> str:
    """The page a notebook is published as: ``00_synthese`` → ``synthese.html``, others keep their name."""
    return SYNTHESIS_FILE if stem == SYNTHESIS_STEM else f"{stem}.html"


_NOTEBOOK_LINK = re.compile(r'href="(\d{2}_[^"/#]+)\.ipynb(#[^"]*)?"')


def page_links(body: str) -> str:
    """A link to a notebook (``05_etapes_du_parcours.ipynb``, what JupyterLab opens) → the link to its page."""
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{page_file(m.group(1))}{m.group(2) or ""}"', body)


def french_spaces(text: str) -> str:
    """French typography: a narrow no-break space before « : ; ? ! % € » and inside guillemets."""
    text = re.sub(r"[ \u00a0]*([:;?!%€»])", lambda m: "\u202f" + m.group(1), text)
    text = re.sub(r"«[ \u00a0]*", "«\u202f", text)
    return re.sub(r"(\d)\u202f:(\d)", r"\1:\2", text)  # times and ratios keep their colon


# --------------------------------------------------------------------------------------------------------
# Paper and narrow screens: whole numbers, hyphenated column names

# Elements whose text is not laid out as page text (or cannot hold a <span>): left as they are.
_RAW_OR_PLAIN = r"script|style|title|textarea|option"
_MARKUP = re.compile(rf"(<(?:{_RAW_OR_PLAIN})\b.*?</(?:{_RAW_OR_PLAIN})\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)
_SPACES = "[ \u00a0\u202f]"
# A grouped number (« 169 390 », « 7 453 050,5 », the report's « 1.500.000€ »), or any number followed by its
# unit (« 800 € », « 80 % »).
_WHOLE_NUMBER = re.compile(
    rf"(?<![\w,.])(?:\d{{1,3}}(?:{_SPACES}\d{{3}}|\.\d{{3}})+(?:,\d+)?(?:{_SPACES}?(?:Md€|M€|€|%|\$))?"
    rf"|\d+(?:,\d+)?{_SPACES}?(?:Md€|M€|€|%))(?![\w])"
)


def _text_nodes(page: str, change) -> str:
    """``change`` applied to the text between tags (not to tags, comments, scripts, styles, titles or options)."""
    parts = _MARKUP.split(page)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def keep_numbers_whole(page: str) -> str:
    """Every amount, share or grouped number in a ``<span class="bm-nb">`` that never wraps: a narrow table cell
    (or ``overflow-wrap``) would otherwise break « 169 390 € » into « 169 » and « 390 € »."""

    def wrap(text: str) -> str:
        return _WHOLE_NUMBER.sub(lambda m: f'<span class="bm-nb">{m.group(0)}</span>', text)

    return _text_nodes(page, wrap)


_CODEBOOK_MENTION = re.compile(r"livres? de codes", re.I)


def link_codebook_mentions(page: str) -> str:
    """« livre de codes » in a page's text becomes a link to the codebook page (not inside a link already)."""
    from benchmark.publish.codebook import PAGE

    parts = _MARKUP.split(page)
    in_link = 0
    for i, part in enumerate(parts):
        if i % 2:
            if re.match(r"<a\b", part, re.I):
                in_link += 1
            elif re.match(r"</a\s*>", part, re.I):
                in_link = max(0, in_link - 1)
        elif not in_link:
            parts[i] = _CODEBOOK_MENTION.sub(lambda m: f'<a href="{PAGE}">{m.group(0)}</a>', part)
    return "".join(parts)


_THEAD = re.compile(r"<thead\b.*?</thead>", re.S | re.I)
_LONG_WORD = re.compile(r"[^\W\d_]{8,}")
SOFT_HYPHEN = "\u00ad"


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="fr")


def hyphenate_headings(page: str) -> str:
    """Column names may break inside a long word, with a hyphen where French hyphenation allows it
    (« Accom-pagnement »): a table of many columns then fits a printed page or a tablet without scrolling.
    Chromium ships no hyphenation dictionary offline (``hyphens: auto`` does nothing), so the soft hyphens are
    written in the page (pyphen's French patterns); they are invisible unless the line breaks there."""
    hyphenator = _hyphenator()

    def words(text: str) -> str:
        return _LONG_WORD.sub(lambda m: hyphenator.inserted(m.group(0), hyphen=SOFT_HYPHEN), text)

    return _THEAD.sub(lambda m: _text_nodes(m.group(0), words), page)


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
    # item access: works on an nbformat node and on a notebook read as plain JSON (``notebook_file_title``)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and for_readers(cell):
            fenced = False
            source = cell["source"]
            for line in ("".join(source) if isinstance(source, list) else source).splitlines():
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


def notebook_file_title(path: Path, stem: str) -> str:
    """The title of a notebook on disk, read as plain JSON: no nbformat (its validator imports jsonschema), so that
    a kernel linking to another report stays light."""
    return notebook_title(json.loads(Path(path).read_text(encoding="utf-8")), stem)


def notebook_summary(nb) -> str:
    """One paragraph: the first markdown cell's prose (its headings left out), else the next one that has some."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or not for_readers(cell):
            continue
        paragraphs: list[str] = []
        current: list[str] = []
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


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph (what the index says of a report)."""
    parts = re.split(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Ý«])", paragraph.strip(), maxsplit=1)
    return parts[0] if parts else ""


def notebook_text(nb) -> str:
    """What a reader can read in a report: markdown and every text output (HTML tags dropped, entities decoded)."""
    parts = []
    for cell in filter(for_readers, nb.cells):
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
# Charts


def _script_json(obj) -> str:
    """JSON safe inside a <script> element (``benchmark.publish.embed``), keys sorted."""
    return script_json(obj, sort_keys=True)


def chart_alt(figure: dict) -> str:
    """The chart's text alternative: its title and one sentence (the figure's own summary, else its series)."""
    layout = figure.get("layout", {})
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = figure_title(layout) or "Graphique"
    summary = meta.get("summary")
    if not summary:
        names = [str(t["name"]) for t in figure.get("data", []) if t.get("name") and t.get("showlegend") is not False]
        summary = ("Séries : " + ", ".join(dict.fromkeys(names)) + ".") if names else "Graphique sans légende."
    return f"{title}. {summary}"


def figure_stem(figure: dict) -> str | None:
    meta = figure.get("layout", {}).get("meta")
    return meta.get("figure") if isinstance(meta, dict) else None


def svg_data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def plotly_html(figure: dict, div_id: str, image: str | None = None, data_link: str = "") -> str:
    """A chart: a ``<figure>`` with the static ``image`` (a data URI), the plot drawn by ``bmChart`` and the link
    to its data (``data_link``, HTML from ``benchmark.publish.data_files``).

    The layout loses any fixed pixel width (the plot fills its container); the configuration is the readers' one.
    """
    from benchmark.present.theme import EXPORT_WIDTH, PLOTLY_CONFIG

    data = figure.get("data", [])
    layout = dict(figure.get("layout", {}))
    width = layout.pop("width", None)
    layout.pop("meta", None)
    layout["autosize"] = True
    title = figure_title(layout)
    if title:  # the title is the figure's HTML caption, which wraps on a narrow screen (a plotly title does not)
        layout["title"] = {"text": ""}
        layout["margin"] = {**dict(layout.get("margin") or {}), "t": 30}
    layout.setdefault("separators", ",\u202f")  # French: decimal comma, narrow no-break space between thousands
    meta = figure.get("layout", {}).get("meta")
    export_w = width or (meta.get("export_width") if isinstance(meta, dict) else None) or EXPORT_WIDTH
    config = {**figure.get("config", {}), **PLOTLY_CONFIG}
    return (
        environment()
        .get_template("chart.html.j2")
        .render(
            div_id=div_id,
            js_id=_markup(_script_json(div_id)),
            data=_markup(_script_json(data)),
            layout=_markup(_script_json(layout)),
            config=_markup(_script_json(config)),
            image=image,
            alt=chart_alt(figure),
            title=title or "Graphique",
            width=int(export_w),
            height=int(layout.get("height") or 450),
            data_link=_markup(data_link),
        )
    )


def _markup(text: str):
    import markupsafe

    return markupsafe.Markup(text)


def static_images(figures: list[dict], figures_dir: Path) -> list[str | None]:
    """For each figure, its static SVG as a data URI: the file exported to ``figures_dir`` when the figure names
    one, else drawn now (``benchmark.publish.chart_images``, one browser page for all)."""
    from benchmark.present.theme import EXPORT_WIDTH
    from benchmark.publish import chart_images

    images: list[str | None] = []
    missing: list[int] = []
    for i, fig in enumerate(figures):
        stem = figure_stem(fig)
        path = Path(figures_dir) / f"{stem}.svg" if stem else None
        if path is not None and path.exists():
            images.append(svg_data_uri(path.read_bytes()))
        else:
            images.append(None)
            missing.append(i)
    if missing:
        todo = []
        for i in missing:
            layout = figures[i].get("layout", {})
            meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
            width = int(layout.get("width") or meta.get("export_width", EXPORT_WIDTH))
            todo.append(chart_images.Image(figures[i], "svg", width, int(layout.get("height") or 450)))
        for i, svg in zip(missing, chart_images.draw(todo)):
            images[i] = svg_data_uri(svg)
    return images


def locale_script() -> str:
    """plotly.js's French locale (toolbar, dates, numbers), bundled in ``templates/``; it registers itself."""
    return asset(LOCALE_FILE)


# --------------------------------------------------------------------------------------------------------
# Report pages

_TOC_MARK = "<!--bm-toc-->"
_HEADING = re.compile(r'<h([1-3])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL | re.IGNORECASE)


def header(info, previous: dict | None = None, following: dict | None = None) -> str:
    from markupsafe import Markup

    return (
        environment()
        .get_template("header.html.j2")
        .render(
            info=info,
            study=STUDY_TITLE,
            synthesis=SYNTHESIS_FILE,
            previous=previous,
            next=following,
            toc=Markup(_TOC_MARK),
        )
    )


def footer(info, previous: dict | None = None, following: dict | None = None) -> str:
    return environment().get_template("footer.html.j2").render(info=info, previous=previous, next=following)


_ANY_HEADING = re.compile(r'<h([1-6])\s+id="([^"]+)"(.*?)</h\1>', re.DOTALL | re.IGNORECASE)


def unique_heading_ids(body: str) -> str:
    """Two headings with the same text get the same id from nbconvert (invalid HTML, ambiguous anchor): the
    second becomes ``id-2`` (its anchor link too), the third ``id-3``…"""
    seen: dict[str, int] = {}

    def one(m: re.Match) -> str:
        level, anchor, rest = m.groups()
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] == 1:
            return m.group(0)
        new = f"{anchor}-{seen[anchor]}"
        return f'<h{level} id="{new}"' + rest.replace(f'href="#{anchor}"', f'href="#{new}"') + f"</h{level}>"

    return _ANY_HEADING.sub(one, body)


def table_of_contents(body: str) -> str:
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor-link".*?</a>', "", inner))).strip()
        text = text.rstrip("¶").strip()
        if text:
            items.append((int(level), anchor, french_spaces(text)))
    if items and items[0][0] == 1:
        items = items[1:]  # the report's own title
    if not items:
        return ""
    # A sub-heading is listed inside its section's item, not beside it: in one flat numbered list it took a
    # number, and the next section's came out one too high (« 1. … ○ … 3. … »).
    sections: list[dict] = []
    top = min(level for level, _, _ in items)
    for level, anchor, text in items:
        if level == top or not sections:
            sections.append({"anchor": anchor, "text": text, "children": []})
        else:
            sections[-1]["children"].append({"anchor": anchor, "text": text})
    return environment().get_template("toc.html.j2").render(sections=sections)


def prepare_notebook(nb, stem: str, log=print, figures_dir: Path = paths.FIGURES):
    """A copy ready for export: Plotly outputs → charts with their static image, stderr streams and pandas'
    ``<style scoped>`` dropped, French title."""
    from benchmark.present.formatting import TABLE_MIME
    from benchmark.present.theme import COLUMN_LABELS
    from benchmark.publish import codebook, data_files

    files = {f.where: f for f in data_files.page_data(nb, Path(page_file(stem)).stem)}
    definitions = codebook.definitions()
    nb = copy.deepcopy(nb)
    charts = []  # (output, figure, its data file)
    for c, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not for_readers(cell):
            continue
        kept = []
        for o, out in enumerate(cell.get("outputs", [])):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                log(f"  note: {stem}: a stderr output (warning) is left out of the report")
                continue
            data = out.get("data")
            if data and PLOTLY_MIME in data:
                charts.append((out, data[PLOTLY_MIME], files[(c, o)]))
            elif data and "application/vnd.jupyter.widget-view+json" in data:
                data.pop("application/vnd.jupyter.widget-view+json")
                if not data:
                    continue
            if data and "text/html" in data and PLOTLY_MIME not in data:
                data["text/html"] = _PANDAS_STYLE.sub("", _joined(data["text/html"]))
            if data and TABLE_MIME in data:  # the table's values are its CSV file; the page links to it
                data.pop(TABLE_MIME)
                table = files[(c, o)]
                terms = [(COLUMN_LABELS[f], definitions[f]) for f in table.fields if f and f in definitions]
                data["text/html"] = data["text/html"] + data_files.link_html(table, list(dict.fromkeys(terms)))
            kept.append(out)
        cell["outputs"] = kept
    from benchmark.publish import plotlyjs

    for n, (_, fig, _) in enumerate(charts, start=1):
        plotlyjs.check_traces(fig, f"{stem}: chart {n}")
    images = static_images([fig for _, fig, _ in charts], figures_dir) if charts else []
    for n, ((out, fig, file), image) in enumerate(zip(charts, images), start=1):
        out["data"] = {"text/html": plotly_html(fig, f"fig-{stem}-{n}", image, data_files.link_html(file))}
        out["metadata"] = {}
    nb.cells = [cell for cell in nb.cells if for_readers(cell)]  # after the data files, which name cells by index
    nb.metadata["title"] = french_spaces(notebook_title(nb, stem))
    nb.metadata.pop("widgets", None)
    return nb, len(charts)


@cache
def page_exporter() -> HTMLExporter:
    """One nbconvert exporter for every page of a process: it compiles its Jinja templates once (about a tenth of a
    second per template, ten templates a page), not once per page."""
    import jinja2
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.FileSystemLoader(str(TEMPLATES))],
        template_file="report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="fr",
        embed_images=True,
    )


def render_report(
    nb,
    stem: str,
    info,
    log=print,
    previous: dict | None = None,
    following: dict | None = None,
    figures_dir: Path = paths.FIGURES,
) -> tuple[str, int]:
    """The report page of one executed notebook, and its number of Plotly figures."""
    prepared, figures = prepare_notebook(nb, stem, log, figures_dir)
    exporter = page_exporter()
    resources = {
        "metadata": {"name": prepared.metadata["title"]},
        "bm_plotly": PLOTLY_FILE if figures else "",
        "bm_locale": LOCALE_FILE,
        "bm_chart_js": asset("chart.js"),
        "bm_kind": "synthese" if stem == SYNTHESIS_STEM else "rapport",
        "bm_header": header(info, previous, following),
        "bm_footer": footer(info, previous, following),
    }
    body, _ = exporter.from_notebook_node(prepared, resources=resources)
    body = page_links(unique_heading_ids(body))
    body = body.replace(_TOC_MARK, table_of_contents(body), 1)
    body = with_policy(hyphenate_headings(keep_numbers_whole(link_codebook_mentions(body))))
    check_offline(body, page_file(stem))
    return body, figures


def split_shared_css(page: str) -> tuple[str, str]:
    """Move nbconvert's inline notebook CSS out of a report page: the page links ``notebook.css`` instead."""
    block = _CSS_BLOCK.search(page)
    if block is None:
        return page, ""
    css = "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", block.group(1), re.S)).strip() + "\n"
    link = f'<link rel="stylesheet" type="text/css" href="{CSS_FILE}">'
    return page[: block.start()] + link + page[block.end() :], css


def check_offline(page: str, name: str) -> None:
    """Refuse a page that would load a script, style, image or frame from the network."""
    hit = EXTERNAL_ASSET.search(page) or EXTERNAL_IMPORT.search(page)
    if hit:
        raise ReportError(f"{name} would load a network resource: {hit.group(0)[:200]!r}")


def render_index(
    reports: list[dict], info, n_instruments: int | None, pdf: bool = False, codebook: bool = False
) -> str:
    """The index: the synthesis first, then each report with one sentence from its first paragraph."""
    from markupsafe import Markup

    items = [
        {
            **r,
            "sentence": french_spaces(first_sentence(r.get("summary", ""))),
            "pdf": Path(r["file"]).with_suffix(".pdf").name,
        }
        for r in reports
    ]
    return with_policy(
        environment()
        .get_template("index.html.j2")
        .render(
            study=STUDY_TITLE,
            info=info,
            reports=items,
            n_instruments=n_instruments,
            pdf=pdf,
            codebook=codebook,
            css=Markup(asset("index.css")),
        )
    )
