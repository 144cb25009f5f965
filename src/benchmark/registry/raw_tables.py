"""The raw tables of ``data/raw/`` as the readers expect them: each file's columns (in order) and the checks of its
cells. A raw column that holds a clean field's codes or slug takes them from that field (``like``): a code added to
the registry is accepted in the workbook and in the clean table at once. ``benchmark.ingest.raw`` reads the files with
these columns and ``benchmark.ingest.schemas`` derives their pandera schemas from them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from benchmark.registry import resources
from benchmark.registry.classes import Rule
from benchmark.registry.codes import AMOUNT_KINDS, CONDITION_KINDS, RATE_KINDS, SOURCE_ISSUE_KINDS, SOURCE_KINDS
from benchmark.registry.fields import FIELDS, SLUG

NUMBER = r"^\d+(\.\d+)?$"
YEAR = r"^\d{4}$"


@dataclass(frozen=True)
class RawColumn:
    """One column of a raw file. Cells are text as the researcher typed it; a list is one cell of ``;``-joined codes."""

    name: str
    required: bool = False
    like: str | None = None  # the clean field whose codes and pattern the cell follows
    codes: tuple[str, ...] | None = None  # the codes allowed, when not the clean field's
    pattern: str | None = None
    is_list: bool = False
    unique: bool = False
    field_type: str | None = None  # the clean field's type, for a column that is a clean field with a table's meaning

    @property
    def allowed(self) -> tuple[str, ...] | None:
        if self.codes is not None:
            return self.codes
        return FIELDS[self.like].enum if self.like else None

    @property
    def regex(self) -> str | None:
        if self.pattern is not None:
            return self.pattern
        return FIELDS[self.like].pattern if self.like else None

    @property
    def type(self) -> str:
        """The clean field's type for a column ``like`` one (an Excel number or boolean), else text."""
        if self.field_type is not None:
            return self.field_type
        return FIELDS[self.like].type if self.like else "string"

    @property
    def checked(self) -> bool:
        numeric = self.type in ("number", "integer")
        return self.required or self.unique or numeric or self.allowed is not None or self.regex is not None


@dataclass(frozen=True)
class RawTable:
    name: str
    file: str
    own_columns: tuple[RawColumn, ...]
    rules: tuple[Rule, ...] = ()
    carries_into: str | None = None  # the clean table whose ``workbook`` fields are columns here too

    @property
    def columns(self) -> tuple[RawColumn, ...]:
        """The file's columns: its own, then every field of ``carries_into`` typed in the workbook that they do not
        list (read from the registry as it stands)."""
        if self.carries_into is None:
            return self.own_columns
        own = {c.name for c in self.own_columns}
        carried = tuple(
            RawColumn(name, required=FIELDS[name].required, like=name, is_list=FIELDS[name].is_list)
            for name in resources.RESOURCES[self.carries_into].fields
            if FIELDS[name].workbook and name not in own
        )
        return self.own_columns + carried

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def booleans(self) -> tuple[RawColumn, ...]:
        """The columns typed as Excel booleans (TRUE/FALSE): the boolean fields carried into the clean table."""
        return tuple(c for c in self.columns if c.type == "boolean")


def _cols(*specs: str | RawColumn) -> tuple[RawColumn, ...]:
    return tuple(RawColumn(s) if isinstance(s, str) else s for s in specs)


def _required(name: str, **kw) -> RawColumn:
    return RawColumn(name, required=True, **kw)


def _web_page_dated(df: pd.DataFrame) -> pd.Series:
    return ((df["kind"] != "web_page") & df["url"].isna()) | df["accessed"].notna()


def _web_page_addressed(df: pd.DataFrame) -> pd.Series:
    return (df["kind"] != "web_page") | df["url"].notna()


def _copy_fingerprinted(df: pd.DataFrame) -> pd.Series:
    return df["copy"].isna() == df["sha256"].isna()


def _copy_checked(df: pd.DataFrame) -> pd.Series:
    return (df["verification"] == "text_copy") == df["copy"].notna()


# Quoted text cells of the inventory and the cell that gives each one's line span(s).
TEXT_SPANS = {
    "name": "name_lines",
    "other_names": "other_names_lines",
    "recipients": "recipients_lines",
    "funder": "funder_lines",
    "description": "description_lines",
    "amount_text": "amount_lines",
    "dates_text": "dates_lines",
}

INVENTORY = RawTable(
    "inventory",
    "inventories.xlsx",
    _cols(
        _required("instrument_id", like="instrument_id"),
        _required("name"),
        _required("name_lines"),
        "other_names",
        "other_names_lines",
        "recipients",
        "recipients_lines",
        "funder",
        "funder_lines",
        "description",
        "description_lines",
        "amount_text",
        "amount_lines",
        "dates_text",
        "dates_lines",
        _required("primary_type", like="primary_type"),
        RawColumn("types", like="types", is_list=True),
        RawColumn("stages", like="stages", is_list=True),
        _required("target_groups", like="target_groups", is_list=True),
        RawColumn("digital_specific", like="digital_specific"),
        _required("funder_type", like="funder_type"),
        _required("covers_brussels", like="covers_brussels"),
        _required("focus", like="focus"),
        _required("interviewed", like="interviewed"),
        _required("source_lines"),
        "notes",
        RawColumn("parent_id", like="parent_id"),
    ),
    carries_into="instruments",
)
AMOUNTS = RawTable(
    "amounts",
    "inventories.xlsx",
    _cols(
        _required("amount_id", pattern=SLUG, unique=True),
        _required("instrument_id", like="instrument_id"),
        _required("kind", codes=AMOUNT_KINDS + RATE_KINDS),
        _required("text"),
        _required("lines"),
        "notes",
    ),
)
ANNEX_ROWS = RawTable(
    "annex_i_rows",
    "annex_i_rows.csv",
    _cols(
        _required("annex_row", pattern=r"^\d+$"),
        "name",
        _required("instrument_id", like="instrument_id", unique=True),
        RawColumn("budget_kind", like="budget_kind"),
        "domains",
        _required("justification"),
    ),
)
ANNEX_REGIONS = RawTable(
    "annex_i_regions",
    "annex_i_regions.csv",
    _cols(_required("region", unique=True), _required("jurisdiction", like="jurisdiction"), _required("justification")),
)
INSPIRATIONS = RawTable(
    "part4_inspirations",
    "part4_inspirations.csv",
    _cols("rec_id", "category", "category_lines", "title", "text", "sources", "lines"),
)
NEEDS = RawTable("part4_needs", "part4_needs.csv", _cols("need_id", "text", "lines"))
PART4_MAP = RawTable(
    "part4_initiatives",
    "part4_initiatives.csv",
    _cols(
        _required("region"), _required("initiative"), _required("instrument_id", like="instrument_id"), "justification"
    ),
)
CURRENCY = RawTable(
    "currency_rates",
    "currency_rates.csv",
    _cols(
        _required("currency", like="currency", unique=True),
        _required("eur_per_unit", pattern=NUMBER),
        _required("tolerance_eur", pattern=NUMBER),
        "derived_from",
        "lines",
        _required("method"),
    ),
)
SOURCE_PROBLEMS = RawTable(
    "source_problems",
    "source_problems.csv",
    _cols(
        _required("problem_id", pattern=SLUG, unique=True),
        _required("kind", codes=SOURCE_ISSUE_KINDS),
        "instrument_id",
        "field",
        _required("detail"),
        _required("lines"),
        "correction_target",
        "correction_from",
        "correction_to",
        _required("justification"),
    ),
)
SOURCES = RawTable(
    "sources",
    "sources.csv",
    _cols(
        _required("source_id", like="source_id", unique=True),
        _required("kind", codes=SOURCE_KINDS),
        _required("title"),
        _required("publisher"),
        RawColumn("url", like="url"),
        RawColumn("accessed", like="accessed"),
        _required("verification", like="verification"),
        "copy",
        RawColumn("sha256", like="sha256"),
        "notes",
    ),
    rules=(
        Rule(
            "web_page_addressed",
            ("kind", "url"),
            _web_page_addressed,
            "a web page gives its address: write it in url (https://…)",
        ),
        Rule(
            "web_page_dated",
            ("kind", "url", "accessed"),
            _web_page_dated,
            "a web page, or any source with an address, gives the day it was read: write it in accessed as "
            "YYYY-MM-DD (2025-03-14)",
        ),
        Rule(
            "copy_checked",
            ("verification", "copy"),
            _copy_checked,
            "verification is text_copy exactly when a text copy is kept: give its path (sources/<file>) for "
            "text_copy, or write unverifiable and leave copy empty",
        ),
        Rule(
            "copy_fingerprinted",
            ("copy", "sha256"),
            _copy_fingerprinted,
            "a text copy (copy) and its sha256 go together: compute it with `sha256sum data/raw/sources/<file>`",
        ),
    ),
)

ELIGIBILITY = RawTable(
    "eligibility",
    "eligibility.csv",
    _cols(
        _required("instrument_id", like="instrument_id", unique=True),
        _required("audience", like="audience"),
        _required("asbl_access", like="asbl_access"),
        _required("digital_aim", like="digital_aim"),
        RawColumn("award_recipient", like="award_recipient"),
        _required("status", like="time_status"),
        _required("quote"),
        _required("source_lines"),
        "status_quote",
        "status_lines",
        _required("why"),
    ),
)
CONDITIONS = RawTable(
    "eligibility_conditions",
    "eligibility_conditions.csv",
    _cols(
        _required("condition_id", pattern=SLUG, unique=True),
        _required("instrument_id", like="instrument_id"),
        _required("effect", like="effect"),
        _required("kind", codes=CONDITION_KINDS),
        _required("label"),
        "sector",
        _required("quote"),
        _required("source_lines"),
    ),
)
LINKS = RawTable(
    "instrument_links",
    "instrument_links.csv",
    _cols(
        _required("instrument_id", like="instrument_id"),
        _required("url"),
        _required("lines"),
        "note",
    ),
)


def _decision_table(name: str) -> RawTable:
    """The raw file of a decision table (``Resource.raw_file``): the table's own fields, as that table means them."""
    from benchmark.registry import fields_of

    resource = resources.RESOURCES[name]
    assert resource.raw_file is not None
    columns = tuple(
        RawColumn(
            f.name,
            required=f.required or f.name in resource.primary_key,
            codes=f.enum,
            # a CSV cell is text: a number is checked by its form here, its range once typed by clean
            pattern=YEAR if f.format == "year" else {"number": NUMBER, "integer": r"^\d+$"}.get(f.type, f.pattern),
            is_list=f.is_list,
            unique=len(resource.primary_key) == 1 and f.name == resource.primary_key[0],
            field_type="string",
        )
        for f in fields_of(name)
    )
    return RawTable(name, resource.raw_file, columns)


DECISIONS = {name: _decision_table(name) for name, r in resources.RESOURCES.items() if r.raw_file is not None}

RAW_TABLES = {
    t.name: t
    for t in (
        INVENTORY,
        AMOUNTS,
        ANNEX_ROWS,
        ANNEX_REGIONS,
        INSPIRATIONS,
        NEEDS,
        PART4_MAP,
        CURRENCY,
        SOURCE_PROBLEMS,
        SOURCES,
        ELIGIBILITY,
        CONDITIONS,
        LINKS,
        *DECISIONS.values(),
    )
}
