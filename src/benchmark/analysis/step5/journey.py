"""The ASBL journey side by side: what a non-market organisation can actually obtain at each stage, in Brussels,
Wallonia and Québec, and the funding ladders drawn from it (per beneficiary only, never an envelope).

An instrument enters the journey when an ASBL can use it (access dedicated, open, conditional or sectoral, the
condition shown), it reaches the ASBL itself (not providers who serve others, L386), it is aimed at digitalisation
or the report says it funds digital projects (``step5_instrument_terms.csv``), and it is something one applies to:
a component rather than the programme that groups components, never a strategy.
"""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.money import amount_figure, award_figure
from benchmark.core.spans import merge_spans
from benchmark.registry.codes import RESTRICTED_ACCESS, STAGES, USABLE_ACCESS

JOURNEY_JURISDICTIONS = ("BE-BRU", "BE-WAL", "CA-QC")
PERIOD_UNIT = {"project": "project", "year": "year", "day": "day", "hour": "hour", "phase": "phase"}


def digital_aim(instruments: pd.DataFrame, terms: pd.DataFrame) -> pd.Series:
    """Per instrument: ``dedicated``, ``partly`` (the report says it funds digital projects among others) or
    ``none``; from the terms file where it has a row, else from ``digital_specific``."""
    stated = terms.set_index("instrument_id")["digital_aim"]
    default = instruments["digital_specific"].map(lambda v: "dedicated" if v is True else "none")
    aim = instruments["instrument_id"].map(stated)
    return aim.where(aim.notna(), default).rename("digital_aim")


def reaches_asbl(instruments: pd.DataFrame, terms: pd.DataFrame) -> pd.Series:
    """``intermediary`` where the terms file says the help goes to providers who serve others, else ``direct``."""
    stated = instruments["instrument_id"].map(terms.set_index("instrument_id")["reaches_asbl"])
    return stated.fillna("direct").rename("reaches_asbl")


def leaves(instruments: pd.DataFrame) -> pd.Series:
    """True for a row no other row names as its parent: what a beneficiary applies to."""
    parents = set(instruments["parent_id"].dropna()) if "parent_id" in instruments else set()
    return ~instruments["instrument_id"].isin(parents)


def journey(
    tables: dict[str, pd.DataFrame],
    decisions: dict[str, pd.DataFrame],
    jurisdictions: tuple[str, ...] = JOURNEY_JURISDICTIONS,
) -> pd.DataFrame:
    """One row per jurisdiction × stage × instrument an ASBL can obtain: ``name``, ``funder``, ``primary_type``,
    ``nonmarket_access``, ``digital_aim``, ``max_eur`` with ``max_status``, ``max_formula``, ``max_lines`` and
    ``award_unit`` (per organisation, group project, project, year, day or phase; empty without amount),
    ``cofunding_rate``, ``conditions`` and ``source_lines`` (the instrument's and its terms' lines)."""
    instruments, amounts = tables["instruments"], tables["amounts"]
    terms = decisions["instrument_terms"]
    by_terms = terms.set_index("instrument_id")
    frame = instruments.assign(
        digital_aim=digital_aim(instruments, terms).values, reaches_asbl=reaches_asbl(instruments, terms).values
    )
    mask = (
        frame["jurisdiction"].isin(jurisdictions)
        & frame["nonmarket_access"].isin(USABLE_ACCESS + RESTRICTED_ACCESS)
        & frame["digital_aim"].isin(["dedicated", "partly"])
        & (frame["reaches_asbl"] == "direct")
        & (frame["primary_type"] != "strategy")
        & leaves(instruments).values
    )
    rows = []
    for inst in frame[mask].itertuples():
        figure = award_figure(amounts, inst.instrument_id)
        term = by_terms.loc[inst.instrument_id] if inst.instrument_id in by_terms.index else None
        unit = term["award_unit"] if term is not None and term["award_unit"] else None
        if unit is None and figure is not None:
            unit = PERIOD_UNIT.get(getattr(inst, "max_award_period", None) or "project")
        lines = merge_spans(inst.source_lines, term["source_lines"] if term is not None else None)
        for stage in inst.stages:
            rows.append(
                {
                    "jurisdiction": inst.jurisdiction,
                    "stage": stage,
                    "instrument_id": inst.instrument_id,
                    "name": inst.name,
                    "funder": inst.funder,
                    "primary_type": inst.primary_type,
                    "nonmarket_access": inst.nonmarket_access,
                    "digital_aim": inst.digital_aim,
                    "max_eur": figure.value if figure else float("nan"),
                    "max_status": figure.status if figure else None,
                    "max_formula": figure.formula if figure else "",
                    "max_lines": figure.lines if figure else "",
                    "award_unit": unit if figure else None,
                    "cofunding_rate": inst.cofunding_rate,
                    "conditions": term["conditions"] if term is not None else None,
                    "source_lines": lines,
                }
            )
    table = pd.DataFrame(rows)
    order = {(j, s): (i, k) for i, j in enumerate(jurisdictions) for k, s in enumerate(STAGES)}
    table["_o"] = [order[(j, s)] for j, s in zip(table["jurisdiction"], table["stage"])]
    table = table.sort_values(["_o", "max_eur", "instrument_id"], na_position="first", kind="stable")
    return table.drop(columns="_o").reset_index(drop=True)


def journey_matrix(journey_table: pd.DataFrame) -> pd.DataFrame:
    """Stages (rows, vocabulary order) × jurisdictions (columns): the names of what an ASBL can obtain, joined
    with « ; », empty where nothing."""
    cells = journey_table.groupby(["stage", "jurisdiction"], sort=False)["name"].agg(lambda s: "; ".join(s))
    jurisdictions = list(dict.fromkeys(journey_table["jurisdiction"]))
    return cells.unstack("jurisdiction").reindex(index=list(STAGES), columns=jurisdictions).fillna("")


def funding_ladders(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The steps of each ladder (``step5_ladders.csv``): per beneficiary amounts only, each with its status and
    unit; a step without money has ``value_eur`` NaN (free service, or no amount stated). An amount that is not a
    ceiling of one beneficiary's award is refused."""
    instruments = tables["instruments"].set_index("instrument_id")
    amounts = tables["amounts"].set_index("amount_id")
    terms = decisions["instrument_terms"].set_index("instrument_id")
    rows = []
    for step in decisions["ladders"].sort_values(["ladder_id", "step"]).itertuples():
        inst = instruments.loc[step.instrument_id]
        figure, unit = None, None
        if step.amount_id:
            amount = amounts.loc[step.amount_id]
            if amount["instrument_id"] != step.instrument_id or amount["kind"] not in (
                "max_per_beneficiary",
                "per_year",
                "per_day",
                "phase_max",
            ):
                raise ValueError(
                    f"step5_ladders.csv: {step.amount_id} is not a per-beneficiary ceiling of "
                    f"{step.instrument_id} (kind {amount['kind']})"
                )
            figure = amount_figure(amount.to_dict() | {"amount_id": step.amount_id})
            unit = terms.at[step.instrument_id, "award_unit"] if step.instrument_id in terms.index else None
            unit = unit or {"per_year": "year", "per_day": "day", "phase_max": "phase"}.get(amount["kind"], "project")
        rows.append(
            {
                "ladder_id": step.ladder_id,
                "step": int(step.step),
                "instrument_id": step.instrument_id,
                "name": inst["name"],
                "jurisdiction": inst["jurisdiction"],
                "stages": inst["stages"],
                "value_eur": figure.value if figure else float("nan"),
                "status": figure.status if figure else None,
                "note": figure.note if figure else "",
                "award_unit": unit,
                "why": step.why,
                "source_lines": step.source_lines,
            }
        )
    return pd.DataFrame(rows)
