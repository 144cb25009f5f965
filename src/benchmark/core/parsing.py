"""Parsers for the notations the report uses: money amounts, rates, periods and cell text.

Every parser either returns a value it can justify from the words, or raises a ``ParseError`` that says
what it could not read. Text without any money amount parses to ``money=None``; it is never guessed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "ImpossibleDateError",
    "Money",
    "ParseError",
    "ParsedAmount",
    "Period",
    "clean_text",
    "html_to_items",
    "parse_amount",
    "parse_number",
    "parse_period",
    "fold_text",
    "records",
    "split_list",
]


class ParseError(ValueError):
    """A text the parsers cannot read; the message names the text and what was expected."""


class ImpossibleDateError(ParseError):
    """A date that cannot be right (a five-digit year, an end before the start, a year out of range)."""


# --- numbers ---------------------------------------------------------------------------------------

# Thousands separators seen in the report: space (plain or non-breaking), dot and comma.
_SEP = r"[ \u00a0\u202f.,]"
_NUMBER = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?"


def parse_number(token: str) -> float:
    """Read one number written the report's ways: ``7,5`` ``1.5`` ``20,000`` ``1.500.000`` ``350 000``.

    A separator followed by exactly three digits (and only such groups) is a thousands separator;
    otherwise a single ``,`` or ``.`` is the decimal mark. So ``20,000`` is twenty thousand and ``7,5``
    seven and a half (the report's Spanish budget « 20,000 millions € » is 20 000 million euros).
    """
    t = token.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not re.fullmatch(r"\d[\d .,]*", t):
        raise ParseError(f"not a number: {token!r}")
    m = re.fullmatch(r"(\d{1,3})((?:[ .,]\d{3})+)(?:,(\d+))?", t)
    if m:
        separators = set(re.findall(r"[ .,]", m.group(2)))
        if len(separators) == 1:
            whole = m.group(1) + re.sub(r"[ .,]", "", m.group(2))
            return float(whole + ("." + m.group(3) if m.group(3) else ""))
    m = re.fullmatch(r"(\d+)(?:[.,](\d+))?", t)
    if m:
        return float(m.group(1) + ("." + m.group(2) if m.group(2) else ""))
    raise ParseError(f"ambiguous number: {token!r}")


# --- money -----------------------------------------------------------------------------------------

_SCALES = {"milliards": 1e9, "milliard": 1e9, "millions": 1e6, "million": 1e6, "m": 1e6}
# Currency words and symbols the report uses, read as what they write: a euro (€, euro, EUR) or a Canadian dollar
# written CAD is its ISO 4217 code; a dollar (``$``, the extraction's escaped ``\$``, « dollars ») names no country
# and stays ``DOLLAR``: which dollar it is, is a declared decision (data/raw/currency_symbols.csv, applied by
# ``amounts.Rates``), not the parser's.
DOLLAR = "$"
_CURRENCIES = {
    "€": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "$": DOLLAR,
    "\\$": DOLLAR,
    "dollars": DOLLAR,
    "dollar": DOLLAR,
    "cad": "CAD",
}
# Currency-like tokens we refuse rather than misread.
_FOREIGN = r"£|¥|(?:chf|usd|gbp|francs?|livres?|pesos?|yens?|fcfa)\b"

_SCALE_RE = r"(?:milliards?|millions?|M(?=\s*(?:\\\$|\$|€)))"
_CUR_RE = r"(?:€|\\\$|\$|euros?\b|EUR\b|dollars?\b|CAD\b)"
# « 13,1 milliards d'euros », « 2 millions de dollars »: the scale's « de » or « d' » before the currency word.
_OF = r"(?:de\s+|d['’]\s*)?"
_MONEY_RE = re.compile(
    rf"(?P<neg>-\s*)?(?<![\d.,])(?P<num>{_NUMBER})\s*(?P<scale>{_SCALE_RE})?\s*{_OF}(?P<cur>{_CUR_RE})",
    re.IGNORECASE,
)
# The currency first, as Belgian and Québec pages write it: « € 7.500 », « $ 7 500 », « EUR 7.500 ». A sign right
# after a number is that number's (« 5 000 € 2 fois » is not « € 2 »), so it never starts an amount of its own.
_PREFIX_CUR_RE = r"(?:€|\\\$|\$|EUR\b|CAD\b)"
_PREFIX_MONEY_RE = re.compile(
    rf"(?<![\d.,])(?<![\d.,]\s)(?<![\d.,]\u00a0)(?<![\d.,]\u202f)(?P<cur>{_PREFIX_CUR_RE})\s*(?P<neg>-\s*)?"
    rf"(?P<num>{_NUMBER})(?![\d.,]*\d)(?:\s*(?P<scale>milliards?|millions?)\b)?",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(
    rf"(?<![\d.,])(?P<low>{_NUMBER})\s*(?P<lowcur>{_CUR_RE})?\s+à\s+(?=(?P<high>{_NUMBER})\s*(?:{_SCALE_RE})?\s*{_OF}{_CUR_RE})",
    re.IGNORECASE,
)
_CONVERSION_RE = re.compile(rf"\(\s*(?:soit\s+)?(?P<num>{_NUMBER})\s*(?P<cur>€|euros?\b)[^)]*\)", re.IGNORECASE)
_PERCENT_RE = re.compile(r"(?P<neg>-\s*)?(?<![\d.,])(?P<num>\d+(?:[.,]\d+)?)\s*%(?P<rest>[^;,()]*)")
# A whole share said in words, without a percentage: « Formations entièrement financées par la FEBI » (L355) is 100 %.
_WHOLE_SHARE_RE = re.compile(
    r"\b(?:entièrement|intégralement|totalement)\s+(?P<rest>(?:financ|pris\w*\s+en\s+charge|rembours)[^;,()]*)", re.I
)
_FOREIGN_RE = re.compile(rf"(?<![\d.,])\d[\d .,]*\s*(?:{_FOREIGN})|(?:£|¥)\s*\d", re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    """One money amount: ``value`` in ``currency``; ``low`` when the text gives a range;
    ``stated_eur`` when the text gives its own euro conversion (« 20 000\\$ (soit 13 551€) »)."""

    value: float
    currency: str
    low: float | None = None
    stated_eur: float | None = None


@dataclass(frozen=True)
class ParsedAmount:
    """What an amount text says: at most one money amount and at most one rate (0–1) with its base."""

    money: Money | None
    rate: float | None = None
    rate_base: str | None = None


def _currency(token: str) -> str:
    return _CURRENCIES[token.lower()]


def _scale(token: str | None) -> float:
    return _SCALES[token.lower()] if token else 1.0


def parse_amount(text: str) -> ParsedAmount:
    """Parse an amount text of the report into one money amount and/or one rate.

    Raises ``ParseError`` for a currency the project does not know, a negative amount, a rate above
    100 %, several distinct amounts in one text, or a currency sign with no number the parser can read.
    """
    if text is None:
        return ParsedAmount(None)
    t = " ".join(str(text).split())
    if _FOREIGN_RE.search(t):
        raise ParseError(f"unknown currency in {text!r}: expected €, euros, \\$ or dollars")

    # A stated euro conversion in parentheses right after a foreign amount (« 20 000\\$ (soit 13 551€) »)
    # belongs to that amount; it is not a second amount. A parenthesis after a euro amount is not one.
    stated = None
    masked = t
    conversion = _CONVERSION_RE.search(t)
    if conversion:
        before = t[: conversion.start()].rstrip()
        if re.search(r"(?:\\\$|\$|dollars?)\s*$", before, re.IGNORECASE):
            stated = parse_number(conversion.group("num"))
            masked = t[: conversion.start()] + " " * (conversion.end() - conversion.start()) + t[conversion.end() :]

    low = None
    range_match = _RANGE_RE.search(masked)
    if range_match:
        low = parse_number(range_match.group("low"))
        masked = (
            masked[: range_match.start()]
            + " " * (range_match.end() - range_match.start())
            + masked[range_match.end() :]
        )

    found = list(_MONEY_RE.finditer(masked)) + list(_PREFIX_MONEY_RE.finditer(masked))
    if any(m.group("neg") for m in found):
        raise ParseError(f"negative amount in {text!r}: amounts must be positive")
    values = {(parse_number(m.group("num")) * _scale(m.group("scale")), _currency(m.group("cur"))) for m in found}
    if len(values) > 1:
        raise ParseError(f"several amounts in {text!r}: give one amount per row")
    money = None
    if values:
        value, currency = values.pop()
        if low is not None:
            low *= _scale(found[0].group("scale"))
        if stated is not None and currency == "EUR":
            stated = None
        money = Money(value=value, currency=currency, low=low, stated_eur=stated)
    elif re.search(r"€|\\\$|\$", masked):
        raise ParseError(f"unknown amount notation in {text!r}: a currency sign without a number the parser reads")

    rate = rate_base = None
    percents = list(_PERCENT_RE.finditer(masked))
    if percents:
        p = percents[0]
        if p.group("neg"):
            raise ParseError(f"negative rate in {text!r}")
        rate = round(parse_number(p.group("num")) / 100, 6)
        if rate > 1:
            raise ParseError(f"rate above 100 % in {text!r}: a rate is a share of costs, 0–100 %")
        rest = p.group("rest").strip()
        rest = re.split(r"(?:^|\s)(?:et|avec|pour|max|maximum)\b", rest)[0].strip(" .")
        rate_base = rest or None
    elif whole := _WHOLE_SHARE_RE.search(masked):
        rate = 1.0
        rate_base = re.split(r"(?:^|\s)(?:à hauteur|max|maximum)\b", whole.group("rest"))[0].strip(" .") or None
    return ParsedAmount(money=money, rate=rate, rate_base=rate_base)


# --- periods ---------------------------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1990, 2035


@dataclass(frozen=True)
class Period:
    start: int | None
    end: int | None


def _year(token: str, text: str) -> int:
    if len(token) != 4:
        raise ImpossibleDateError(f"impossible year {token!r} in {text!r}: a year has four digits")
    year = int(token)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ImpossibleDateError(f"year {year} out of {MIN_YEAR}–{MAX_YEAR} in {text!r}")
    return year


_PERIOD_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\d)(\d{4,})\s*[–—-]\s*(\d{4,})(?!\d)"), "range"),
    # an offer an official page says is over ends then: « a pris fin le 31 décembre 2024 », « clôturé le 30/06/2024 »
    # (not « débuté en 2019 et terminé en 2021 », a range below)
    (
        re.compile(
            r"^(?!.*\bdébut)(?:.*?\b)(?:pris\s+fin|clôtur\w*|termin\w*|supprim\w*|arrêt\w*)\b.{0,40}?(?<!\d)(\d{4,})(?!\d)",
            re.IGNORECASE,
        ),
        "until",
    ),
    # « de 2017 à 2024 »
    (re.compile(r"\bde\s+(\d{4,})\s+à\s+(\d{4,})(?!\d)", re.IGNORECASE), "range"),
    (re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(\d{4,})(?!\d)"), "day"),
    (re.compile(r"\b(?:depuis|à partir de|dès)\s+(?:\w+\s+)?(\d{4,})(?!\d)", re.IGNORECASE), "from"),
    # a creation, launch or version date starts the instrument: « créée en 2018 », « Sa version 3 (2022) »
    (re.compile(r"\b(?:cré\w*|lanc\w*)\s+en\s+(\d{4,})(?!\d)|\bversion\s+\d+\s*\((\d{4,})\)", re.IGNORECASE), "from"),
    # a month and a year alone date the launch: « En janvier 2022 »
    (
        re.compile(
            r"^en\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
            r"\s+(\d{4,})$",
            re.IGNORECASE,
        ),
        "from",
    ),
    # « jusqu'à fin 2023 », « jusqu'en 2025 », « jusqu'au 31 décembre 2024 »
    (
        re.compile(r"\bjusqu['’](?:à fin|à|en|au)\s+(?:\d{1,2}(?:er)?\s+)?(?:\w+\s+)?(\d{4,})(?!\d)", re.IGNORECASE),
        "until",
    ),
    (re.compile(r"\bdébut\w*\s+en\s+\w+\s+(\d{4,}).*?termin\w*\s+en\s+\w+\s+(\d{4,})(?!\d)", re.IGNORECASE), "range"),
    # editions of a recurring call: « a déjà eu lieu en 2022, et en 2023 » → first to last edition
    (re.compile(r"\ben\s+(\d{4,}),?\s+et\s+en\s+(\d{4,})(?!\d)", re.IGNORECASE), "range"),
    (re.compile(r"(?<![\d/])(\d{4,})(?![\d/])"), "single"),
]


def parse_period(text: str | None) -> Period:
    """Parse a period: ``2021 – 2027``, ``Depuis 2018``, ``Nouveau financement à partir de 2022``,
    ``jusqu'à fin 2023``, ``6/8/2023``, ``Cyberweek 2023``. Empty text gives an empty period.

    Raises ``ImpossibleDateError`` for a five-digit year, a year out of range or an end before the
    start, and ``ParseError`` when the text holds years in a form none of the patterns knows.
    """
    if text is None or not str(text).strip():
        return Period(None, None)
    t = " ".join(str(text).split())
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.search(t)
        if not m:
            continue
        if kind == "range":
            start, end = _year(m.group(1), t), _year(m.group(2), t)
            if end < start:
                raise ImpossibleDateError(f"end year {end} before start year {start} in {text!r}")
            return Period(start, end)
        if kind in ("day", "single"):
            if kind == "single" and len(re.findall(r"(?<!\d)\d{4,}(?!\d)", t)) > 1:
                raise ParseError(f"several years in {text!r} and no pattern saying which is the period")
            y = _year(m.group(1), t)
            return Period(y, y)
        if kind == "from":
            return Period(_year(next(g for g in m.groups() if g), t), None)
        if kind == "until":
            return Period(None, _year(m.group(1), t))
    raise ParseError(f"no year in period text {text!r}")


# --- text ------------------------------------------------------------------------------------------

_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|div)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def html_to_items(text: str | None) -> list[str]:
    """Split a cell on its HTML block tags (``<p>``, ``<li>``, ``<ul …>``) into plain-text items."""
    if text is None:
        return []
    parts = _BLOCK_TAG.split(str(text))
    items = [clean_text(p) for p in parts]
    return [i for i in items if i]


def clean_text(text: str | None) -> str:
    """HTML remnants to plain text (tags dropped, entities decoded), whitespace collapsed."""
    if text is None:
        return ""
    t = _ANY_TAG.sub(" ", str(text))
    t = html.unescape(t)
    return " ".join(t.split())


def split_list(cell: str | None, sep: str = ";") -> list[str]:
    """A list cell (``a; b; c``) to a list of stripped, non-empty items, order kept; empty or NaN gives []."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [item.strip() for item in str(cell).split(sep) if item.strip()]


def fold_text(text: str) -> str:
    """Case and accents folded (« Numéria » → « numeria »), to compare names spelled differently."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NA_TYPE = type(pd.NA)


def _native(value):
    """A cell as ``to_dict`` gives it: numpy scalars as Python values (dates as Timestamps), ``NA`` as None."""
    if value is pd.NA:
        return None
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    return value.item() if isinstance(value, np.generic) else value


def records(frame: pd.DataFrame, only: Iterable[str] | None = None) -> list[dict]:
    """The rows as dicts of their cells, as ``frame.to_dict("records")`` gives them, at a fraction of its cost:
    a column of numbers is converted at once, and only numpy scalars and ``NA`` are boxed one by one. With
    ``only``, each dict holds just those of the columns the frame has (a row of 40 cells costs 40 entries)."""
    columns = list(frame.columns) if only is None else [c for c in dict.fromkeys(only) if c in frame.columns]
    values = []
    for c in columns:
        column = frame[c]
        items = column.tolist()
        boxed = column.dtype == object or isinstance(column.dtype, pd.api.extensions.ExtensionDtype)
        if boxed and any(issubclass(t, np.generic) or t is _NA_TYPE for t in set(map(type, items))):
            items = [_native(v) if isinstance(v, np.generic) or v is pd.NA else v for v in items]
        values.append(items)
    return [dict(zip(columns, row)) for row in zip(*values)]
