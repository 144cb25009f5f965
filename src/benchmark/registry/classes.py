"""What the registry is made of: a field (one column's meaning, written once), a cross-field rule, a foreign key and
a resource (one table of ``data/clean/``). The registry itself is ``fields.py`` and ``resources.py``; everything
else (pandera schemas, loader dtypes, writer order, French headings, data dictionary, datapackage) is derived."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

# The field types a clean table knows, as Frictionless names them ("list": a cell of codes or texts joined by "; ").
TYPES = ("string", "integer", "number", "boolean", "list")
LIST_DELIMITER = "; "


@dataclass(frozen=True)
class Field:
    """One column's meaning: defined once, used by every table that has a column of that name."""

    name: str
    type: str
    label: str  # French heading a reader sees
    description: str  # French, for the data dictionary and the datapackage (researchers read both)
    required: bool = False  # no empty cell
    unit: str | None = None
    format: str | None = None  # how benchmark.present.formatting shows it: int, eur, pct, year, lines, code, list, text
    pattern: str | None = None  # a regular expression every value (every item of a list) matches
    enum: tuple[str, ...] | None = None  # the codes allowed (for a list: for each item)
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    min_items: int | None = None  # a list with at least so many items
    # For instruments: typed by the researchers in the inventory workbook's column of the same name and carried as
    # is (a list cell split at ";"), so that registering such a field on instruments is all it takes.
    workbook: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"field {self.name!r}: type {self.type!r} is not one of {TYPES}")

    @property
    def is_list(self) -> bool:
        return self.type == "list"

    def with_(self, **changes: Any) -> Field:
        return replace(self, **changes)


@dataclass(frozen=True)
class Rule:
    """A check across fields of one row: ``check(frame)`` is True for every row that keeps the rule. ``message`` is
    what a failure says (with the other errors of ``benchmark clean``); ``description`` is the rule in French, as the
    data dictionary states it."""

    name: str
    fields: tuple[str, ...]
    check: Callable[[Any], Any]
    message: str
    description: str = ""

    @property
    def error(self) -> str:
        """What pandera reports as the failing check (its failure cases carry the error, not the name): the
        schemas map a failure back to its rule, and so to the rule's fields only, by this text."""
        return f"rule {self.name}: {self.message}"


@dataclass(frozen=True)
class ForeignKey:
    """``fields`` of this table name a row of ``reference`` by its ``reference_fields``; an empty cell names none.
    A list-valued field names one row per item."""

    fields: tuple[str, ...]
    reference: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """One table of ``data/clean/`` (``<name>.csv`` and, when ``in_workbook``, a sheet of ``benchmark.xlsx``)."""

    name: str
    title: str  # French
    description: str  # French: what a row is, where it comes from
    fields: tuple[str, ...]  # column order of the CSV and the sheet
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    rules: tuple[Rule, ...] = ()
    unique: tuple[str, ...] = ()  # further columns whose values are unique (beside a one-field primary key)
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # table-specific meaning of a field
    in_contract: bool = False  # the data contract names the table
    in_workbook: bool = True
    written_by: str = "benchmark clean"
    # A researchers' decision file of data/raw/ (step 5) with the table's own columns: benchmark clean reads it with
    # the raw checks these fields give (required cells, codes, patterns), checks its references and quotes, and
    # writes it typed, so that nothing downstream of clean reads data/raw/.
    raw_file: str | None = None
