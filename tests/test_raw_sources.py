"""The raw sources are faithful: Annex I verbatim, every quote word for word at its lines, codes defined."""

import json

import pytest
from report_source import SOURCE as REPORT_SOURCE

from benchmark.core import paths
from benchmark.core.spans import parse_spans
from benchmark.ingest.raw import load_raw, source_fingerprint
from benchmark.registry import FIELDS
from benchmark.registry.codes import INSTRUMENT_TYPES, STAGES
from benchmark.registry.raw_tables import RAW_TABLES


@pytest.fixture(scope="module")
def raw():
    return load_raw(paths.RAW)


def test_annex_file_equals_source_lines_1035_to_1075(source_lines):
    annex = (paths.RAW / "annex_i.tsv").read_text(encoding="utf-8")
    assert annex == "\n".join(source_lines[1034:1075]) + "\n"


def test_source_fingerprint_matches_the_report():
    recorded = json.loads((paths.RAW / "source.json").read_text(encoding="utf-8"))
    assert recorded == source_fingerprint(REPORT_SOURCE)


def test_part4_has_its_sixteen_inspirations_and_four_needs(raw):
    """Word for word is checked by benchmark clean itself (benchmark.ingest.quotes); here the report's counts."""
    assert len(raw.inspirations) >= 16 and len(raw.needs) >= 4
    assert raw.inspirations["category"].nunique() == 3


def test_instruments_per_jurisdiction(raw):
    """At least the instruments of the February 2024 report per sheet (a researcher may add more)."""
    counts = raw.inventories.groupby("_sheet").size().to_dict()
    at_least = {
        "EU": 5,
        "BE": 6,
        "BE-BRU": 11,
        "BE-VLG": 13,
        "BE-WAL": 41,
        "FR": 7,
        "ES": 10,
        "IT": 4,
        "CA": 3,
        "CA-QC": 11,
    }
    assert all(counts.get(sheet, 0) >= n for sheet, n in at_least.items()), counts


def test_the_eleven_brussels_aides_of_the_report_with_their_lines(raw):
    """At least the report's eleven (L288-L446): a researcher adds others from official pages."""
    bru = raw.inventories[raw.inventories["_sheet"] == "BE-BRU"].set_index("instrument_id")
    expected = {
        "bru-prime-web": ("Prime Web", 290),
        "bru-agence-digitale-solidaire": ("L'agence Digitale Solidaire", 304),
        "bru-digibrux": ("Digibrux", 316),
        "bru-socialware": ("L'agence SocialWare", 328),
        "bru-febi": ("FEBI", 340),
        "bru-toolbox": ("Toolbox", 357),
        "bru-appel-numerique-transition-economique": ("Appel à projets : Numérique & Transition Economique", 371),
        "bru-subsides-projets-jeunesse": ("Subsides de projets jeunesse", 394),
        "bru-venture-philanthropy": ("Le Fonds Venture Philanthropy", 406),
        "bru-loterie-nationale": ("Loterie Nationale", 420),
        "bru-fondation-4wings": ("Fondation 4WINGS", 432),
    }
    assert set(expected) <= set(bru.index)
    for iid, (name, line) in expected.items():
        assert bru.at[iid, "name"] == name
        assert bru.at[iid, "name_lines"].startswith(f"L{line}")
        assert any(a <= line <= b for a, b in parse_spans(bru.at[iid, "source_lines"]))


def test_every_code_a_researcher_may_type_is_defined_in_the_codebook():
    """The codes the raw files allow (the registry's raw tables, their codes from the clean fields) are each
    defined in docs/codebook.md, where the coder reads the rule."""
    codebook = (paths.ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    coded = [
        (table.file, col.name, code)
        for table in RAW_TABLES.values()
        for col in table.columns
        for code in col.allowed or ()
    ]
    assert len({code for *_, code in coded}) >= len(INSTRUMENT_TYPES) + len(
        STAGES
    )  # the walk finds the workbook's codes
    assert [c for c in coded if f"`{c[2]}`" not in codebook] == []


def test_every_coded_cell_uses_the_vocabulary(raw):
    """A guard of its own beside the pandera schema: list cells split and looked up."""
    for col in ("types", "stages", "target_groups"):
        codes = {c.strip() for cell in raw.inventories[col].dropna() for c in cell.split(";") if c.strip()}
        assert codes <= set(FIELDS[col].enum or ()), col


def test_no_invented_amounts_where_the_report_says_nothing(raw):
    """Toolbox says « pas d'un soutien financier » (L369): no amount row may exist for it."""
    assert "bru-toolbox" not in set(raw.amounts["instrument_id"])
    toolbox = raw.inventories.set_index("instrument_id").loc["bru-toolbox"]
    assert toolbox["funder"] == "Nous n'avons pas trouvé d'information à ce sujet."  # L365, quoted as is
    assert toolbox["funder_type"] == "unknown"
