"""The codebook (``docs/codebook.md``) as the reports see it: where it is, its Markdown as HTML, and which of its
sections defines each field a report's table may show (``definitions``). The page itself is
``benchmark.publish.codebook_page``.

The reports name categories (types of aid, stages, access of non-market organisations…) that the codebook defines,
each with its decision rule and a borderline example from the report. The Markdown goes through nbconvert's
renderer (the one the reports' text goes through), which gives each section its anchor.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from benchmark.core import paths
from benchmark.registry import FIELDS

PAGE = "codebook.html"
SOURCE = Path("docs") / "codebook.md"  # in the project's root
HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)</h\1>', re.S)
CODE = re.compile(r"<code>([^<]+)</code>")


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


def plain_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("¶", ""))).strip()


def field_anchors(body: str) -> dict[str, str]:
    """``{field: anchor}``: the section whose heading names the field (« primary_type and types » defines both)."""
    anchors: dict[str, str] = {}
    for level, anchor, inner in HEADING.findall(body):
        if level != "2":
            continue
        for word in re.findall(r"[a-z][a-z_]+", plain_text(inner)):
            if word in FIELDS:
                anchors.setdefault(word, anchor)
    return anchors


def definitions(source: Path | None = None) -> dict[str, str]:
    """``{field: "codebook.html#anchor"}``: where the codebook page defines each field a report's table may show
    (empty without a codebook). Read again for each page: a build's workers render pages in their own processes."""
    source = Path(source) if source is not None else source_path()
    if not source.exists():
        return {}
    return {
        field: f"{PAGE}#{anchor}" for field, anchor in field_anchors(markdown_html(source.read_text("utf-8"))).items()
    }
