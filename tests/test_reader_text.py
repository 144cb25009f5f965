"""What a reader sees on every page, read in a real browser with every ``<details>`` open (the quotes a reader can
unfold): no Python, pandas or developer artefacts, no Markdown of the report's text."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from benchmark.core import paths

ARTEFACTS = {
    "NaN or <NA>": re.compile(r"\bNaN\b|<NA>|\bnan\b"),
    "a Python boolean or None": re.compile(r"\bTrue\b|\bFalse\b|\bNone\b"),
    "a Python list": re.compile(r"\[\s*'|'\s*\]|\[\]"),
    "scientific notation": re.compile(r"\d[eE][+-]\d"),
    "a backslash": re.compile(r"\\"),
    "a snake_case name": re.compile(r"\b[a-z]+_[a-z]+(?:_[a-z]+)*\b"),
    "a jurisdiction code": re.compile(r"\b(?:BE-BRU|BE-VLG|BE-WAL|CA-QC)\b"),
    "a recommendation code": re.compile(r"\brec-\d+\b"),
    # the report's Markdown left in a quote: an emphasis mark (« **plaidoyer** », « *Explorer…* »), a link
    "a Markdown emphasis mark": re.compile(r"\*|(?<![\w/])__?\w|\w__?(?![\w/])"),
    "a Markdown link": re.compile(r"\]\(|\[[^\]]*\]\(#\)"),
}
URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:be|org|com|fr|brussels|pdf)\S*")


def _pages(site: Path) -> list[Path]:
    """Every page but the codebook, whose subject is the data's codes and field names (« BE-BRU », « stages »)."""
    return sorted(p for p in site.glob("*.html") if p.name != "codebook.html")


@pytest.fixture(scope="module")
def site() -> Path:
    """The committed site: ``benchmark build`` regenerates it byte for byte (checked by the build tests)."""
    return paths.REPORTS


@pytest.fixture(scope="module")
def visible_texts(site, browser):
    texts = {}
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    for path in _pages(site):
        page.goto(path.as_uri())
        # every quote a reader can open (the catalogue's passages, the finder's aids set apart) is read too
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        texts[path.name] = page.inner_text("body")
    context.close()
    return texts


def test_every_page_is_scanned(site, visible_texts):
    assert set(visible_texts) == {p.name for p in _pages(site)} and len(visible_texts) >= 2


def test_no_artefact_in_visible_text(visible_texts):
    instrument_ids = set(pd.read_csv(paths.CLEAN / "instruments.csv", usecols=["instrument_id"])["instrument_id"])
    slug = re.compile(r"\b(?:" + "|".join(re.escape(i) for i in sorted(instrument_ids, key=len, reverse=True)) + r")\b")
    problems = []
    for name, text in visible_texts.items():
        text = URL.sub(" ", text.replace("\u00ad", ""))  # a soft hyphen is not drawn unless a word breaks there
        for what, pattern in {**ARTEFACTS, "an instrument slug": slug}.items():
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
                problems.append(f"{name}: {what} « {match.group(0)} » in …{context}…")
    assert not problems, "\n".join(problems[:300]) + f"\n({len(problems)} in all)"
