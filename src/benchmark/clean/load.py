"""Read the clean tables of data/clean/ back with proper types.

The types come from the metadata registry (``benchmark.registry``): list cells (joined with "; ") become Python
lists, integers ``int64`` (nullable ``Int64`` where a cell may be empty), booleans ``bool`` (nullable ``boolean``
where a cell may be empty), money and rates floats. Empty cells stay missing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmark import registry
from benchmark.core import paths
from benchmark.core.parsing import split_list


def _to_bool(series: pd.Series) -> pd.Series:
    """Map "true"/"false" text to booleans; ``bool`` when complete, nullable ``boolean`` otherwise."""
    mapped = series.map({"true": True, "false": False, "True": True, "False": False}, na_action="ignore")
    if mapped.isna().any():
        return mapped.astype("boolean")
    return mapped.astype(bool)


def type_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give one raw (all-text) clean table its column types, as the registry (``benchmark.registry``) declares them:
    lists, integers (``int64`` when required, nullable ``Int64`` otherwise), booleans and floats."""
    frame = frame.copy()
    fields = {f.name: f for f in registry.fields_of(name)} if name in registry.RESOURCES else {}
    present = [f for c, f in fields.items() if c in frame]
    for field in present:
        column = field.name
        if field.type == "list":
            frame[column] = frame[column].map(split_list).astype(object)
        elif field.type == "integer":
            numbers = pd.to_numeric(frame[column].replace("", None))
            frame[column] = numbers.astype("int64" if field.required and numbers.notna().all() else "Int64")
        elif field.type == "boolean":
            frame[column] = _to_bool(frame[column].replace("", None))
        elif field.type == "number":
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype(float)
    lists = {f.name for f in present if f.type == "list"}
    text_columns = [c for c in frame.columns if frame[c].dtype == object and c not in lists]
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
    return {name: read_table(name, clean_dir) for name in registry.RESOURCES if (clean_dir / f"{name}.csv").exists()}
