"""Read the clean tables of data/clean/ back with proper types.

List cells (joined with "; ") become Python lists, years become nullable ``Int64``,
boolean columns become ``bool`` (or nullable ``boolean`` where a cell may be empty),
money and rates become floats. Empty cells stay missing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmark import paths
from benchmark.parsing import split_list

TABLES = (
    "instruments",
    "annex_i",
    "amounts",
    "rates",
    "recommendations",
    "needs",
    "source_issues",
    "conservation",
    "rejects",
    "step5_equivalents",
)

LIST_COLUMNS = {
    "instruments": ("types", "stages", "target_groups", "stip_codes"),
    "annex_i": ("domains",),
    "recommendations": ("sources", "instrument_ids"),
}
INT_COLUMNS = {
    "instruments": ("start_year", "end_year"),
    "annex_i": ("annex_row", "start_year", "end_year"),
    "conservation": ("raw_rows", "clean_rows", "rejected_rows"),
}
BOOL_COLUMNS = {
    "instruments": ("digital_specific", "covers_brussels", "in_annex_i", "focus", "interviewed"),
    "conservation": ("balanced",),
    "step5_equivalents": ("same_stage", "same_form"),
}
FLOAT_COLUMNS = {
    "instruments": ("max_award_eur", "budget_total_eur", "cofunding_rate", "yearly_budget_eur"),
    "annex_i": ("budget_eur",),
    "amounts": ("value", "value_eur", "stated_eur"),
    "rates": ("rate", "cofunding_rate"),
}


def _to_bool(series: pd.Series) -> pd.Series:
    """Map "true"/"false" text to booleans; ``bool`` when complete, nullable ``boolean`` otherwise."""
    mapped = series.map({"true": True, "false": False, "True": True, "False": False}, na_action="ignore")
    if mapped.isna().any():
        return mapped.astype("boolean")
    return mapped.astype(bool)


def type_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give one raw (all-text) clean table its proper column types."""
    frame = frame.copy()
    for column in LIST_COLUMNS.get(name, ()):
        if column in frame:
            frame[column] = frame[column].map(split_list).astype(object)
    for column in INT_COLUMNS.get(name, ()):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
    for column in BOOL_COLUMNS.get(name, ()):
        if column in frame:
            frame[column] = _to_bool(frame[column].replace("", None))
    for column in FLOAT_COLUMNS.get(name, ()):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype(float)
    text_columns = [c for c in frame.columns if frame[c].dtype == object and c not in LIST_COLUMNS.get(name, ())]
    for column in text_columns:
        frame[column] = frame[column].replace("", None)
    return frame


def read_table(name: str, clean_dir: Path | str = paths.CLEAN) -> pd.DataFrame:
    """Read data/clean/<name>.csv with proper types."""
    raw = pd.read_csv(Path(clean_dir) / f"{name}.csv", dtype=str, keep_default_na=False, na_filter=False)
    raw = raw.astype(object)
    return type_table(name, raw)


def load_clean(clean_dir: Path | str = paths.CLEAN) -> dict[str, pd.DataFrame]:
    """Read every clean table that exists in ``clean_dir``, keyed by table name."""
    clean_dir = Path(clean_dir)
    return {name: read_table(name, clean_dir) for name in TABLES if (clean_dir / f"{name}.csv").exists()}
