"""``reports/codebook.html``: the codebook (``docs/codebook.md``, ``benchmark.publish.codebook``) as a page the reports
link to: every code with its French label where the reports use one, each wide table in a box of its own that
scrolls on a narrow screen, each section's anchor kept (the reports' tables link to them).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from benchmark.present.theme import LABELS
from benchmark.publish.codebook import CODE, HEADING, definitions, markdown_html, plain_text, source_path


def _with_labels(body: str) -> str:
    """Each code the reports show under a French label gets it beside the code: « strategy (Stratégie) »."""

    def one(m: re.Match) -> str:
        code = html.unescape(m.group(1))
        text = LABELS.get(code)
        if not isinstance(text, str) or text == code:
            return m.group(0)
        return f'{m.group(0)} <span class="fr">({html.escape(text)})</span>'

    return CODE.sub(one, body)


def _table_boxes(body: str) -> str:
    """A wide table scrolls in its own box (keyboard reachable, named after the section) on a narrow screen."""
    parts, section, n = [], "Tableau", 0
    for piece in re.split(r"(<table>.*?</table>|<h2 [^>]*>.*?</h2>)", body, flags=re.S):
        if piece.startswith("<h2 "):
            section, n = plain_text(piece), 0
        elif piece.startswith("<table>"):
            n += 1  # a section's second table is named apart: each region a screen reader lists is unique
            label = html.escape(f"Tableau{f' {n}' if n > 1 else ''} : {section}", quote=True)
            piece = f'<div class="box" role="region" aria-label="{label}" tabindex="0">{piece}</div>'
        parts.append(piece)
    return "".join(parts)


def render_codebook(text: str, info=None) -> str:
    """The page (one file: its CSS inline, no script)."""
    from benchmark.publish.report_html import SYNTHESIS_FILE, asset, environment, keep_numbers_whole

    body = markdown_html(text)
    title = next((plain_text(inner) for level, _, inner in HEADING.findall(body) if level == "1"), "Codebook")
    body = HEADING.sub(lambda m: "" if m.group(1) == "1" else m.group(0), body, count=1)  # the page's <h1> is ours
    body = _table_boxes(_with_labels(body))
    sections = [(anchor, plain_text(inner)) for level, anchor, inner in HEADING.findall(body) if level == "2"]
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
    from benchmark.publish.csp import with_policy

    return with_policy(keep_numbers_whole(page))


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
