"""Which cells of the raw decision files name a row of a clean table by its id. ``benchmark clean`` checks each one
(``benchmark.clean.references``): the id must exist, and a row that cites lines must cite the lines that hold the
value it names — so a decision written for one amount never silently points at another after an edit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    file: str  # a CSV of data/raw/
    column: str  # the cell naming the id
    table: str  # the clean table whose key it names
    key: str  # that table's id column
    lines: str | None = None  # the row's locator cell: the named row's own lines must stand within it
    only_if: tuple[str, str] | None = None  # (column, value): only the rows where that column holds that value


AMOUNT_REFERENCES = (
    Reference("step5_scenarios.csv", "amount_id", "amounts", "amount_id"),
    Reference("step5_ladders.csv", "amount_id", "amounts", "amount_id", lines="source_lines"),
    Reference("step5_comparisons.csv", "cad_amount_id", "amounts", "amount_id"),
    Reference("step5_comparisons.csv", "eur_amount_id", "amounts", "amount_id"),
    Reference("step5_highlights.csv", "id", "amounts", "amount_id", only_if=("kind", "amount")),
)
REFERENCES = AMOUNT_REFERENCES
