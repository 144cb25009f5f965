"""Every amount a reader sees carries its status: stated by the report, converted by us, or derived.

- ``stated``: the report writes the value in euros (« 20 000 € », L511; « 13 551€ » beside « 20 000$ », L897).
- ``converted``: the report gives another currency only; we convert with the declared rate of
  ``data/raw/currency_rates.csv`` and say so (« 8 millions de dollars », L916 → euros).
- ``derived``: we compute it (a sum of phases, a scenario, a ratio) and show the formula.

The CAD → EUR rate matters: the report itself uses more than one (« 166.750 € » for 250 000 $ at L939, « 169 390€ »
at L899). :func:`report_cad_rates` reads them from the amounts the report converts, and
:func:`cad_sensitivity` tells whether a comparison holds at both ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from benchmark.core.french import fmt_eur, fmt_number
from benchmark.core.spans import merge_spans

STATED, CONVERTED, DERIVED = "stated", "converted", "derived"
STATUS_LABELS = {STATED: "énoncé", CONVERTED: "converti", DERIVED: "dérivé"}
AWARD_KINDS = ("max_per_beneficiary", "per_year", "per_day")  # ceilings of one beneficiary's award
CURRENCY_NAMES = {"CAD": "dollars canadiens"}  # never a bare « $ »: Markdown would read it as maths


@dataclass(frozen=True)
class Figure:
    """A number for readers: its value in euros (or its unit), status, formula (empty when stated) and lines."""

    value: float
    status: str
    formula: str = ""
    lines: str = ""
    currency: str = "EUR"
    original: float | None = None  # the value in ``currency`` when converted

    @property
    def note(self) -> str:
        """« énoncé (L511) », « converti : 8 000 000 $ × 0,67756 (L916) », « dérivé : 1 900 € + … (L535) »."""
        head = STATUS_LABELS[self.status]
        body = f" : {self.formula}" if self.formula else ""
        return f"{head}{body} ({self.lines})" if self.lines else f"{head}{body}"


def money(value: float, currency: str = "EUR") -> str:
    """« 20 000 € », « 250 000 dollars canadiens »."""
    if currency == "EUR":
        return fmt_eur(value)
    return f"{fmt_number(value)} {CURRENCY_NAMES.get(currency, currency)}"


def amount_figure(row) -> Figure:
    """The status of one row of ``amounts``: euros as written, a euro value the report gives beside a foreign
    amount, or our conversion with the declared rate."""
    lines = row["source_lines"]
    if row["currency"] == "EUR":
        return Figure(float(row["value_eur"]), STATED, "", lines)
    if not pd.isna(row["stated_eur"]):
        return Figure(float(row["stated_eur"]), STATED, "", lines, row["currency"], float(row["value"]))
    rate = float(row["value_eur"]) / float(row["value"])
    formula = f"{money(row['value'], row['currency'])} × {fmt_number(rate, 5)}"
    return Figure(float(row["value_eur"]), CONVERTED, formula, lines, row["currency"], float(row["value"]))


def award_figure(amounts: pd.DataFrame, instrument_id: str) -> Figure | None:
    """The most one beneficiary can receive from an instrument, with its status: the largest stated ceiling
    (per beneficiary, then per year, then per day), else the sum of its phase ceilings (derived); ``None`` when
    the report gives no such amount (an envelope is never an award)."""
    rows = amounts[amounts["instrument_id"] == instrument_id]
    for kind in AWARD_KINDS:
        chosen = rows[rows["kind"] == kind]
        if len(chosen):
            # the first row stating the largest value: the report's own wording first (amount_id order)
            best = chosen[chosen["value_eur"] == chosen["value_eur"].max()].sort_values("amount_id").iloc[0]
            return amount_figure(best)
    phases = rows[rows["kind"] == "phase_max"].sort_values("amount_id")
    if len(phases):
        figures = [amount_figure(r) for _, r in phases.iterrows()]
        formula = " + ".join(money(f.value) for f in figures)
        return Figure(sum(f.value for f in figures), DERIVED, formula, merge_spans(*phases["source_lines"]))
    return None


def derived(value: float, formula: str, lines: str = "") -> Figure:
    return Figure(float(value), DERIVED, formula, lines)


def report_cad_rates(amounts: pd.DataFrame) -> pd.DataFrame:
    """The CAD → EUR rates the report itself implies, one row per amount it converts (``stated_eur / value``),
    lowest first: ``amount_id``, ``value``, ``stated_eur``, ``rate``, ``source_lines``."""
    cad = amounts[(amounts["currency"] == "CAD") & amounts["stated_eur"].notna()].copy()
    cad["rate"] = cad["stated_eur"] / cad["value"]
    columns = ["amount_id", "instrument_id", "value", "stated_eur", "rate", "source_lines"]
    return cad[columns].sort_values(["rate", "amount_id"]).reset_index(drop=True)


def cad_sensitivity(amounts: pd.DataFrame, comparisons: list[tuple[str, str]]) -> pd.DataFrame:
    """For each pair (CAD amount id, euro amount id): the CAD amount in euros at the report's lowest and highest
    rate, the euro amount, and whether the comparison (larger or smaller) is the same at both rates."""
    rates = report_cad_rates(amounts)
    low, high = rates.iloc[0], rates.iloc[-1]
    by_id = amounts.set_index("amount_id")
    rows = []
    for cad_id, eur_id in comparisons:
        cad, eur = by_id.loc[cad_id], by_id.loc[eur_id]
        at_low, at_high = cad["value"] * low["rate"], cad["value"] * high["rate"]
        other = amount_figure(eur.to_dict() | {"amount_id": eur_id}).value
        rows.append(
            {
                "cad_amount_id": cad_id,
                "eur_amount_id": eur_id,
                "cad_value": cad["value"],
                "eur_at_low_rate": at_low,
                "eur_at_high_rate": at_high,
                "other_eur": other,
                "low_rate": low["rate"],
                "low_rate_lines": low["source_lines"],
                "high_rate": high["rate"],
                "high_rate_lines": high["source_lines"],
                "same_conclusion": (at_low > other) == (at_high > other),
            }
        )
    return pd.DataFrame(rows)
