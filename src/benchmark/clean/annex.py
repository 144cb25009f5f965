"""Annex I: from the verbatim text extraction (one physical line per table line) to 25 logical rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from benchmark.core.errors import Problem
from benchmark.core.parsing import clean_text, html_to_items
from benchmark.ingest.raw import ANNEX_FILE
from benchmark.ingest.raw import ANNEX_FIRST_LINE as FIRST_LINE

HEADER = ("Région", "Nom initiative", "Date", "Description", "Domaines", "Moyens", "Objectifs", "Public cible")
COLUMNS = ("region", "name", "date_raw", "description", "domains", "means_raw", "objectives", "target_public")
_FOOTER = re.compile(r"^-+$")
_HTML_BLOCK = re.compile(r"<(?:p|li|ul)\b", re.IGNORECASE)


@dataclass
class AnnexParse:
    """Logical rows (raw cell text, HTML kept) and the account of every physical line."""

    rows: list[dict]
    line_roles: dict[str, int] = field(default_factory=dict)
    fixes: list[int] = field(default_factory=list)  # the lines whose lost region cell was restored


def parse_annex_lines(lines: list[str], problems: list[Problem]) -> AnnexParse:
    """Group physical lines into logical rows.

    - the header must be the report's; blank lines separate rows or pages; the final ``--`` row closes the table;
    - a line with 7 cells lost its empty first (region) cell in the extraction: the cells shift right by one;
    - a line whose region, name and date cells are empty continues the row above: each non-empty cell is
      appended to the same column of that row (a page break cut the cell);
    - the region is filled down.
    """
    parse = AnnexParse(rows=[])
    roles = {"header": 0, "row": 0, "continuation": 0, "blank": 0, "footer": 0}
    region = None
    for offset, line in enumerate(lines):
        lineno = FIRST_LINE + offset
        if offset == 0:
            if tuple(line.split("\t")) != HEADER:
                problems.append(Problem(ANNEX_FILE, f"header is not the report's {HEADER}", row=lineno, value=line))
            roles["header"] += 1
            continue
        if not line.strip():
            roles["blank"] += 1
            continue
        cells = line.split("\t")
        if all(_FOOTER.match(c.strip()) for c in cells if c.strip()):
            roles["footer"] += 1
            continue
        if len(cells) == len(HEADER) - 1:
            cells = [""] + cells
            parse.fixes.append(lineno)
        if len(cells) != len(HEADER):
            problems.append(
                Problem(
                    ANNEX_FILE,
                    f"expected {len(HEADER)} tab-separated cells, found {len(cells)}",
                    row=lineno,
                    value=line[:80],
                )
            )
            continue
        record: dict[str, Any] = dict(zip(COLUMNS, (c.strip() for c in cells)))
        if not (record["region"] or record["name"] or record["date_raw"]):
            if not parse.rows:
                problems.append(Problem(ANNEX_FILE, "continuation line before any row", row=lineno, value=line[:80]))
                continue
            previous = parse.rows[-1]
            for col in COLUMNS:
                if record[col]:
                    previous[col] = f"{previous[col]} {record[col]}".strip()
            previous["_lines"].append(lineno)
            roles["continuation"] += 1
            continue
        region = record["region"] or region
        record["region"] = region
        record["_lines"] = [lineno]
        parse.rows.append(record)
        roles["row"] += 1
    parse.line_roles = roles
    return parse


def split_domains(raw: str, declared: str | None) -> list[str] | None:
    """Domains as a list: the split declared in ``annex_i_rows.csv`` when there is one (the extraction lost the
    cell's line breaks, or a page break cut an item in two), else the cell's HTML items. ``None`` when the
    declared split does not reproduce the cell word for word (an item's closing « ; » is the list's separator
    and may be left out)."""
    if not raw:
        return []
    items = [i.strip() for i in (declared or "").split("|") if i.strip()]
    if not items:
        return html_to_items(raw) if _HTML_BLOCK.search(raw) else None

    def words(text: str) -> str:
        return " ".join(text.replace(";", " ").split())

    if words(" ".join(items)) != words(clean_text(raw)):
        return None
    return [i.removesuffix(";").strip() for i in items]


def annex_frame(parse: AnnexParse) -> pd.DataFrame:
    """Logical rows as a frame with ``annex_row`` (1…) and their source lines."""
    records = []
    for n, row in enumerate(parse.rows, start=1):
        rec = {k: row[k] for k in COLUMNS}
        rec["annex_row"] = n
        rec["source_lines"] = "; ".join(f"L{x}" for x in row["_lines"])
        records.append(rec)
    return pd.DataFrame.from_records(records, columns=["annex_row", *COLUMNS, "source_lines"])
