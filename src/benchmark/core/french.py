"""French typography of numbers, shares, years, lists and report lines, for every text a reader sees: narrow
no-break space (U+202F) between thousands and before « % » and « € », decimal comma, « — » for a missing value. Pure
functions of their arguments: analyses that word a formula and the pages share them."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

NNBSP = "\u202f"  # narrow no-break space: thousands separator, and before % € : ; ? !
MISSING = "—"


def is_missing(value) -> bool:
    """None, NaN, pandas NA or an empty list/string: the reader sees « — »."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, set)):
        return len(value) == 0
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_number(value, decimals: int = 0) -> str:
    """1234567.891 → « 1 234 567,89 » (``decimals`` places, trailing zeros of a whole number dropped)."""
    if is_missing(value):
        return MISSING
    x = float(value)
    if decimals and x.is_integer():
        decimals = 0
    text = f"{abs(x):,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    return ("-" if x < 0 and text.strip("0,\u202f") else "") + text


def fmt_int(value) -> str:
    """A count or a whole number: « 1 234 »."""
    return fmt_number(round(float(value)) if not is_missing(value) else value, 0)


def fmt_year(value) -> str:
    """A year is never grouped: « 2023 »."""
    return MISSING if is_missing(value) else str(int(value))


def fmt_eur(value, compact: bool = False) -> str:
    """Euros: « 350 000 € », « 13 551,20 € » (cents only when there are any); ``compact`` writes large
    magnitudes as « 5,4 M€ », « 806,9 Md€ »."""
    if is_missing(value):
        return MISSING
    x = float(value)
    if compact and abs(x) >= 1e9:
        return f"{fmt_number(x / 1e9, 1)}{NNBSP}Md€"
    if compact and abs(x) >= 1e6:
        return f"{fmt_number(x / 1e6, 1)}{NNBSP}M€"
    return f"{fmt_number(x, 0 if abs(x) >= 1000 or x.is_integer() else 2)}{NNBSP}€"


def fmt_pct(share, decimals: int = 0) -> str:
    """A share of 1 as a percentage: 0.36 → « 36 % »."""
    if is_missing(share):
        return MISSING
    return f"{fmt_number(float(share) * 100, decimals)}{NNBSP}%"


def fmt_bool(value) -> str:
    if is_missing(value):
        return MISSING
    return "Oui" if bool(value) else "Non"


def fmt_list(items: Iterable, conjunction: str = "et") -> str:
    """« a », « a et b », « a, b et c »."""
    items = [str(i) for i in items if not is_missing(i)]
    if not items:
        return MISSING
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def fmt_lines(spans: Iterable[str] | str) -> str:
    """Report lines as a reader reads them: « L288–L390 ; L1003 » (en dash in ranges, French semicolon)."""
    if isinstance(spans, str):
        spans = [s.strip() for s in spans.split(";")]
    parts = [s.replace("-", "–") for s in spans if s and s.strip()]
    return f"{NNBSP};{' '}".join(parts) if parts else MISSING


def plural(n, singular: str, plural_form: str | None = None) -> str:
    """« 1 aide », « 0 aide », « 3 aides » (French: 0 and 1 take the singular)."""
    word = singular if abs(float(n)) < 2 else (plural_form or singular + "s")
    return f"{fmt_int(n)} {word}"
