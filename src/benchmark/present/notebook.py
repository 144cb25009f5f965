"""The one import of every notebook: the tables, the selection of its parameters cell, and the library's parts a
notebook calls, under the names the notebooks and the researchers' guide (docs/guide_chercheurs.md) use.

    from benchmark.present.notebook import access, comparisons, figures, findings, reader_table, setup, show

    tables, units, selection = setup(jurisdictions, stages=stages, level=level)

Each name is imported explicitly (no ``import *``), so that a linter and a reader see where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from benchmark.analysis import comparisons, eligibility, explore
from benchmark.analysis.selection import Selection
from benchmark.analysis.step5 import journey
from benchmark.clean.load import load_clean
from benchmark.present import access, figures, findings, synthesis
from benchmark.present.display import show
from benchmark.present.export import to_excel
from benchmark.present.formatting import label, reader_table
from benchmark.present.step5 import tables as step5_tables
from benchmark.present.step5 import texts

__all__ = [
    "Selection",
    "access",
    "comparisons",
    "eligibility",
    "explore",
    "figures",
    "findings",
    "journey",
    "label",
    "load_clean",
    "reader_table",
    "setup",
    "show",
    "step5_tables",
    "synthesis",
    "texts",
    "to_excel",
]


def setup(
    jurisdictions: Iterable[str] | str | None = None,
    stages: Iterable[str] | str | None = None,
    types: Iterable[str] | str | None = None,
    level: str = "applicable",
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, Selection]:
    """The clean tables (``data/clean/``), the rows the notebook counts (the selection's rows at its counting level:
    ``Selection.units``) and the selection itself, checked (an unknown code stops here, with the codes allowed)."""
    selection = Selection(jurisdictions, stages, types, level)
    tables = load_clean()
    return tables, selection.units(tables["instruments"]), selection
