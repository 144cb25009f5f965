"""The notebooks as researchers use them in JupyterLab: parameters, the researchers' guide, scratch notebooks.

- Each comparison notebook re-run with other parameters (injected after its ``parameters`` cell, as papermill does)
  shows what the clean tables hold for that selection: tables, charts and « Constats » alike (the expected values
  are computed here from the clean tables, never copied from an output).
- The code of docs/guide_chercheurs.md runs, and its three worked questions give what the clean tables say.
- Scratch notebooks (notebooks/brouillons/) are neither built nor collected by nbval.
- Text that data/raw/ lends to what readers see is French.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
from conftest import unserved

from benchmark.analysis import eligibility
from benchmark.analysis.selection import Selection
from benchmark.analysis.step5.journey import journey
from benchmark.analysis.units import counting_units
from benchmark.clean.load import load_clean
from benchmark.core import paths
from benchmark.present.formatting import fmt_int, label
from benchmark.publish.execute import discover
from benchmark.publish.notebook_form import PLOTLY_MIME
from benchmark.registry.codes import JURISDICTIONS, STAGES

GUIDE = paths.ROOT / "docs" / "guide_chercheurs.md"
COMPARISONS = ("01", "02", "03", "04", "05", "07")  # the notebooks with a parameters cell


@pytest.fixture(scope="module")
def clean():
    return load_clean()


# --------------------------------------------------------------------------------------------------------
# Running a notebook with parameters, and reading what it shows


def with_parameters(name: str, **parameters) -> nbformat.NotebookNode:
    """The notebook with a cell that sets ``parameters`` right after its ``parameters`` cell (papermill's way)."""
    nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{name}: one cell tagged « parameters » expected, found {len(tagged)}"
    for key in parameters:  # an injected name the notebook does not declare would be silently unused
        assert re.search(rf"^{key} = ", nb.cells[tagged[0]].source, re.M), f"{name} has no parameter {key}"
    injected = nbformat.v4.new_code_cell("\n".join(f"{key} = {value!r}" for key, value in parameters.items()))
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(tagged[0] + 1, injected)
    return nb


def run(nb: nbformat.NotebookNode, tmp_path: Path) -> nbformat.NotebookNode:
    """Execute ``nb`` as the build does (its kernel over Unix sockets in ``tmp_path``, from notebooks/)."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    config = Config({"KernelManager": {"transport": "ipc", "ip": str(tmp_path / "kernel")}})
    resources = {"metadata": {"path": str(paths.NOTEBOOKS)}}
    NotebookClient(nb, timeout=300, kernel_name="python3", config=config, resources=resources).execute()
    return nb


def outputs(nb, marker: str) -> list[dict]:
    """The outputs of the one code cell whose source holds ``marker``."""
    cells = [c for c in nb.cells if c.cell_type == "code" and marker in c.source]
    assert len(cells) == 1, f"{len(cells)} cells call {marker}"
    return cells[0].outputs


class _Tables(HTMLParser):
    """The tables of an HTML output: caption, header and rows as text, and the paragraphs beside them."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.paragraphs: list[str] = []
        self._row: list[str] | None = None
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "header": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td", "caption", "p"):
            self._text = []

    def handle_endtag(self, tag):
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self._text or [])).strip()  # French spaces (U+202F) kept
        if tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag in ("th", "td") and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            if table["header"]:
                table["rows"].append(self._row)
            else:
                table["header"] = self._row
            self._row = None
        elif tag == "p":
            self.paragraphs.append(text)
        if tag in ("th", "td", "caption", "p"):
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def shown(cell_outputs: list[dict]) -> _Tables:
    parser = _Tables()
    for out in cell_outputs:
        page = out.get("data", {}).get("text/html")
        if page:
            parser.feed("".join(page) if isinstance(page, list) else page)
    return parser


def markdown(cell_outputs: list[dict]) -> str:
    texts = []
    for out in cell_outputs:
        text = out.get("data", {}).get("text/markdown")
        if text is not None:
            texts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(texts)


def charts(cell_outputs: list[dict]) -> list[dict]:
    return [out["data"][PLOTLY_MIME] for out in cell_outputs if PLOTLY_MIME in out.get("data", {})]


def mentioned(text: str, codes) -> set[str]:
    return {c for c in codes if re.search(rf"(?<!\w){re.escape(label(c))}(?!\w)", text)}


# --------------------------------------------------------------------------------------------------------
# 1. Parameters: every comparison notebook, at least one set other than the published one


@pytest.mark.early
def test_01_with_flanders_and_italy(clean, tmp_path):
    chosen = ["BE-VLG", "IT"]
    nb = run(with_parameters("01_inventaire_et_qualite", jurisdictions=chosen), tmp_path)
    instruments = clean["instruments"]
    (table,) = shown(outputs(nb, "counts_by_jurisdiction_source")).tables
    assert [r[0] for r in table["rows"]] == [label(j) for j in chosen]
    for row, j in zip(table["rows"], chosen):
        assert row[-1] == fmt_int((instruments["jurisdiction"] == j).sum())  # the « Total » column
    rows = instruments[instruments["jurisdiction"].isin(chosen)]
    finding = markdown(outputs(nb, "findings.inventory_overview"))
    assert "sélection\u202f: Flandre et Italie" in finding and f"compte {fmt_int(len(rows))} lignes" in finding
    assert mentioned(finding, ["BE-BRU", "BE-WAL", "CA-QC", "FR"]) == set()  # nothing about what is not chosen
    assert "data-q" not in finding  # not the published headline quantities
    assert f"sur {fmt_int(len(rows))})" in markdown(outputs(nb, "findings.field_completeness"))


@pytest.mark.early
def test_02_with_wallonia_and_quebec_on_three_types_by_programme(clean, tmp_path):
    chosen, types = ["BE-WAL", "CA-QC"], ["grant", "voucher", "advisory"]
    nb = run(with_parameters("02_types_d_instruments", jurisdictions=chosen, types=types, level="programme"), tmp_path)
    units = counting_units(clean["instruments"], "programme")
    units = units[units["jurisdiction"].isin(chosen) & units["primary_type"].isin(types)]
    (table,) = shown(outputs(nb, "comparisons.type_counts")).tables
    assert table["header"][1:] == [label(t) for t in types]
    expected = pd.crosstab(units["jurisdiction"], units["primary_type"]).reindex(
        index=chosen, columns=types, fill_value=0
    )
    assert [r[1:] for r in table["rows"]] == [[fmt_int(v) for v in row] for row in expected.values]
    (chart,) = charts(outputs(nb, "figures.types_by_jurisdiction"))
    assert {t["name"] for t in chart["data"]} <= {label(t) for t in types}
    assert set(chart["data"][0]["x"]) == {label(j) for j in chosen}
    assert "figure" not in chart["layout"].get("meta", {})  # never swapped for the published image
    # Brussels' section (L276) is about Brussels, not chosen: a sentence, no chart, no finding
    brussels = shown(outputs(nb, "comparisons.advice_vs_funding_by_digital"))
    assert not brussels.tables and any("porte sur Bruxelles-Capitale" in p for p in brussels.paragraphs)
    assert charts(outputs(nb, "figures.advice_vs_funding")) == []
    assert markdown(outputs(nb, "findings.brussels_l276")).strip() == ""


@pytest.mark.early
def test_03_with_flanders_only(clean, tmp_path):
    nb = run(with_parameters("03_budgets", jurisdictions=["BE-VLG"]), tmp_path)
    selection = Selection("BE-VLG")
    ceilings = eligibility.comparable_ceilings(clean, eligibility.CEILING_CLASSES, selection=selection)
    table = shown(outputs(nb, "access.ceilings_table"))
    assert sorted(r[1] for r in table.tables[0]["rows"]) == sorted(ceilings["name"])
    assert {r[2] for r in table.tables[0]["rows"]} == {label("BE-VLG")}
    finding = markdown(outputs(nb, "findings.max_awards"))
    assert "sélection\u202f: Flandre" in finding
    assert mentioned(finding, ["BE-BRU", "BE-WAL", "CA-QC", "BE"]) == set()
    project = ceilings[ceilings["ceiling_class"] == "organisation_project"]
    assert re.search(rf"\b{len(project)} aides? indiqu", finding) or (project.empty and "Aucune aide" in finding)
    flanders = clean["instruments"][clean["instruments"]["jurisdiction"] == "BE-VLG"]
    envelopes = shown(outputs(nb, "comparisons.budgets"))
    if flanders["budget_total_eur"].notna().any():
        assert len(envelopes.tables[0]["rows"]) == int(flanders["budget_total_eur"].notna().sum())
    else:  # no table under the heading: a sentence, and no chart
        assert not envelopes.tables and any("aucune ligne pour cette sélection" in p for p in envelopes.paragraphs)
        assert charts(outputs(nb, "figures.envelopes")) == []


@pytest.mark.early
def test_04_with_brussels_and_flanders_by_programme(clean, tmp_path):
    chosen = ["BE-BRU", "BE-VLG"]
    nb = run(with_parameters("04_publics_cibles_et_acces", jurisdictions=chosen, level="programme"), tmp_path)
    units = counting_units(clean["instruments"], "programme")
    mine = units[units["jurisdiction"].isin(chosen)]
    (table,) = shown(outputs(nb, "comparisons.access_by_jurisdiction")).tables
    expected = pd.crosstab(mine["jurisdiction"], mine["nonmarket_access"])
    assert [r[0] for r in table["rows"]] == [label(j) for j in chosen]
    for row, j in zip(table["rows"], chosen):
        values = dict(zip(table["header"][1:], row[1:]))
        for access_code, n in expected.loc[j].items():
            assert values[label(access_code)] == fmt_int(n)
    # what a Brussels ASBL can obtain: the one answer, at the programme level, every aid that covers Brussels
    obtainable = eligibility.obtainable(clean, "BE-BRU", selection=Selection(chosen, level="programme"))
    (usable,) = shown(outputs(nb, "access.obtainable_table")).tables
    assert sorted(r[0] for r in usable["rows"]) == sorted(obtainable["name"])
    finding = markdown(outputs(nb, "findings.brussels_access"))
    assert f"Sur {fmt_int(len(units))} instruments" in finding and "sélection" in finding
    assert f"peut en obtenir **{fmt_int(len(obtainable))}**" in finding


@pytest.mark.early
def test_05_with_one_stage(clean, tmp_path):
    nb = run(with_parameters("05_etapes_du_parcours", stages=["diagnosis"]), tmp_path)
    units = counting_units(clean["instruments"])
    diagnosis = units[units["stages"].map(lambda s: "diagnosis" in s)]
    (table,) = shown(outputs(nb, "comparisons.stage_coverage")).tables
    assert table["header"] == ["Juridiction", label("diagnosis")]
    with_data = [j for j in JURISDICTIONS if (diagnosis["jurisdiction"] == j).any()]
    assert table["rows"] == [[label(j), fmt_int((diagnosis["jurisdiction"] == j).sum())] for j in with_data]
    without = [j for j in JURISDICTIONS if j not in with_data]
    notes = shown(outputs(nb, "comparisons.stage_coverage")).paragraphs
    assert all(label(j) in " ".join(notes) for j in without)  # named under the table, not drawn as zeros
    (heatmap,) = charts(outputs(nb, "figures.stage_heatmap"))
    assert heatmap["data"][0]["y"] == [label(j) for j in with_data] and heatmap["data"][0]["x"] == [label("diagnosis")]
    (stage,) = shown(outputs(nb, "access.stage_table")).tables
    by_stage = eligibility.by_stage(clean, "BE-BRU")
    assert [r[0] for r in stage["rows"]] == [label("diagnosis")]
    for column, kind in ((1, "outright"), (2, "conditional")):
        names = by_stage.at["diagnosis", kind]
        assert all(n in stage["rows"][0][column] for n in names) and (names or stage["rows"][0][column] == "—")
    gaps = markdown(outputs(nb, "findings.brussels_gaps"))
    assert "étape diagnostic" in gaps and "sensibilisation" not in gaps.lower()
    n = len(by_stage.at["diagnosis", "outright"]) + len(by_stage.at["diagnosis", "conditional"])
    assert f"diagnostic\u202f: {n} aide" in gaps
    (timeline,) = shown(outputs(nb, "comparisons.timeline")).tables
    dated = clean["instruments"][
        clean["instruments"]["start_year"].notna() & clean["instruments"]["stages"].map(lambda s: "diagnosis" in s)
    ]
    assert sorted(r[0] for r in timeline["rows"]) == sorted(dated["name"])
    assert "étape diagnostic" in markdown(outputs(nb, "findings.stage_coverage"))


@pytest.mark.early
def test_05_a_jurisdiction_without_data_gets_a_sentence(clean, tmp_path):
    jurisdiction, stage = unserved(counting_units(clean["instruments"]))
    nb = run(with_parameters("05_etapes_du_parcours", jurisdictions=[jurisdiction], stages=[stage]), tmp_path)
    coverage = shown(outputs(nb, "comparisons.stage_coverage"))
    assert not coverage.tables  # never headings over nothing
    assert any(f"Aucune donnée dans cette sélection pour : {label(jurisdiction)}" in p for p in coverage.paragraphs)
    assert charts(outputs(nb, "figures.stage_heatmap")) == []
    assert "Rien à montrer" in markdown(outputs(nb, "findings.stage_coverage"))
    assert markdown(outputs(nb, "findings.brussels_gaps")).strip() == ""  # about Brussels, not chosen


@pytest.mark.early
def test_07_with_flanders_shows_flanders_aids(clean, tmp_path):
    chosen = ["BE-BRU", "BE-VLG"]
    nb = run(with_parameters("07_decisions_etape5", jurisdictions=chosen), tmp_path)
    details = shown(outputs(nb, "journey_detail"))
    assert [t["caption"] for t in details.tables] == [f"{label(j)} : ce qu'une ASBL peut obtenir" for j in chosen]
    flemish = journey(clean, ("BE-VLG",))
    assert len(flemish) and sorted(r[0] for r in details.tables[1]["rows"]) == sorted(set(flemish["name"]))
    assert {r[1] for r in details.tables[1]["rows"]} == {label("BE-VLG")}  # Flemish aids only
    summary = markdown(outputs(nb, "texts.journey_summary"))
    n = flemish["instrument_id"].nunique()
    assert f"Flandre\u202f: une ASBL peut y obtenir {n} aide" in summary and "Wallonie" not in summary
    ladders = shown(outputs(nb, "step5_tables.ladders"))
    assert all(r[0] in {label(j) for j in chosen} for t in ladders.tables for r in t["rows"])
    (chart,) = charts(outputs(nb, "figures.funding_ladders"))
    assert {t["name"] for t in chart["data"] if t.get("name")} <= {label(j) for j in chosen}
    if "BE-VLG" not in set(clean["step5_ladders"]["ladder_id"]):  # no Flemish ladder drawn: said, not left blank
        assert any("dessinée pour : Flandre" in p for p in ladders.paragraphs)


def test_every_notebook_links_the_guide_and_comparisons_have_one_parameters_cell():
    for path in discover():
        nb = json.loads(path.read_text(encoding="utf-8"))
        tags = [c["metadata"].get("tags", []) for c in nb["cells"]]
        assert [i for i, t in enumerate(tags) if "chercheurs" in t] == [1], f"{path.name}: researchers' cell"
        assert "](../docs/guide_chercheurs.md)" in "".join(nb["cells"][1]["source"])
        parameters = [i for i, t in enumerate(tags) if "parameters" in t]
        if path.stem[:2] in ("01", "02", "03", "04", "05"):
            assert parameters == [2], path.name  # before anything is computed
        elif path.stem[:2] == "07":  # in the journey section, before its first cell
            assert len(parameters) == 1
            heading = "".join(nb["cells"][parameters[0] - 1]["source"])
            assert heading.startswith("## Le parcours d'une ASBL"), path.name
        else:
            assert parameters == [], path.name


def test_the_committed_parameters_are_the_published_choice():
    """`benchmark build` publishes what the parameters cells hold: a notebook committed with a researcher's own
    selection would publish it."""
    from benchmark.analysis.step5.journey import JOURNEY_JURISDICTIONS

    for path in discover():
        if path.stem[:2] not in COMPARISONS:
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        (cell,) = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
        values: dict = {}
        exec("".join(cell["source"]), values)
        if path.stem.startswith("07"):
            assert tuple(values["jurisdictions"]) == JOURNEY_JURISDICTIONS, path.name
            continue
        chosen = {k: values[k] for k in ("jurisdictions", "stages", "types", "level") if k in values}
        assert Selection(**chosen) == Selection(), f"{path.name}: parameters {chosen} are not the published ones"


# --------------------------------------------------------------------------------------------------------
# 2. The researchers' guide: its code runs, its three worked questions answer from the clean tables


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    """Every ```python block of the guide, run in order in one namespace, from a folder like notebooks/."""
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 8
    folder = tmp_path_factory.mktemp("notebooks")
    (folder / "brouillons").mkdir()
    namespace: dict = {}
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"{GUIDE.name}, block {i + 1}", "exec"), namespace)
    finally:
        os.chdir(cwd)
    namespace["__folder__"] = folder
    return namespace


def test_guide_question_1_what_an_asbl_in_quebec_or_wallonia_can_obtain_for_equipment(guide, clean):
    expected = []
    for j in ("BE-WAL", "CA-QC"):  # the vocabulary's order, as the selection keeps it
        frame = eligibility.obtainable(clean, j)
        frame = frame[
            frame["stages"].map(lambda s: "implementation" in s)
            & frame["types"].map(lambda ts: bool({"grant", "voucher", "loan", "in_kind"} & set(ts)))
        ]
        expected.extend(frame["instrument_id"])
    assert expected and list(guide["aides"]["instrument_id"]) == expected
    assert guide["aides"]["asbl_access"].isin(["yes", "conditional"]).all()
    sheet = openpyxl.load_workbook(guide["__folder__"] / "brouillons" / "aides_materiel_quebec_wallonie.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Instrument" and "Plafond (€)" in rows[0]
    column = rows[0].index("Plafond (€)")
    for row, value in zip(rows[1:], guide["aides"]["ceiling_eur"]):
        assert row[column] == (None if pd.isna(value) else value)  # a number, not « 20 000 € » as text
    assert {r[1] for r in rows[1:]} <= {label("CA-QC"), label("BE-WAL")}  # French labels, not codes


def test_guide_question_2_ceilings_keep_their_classes_apart(guide, clean):
    every = eligibility.comparable_ceilings(clean, eligibility.CEILING_CLASSES)
    table = guide["plafonds"]
    assert len(table) == every.groupby(["jurisdiction", "ceiling_class"]).ngroups
    for r in table.itertuples():
        group = every[(every["jurisdiction"] == r.jurisdiction) & (every["ceiling_class"] == r.ceiling_class)]
        assert (r.count, r.min, r.max) == (len(group), group["ceiling_eur"].min(), group["ceiling_eur"].max())
    brussels_classes = every[every["jurisdiction"] == "BE-BRU"]["ceiling_class"].nunique()
    assert (guide["refus"] is not None) == (brussels_classes > 1)
    if guide["refus"] is not None:
        assert isinstance(guide["refus"], eligibility.MixedCeilingsError)


def test_guide_question_3_stages_without_a_brussels_aid(guide, clean):
    obtainable = eligibility.obtainable(clean, "BE-BRU")
    served = {s for stages in obtainable["stages"] for s in stages}
    assert guide["sans_aide"] == [s for s in STAGES if s not in served]
    money = obtainable[obtainable["primary_type"].isin(["grant", "voucher", "loan"])]
    served_with_money = {s for stages in money["stages"] for s in stages}
    assert guide["sans_argent"] == [s for s in STAGES if s not in served_with_money]


def test_the_guide_links_resolve():
    text = GUIDE.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        assert (GUIDE.parent / target).exists(), target
    for section in re.findall(r"« ([^»]+) »\)?", text):  # the codebook's sections the guide names
        if section in ("Niveau de comptage", "Qui peut utiliser chaque aide", "Plafonds comparables"):
            assert re.search(rf"^#+ {re.escape(section)}", (GUIDE.parent / "codebook.md").read_text(), re.M), section


# --------------------------------------------------------------------------------------------------------
# 3. Scratch notebooks are the researcher's own


def test_scratch_notebooks_are_neither_built_nor_collected(tmp_path):
    notebooks = tmp_path / "notebooks"
    (notebooks / "brouillons").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    for path in (notebooks / "01_publie.ipynb", notebooks / "brouillons" / "01_essai.ipynb"):
        nbformat.write(nb, path)
    assert discover(notebooks) == [notebooks / "01_publie.ipynb"]
    collected = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "--nbval",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            "-c",
            str(paths.ROOT / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            str(notebooks),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "01_publie.ipynb" in collected.stdout and "brouillons" not in collected.stdout, collected.stdout


# --------------------------------------------------------------------------------------------------------
# 4. French where researchers read: what data/raw/ lends to a notebook or a page is French

ENGLISH = re.compile(r"\b(?:the|and|is|are|only|not|which|its|this|that|with|from|for|of|per|to)\b", re.I)


def _shown_strings() -> str:
    """Every string a committed notebook shows (tables, Markdown, the charts' hover texts), and the text of the
    committed pages built beside them (the finder and the catalogue read data/raw/ too)."""
    parts: list[str] = []

    def strings(value):
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                strings(v)
        elif isinstance(value, list):
            for v in value:
                strings(v)

    for path in discover():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                strings(out.get("data", {}))
    for page in sorted(paths.REPORTS.glob("*.html")):
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
    return " ".join(" ".join(parts).replace("<br>", " ").split())  # hover texts are wrapped with <br>


def test_text_from_data_raw_that_readers_see_is_french():
    shown_text = _shown_strings()
    lent = []
    for path in sorted(paths.RAW.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            for value in frame[column]:
                text = " ".join(value.split())
                if len(text.split()) >= 4 and text in shown_text:
                    lent.append((path.name, column, text))
    assert any(name == "step5_ladders.csv" for name, _, _ in lent), "the funding ladders' hover text is not found"
    english = [(name, column, text[:80]) for name, column, text in lent if len(ENGLISH.findall(text)) >= 2]
    assert english == [], f"English text from data/raw/ shown to readers: {english}"
