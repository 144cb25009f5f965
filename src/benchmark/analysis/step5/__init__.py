"""Step 5 decision analyses: the ASBL journey, honest Brussels equivalents, the option appraisal of the sixteen
inspirations, the gap matrix, design parameters and orders of magnitude.

The analyses read the clean tables plus the researchers' decisions of ``data/raw/step5_*.csv``
(:mod:`benchmark.analysis.step5.decisions`); :func:`write_step5` writes their table for readers of the data
(``data/clean/step5_equivalents.csv``) as a step after ``benchmark clean``, so that the cleaning pipeline never
imports the analysis layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from benchmark.core import paths

if TYPE_CHECKING:
    import pandas as pd


def load(clean_dir: Path | str = paths.CLEAN, raw_dir: Path | str = paths.RAW):
    """The clean tables and the step 5 decisions, checked against them: ``(tables, decisions)``."""
    from benchmark.analysis.step5.decisions import load_decisions
    from benchmark.clean.load import load_clean

    tables = load_clean(clean_dir)
    return tables, load_decisions(tables, raw_dir)


def write_step5(
    clean_dir: Path | str = paths.CLEAN, raw_dir: Path | str = paths.RAW, tables: dict[str, pd.DataFrame] | None = None
) -> list[Path]:
    """Write ``step5_equivalents.csv`` into ``clean_dir`` from the clean tables there and the decisions of
    ``raw_dir`` (raises ``DataError`` on a bad decision file, writing nothing). ``tables``, when given, are the
    clean tables of ``clean_dir`` as ``load_clean`` reads them (``benchmark.clean.writer.write_clean`` hands them over):
    they are not read again."""
    from benchmark.analysis.step5.decisions import load_decisions
    from benchmark.analysis.step5.equivalents import equivalents
    from benchmark.clean.load import load_clean
    from benchmark.clean.schemas import validate_tables
    from benchmark.clean.writer import write_csv

    tables = load_clean(clean_dir) if tables is None else tables
    decisions = load_decisions(tables, raw_dir)
    path = Path(clean_dir) / "step5_equivalents.csv"
    frame = equivalents(tables, decisions)
    validate_tables({"step5_equivalents": frame}, references=tables)  # the registry's checks and keys
    write_csv(frame, path)
    return [path]
