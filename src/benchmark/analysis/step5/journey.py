"""The ASBL journey side by side: what a non-market organisation can obtain at each stage in Brussels and in the
peer jurisdictions, read from the eligibility model (``benchmark.analysis.eligibility.obtainable``: a Brussels ASBL
from every aid that covers Brussels, an ASBL elsewhere from its own jurisdiction's aids), and the funding ladders
the researchers drew (``step5_ladders``: per beneficiary amounts only, never an envelope)."""

from __future__ import annotations

import pandas as pd

from benchmark.analysis import eligibility
from benchmark.analysis.money import amount_figure
from benchmark.registry.codes import JURISDICTIONS, STAGES

JOURNEY_JURISDICTIONS = ("BE-BRU", "BE-WAL", "CA-QC")


def journey(tables: dict[str, pd.DataFrame], jurisdictions: tuple[str, ...] = JOURNEY_JURISDICTIONS) -> pd.DataFrame:
    """One row per jurisdiction × stage × aid an ASBL there can obtain: ``name``, ``primary_type``, ``answer``
    (« yes » or « conditional »), ``conditions`` (plain words), ``ceiling`` (a Figure or None) and ``ceiling_class``,
    ``time_status`` and ``source_lines``. Any jurisdiction of the vocabulary can be asked for; one with no aid an
    ASBL can obtain gives no row."""
    unknown = [j for j in jurisdictions if j not in JURISDICTIONS]
    if unknown:
        raise ValueError(f"unknown jurisdiction {unknown}: expected codes of {', '.join(JURISDICTIONS)}")
    rows = []
    for jurisdiction in jurisdictions:
        frame = eligibility.obtainable(tables, jurisdiction)
        column = "brussels_asbl" if jurisdiction == eligibility.BRUSSELS else "asbl_access"
        for r in frame.to_dict("records"):
            for stage in r["stages"]:
                rows.append(
                    {
                        "jurisdiction": jurisdiction,
                        "stage": stage,
                        "instrument_id": r["instrument_id"],
                        "name": r["name"],
                        "primary_type": r["primary_type"],
                        "answer": r[column],
                        "conditions": r["conditions"],
                        "ceiling": r["ceiling"],
                        "ceiling_class": r["ceiling_class"],
                        "time_status": r["time_status"],
                        "start_year": r["start_year"],
                        "end_year": r["end_year"],
                        "source_lines": r["source_lines"],
                    }
                )
    columns = [
        "jurisdiction",
        "stage",
        "instrument_id",
        "name",
        "primary_type",
        "answer",
        "conditions",
        "ceiling",
        "ceiling_class",
        "time_status",
        "start_year",
        "end_year",
        "source_lines",
    ]
    table = pd.DataFrame(rows, columns=columns)
    order = {(j, s): (i, k) for i, j in enumerate(jurisdictions) for k, s in enumerate(STAGES)}
    table["_o"] = [order[(j, s)] for j, s in zip(table["jurisdiction"], table["stage"])]
    return table.sort_values(["_o", "answer", "name"], kind="stable").drop(columns="_o").reset_index(drop=True)


def funding_ladders(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The steps of each ladder (``step5_ladders``), each with the amount one beneficiary can receive (its Figure:
    stated, converted or derived; NaN for a step without money) and the class of that ceiling."""
    instruments = eligibility.with_eligibility(tables, level="all").set_index("instrument_id")
    amounts = tables["amounts"].set_index("amount_id")
    rows = []
    for step in tables["step5_ladders"].sort_values(["ladder_id", "step"]).itertuples():
        inst = instruments.loc[step.instrument_id]
        figure = (
            amount_figure(amounts.loc[step.amount_id].to_dict() | {"amount_id": step.amount_id})
            if isinstance(step.amount_id, str)
            else None
        )
        rows.append(
            {
                "ladder_id": step.ladder_id,
                "step": int(step.step),
                "instrument_id": step.instrument_id,
                "name": inst["name"],
                "jurisdiction": inst["jurisdiction"],
                "stages": inst["stages"],
                "figure": figure,
                "value_eur": figure.value if figure else float("nan"),
                "status": figure.status if figure else None,
                "ceiling_class": eligibility.ceiling_class(inst.to_dict() | {"instrument_id": step.instrument_id})
                if figure
                else None,
                "why": step.why,
                "source_lines": step.source_lines,
            }
        )
    return pd.DataFrame(rows)
