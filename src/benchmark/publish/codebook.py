"""``reports/codebook.html``: the codebook (``docs/codebook.md``) as a page the reports link to.

The reports name categories (types of aid, stages, access of non-market organisations…) that the codebook defines,
each with its decision rule and a borderline example from the report. The page renders the Markdown with
nbconvert's renderer (the one the reports' text goes through), gives every code its French label where the
reports use one, wraps each wide table in a box of its own that scrolls on a narrow screen, and keeps each
section's anchor: ``field_anchors`` tells the reports which section defines the field a table column shows.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from benchmark.core import paths
from benchmark.present.theme import LABELS
from benchmark.registry import FIELDS

PAGE = "codebook.html"
SOURCE = Path("docs") / "codebook.md"  # in the project's root
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)</h\1>', re.S)
_CODE = re.compile(r"<code>([^<]+)</code>")


def source_path(root: Path | None = None) -> Path:
    return Path(root or paths.ROOT) / SOURCE


_CODE_SPANS = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)


def markdown_html(text: str) -> str:
    """The Markdown as HTML. The codebook holds no HTML of its own: a « <name> » in its prose is text (escaped
    here, outside code spans, where Markdown shows it as written), never an element."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    parts = _CODE_SPANS.split(text)
    text = "".join(p if i % 2 else re.sub(r"<(?=[A-Za-z/!?])", "&lt;", p) for i, p in enumerate(parts))
    return markdown2html_mistune(text)


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("¶", ""))).strip()


def field_anchors(body: str) -> dict[str, str]:
    """``{field: anchor}``: the section whose heading names the field (« primary_type and types » defines both)."""
    anchors: dict[str, str] = {}
    for level, anchor, inner in _HEADING.findall(body):
        if level != "2":
            continue
        for word in re.findall(r"[a-z][a-z_]+", _plain(inner)):
            if word in FIELDS:
                anchors.setdefault(word, anchor)
    return anchors


def _with_labels(body: str) -> str:
    """Each code the reports show under a French label gets it beside the code: « strategy (Stratégie) »."""

    def one(m: re.Match) -> str:
        code = html.unescape(m.group(1))
        text = LABELS.get(code)
        if not isinstance(text, str) or text == code:
            return m.group(0)
        return f'{m.group(0)} <span class="fr">({html.escape(text)})</span>'

    return _CODE.sub(one, body)


def _table_boxes(body: str) -> str:
    """A wide table scrolls in its own box (keyboard reachable, named after the section) on a narrow screen."""
    parts, section = [], "Tableau"
    for piece in re.split(r"(<table>.*?</table>|<h2 [^>]*>.*?</h2>)", body, flags=re.S):
        if piece.startswith("<h2 "):
            section = _plain(piece)
        elif piece.startswith("<table>"):
            label = html.escape(f"Tableau : {section}", quote=True)
            piece = f'<div class="box" role="region" aria-label="{label}" tabindex="0">{piece}</div>'
        parts.append(piece)
    return "".join(parts)


def render_codebook(text: str, info=None) -> str:
    """The page (one file: its CSS inline, no script)."""
    from benchmark.publish.report_html import SYNTHESIS_FILE, asset, environment, keep_numbers_whole

    body = markdown_html(text)
    title = next((_plain(inner) for level, _, inner in _HEADING.findall(body) if level == "1"), "Codebook")
    body = _HEADING.sub(lambda m: "" if m.group(1) == "1" else m.group(0), body, count=1)  # the page's <h1> is ours
    body = _table_boxes(_with_labels(body))
    sections = [(anchor, _plain(inner)) for level, anchor, inner in _HEADING.findall(body) if level == "2"]
    from markupsafe import Markup

    page = (
        environment()
        .get_template("codebook.html.j2")
        .render(
            title=title,
            body=Markup(body),
            sections=sections,
            info=info,
            synthesis=SYNTHESIS_FILE,
            css=Markup(asset("codebook.css")),
        )
    )
    return keep_numbers_whole(page)


def definitions(source: Path | None = None) -> dict[str, str]:
    """``{field: "codebook.html#anchor"}``: where the codebook page defines each field a report's table may show
    (empty without a codebook). Read again for each page: a build's workers render pages in their own processes."""
    source = Path(source) if source is not None else source_path()
    if not source.exists():
        return {}
    return {
        field: f"{PAGE}#{anchor}" for field, anchor in field_anchors(markdown_html(source.read_text("utf-8"))).items()
    }


def write_codebook(path: Path, source: Path | None = None, info=None) -> dict[str, str]:
    """Write the page; return ``field_anchors`` (empty when the project has no codebook: nothing is written)."""
    from benchmark.publish.report_html import check_offline

    source = Path(source) if source is not None else source_path()
    if not source.exists():
        return {}
    text = source.read_text(encoding="utf-8")
    page = render_codebook(text, info)
    check_offline(page, Path(path).name)
    Path(path).write_text(page, encoding="utf-8")
    return definitions(source)
