"""What a comparison notebook looks at: the jurisdictions compared, a focus on stages or instrument types, and the
counting level (docs/codebook.md, « Niveau de comptage »).

A notebook's parameters cell sets these values; ``Selection`` checks them once and every comparison, finding, figure
and table the notebook calls takes it, so that a table, its chart and its « Constats » always describe the same rows.
The defaults are the published choice: every jurisdiction, every stage, every type, what an organisation applies to.

Two ways to keep a selection's rows, because the eligibility model asks two questions:

- ``rows``: the instruments of the chosen jurisdictions, types and stages (a comparison between jurisdictions);
- ``focus``: the chosen types and stages only, whatever the instrument's jurisdiction. What an ASBL of a chosen
  jurisdiction can obtain (``benchmark.analysis.eligibility.obtainable``, the one answer) includes aids of other
  jurisdictions — a Brussels ASBL can obtain a federal, European or private aid that covers Brussels — so the
  jurisdictions choose whose ASBL is asked about, never which of its aids are dropped.

Messages are in French: a researcher reads them in a notebook, after editing its parameters cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from benchmark.analysis.units import COUNTING_LEVELS, counting_units
from benchmark.registry.codes import INSTRUMENT_TYPES, JURISDICTIONS, STAGES


def _codes(name: str, values: Iterable[str] | str | None, vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    """The chosen codes in the vocabulary's order; a code outside it is refused with the codes allowed."""
    if values is None:
        return vocabulary
    if isinstance(values, str):  # « "BE-VLG" » for « ["BE-VLG"] »: one code is a choice of one
        values = [values]
    chosen = list(values)
    unknown = [v for v in chosen if v not in vocabulary]
    if unknown:
        raise ValueError(
            f"{name} : {', '.join(map(repr, unknown))} n'est pas un code permis ; codes permis : {', '.join(vocabulary)}"
        )
    if not chosen:
        raise ValueError(f"{name} : choisissez au moins un code parmi {', '.join(vocabulary)}")
    return tuple(code for code in vocabulary if code in chosen)


@dataclass(frozen=True)
class Selection:
    """The jurisdictions compared, the stages and primary types in focus, and the counting level.

    ``Selection()`` is the published choice. ``Selection(["BE-BRU", "BE-VLG"], stages=["diagnosis"])`` compares
    Brussels and Flanders on the instruments that serve the diagnosis stage.
    """

    jurisdictions: tuple[str, ...] = JURISDICTIONS
    stages: tuple[str, ...] = STAGES
    types: tuple[str, ...] = INSTRUMENT_TYPES
    level: str = "applicable"

    def __init__(
        self,
        jurisdictions: Iterable[str] | str | None = None,
        stages: Iterable[str] | str | None = None,
        types: Iterable[str] | str | None = None,
        level: str = "applicable",
    ) -> None:
        if level not in COUNTING_LEVELS:
            raise ValueError(
                f"level : {level!r} n'est pas un niveau de comptage ; niveaux : {', '.join(COUNTING_LEVELS)}"
            )
        object.__setattr__(self, "jurisdictions", _codes("jurisdictions", jurisdictions, JURISDICTIONS))
        object.__setattr__(self, "stages", _codes("stages", stages, STAGES))
        object.__setattr__(self, "types", _codes("types", types, INSTRUMENT_TYPES))
        object.__setattr__(self, "level", level)

    @property
    def all_jurisdictions(self) -> bool:
        return self.jurisdictions == JURISDICTIONS

    @property
    def all_stages(self) -> bool:
        return self.stages == STAGES

    @property
    def all_types(self) -> bool:
        return self.types == INSTRUMENT_TYPES

    @property
    def whole_focus(self) -> bool:
        """Every stage and every type: nothing is left out of a jurisdiction's rows."""
        return self.all_stages and self.all_types

    def published(self, level: str | None = "applicable") -> bool:
        """The published choice: every jurisdiction, stage and type, at ``level`` (``None``: whatever the level, for
        what is drawn from every row of the inventory)."""
        return self.all_jurisdictions and self.whole_focus and (level is None or self.level == level)

    def includes(self, jurisdiction: str) -> bool:
        return jurisdiction in self.jurisdictions

    def focus(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``frame`` of a chosen primary type that serve a chosen stage, whatever their jurisdiction (a
        row that serves no stage stays only when every stage is chosen)."""
        mask = pd.Series(True, index=frame.index)
        if not self.all_types:
            mask &= frame["primary_type"].isin(self.types)
        if not self.all_stages:
            chosen = set(self.stages)
            mask &= frame["stages"].map(lambda stages: bool(chosen.intersection(stages))).astype(bool)
        return frame[mask]

    def rows(self, instruments: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``instruments`` in the selection, whatever their level: of a chosen jurisdiction, in
        ``focus``."""
        return self.focus(instruments[instruments["jurisdiction"].isin(self.jurisdictions)])

    def units(self, instruments: pd.DataFrame) -> pd.DataFrame:
        """The rows a comparison counts: ``counting_units`` at the chosen level over the whole inventory (a
        programme is folded with its parts before any filter), then the selection's rows."""
        return self.rows(counting_units(instruments, self.level))

    def without_data(self, present: Iterable[str]) -> list[str]:
        """The chosen jurisdictions not among ``present``, in the vocabulary's order."""
        found = set(present)
        return [j for j in self.jurisdictions if j not in found]


DEFAULT = Selection()


def resolve(selection: Selection | None) -> Selection:
    """``None`` is the published choice."""
    return DEFAULT if selection is None else selection
