"""The rows a comparison counts (docs/codebook.md, « Niveau de comptage »): a programme and its parts never twice."""

from __future__ import annotations

import pandas as pd

from benchmark.registry.codes import NO_DIRECT_SUPPORT_TYPES

COUNTING_LEVELS = ("applicable", "programme", "all")


def counting_units(instruments: pd.DataFrame, level: str = "applicable") -> pd.DataFrame:
    """The rows a comparison counts, so that a programme and its parts are never counted twice
    (docs/codebook.md, « Niveau de comptage »).

    - ``applicable`` (default): what an organisation applies to. A component counts and its programme does not;
      the policy actions of a strategy (children that give no direct support) are counted once, through their
      programme.
    - ``programme``: programmes only (rows with no parent), each counted once with its parts.
    - ``all``: every row of the inventory (data-quality views).
    """
    if level not in COUNTING_LEVELS:
        raise ValueError(f"counting level {level!r}: expected one of {', '.join(COUNTING_LEVELS)}")
    if level == "all" or "parent_id" not in instruments:
        return instruments
    has_parent = instruments["parent_id"].notna()
    if level == "programme":
        return instruments[~has_parent]
    folded = has_parent & instruments["primary_type"].isin(NO_DIRECT_SUPPORT_TYPES)
    parents_with_counted_parts = set(instruments.loc[has_parent & ~folded, "parent_id"])
    return instruments[~folded & ~instruments["instrument_id"].isin(parents_with_counted_parts)]
