"""The eligibility model: who can use each aid, for what, and what the report says of its time.

Decided once per instrument by the researchers (``data/raw/eligibility.csv``, its conditions in
``eligibility_conditions.csv``), checked here against the instruments, and turned into the clean tables
``eligibility``, ``conditions`` and ``links``. The contract's ``nonmarket_access`` of ``instruments`` is derived from
the same decisions, so that « can an ASBL use it » has one answer (docs/codebook.md, « Qui peut utiliser chaque
aide »).
"""

from __future__ import annotations

import pandas as pd

from benchmark.core.errors import Problem
from benchmark.core.parsing import records
from benchmark.ingest.raw import CONDITIONS_FILE, ELIGIBILITY_FILE, LINKS_FILE
from benchmark.registry import columns
from benchmark.registry.codes import NO_DIRECT_SUPPORT_TYPES

# Conditions that reserve an aid to one sector or agreement: an aid under one of them is « sectoral ».
SECTOR_KINDS = ("sector", "agreement")
# Audiences that are people or public bodies: an aid for them that an ASBL cannot obtain is « not applicable ».
NOT_ORGANISATIONS = ("citizens", "public_bodies")


def conditions_of(conditions: pd.DataFrame, instruments: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per instrument, its conditions and the programme's conditions of eligibility and exclusion when it is a
    component of one (a volet is open to whom its programme is), the programme's first. A programme's terms (a
    project's duration, a final report) stay its own: a volet that funds no project has none of them."""
    parent = dict(zip(instruments["instrument_id"], instruments["parent_id"]))
    own = {iid: group for iid, group in conditions.groupby("instrument_id", sort=False)}
    inherited = {iid: g[g["effect"] != "terms"] for iid, g in own.items()}
    found = {}
    for iid in instruments["instrument_id"]:
        programme = parent.get(iid)
        parts = [inherited[programme]] if isinstance(programme, str) and programme in inherited else []
        parts += [own[iid]] if iid in own else []
        parts = [p for p in parts if len(p)]
        if parts:
            found[iid] = pd.concat(parts, ignore_index=True)
    return found


def nonmarket_access(row: dict, conditions: pd.DataFrame | None) -> str:
    """The contract's access code of one instrument, from its eligibility row (codebook)."""
    access = row["asbl_access"]
    if access == "yes":
        return "dedicated" if row["audience"] == "nonmarket" else "open"
    if access == "conditional":
        eligibility = conditions[conditions["effect"] == "eligibility"] if conditions is not None else None
        sectoral = eligibility is not None and eligibility["kind"].isin(SECTOR_KINDS).any()
        return "sectoral" if sectoral else "conditional"
    if access == "no":
        policy = row["primary_type"] in NO_DIRECT_SUPPORT_TYPES or row["audience"] in NOT_ORGANISATIONS
        return "not_applicable" if policy else "excluded"
    return "unknown"


def _problem(file: str, r: dict, column: str, message: str, value=None) -> Problem:
    return Problem(file, message, row=r["_row"], column=column, value=r.get(column) if value is None else value)


def check(raw_eligibility: pd.DataFrame, raw_conditions: pd.DataFrame, instruments: pd.DataFrame) -> list[Problem]:
    """Every instrument decided once, and each decision consistent with the instrument and its conditions."""
    problems: list[Problem] = []
    by_id = instruments.set_index("instrument_id")
    decided = set()
    conditions = raw_conditions.rename(columns={"label": "condition"})
    per_instrument = conditions_of(conditions, instruments)
    for r in records(raw_eligibility):
        iid = r["instrument_id"]
        decided.add(iid)
        if iid not in by_id.index:
            problems.append(_problem(ELIGIBILITY_FILE, r, "instrument_id", "not an instrument of inventories.xlsx"))
            continue
        inst = by_id.loc[iid]
        dedicated = inst["digital_specific"] is True or inst["digital_specific"] == True  # noqa: E712 (nullable)
        if (r["digital_aim"] == "dedicated") != bool(dedicated):
            problems.append(
                _problem(
                    ELIGIBILITY_FILE,
                    r,
                    "digital_aim",
                    "contradicts digital_specific of inventories.xlsx ("
                    + ("TRUE" if dedicated else "FALSE or empty")
                    + "): « dedicated » goes with TRUE, « partly » or « none » with FALSE — correct one of the two",
                )
            )
        if inst["primary_type"] in NO_DIRECT_SUPPORT_TYPES and r["asbl_access"] != "no":
            problems.append(
                _problem(
                    ELIGIBILITY_FILE,
                    r,
                    "asbl_access",
                    f"a {inst['primary_type']} gives nothing to apply for: asbl_access must be « no »",
                )
            )
        own = per_instrument.get(iid)
        eligibility = own[own["effect"] == "eligibility"] if own is not None else None
        if r["asbl_access"] == "conditional" and (eligibility is None or eligibility.empty):
            problems.append(
                _problem(
                    ELIGIBILITY_FILE,
                    r,
                    "asbl_access",
                    "« conditional » needs at least one row of effect « eligibility » in "
                    f"{CONDITIONS_FILE} (for this instrument or its programme) saying which condition",
                )
            )
        if r["asbl_access"] == "yes" and own is not None and (own["effect"] == "exclusion").any():
            problems.append(
                _problem(
                    ELIGIBILITY_FILE,
                    r,
                    "asbl_access",
                    f"« yes » but {CONDITIONS_FILE} lists an exclusion for it: « no » or « conditional »?",
                )
            )
        has_ceiling = not pd.isna(inst["max_award_eur"])
        if has_ceiling != (r["award_recipient"] is not None):
            message = (
                "the instrument has a ceiling per beneficiary (max_award_eur): say for whom it is stated "
                "(organisation, group, provider, person)"
                if has_ceiling
                else "the instrument has no ceiling per beneficiary: leave award_recipient empty"
            )
            problems.append(_problem(ELIGIBILITY_FILE, r, "award_recipient", message))
        if (r["status_quote"] is None) != (r["status_lines"] is None):
            problems.append(_problem(ELIGIBILITY_FILE, r, "status_lines", "status_quote and status_lines go together"))
        if r["status"] != "not_stated" and r["status_quote"] is None:
            problems.append(
                _problem(
                    ELIGIBILITY_FILE,
                    r,
                    "status_quote",
                    f"status « {r['status']} » needs the report's words that date the offer (status_quote, "
                    "status_lines); « not_stated » when the report gives none",
                )
            )
    for iid in instruments["instrument_id"]:
        if iid not in decided:
            problems.append(
                Problem(
                    ELIGIBILITY_FILE,
                    "instrument has no row: decide who can use it, with a quote and why (docs/codebook.md, "
                    "« Qui peut utiliser chaque aide »)",
                    column="instrument_id",
                    value=iid,
                )
            )
    for r in records(raw_conditions):
        if r["instrument_id"] not in by_id.index:
            problems.append(_problem(CONDITIONS_FILE, r, "instrument_id", "not an instrument of inventories.xlsx"))
    return problems


def links_problems(raw_links: pd.DataFrame, instruments: pd.DataFrame) -> list[Problem]:
    known = set(instruments["instrument_id"])
    return [
        _problem(LINKS_FILE, r, "instrument_id", "not an instrument of inventories.xlsx")
        for r in records(raw_links)
        if r["instrument_id"] not in known
    ]


def build(
    raw_eligibility: pd.DataFrame, raw_conditions: pd.DataFrame, raw_links: pd.DataFrame, instruments: pd.DataFrame
) -> tuple[dict[str, pd.DataFrame], pd.Series]:
    """The clean tables ``eligibility``, ``conditions`` and ``links``, and ``nonmarket_access`` per instrument (in
    the order of ``instruments``). Call after :func:`check` found nothing."""
    conditions = raw_conditions.rename(columns={"label": "condition"})[columns("conditions")].reset_index(drop=True)
    eligibility = raw_eligibility.rename(columns={"status": "time_status"}).set_index("instrument_id")
    eligibility = eligibility.loc[instruments["instrument_id"]].reset_index()
    covers = instruments["covers_brussels"].astype(bool).to_numpy()
    eligibility["brussels_asbl"] = eligibility["asbl_access"].where(covers, "outside")
    per_instrument = conditions_of(conditions, instruments)
    merged = eligibility.merge(instruments[["instrument_id", "primary_type"]], on="instrument_id")
    access = pd.Series(
        [nonmarket_access(r, per_instrument.get(r["instrument_id"])) for r in merged.to_dict("records")],
        index=instruments.index,
        name="nonmarket_access",
    )
    links = raw_links.rename(columns={"lines": "source_lines"})[columns("links")].reset_index(drop=True)
    tables = {
        "eligibility": eligibility[columns("eligibility")],
        "conditions": conditions,
        "links": links,
    }
    return tables, access
