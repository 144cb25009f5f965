"""Money amounts and rates: parsed from the raw texts, converted at the declared rate, and the
per-instrument columns derived from them (rules documented in docs/codebook.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from benchmark import registry
from benchmark.core.errors import Problem
from benchmark.core.parsing import ParseError, parse_amount, records
from benchmark.core.spans import parse_locators, parse_spans
from benchmark.registry.codes import AWARD_KIND_PERIOD, STIP_BUDGET_BANDS

AMOUNT_COLUMNS = registry.columns("amounts")  # the registry (benchmark.registry) orders them
RATE_COLUMNS = registry.columns("rates")


@dataclass(frozen=True)
class Rates:
    """Declared conversion rates (``data/raw/currency_rates.csv``): euros per unit, and the rounding
    tolerance within which a conversion stated in the text agrees with the declared rate; and the currency a
    symbol that names no country stands for (``data/raw/currency_symbols.csv``: a « $ » of this report)."""

    eur_per_unit: dict[str, float]
    tolerance_eur: dict[str, float]
    symbols: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, symbols: pd.DataFrame | None = None) -> Rates:
        return cls(
            {r.currency: float(r.eur_per_unit) for r in frame.itertuples()},
            {r.currency: float(r.tolerance_eur) for r in frame.itertuples()},
            {} if symbols is None else dict(zip(symbols["written"], symbols["currency"])),
        )

    def currency_of(self, written: str) -> str | None:
        """The declared currency of what a text writes (« EUR », « $ »), or ``None`` when none has a rate."""
        currency = self.symbols.get(written, written)
        return currency if currency in self.eur_per_unit else None

    def unknown_currency(self, written: str) -> str:
        """Why ``written`` cannot be converted, and what to declare."""
        if written in self.symbols:
            return f"« {written} » is declared {self.symbols[written]} in {SYMBOLS_FILE}, which has no rate in {RATES_FILE}"
        if len(written) != 3:
            return f"« {written} » names no currency: declare which one it is in {SYMBOLS_FILE}"
        return f"no declared rate for currency {written}: add its row to {RATES_FILE}"

    def to_eur(self, value: float, currency: str) -> float:
        return round(value * self.eur_per_unit[currency], 2)


RATES_FILE = "currency_rates.csv"
SYMBOLS_FILE = "currency_symbols.csv"
SYMBOLS_COLUMNS = ("written", "currency", "lines", "justification")


def read_symbols(raw_dir: Path | str, rates: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame | None:
    """The declared currency of each symbol that names no country (``currency_symbols.csv``): every cell filled,
    each symbol once, a currency that has its rate, lines of the report that justify it."""
    from benchmark.ingest.raw import read_csv_strict

    frame = read_csv_strict(Path(raw_dir) / SYMBOLS_FILE, SYMBOLS_COLUMNS, problems)
    if frame is None:
        return None
    declared = set(rates["currency"])
    seen: set[str] = set()
    for r in frame.to_dict("records"):

        def bad(column: str, message: str, r: dict = r) -> None:
            problems.append(Problem(SYMBOLS_FILE, message, row=r["_row"], column=column, value=r[column]))

        for column in SYMBOLS_COLUMNS:
            if r[column] is None:
                bad(column, "expected a value (the cell is empty)")
        if r["currency"] is not None and r["currency"] not in declared:
            bad("currency", f"no rate for this currency in {RATES_FILE}: add its row there")
        if r["written"] is not None:
            if r["written"] in seen:
                bad("written", "this symbol is declared twice")
            seen.add(r["written"])
        if r["lines"] is not None:
            try:
                parse_spans(r["lines"])
            except ValueError as exc:
                bad("lines", f"not report lines like L123 or L123-L130 ({exc})")
    return frame


# Ids of the rows an amounts row gives beside its own (its id is typed in the sheet, column amount_id).
LOW_SUFFIX = "-low"  # the low end of a range (« de 1 000 à 6 000 euros »), kind min_per_beneficiary
RATE_SUFFIX = "-rate"  # the rate a row of an amount kind also states (« 50% des honoraires … et max 60.000€ »)
ANNEX_SUFFIX = "-annex-i"  # an Annex I budget, one per Annex I row: <instrument_id>-annex-i


def amounts_from_sheet(sheet: pd.DataFrame, rates: Rates, problems: list[Problem]) -> tuple[list[dict], list[dict]]:
    """Every row of the ``amounts`` sheet becomes amount rows and/or rate rows, with the id typed in the row
    (``amount_id``); a text the parser cannot read, or whose kind does not match what it holds, is a located
    problem."""
    amounts, rate_rows = [], []
    for r in records(sheet):
        where = dict(sheet=r["_sheet"], row=r["_row"])
        try:
            parsed = parse_amount(r["text"])
        except ParseError as exc:
            problems.append(Problem(r["_file"], str(exc), column="text", value=r["text"], **where))
            continue
        is_rate_kind = r["kind"] in ("cofunding_rate", "own_share")
        if is_rate_kind and parsed.rate is None:
            problems.append(
                Problem(
                    r["_file"],
                    f"kind {r['kind']} needs a percentage in the text: quote the words that hold it (« 40 % »), or "
                    "choose the kind of what the text holds",
                    column="text",
                    value=r["text"],
                    **where,
                )
            )
            continue
        if not is_rate_kind and parsed.money is None:
            problems.append(
                Problem(
                    r["_file"],
                    f"kind {r['kind']} needs a money amount with its currency: quote the words that hold it "
                    "(« 5 000 € », « € 7.500 », « 20 000 $ »)",
                    column="text",
                    value=r["text"],
                    **where,
                )
            )
            continue
        money = parsed.money
        currency = rates.currency_of(money.currency) if money is not None else None
        if money is not None and currency is None:
            problems.append(
                Problem(r["_file"], rates.unknown_currency(money.currency), column="text", value=r["text"], **where)
            )
            continue
        base = dict(
            amount_id=r["amount_id"],
            instrument_id=r["instrument_id"],
            text=r["text"],
            source_lines=r["lines"],
            origin="inventory",
            _row=r["_row"],
        )
        if money is not None and currency is not None:
            amounts.append(
                dict(
                    base,
                    kind=r["kind"],
                    value=money.value,
                    currency=currency,
                    value_eur=rates.to_eur(money.value, currency),
                    stated_eur=money.stated_eur,
                )
            )
            if money.low is not None:
                amounts.append(
                    dict(
                        base,
                        amount_id=f"{r['amount_id']}{LOW_SUFFIX}",
                        kind="min_per_beneficiary",
                        value=money.low,
                        currency=currency,
                        value_eur=rates.to_eur(money.low, currency),
                        stated_eur=None,
                    )
                )
        if parsed.rate is not None:
            kind = "own_share" if r["kind"] == "own_share" else "cofunding_rate"
            cofunding = round(1 - parsed.rate, 6) if kind == "own_share" else parsed.rate
            rate_rows.append(
                dict(
                    rate_id=r["amount_id"] if is_rate_kind else f"{r['amount_id']}{RATE_SUFFIX}",
                    instrument_id=r["instrument_id"],
                    kind=kind,
                    rate=parsed.rate,
                    cofunding_rate=cofunding,
                    applies_to=parsed.rate_base,
                    text=r["text"],
                    source_lines=r["lines"],
                    _row=r["_row"],
                )
            )
    return amounts, rate_rows


def id_problems(rows: list[dict], id_column: str, file: str, sheet: str) -> list[Problem]:
    """Two rows of one table with one id: an id a row gives beside its own (``-low``, ``-rate``, ``-annex-i``) that
    another row of the sheet also types. Named at the sheet's row that typed it."""
    problems = []
    seen: dict[str, dict] = {}
    for row in rows:
        other = seen.setdefault(row[id_column], row)
        if other is row:
            continue
        typed = row if row.get("_row") is not None else other
        given = other if typed is row else row
        by = f"sheet {sheet} row {given['_row']}" if given.get("_row") is not None else "an Annex I budget"
        problems.append(
            Problem(
                file,
                f"{id_column} {row[id_column]!r} is also the id that {by} gives its {given['kind']} row: choose "
                "another id for this row (ids are never shared)",
                sheet=sheet,
                row=typed.get("_row"),
                column="amount_id",
                value=row[id_column],
            )
        )
    return problems


def cite_one_source(rows: list[dict], report_id: str, file: str, sheet: str, problems: list[Problem]) -> None:
    """Give each row the ``source_id`` its text is quoted from (the report's id for report lines); a text quoted
    from several sources at once is a problem (a value comes from one source)."""
    for row in rows:
        try:
            cited = list(dict.fromkeys(loc.source or report_id for loc in parse_locators(row["source_lines"])))
        except ValueError:
            cited = []  # a bad locator is the quote check's problem
        row["source_id"] = cited[0] if cited else report_id
        if len(cited) > 1 and row.get("_row") is not None and row["source_id"] is not None:
            problems.append(
                Problem(
                    file,
                    f"the text is quoted from one source, but lines cites {', '.join(cited)}: keep the lines of the "
                    "source the text is copied from (the other may go in the instrument's source_lines)",
                    sheet=sheet,
                    row=row["_row"],
                    column="lines",
                    value=row["source_lines"],
                )
            )


def ordered(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """The rows as a table, by instrument then id: an order that no insertion or deletion elsewhere changes."""
    frame = pd.DataFrame.from_records(rows, columns=list(dict.fromkeys([*columns, "_row"])))
    return frame.sort_values(["instrument_id", columns[0]], kind="stable").reset_index(drop=True)[columns]


LEFT_OUT_FILE = "amounts_left_out.csv"
LEFT_OUT_COLUMNS = ("text", "lines", "why")


def read_left_out(raw_dir: Path | str, problems: list[Problem]) -> pd.DataFrame | None:
    """The money amounts of the sources deliberately not made amounts rows (context figures), each with why."""
    from benchmark.ingest.raw import read_csv_strict

    frame = read_csv_strict(Path(raw_dir) / LEFT_OUT_FILE, LEFT_OUT_COLUMNS, problems)
    if frame is not None:
        for r in records(frame):
            for col in LEFT_OUT_COLUMNS:
                if r[col] is None:
                    problems.append(
                        Problem(LEFT_OUT_FILE, "expected a value (the cell is empty)", row=r["_row"], column=col)
                    )
    return frame


def stip_band(yearly_eur: float | None) -> str | None:
    """The STIP Compass yearly budget range of a yearly amount in euros."""
    if yearly_eur is None or pd.isna(yearly_eur):
        return None
    label = None
    for name, lower in STIP_BUDGET_BANDS:
        if yearly_eur >= lower:
            label = name
    return label


def derive_instrument_money(amounts: pd.DataFrame, rates: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Per instrument: ``max_award_eur`` with its ``max_award_period``, ``budget_total_eur``, ``cofunding_rate``,
    ``yearly_budget_eur`` and ``stip_budget_band``, by the rules of docs/codebook.md (« Colonnes dérivées »).

    ``periods`` has ``instrument_id``, ``start_year``, ``end_year``.
    """
    out = periods[["instrument_id"]].copy()
    # The report's own euro figure where it gives one beside a foreign amount (« 10 000$ (soit 6 775€) », L886):
    # a stated amount stays as stated; our conversion only where the report gives none (codebook).
    amounts = amounts.assign(eur=amounts["stated_eur"].combine_first(amounts["value_eur"]))

    def largest(kind: str) -> pd.Series:
        sub = amounts[amounts["kind"] == kind]
        return sub.groupby("instrument_id")["eur"].max()

    # A ceiling stated per year or per day is still a ceiling: the first kind that gives one wins, and its
    # period is kept beside it (a per-project ceiling, else the ladder of phases, else per year, else per day).
    phases = amounts[amounts["kind"] == "phase_max"].groupby("instrument_id")["eur"].sum()
    award = pd.Series(dtype=float)
    period = pd.Series(dtype=object)
    for kind, unit in AWARD_KIND_PERIOD.items():
        values = phases if kind == "phase_max" else largest(kind)
        values = values[~values.index.isin(award.index)]
        award = pd.concat([award, values])
        period = pd.concat([period, pd.Series(unit, index=values.index, dtype=object)])
    out["max_award_eur"] = out["instrument_id"].map(award).astype(float)
    out["max_award_period"] = out["instrument_id"].map(period).astype(object)
    out["max_award_period"] = out["max_award_period"].where(out["max_award_period"].notna(), None)
    out["budget_total_eur"] = out["instrument_id"].map(largest("programme_total"))
    out["cofunding_rate"] = out["instrument_id"].map(
        rates.groupby("instrument_id")["cofunding_rate"].max() if not rates.empty else pd.Series(dtype=float)
    )
    years = periods.set_index("instrument_id")["end_year"] - periods.set_index("instrument_id")["start_year"] + 1
    yearly = out["instrument_id"].map(largest("annual_total"))
    spread = out["budget_total_eur"] / out["instrument_id"].map(years)
    out["yearly_budget_eur"] = yearly.combine_first(spread).round(2)
    out["stip_budget_band"] = out["yearly_budget_eur"].map(stip_band)
    return out
