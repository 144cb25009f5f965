"""The metadata registry: every clean table and column registered once, and everything derived from it — schema,
loader types, writer order, French headings, data dictionary, datapackage — follows one registry edit."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from benchmark import registry
from benchmark.core import paths
from benchmark.registry import Field
from benchmark.registry.docs import COMMAND, PATH, data_dictionary

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def frictionless_validate(descriptor: Path) -> dict:
    """``frictionless validate`` run as a user would, its JSON report parsed."""
    assert FRICTIONLESS.exists(), "frictionless is missing: install the test extra (bash scripts/setup.sh --test)"
    run = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(run.stdout)


def errors_of(report: dict) -> list[tuple[str, str, int | None, str | None]]:
    return [
        (task["name"], e["type"], e.get("rowNumber"), e.get("fieldName"))
        for task in report["tasks"]
        for e in task["errors"]
    ]


def test_the_data_dictionary_is_the_generated_one():
    committed = (paths.ROOT / PATH).read_text(encoding="utf-8")
    assert committed == data_dictionary(), f"{PATH} differs from the registry: run `{COMMAND}` and commit it"


def test_every_clean_file_is_a_registered_table_with_its_columns_in_order():
    for csv in sorted(paths.CLEAN.glob("*.csv")):
        header = csv.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert header == registry.columns(csv.stem), csv.name
    workbook = openpyxl.load_workbook(paths.CLEAN / "benchmark.xlsx", read_only=True)
    assert workbook.sheetnames == registry.workbook_tables()
    listed = json.loads((paths.CLEAN / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert [r["path"] for r in listed] == sorted((p.name for p in paths.CLEAN.glob("*.csv")), key=_registry_order)


def _registry_order(file: str) -> int:
    return list(registry.RESOURCES).index(file.removesuffix(".csv"))


def test_a_field_shared_by_tables_is_one_definition():
    """``instrument_id`` in amounts is the instruments' key: same type, label, pattern; a table narrows a field only
    through its declared overrides."""
    for name in registry.RESOURCES:
        table = registry.resource(name)
        for field in registry.fields_of(name):
            base = registry.FIELDS[field.name]
            changed = {f.name for f in dataclasses.fields(Field) if getattr(field, f.name) != getattr(base, f.name)}
            allowed = set(table.overrides.get(field.name, {})) | (
                {"required"} if table.primary_key == (field.name,) else set()
            )
            assert changed <= allowed, (name, field.name, changed)
    ids = {registry.fields_of(n)[registry.columns(n).index("instrument_id")].pattern for n in ("amounts", "annex_i")}
    assert ids == {registry.fields.SLUG}


def test_the_analysis_headings_never_shadow_a_field():
    from benchmark.registry.labels import ANALYSIS_COLUMN_LABELS, COLUMN_LABELS

    assert not set(ANALYSIS_COLUMN_LABELS) & set(registry.FIELDS)
    assert all(COLUMN_LABELS[name] == field.label for name, field in registry.FIELDS.items())


def test_every_foreign_key_names_a_registered_key():
    for name, table in registry.RESOURCES.items():
        for fk in table.foreign_keys:
            assert registry.resource(fk.reference).primary_key == fk.reference_fields, (name, fk)
            assert set(fk.fields) <= set(table.fields)


def test_the_datapackage_is_valid_under_frictionless():
    report = frictionless_validate(paths.CLEAN / "datapackage.json")
    assert report["valid"], errors_of(report)
    assert {task["name"] for task in report["tasks"]} == set(registry.RESOURCES)


def test_frictionless_reports_a_broken_foreign_key_and_a_code_out_of_the_vocabulary(tmp_path):
    folder = shutil.copytree(paths.CLEAN, tmp_path / "clean")
    amounts = pd.read_csv(folder / "amounts.csv", dtype=str, keep_default_na=False)
    amounts.loc[2, "instrument_id"] = "no-such-instrument"
    amounts.loc[4, "currency"] = "euro"
    amounts.to_csv(folder / "amounts.csv", index=False, lineterminator="\n")
    report = frictionless_validate(folder / "datapackage.json")
    assert not report["valid"]
    found = errors_of(report)
    assert ("amounts", "foreign-key", 4, None) in found  # CSV row 4 = third data row
    assert ("amounts", "constraint-error", 6, "currency") in found
    assert all(name == "amounts" for name, *_ in found)


# --- the throw-away field: one registry edit, and everything follows -------------------------------------------


NEW = Field(
    "ict_budget_share",
    "number",
    "Part du budget consacrée au numérique",
    "Part du budget de l'instrument consacrée aux outils numériques (un champ jetable des tests).",
    unit="part (0–1)",
    format="pct",
    minimum=0,
    maximum=1,
)


def register(monkeypatch, field: Field) -> None:
    """``field`` registered on instruments, in the live registry only (the committed files are untouched)."""
    monkeypatch.setitem(registry.FIELDS, field.name, field)
    table = registry.RESOURCES["instruments"]
    monkeypatch.setitem(
        registry.RESOURCES, "instruments", dataclasses.replace(table, fields=(*table.fields, field.name))
    )


@pytest.fixture
def registered(monkeypatch):
    register(monkeypatch, NEW)


def test_a_new_field_follows_from_one_registry_edit(registered, result, tmp_path):
    from benchmark.clean.load import read_table
    from benchmark.clean.schemas import table_problems
    from benchmark.clean.writer import write_clean
    from benchmark.present.formatting import reader_table

    instruments = result.tables["instruments"]
    share = pd.Series([None] * len(instruments), dtype=float)
    share.iloc[1] = 0.25
    tables = dict(result.tables, instruments=instruments.assign(ict_budget_share=share))
    # schema: a value out of its range is a located problem of that column
    assert table_problems({"instruments": tables["instruments"]}) == []
    bad = tables["instruments"].assign(ict_budget_share=share.fillna(1.5))
    assert {(p.row, p.column) for p in table_problems({"instruments": bad})} == {
        (i + 2, NEW.name) for i in range(len(instruments)) if i != 1
    }
    # writer: the column after the registered ones, in the CSV and the sheet
    out = tmp_path / "clean"
    write_clean(tables, result.extras(), out, package=result.package)
    header = (out / "instruments.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    assert header == [*registry.columns("instruments")] and header[-1] == NEW.name
    sheet = openpyxl.load_workbook(out / "benchmark.xlsx", read_only=True)["instruments"]
    assert next(sheet.iter_rows(max_row=1, values_only=True))[-1] == NEW.name
    # loader: a float column back
    loaded = read_table("instruments", out)
    assert loaded[NEW.name].dtype == float and loaded[NEW.name].iloc[1] == 0.25 and loaded[NEW.name].isna().sum() > 0
    # French heading of reader tables
    assert reader_table(loaded[["name", NEW.name]]).columns == ["Instrument", NEW.label]
    # data dictionary
    assert f"| `{NEW.name}` | nombre ou vide | {NEW.label} | {NEW.description} | ≥ 0 et ≤ 1 ; unité : part (0–1) |" in (
        data_dictionary()
    )
    # datapackage: the field with its constraints, and frictionless checks it
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    described = next(r for r in package["resources"] if r["name"] == "instruments")["schema"]["fields"][-1]
    assert described == {
        "name": NEW.name,
        "title": NEW.label,
        "description": f"{NEW.description} Unité : part (0–1).",
        "type": "number",
        "constraints": {"minimum": 0, "maximum": 1},
    }
    text = (out / "instruments.csv").read_text(encoding="utf-8").replace(",0.25\n", ",1.25\n")
    (out / "instruments.csv").write_text(text, encoding="utf-8")
    report = frictionless_validate(out / "datapackage.json")
    assert errors_of(report) == [("instruments", "constraint-error", 3, NEW.name)]


def test_an_unregistered_column_stops_the_writer(result, tmp_path):
    from benchmark.clean.writer import write_clean

    tables = dict(result.tables, needs=result.tables["needs"].assign(comment="x"))
    with pytest.raises(registry.UnknownTableError, match="comment"):
        write_clean(tables, {}, tmp_path / "clean")
    assert not (tmp_path / "clean").exists()


def test_a_field_typed_in_the_workbook_reaches_the_clean_table(monkeypatch, raw_copy):
    """Registered as typed in the workbook: the reader expects the column in every jurisdiction sheet, checks its
    cells by the field's type and range, and the instruments carry it — no other edit."""
    from benchmark.clean.pipeline import clean
    from benchmark.core.errors import DataError
    from benchmark.registry.codes import JURISDICTIONS

    register(monkeypatch, dataclasses.replace(NEW, workbook=True))
    path = raw_copy / "inventories.xlsx"
    workbook = openpyxl.load_workbook(path)
    for sheet in JURISDICTIONS:
        ws = workbook[sheet]
        ws.cell(row=1, column=ws.max_column + 1).value = NEW.name
    ws = workbook["BE-BRU"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows["bru-prime-web"], column=ws.max_column).value = 0.25
    workbook.save(path)
    instruments = clean(raw_copy).tables["instruments"].set_index("instrument_id")
    assert instruments.at["bru-prime-web", NEW.name] == 0.25
    assert instruments[NEW.name].notna().sum() == 1 and instruments.columns[-1] == NEW.name
    # a cell of text, and one out of range: each a problem at its sheet, Excel row and column
    ws.cell(row=rows["bru-digibrux"], column=ws.max_column).value = "25 %"
    ws.cell(row=rows["bru-febi"], column=ws.max_column).value = 1.5
    workbook.save(path)
    with pytest.raises(DataError) as err:
        clean(raw_copy)
    located = sorted((str(p.sheet), p.row, p.column, str(p.value)) for p in err.value.problems)
    assert located == sorted(
        [
            ("BE-BRU", rows["bru-digibrux"], NEW.name, "25 %"),
            ("BE-BRU", rows["bru-febi"], NEW.name, "1.5"),
        ]
    )
    # without the column in a sheet, the reader says which sheet lacks it
    shutil.copy(paths.RAW / "inventories.xlsx", path)
    with pytest.raises(DataError) as err:
        clean(raw_copy)
    assert {p.sheet for p in err.value.problems if p.column == NEW.name} == set(JURISDICTIONS)


def test_every_code_a_clean_table_allows_has_a_french_label():
    """A reader never sees an English code: each code of a field shown as a code has its French label."""
    from benchmark import registry
    from benchmark.registry.labels import FIELD_LABELS, LABELS
    from benchmark.registry.resources import RESOURCES

    missing = {
        (table, field.name, code)
        for table in RESOURCES
        for field in registry.fields_of(table)
        if field.format == "code" and field.enum
        for code in field.enum
        if code not in LABELS and code not in FIELD_LABELS.get(field.name, {})
    }
    assert not missing, f"codes without a French label in registry.labels: {sorted(missing)}"


def test_every_description_of_the_registry_is_french():
    """Researchers read the data dictionary and the datapackage: every field, table, table-specific meaning and
    cross-column rule is described in French, once, in the registry (a code or a column name stays as it is)."""
    import re

    from benchmark.registry import FIELDS, RESOURCES

    english = re.compile(r"\b(?:the|and|is|are|its|which|with|from|each|every|where|when|this|that|of)\b")
    texts = {f"field {n}": f.description for n, f in FIELDS.items()}
    for name, table in RESOURCES.items():
        texts[f"table {name}"] = table.description
        for column, override in table.overrides.items():
            if "description" in override:
                texts[f"table {name}, column {column}"] = override["description"]
        for rule in table.rules:
            texts[f"table {name}, rule {rule.name}"] = rule.description
    for where, text in texts.items():
        prose = re.sub(r"`[^`]*`|« [^»]* »", "", text)  # codes, column names and quotes stay as they are
        assert text and len(english.findall(prose)) < 2, f"{where}: not described in French: {text!r}"
