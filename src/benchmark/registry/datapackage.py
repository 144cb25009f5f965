"""``data/clean/datapackage.json``: the clean tables as a Frictionless Data Package (v2), generated from the registry
so that others can reuse and validate them with standard tools (``frictionless validate``).

Package-level title, description and licence are a decision kept in ``data/raw/package.toml``; the sources are the
rows of the clean ``sources.csv`` (``data/raw/sources.csv``). Keys come in a fixed order and nothing depends on the
time of the run: the file is byte-identical on rebuild."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path
from typing import Any

from benchmark import registry
from benchmark.core import limits
from benchmark.core.errors import DataError, Problem
from benchmark.registry.classes import LIST_DELIMITER, Field, Resource

FILE = "datapackage.json"
PACKAGE_FILE = "package.toml"  # in data/raw/: the package's title, description and licence
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA = "https://datapackage.org/profiles/2.0/tableschema.json"
_FRICTIONLESS_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def read_package_meta(raw_dir: Path | str) -> dict[str, Any]:
    """The package's title, description and licence as decided in ``data/raw/package.toml``; malformed TOML is a
    problem at its line, a missing or mistyped key one naming the key."""
    path = Path(raw_dir) / PACKAGE_FILE
    read: list[Problem] = []
    data = limits.read_required(path, limits.MAX_METADATA_BYTES, read)
    if data is None:
        raise DataError(read)
    try:
        meta = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError([Problem(PACKAGE_FILE, "file is not UTF-8", row=data[: exc.start].count(b"\n") + 1)]) from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "syntax error"
        where = f" at column {at.group(2)}" if at else ""
        raise DataError(
            [Problem(PACKAGE_FILE, f"not valid TOML: {message}{where}", row=int(at.group(1)) if at else None)]
        ) from None
    problems = [
        Problem(PACKAGE_FILE, "required key is missing", column=key)
        for key in ("name", "title", "description", "licenses")
        if key not in meta
    ]
    problems += [
        Problem(PACKAGE_FILE, "must be text (in quotes)", column=key, value=meta[key])
        for key in ("name", "title", "description")
        if key in meta and not isinstance(meta[key], str)
    ]
    licences = meta.get("licenses", [])
    if not isinstance(licences, list) or not all(isinstance(lic, dict) for lic in licences):
        problems.append(Problem(PACKAGE_FILE, "must be a list of [[licenses]] tables", column="licenses"))
        licences = []
    for i, licence in enumerate(licences):
        for key in ("name", "path", "title", "justification"):
            if not licence.get(key):
                problems.append(Problem(PACKAGE_FILE, f"licenses[{i}] needs {key}", column=key))
    if problems:
        raise DataError(problems)
    return meta


def _described(field: Field, table: Resource) -> str:
    text = field.description
    if field.unit:
        text += f" Unité : {field.unit}."
    for fk in table.foreign_keys:
        if fk.fields == (field.name,) and field.is_list:  # Frictionless checks no list-valued key: say it
            text += f" Chaque élément est un `{', '.join(fk.reference_fields)}` de `{fk.reference}`."
    if field.is_list and field.enum:
        text += f" Codes : {', '.join(field.enum)}."
    return text


def field_descriptor(field: Field, table: Resource) -> dict[str, Any]:
    """One Table Schema field: type, French title, French description, constraints."""
    out: dict[str, Any] = {"name": field.name, "title": field.label, "description": _described(field, table)}
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    single_key = table.primary_key == (field.name,)
    if single_key or field.name in table.unique:
        constraints["unique"] = True
    if field.is_list:
        out.update(type="list", delimiter=LIST_DELIMITER, itemType="string")
        if field.min_items:
            constraints["minLength"] = field.min_items
    else:
        out["type"] = _FRICTIONLESS_TYPES[field.type]
        if field.type == "boolean":
            out.update(trueValues=["true"], falseValues=["false"])
        if field.pattern:
            constraints["pattern"] = field.pattern
        if field.enum is not None:
            constraints["enum"] = list(field.enum)
        if field.minimum is not None:
            constraints["minimum"] = field.minimum
        if field.maximum is not None:
            constraints["maximum"] = field.maximum
        if field.exclusive_minimum is not None:
            constraints["exclusiveMinimum"] = field.exclusive_minimum
    if constraints:
        out["constraints"] = constraints
    return out


def resource_descriptor(name: str) -> dict[str, Any]:
    """One CSV of ``data/clean/`` as a tabular data resource."""
    table = registry.resource(name)
    schema: dict[str, Any] = {
        "$schema": TABLE_SCHEMA,
        "fields": [field_descriptor(f, table) for f in registry.fields_of(name)],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    by_name = {f.name: f for f in registry.fields_of(name)}
    keys = []
    for fk in table.foreign_keys:
        if any(by_name[f].is_list for f in fk.fields):
            continue  # described on the field: Frictionless compares whole cells
        reference: dict[str, Any] = {"fields": list(fk.reference_fields)}
        if fk.reference != name:  # a self-reference names no resource (Table Schema v2)
            reference = {"resource": fk.reference, **reference}
        keys.append({"fields": list(fk.fields), "reference": reference})
    if keys:
        schema["foreignKeys"] = keys
    return {
        "name": name,
        "type": "table",
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.title,
        "description": table.description,
        "dialect": {"delimiter": ",", "header": True, "lineTerminator": "\n", "quoteChar": '"'},
        "schema": schema,
    }


def _sources(folder: Path) -> list[dict[str, str]]:
    path = folder / "sources.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for r in rows:
        source = {"title": r["title"]}
        if r.get("url", "").startswith(("http://", "https://")):
            source["path"] = r["url"]
        read = f", lu le {r['accessed']}" if r.get("accessed") else ""
        source["description"] = f"{r.get('publisher', '')}{read}"
        out.append(source)
    return out


def package_descriptor(meta: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The whole package: every registered table whose CSV is in ``folder``, in registry order."""
    names = [name for name in registry.RESOURCES if (folder / f"{name}.csv").exists()]
    return {
        "$schema": PROFILE,
        "name": meta["name"],
        "title": meta["title"],
        "description": meta["description"],
        "licenses": [{k: licence[k] for k in ("name", "path", "title")} for licence in meta["licenses"]],
        "sources": _sources(folder),
        "resources": [resource_descriptor(name) for name in names],
    }


def write_datapackage(folder: Path | str, meta: dict[str, Any]) -> Path:
    """Write ``datapackage.json`` into ``folder`` (beside the CSVs it describes)."""
    folder = Path(folder)
    path = folder / FILE
    text = json.dumps(package_descriptor(meta, folder), ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
