"""Line spans of the source report: ``L294``, ``L294-L300``, several joined by ``; ``."""

from __future__ import annotations

import re

_SPAN = re.compile(r"L(\d+)(?:\s*-\s*L(\d+))?")


def parse_spans(spec: str | None) -> list[tuple[int, int]]:
    """``"L290-L302; L1059"`` → ``[(290, 302), (1059, 1059)]``. Raises ``ValueError`` on a bad piece."""
    if spec is None or not str(spec).strip():
        return []
    spans = []
    for piece in str(spec).split(";"):
        piece = piece.strip()
        m = _SPAN.fullmatch(piece)
        if not m:
            raise ValueError(f"bad line span {piece!r}: expected L123 or L123-L130")
        a = int(m.group(1))
        b = int(m.group(2) or a)
        if b < a:
            raise ValueError(f"line span {piece!r} ends before it starts")
        spans.append((a, b))
    return spans


def format_spans(spans: list[tuple[int, int]]) -> str:
    """Merge and sort spans, then write them back: ``[(1059, 1059), (290, 302)]`` → ``"L290-L302; L1059"``."""
    merged: list[list[int]] = []
    for a, b in sorted(set(spans)):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return "; ".join(f"L{a}" if a == b else f"L{a}-L{b}" for a, b in merged)


def merge_spans(*specs: str | None) -> str:
    """Union of several span strings."""
    spans: list[tuple[int, int]] = []
    for spec in specs:
        spans.extend(parse_spans(spec))
    return format_spans(spans)
