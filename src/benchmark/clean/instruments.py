"""One row per instrument across all sources: the inventory row and its Annex I row become one instrument."""

from __future__ import annotations

import pandas as pd

from benchmark import registry
from benchmark.core.errors import Problem
from benchmark.core.parsing import ParseError, parse_period, records, split_list
from benchmark.core.spans import merge_locators
from benchmark.ingest.raw import TEXT_SPANS
from benchmark.registry.codes import COUNTRY_OF, LEVEL_OF, STIP_CODES


def inventory_periods(inventories: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Start and end years parsed from each inventory row's ``dates_text``; unreadable dates are problems."""
    rows = []
    inventory_rows = records(inventories, ("_file", "_sheet", "_row", "instrument_id", "dates_text", "dates_lines"))
    for r in inventory_rows:
        try:
            period = parse_period(r["dates_text"])
        except ParseError as exc:
            problems.append(
                Problem(
                    r["_file"], str(exc), sheet=r["_sheet"], row=r["_row"], column="dates_text", value=r["dates_text"]
                )
            )
            continue
        rows.append(
            dict(instrument_id=r["instrument_id"], start_year=period.start, end_year=period.end, lines=r["dates_lines"])
        )
    return pd.DataFrame.from_records(rows, columns=["instrument_id", "start_year", "end_year", "lines"])


def build_instruments(
    inventories: pd.DataFrame,
    periods: pd.DataFrame,
    annex: pd.DataFrame,
    amount_lines: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
    """Merge the inventory rows with their Annex I rows (years from the prose, else from the annex).

    ``source_lines`` is the union of every locator the row stands on: the workbook's ``source_lines``, every
    quoted cell's span, the Annex I row's lines and the lines of the instrument's amounts (``amount_lines``).
    """
    # Plain dicts by id, not a pandas lookup per row: linear with a small constant at 100 000 instruments.
    annex_by_id = {a["instrument_id"]: a for a in records(annex)}
    period_by_id = {p["instrument_id"]: (p["start_year"], p["end_year"]) for p in records(periods)}
    rows = []
    inventory_rows = records(inventories)
    for r in inventory_rows:
        r["jurisdiction"] = r["_sheet"]
        iid = r["instrument_id"]
        a = annex_by_id.get(iid)
        in_annex = a is not None
        start, end = period_by_id.get(iid, (None, None))
        if a is not None and pd.isna(start) and pd.isna(end):
            start, end = a["start_year"], a["end_year"]
        types = split_list(r["types"])
        rows.append(
            dict(
                instrument_id=iid,
                name=r["name"],
                jurisdiction=r["jurisdiction"],
                country=COUNTRY_OF[r["jurisdiction"]],
                level=LEVEL_OF[r["jurisdiction"]],
                start_year=start,
                end_year=end,
                primary_type=r["primary_type"],
                types=types,
                stages=split_list(r["stages"]),
                target_groups=split_list(r["target_groups"]),
                nonmarket_access=None,  # derived from the eligibility model (benchmark.clean.eligibility)
                digital_specific=r["digital_specific"],
                covers_brussels=r["covers_brussels"],
                funder=r["funder"],
                funder_type=r["funder_type"],
                in_annex_i=in_annex,
                focus=r["focus"],
                parent_id=r["parent_id"],
                source_lines=merge_locators(
                    r["source_lines"],
                    *(r[span] for span in TEXT_SPANS.values()),
                    a["source_lines"] if a is not None else None,
                    *(amount_lines or {}).get(iid, []),
                ),
                interviewed=r["interviewed"],
                recipients=r["recipients"],
                description=r["description"],
                stip_codes=sorted({code for t in types for code in STIP_CODES[t]}),
                notes=r["notes"],
            )
        )
    frame = pd.DataFrame.from_records(rows)
    # A field the registry says is typed in the workbook, and that nothing above builds, is carried as it is.
    for spec in registry.fields_of("instruments"):
        if spec.workbook and spec.name not in frame.columns:
            cells = [r[spec.name] for r in inventory_rows]
            if spec.is_list:
                frame[spec.name] = pd.Series([split_list(c) for c in cells], index=frame.index, dtype=object)
            else:
                frame[spec.name] = pd.Series(cells, index=frame.index)
    for col in ("start_year", "end_year"):
        frame[col] = pd.array(frame[col].astype("Float64").round(), dtype="Int64")
    frame["digital_specific"] = frame["digital_specific"].astype(object)  # true, false or empty
    for col in ("covers_brussels", "focus", "in_annex_i", "interviewed"):
        frame[col] = frame[col].astype(bool)
    return frame
