"""For a researcher's own questions: the list columns of ``instruments`` (``types``, ``stages``, ``target_groups``,
``stip_codes``) in long form, and filters on them, so that ordinary pandas filters and counts work without a lambda.

    explore.long(units, "stages")                      # one row per instrument and stage it serves
    units[explore.has(units, "stages", "diagnosis")]   # the instruments that serve the diagnosis stage

Codes are checked against the vocabulary (``benchmark.registry``): a misspelt code stops with the codes allowed,
instead of silently matching nothing (messages in French: researchers read them in notebooks).
docs/guide_chercheurs.md shows both at work.
"""

from __future__ import annotations

import pandas as pd

from benchmark.registry import FIELDS

# The list columns of ``instruments`` and the name of one item in long form.
LIST_COLUMNS = {"types": "type", "stages": "stage", "target_groups": "target_group", "stip_codes": "stip_code"}
KEEP = ("instrument_id", "name", "jurisdiction")


def _list_column(column: str) -> str:
    if column not in LIST_COLUMNS:
        raise ValueError(f"{column!r} n'est pas une colonne-liste d'instruments ; colonnes : {', '.join(LIST_COLUMNS)}")
    return LIST_COLUMNS[column]


def _checked(column: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    allowed = FIELDS[column].enum
    if allowed is None:  # free text items: nothing to check against
        return codes
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise ValueError(
            f"{column} : {', '.join(map(repr, unknown))} n'est pas un code permis ; codes permis : {', '.join(allowed)}"
        )
    return codes


def long(instruments: pd.DataFrame, column: str, keep: tuple[str, ...] | list[str] = KEEP) -> pd.DataFrame:
    """One row per instrument and item of its list ``column`` (the item in a column named in the singular:
    ``stage``, ``type``, ``target_group``, ``stip_code``), with the ``keep`` columns; an instrument whose list is
    empty has no row (it serves no stage: it is not counted under any)."""
    item = _list_column(column)
    frame = instruments[[*keep, column]].explode(column).dropna(subset=[column])
    return frame.rename(columns={column: item}).reset_index(drop=True)


def has(instruments: pd.DataFrame, column: str, *codes: str) -> pd.Series:
    """True for each instrument whose list ``column`` holds at least one of ``codes`` (a boolean mask, aligned on
    ``instruments``' index, to filter with ``instruments[mask]`` or combine with ``&``, ``|``, ``~``)."""
    _list_column(column)
    if not codes:
        raise ValueError(f"has({column!r}) : donnez au moins un code")
    wanted = set(_checked(column, codes))
    return instruments[column].map(lambda items: bool(wanted.intersection(items))).astype(bool)
