"""The French formatter: numbers, codes, tables as a reader sees them."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.present.formatting import (
    MISSING,
    NNBSP,
    fmt_eur,
    fmt_int,
    fmt_lines,
    fmt_list,
    fmt_number,
    fmt_pct,
    french_typography,
    label,
    plural,
    reader_table,
    render,
)


def test_numbers_in_french():
    assert fmt_int(111) == "111"
    assert fmt_int(15000) == f"15{NNBSP}000"
    assert fmt_eur(350000) == f"350{NNBSP}000{NNBSP}€"
    assert fmt_eur(13551.2) == f"13{NNBSP}551{NNBSP}€"  # cents only below a thousand euros
    assert fmt_eur(508.17) == f"508,17{NNBSP}€"
    assert fmt_eur(806.9e9, compact=True) == f"806,9{NNBSP}Md€"
    assert fmt_eur(5_420_480, compact=True) == f"5,4{NNBSP}M€"
    assert fmt_pct(0.36) == f"36{NNBSP}%"
    assert fmt_pct(0.2105, 1) == f"21,1{NNBSP}%"
    assert fmt_number(-1234.5, 1) == f"-1{NNBSP}234,5"


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_read_back(n):
    text = fmt_int(n)
    assert int(text.replace(NNBSP, "")) == n
    assert "e+" not in text and "," not in text


def test_missing_values_and_booleans():
    for value in (None, float("nan"), pd.NA, [], ""):
        assert fmt_eur(value) == MISSING and fmt_pct(value) == MISSING
    assert label(True) == "Oui" and label(False) == "Non"
    assert label(0) == "0" and label(1) == "1"  # 0 == False in Python: a count must stay a count
    assert label("BE-BRU") == "Bruxelles-Capitale"


def test_lists_lines_plural_typography():
    assert fmt_list(["a"]) == "a" and fmt_list(["a", "b", "c"]) == "a, b et c" and fmt_list([]) == MISSING
    assert fmt_lines("L288-L390; L1003") == f"L288–L390{NNBSP}; L1003"
    assert plural(1, "aide") == "1 aide" and plural(0, "aide") == "0 aide" and plural(3, "aide") == "3 aides"
    assert french_typography("Oui : « non » 20 %") == f"Oui{NNBSP}: «{NNBSP}non{NNBSP}» 20{NNBSP}%"


def test_reader_text_drops_extraction_artefacts():
    from benchmark.present.formatting import reader_text

    assert reader_text("jusqu'à 20 000\\$ (soit 13 551€)") == "jusqu'à 20 000$ (soit 13 551€)"
    assert reader_text("« <i>NextGenerationEU</i> va plus loin »") == "« NextGenerationEU va plus loin »"


def test_reader_text_reads_the_reports_markdown_as_the_report_reads(source_lines):
    """Emphasis, links, list markers and escapes of the report's Markdown text go; the words stay, in order."""
    from benchmark.present.formatting import reader_text

    # L765: « l'axe de **plaidoyer** européen » and « *Transition pathway … ecosystem*¹⁷ » (a footnote call after it)
    l765 = reader_text(source_lines[764])
    assert "l'axe de plaidoyer européen" in l765 and "ecosystem¹⁷, où" in l765 and "*" not in l765
    # L191: a list item in italics, its footnote call after the closing mark
    assert (
        reader_text(source_lines[190])
        == "Appel à projets de transformation digitale pour les entreprises sociales (jusqu'à fin 2023)⁸"
    )
    # L280: links to nowhere keep their label
    assert "le site Mon ASBL et sur le site economiesociale.be, qui" in reader_text(source_lines[279])
    # L85: an autolink keeps its address
    assert reader_text(source_lines[84]).endswith(
        "suivant le lien : https://www.digitalwallonia.be/fr/publications/digi-serv/"
    )
    # a quote cut inside an emphasis leaves no stray mark; an escaped star stays a star
    assert reader_text("*Accompagnement par un conseiller\nde projet") == "Accompagnement par un conseiller de projet"
    assert reader_text("note \\* 2") == "note * 2"
    # the words are the report's: only marks are removed (letters and digits in the same order, none lost)
    for line in source_lines:
        letters = "".join(re.findall(r"[^\W_]+", re.sub(r"</?[a-z]+>", " ", line)))  # the annex's <i> tags go too
        assert "".join(re.findall(r"[^\W_]+", reader_text(line))) == letters, line[:80]


def test_sentence_ends_a_description_where_a_sentence_ends():
    from benchmark.present.formatting import sentence

    assert sentence("divisé en deux formations distinctes :") == "divisé en deux formations distinctes."
    assert sentence("Appel à projet lancé par la Fondation Cariplo") == "Appel à projet lancé par la Fondation Cariplo."
    assert sentence("Il s'agit d'un appel.") == "Il s'agit d'un appel." and sentence("« cité »") == "« cité »"
    assert sentence("") == ""


def test_templates_refuse_unformatted_numbers():
    assert render("{n:int} {a:eur} {s:pct}", n=1000, a=5000, s=0.8) == f"1{NNBSP}000 5{NNBSP}000{NNBSP}€ 80{NNBSP}%"
    assert render("{n:count:aide|aides}", n=2) == "2 aides"
    with pytest.raises(ValueError, match="needs a format"):
        render("{n}", n=0.36)


def test_reader_table_shows_no_pandas_artefacts():
    frame = pd.DataFrame(
        {
            "instrument_id": ["bru-prime-web", "qc-tnec"],
            "jurisdiction": ["BE-BRU", "CA-QC"],
            "stages": [["awareness", "skills"], []],
            "max_award_eur": [5000.0, math.nan],
            "cofunding_rate": [math.nan, 0.8],
            "covers_brussels": [True, False],
            "start_year": pd.array([2022, None], dtype="Int64"),
        }
    )
    table = reader_table(frame, formats={"instrument_id": "name"}, names={"bru-prime-web": "Prime Web"})
    assert table.columns[:2] == ["Identifiant", "Juridiction"]  # no index column for a plain 0..n-1 index
    assert table.rows[0] == [
        "Prime Web",
        "Bruxelles-Capitale",
        "Sensibilisation et Compétences",
        f"5{NNBSP}000{NNBSP}€",
        MISSING,
        "Oui",
        "2022",
    ]
    assert table.rows[1][2] == MISSING and table.rows[1][4] == f"80{NNBSP}%" and table.rows[1][6] == MISSING
    page = table._repr_html_()
    assert "<style" not in page and "NaN" not in page and "<NA>" not in page and "[" not in page
    # text left and numbers right, in JupyterLab (which right-aligns every cell) as in the reports
    assert '<th scope="row" style="text-align: left">Prime Web</th>' in page
    assert f'<td class="bm-num" style="text-align: right">5{NNBSP}000{NNBSP}€</td>' in page
    assert '<td style="text-align: left">Bruxelles-Capitale</td>' in page


def test_reader_table_keeps_a_meaningful_index():
    crosstab = pd.crosstab(
        pd.Series(["BE-BRU", "BE-WAL", "BE-WAL"], name="jurisdiction"),
        pd.Series(["grant", "grant", "advisory"], name="primary_type"),
    )
    table = reader_table(crosstab)
    assert table.columns == ["Juridiction", "Accompagnement", "Subvention"]
    assert [r[0] for r in table.rows] == ["Bruxelles-Capitale", "Wallonie"]
    assert table.rows[0][1] == "0"  # a zero count stays « 0 », never « Non »


def test_an_analysis_column_heading_never_hides_a_code_label():
    """A crosstab's columns are codes (« conditional » as an access code reads « Sous condition »): a heading of an
    analysis column with the same name would replace the code's label."""
    from benchmark.registry.labels import ANALYSIS_COLUMN_LABELS, FIELD_LABELS, LABELS

    codes = set(LABELS) | {code for labels in FIELD_LABELS.values() for code in labels}
    assert [k for k in ANALYSIS_COLUMN_LABELS if k in codes and k != "count"] == []
