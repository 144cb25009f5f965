"""The metadata registry: every field once (``fields.py``), every table once (``resources.py``), and what is derived
from them here — a table's fields with its own meaning applied, column orders, the workbook's sheets and the French
column headings. Pandera schemas (``benchmark.clean.schemas``), loader dtypes (``benchmark.clean.load``), the data
dictionary (``docs.py``) and the datapackage (``datapackage.py``) are derived from the same registry."""

from __future__ import annotations

from benchmark.registry.classes import LIST_DELIMITER, Field, ForeignKey, Resource, Rule
from benchmark.registry.fields import FIELDS
from benchmark.registry.resources import RESOURCES

__all__ = [
    "FIELDS",
    "LIST_DELIMITER",
    "RESOURCES",
    "Field",
    "ForeignKey",
    "Resource",
    "Rule",
    "UnknownTableError",
    "column_labels",
    "columns",
    "fields_of",
    "resource",
    "workbook_tables",
]


class UnknownTableError(LookupError):
    """A table or column that the registry does not describe: register it in ``benchmark.registry``."""


def resource(name: str) -> Resource:
    try:
        return RESOURCES[name]
    except KeyError:
        raise UnknownTableError(
            f"table {name!r} is not registered: add it to benchmark/registry/resources.py"
        ) from None


def fields_of(name: str) -> list[Field]:
    """The table's fields in column order, each with the table's own meaning (its ``overrides``) applied."""
    table = resource(name)
    found = []
    for column in table.fields:
        if column not in FIELDS:
            raise UnknownTableError(
                f"column {column!r} of table {name!r} is not registered: add it to benchmark/registry/fields.py"
            )
        base = FIELDS[column]
        changes = dict(table.overrides.get(column, {}))
        if column in table.primary_key and len(table.primary_key) == 1:
            changes.setdefault("required", True)
        found.append(base.with_(**changes) if changes else base)
    return found


def columns(name: str) -> list[str]:
    """The table's column order (CSV and sheet)."""
    return list(resource(name).fields)


def workbook_tables() -> list[str]:
    """The workbook's sheets, in order."""
    return [name for name, table in RESOURCES.items() if table.in_workbook]


def column_labels() -> dict[str, str]:
    """French heading of every registered column (a field's label is the same in every table)."""
    return {name: field.label for name, field in FIELDS.items()}
