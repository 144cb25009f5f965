"""Findings: computed from the clean tables, worded in findings.fr.toml, true after a data edit."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from benchmark.analysis import comparisons
from benchmark.core import paths
from benchmark.core.spans import parse_spans
from benchmark.present import findings
from benchmark.present.formatting import fmt_int

# What must never reach a reader: Python or pandas artefacts, raw floats, snake_case names.
ARTEFACTS = re.compile(r"\bNaN\b|<NA>|\bNone\b|\bTrue\b|\bFalse\b|\[|\]|\d[eE][+-]\d|\d\.\d{3,}|\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="module")
def every_finding(committed_tables):
    return [f(committed_tables) for functions in findings.NOTEBOOK_FINDINGS.values() for f in functions]


def test_every_finding_renders_without_artefacts(every_finding):
    assert every_finding
    for finding in every_finding:
        assert finding.text.strip()
        assert not ARTEFACTS.search(finding.text), (finding.key, ARTEFACTS.search(finding.text).group(0))
        # thousands are grouped with a narrow no-break space, never written « 15000 » (years stand alone)
        for number in re.findall(r"(?<![\dL])\d{5,}(?!\d)", finding.text):
            pytest.fail(f"{finding.key}: ungrouped number {number}")


def test_quotes_in_the_wording_are_word_for_word(source_lines):
    """Every « quote » followed by its lines in findings.fr.toml stands at those lines of the report."""
    wording = findings.TEMPLATES.read_text(encoding="utf-8").replace("\\\n", "")
    quotes = re.findall(r"«\s*([^»{}]+?)\s*»[^«(]{0,40}?\((L\d+(?:[–-]L\d+)?)\)", wording)
    assert len(quotes) >= 5
    for quote, span in quotes:
        text = " ".join(" ".join(source_lines[a - 1 : b]) for a, b in parse_spans(span.replace("–", "-")))
        assert " ".join(quote.split()) in " ".join(text.split()), (quote, span)


def test_cited_lines_exist(every_finding, source_lines):
    for finding in every_finding:
        for span in finding.lines:
            for a, b in parse_spans(span.replace("–", "-")):
                assert 1 <= a <= b <= len(source_lines), (finding.key, span)


def test_numbers_come_from_the_tables(committed_tables):
    from benchmark.analysis import eligibility

    instruments = committed_tables["instruments"]
    overview = findings.inventory_overview(committed_tables)
    assert overview.values["rows"] == len(instruments)
    units = comparisons.counting_units(instruments)
    assert overview.values["total"] == len(units) <= len(instruments)
    assert f'<data value="{len(units)}" data-q="instruments">{fmt_int(len(units))}</data> instruments' in overview.text
    assert overview.values["brussels_count"] == int((instruments["jurisdiction"] == "BE-BRU").sum())
    timeline = findings.timeline(committed_tables)
    both = instruments["start_year"].notna() & instruments["end_year"].notna()
    assert timeline.values["full"] == int(both.sum())
    assert timeline.values["dated"] == int((instruments["start_year"].notna() | instruments["end_year"].notna()).sum())
    # ceilings per project for one organisation, ranked among those an ASBL of the jurisdiction can obtain
    awards = findings.max_awards(committed_tables)
    ranked = eligibility.comparable_ceilings(committed_tables, classes=("organisation_project",), obtainable_only=True)
    assert (awards.values["low"], awards.values["high"]) == (ranked["ceiling_eur"].min(), ranked["ceiling_eur"].max())
    assert awards.values["obtainable"] == len(ranked)
    assert "L276" in findings.brussels_l276(committed_tables).lines
    access = findings.brussels_access(committed_tables)
    assert (
        access.values["usable"]
        == eligibility.counts(committed_tables)["total"]
        == len(eligibility.obtainable(committed_tables))
    )


def _with_new_brussels_aide(committed_tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A researcher's edit: one more Brussels aid, like Digibrux, with its eligibility decision."""
    grown = dict(committed_tables)
    for name in ("instruments", "eligibility"):
        frame = committed_tables[name]
        new = frame[frame["instrument_id"] == "bru-digibrux"].copy()
        new["instrument_id"] = "bru-nouvelle-aide"
        if name == "instruments":
            new["name"] = "Nouvelle aide"
        grown[name] = pd.concat([frame, new], ignore_index=True)
    return grown


def test_findings_follow_a_data_edit(committed_tables):
    """A researcher adds one Brussels aide: every count that includes it moves, no sentence stays stale."""
    grown = _with_new_brussels_aide(committed_tables)
    before, after = findings.inventory_overview(committed_tables), findings.inventory_overview(grown)
    assert after.values["total"] == before.values["total"] + 1
    assert after.values["brussels_count"] == before.values["brussels_count"] + 1
    assert f'data-q="instruments">{fmt_int(after.values["total"])}</data> instruments' in after.text
    l276 = findings.brussels_l276(grown)
    assert l276.values["advice"] == findings.brussels_l276(committed_tables).values["advice"] + 1
    assert "Nouvelle aide" in l276.text
    for finding in (findings.brussels_access, findings.brussels_vs_peers):
        assert finding(grown).values["usable"] == finding(committed_tables).values["usable"] + 1, finding.__name__
    assert "Nouvelle aide" in findings.brussels_access(grown).text
    gaps_before = findings.brussels_gaps(committed_tables).values
    assert findings.brussels_gaps(grown).text != findings.brussels_gaps(committed_tables).text or not gaps_before


def test_notebook_prose_has_no_typed_numbers():
    """Numbers in notebook markdown go stale at the next data edit: only report lines and headings' numbers."""
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets (file names of other reports)
            text = re.sub(r"\bL\d+(?:[–-]L\d+)?", "", text)  # line citations
            text = re.sub(r"^#+\s*\d+\.", "", text, flags=re.M)  # « # 3. Budgets »
            text = re.sub(r"«[^»]*»", "", text)  # quotes of the report, word for word
            text = re.sub(r"\b(?:[ÉéE]tapes?|[Pp]arties?|Volets?)\s+\d+(?:\s+et\s+\d+)?", "", text)  # names of parts
            assert not re.search(r"\d", text), f"{path.name} cell {i}: {text.strip()[:120]}"


def test_synthesis_tables_have_every_inspiration_and_every_jurisdiction(committed_tables):
    from benchmark.analysis import eligibility
    from benchmark.present.access import peer_table
    from benchmark.present.step5.tables import VERDICT_LABELS, equivalence_table

    table = equivalence_table(committed_tables)
    assert [r[0] for r in table.rows] == list(committed_tables["recommendations"]["title"])  # the sixteen of L998-L1023
    assert all(r[2] in VERDICT_LABELS.values() for r in table.rows)
    profile = eligibility.peer_profile(committed_tables)
    assert profile["instruments"].sum() == len(comparisons.counting_units(committed_tables["instruments"]))
    assert len(peer_table(committed_tables).rows) == len(profile)
    assert profile.at["BE-BRU", "obtainable"] == eligibility.counts(committed_tables)["total"]


def test_links_to_detailed_reports_use_their_titles():
    """In JupyterLab a link opens the notebook beside this one; on a page, its report page."""
    from benchmark.present import synthesis
    from benchmark.publish.report_html import page_file, page_links

    finding = synthesis.see_also("03_budgets", "07_decisions_etape5")
    assert "](03_budgets.ipynb)" in finding.text and "Budgets" in finding.text
    assert page_links('<a href="03_budgets.ipynb">') == f'<a href="{page_file("03_budgets")}">'
    assert page_links('<a href="00_synthese.ipynb#x">') == f'<a href="{page_file("00_synthese")}#x">'
    assert page_links('<a href="../docs/guide.md">') == '<a href="../docs/guide.md">'  # only notebooks
    with pytest.raises(FileNotFoundError):
        synthesis.see_also("99_absent")


def test_researchers_cells_are_left_out_of_pages():
    """A cell tagged « chercheurs » (the guide's link, how to change the parameters) is for JupyterLab only: not on
    the page, nor in its index sentence, search text or data files."""
    import nbformat

    from benchmark.present.formatting import reader_table
    from benchmark.publish import data_files
    from benchmark.publish.report_html import notebook_summary, notebook_text, prepare_notebook

    researchers = nbformat.v4.new_markdown_cell("Pour les chercheurs : le guide.")
    researchers.metadata["tags"] = ["chercheurs"]
    table = reader_table(pd.DataFrame({"jurisdiction": ["BE-BRU"], "count": [3]}), caption="Un tableau")
    code = nbformat.v4.new_code_cell("t", outputs=[nbformat.v4.new_output("display_data", table._repr_mimebundle_())])
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 9. Titre"),
            researchers,
            nbformat.v4.new_markdown_cell("Le texte."),
            code,
        ]
    )
    assert notebook_summary(nb) == "Le texte."
    assert "guide" not in notebook_text(nb) and "Le texte." in notebook_text(nb)
    assert [f.where for f in data_files.page_data(nb, "09_titre")] == [(3, 0)]  # the cells keep their numbers
    prepared, _ = prepare_notebook(nb, "09_titre", log=lambda _: None)
    assert [c.source for c in prepared.cells] == ["# 9. Titre", "Le texte.", "t"]
    assert "09_titre-1.csv" in prepared.cells[2].outputs[0]["data"]["text/html"]


def test_a_dollar_is_a_dollar_in_jupyterlab_and_on_the_pages():
    """JupyterLab reads « 100 000 $ à 50 M$ » in Markdown as mathematics: a finding escapes its dollars (a quote of
    the report already escaped stays as it is), and the page's Markdown renderer shows them as dollars."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from benchmark.present.findings import Finding

    finding = Finding("k", "des revenus de 100 000 $ à 50 M$ ; « 150 000\\$ » (L916)")
    shown = finding._repr_markdown_()
    assert shown == "des revenus de 100 000 \\$ à 50 M\\$ ; « 150 000\\$ » (L916)"
    assert "100 000 $ à 50 M$" in markdown2html_mistune(shown) and "\\" not in markdown2html_mistune(shown)
