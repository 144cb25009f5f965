"""``benchmark clean``: from ``data/raw/`` to the validated clean tables, with the account of every raw row."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from benchmark import registry
from benchmark.clean import decisions, eligibility, schemas
from benchmark.clean.amounts import (
    AMOUNT_COLUMNS,
    ANNEX_SUFFIX,
    RATE_COLUMNS,
    Rates,
    amounts_from_sheet,
    cite_one_source,
    derive_instrument_money,
    id_problems,
    ordered,
    read_left_out,
    read_symbols,
)
from benchmark.clean.annex import COLUMNS as ANNEX_COLUMNS
from benchmark.clean.annex import annex_frame, parse_annex_lines, split_domains
from benchmark.clean.instruments import build_instruments, inventory_periods
from benchmark.clean.recommendations import build_needs, build_recommendations
from benchmark.clean.source_issues import (
    classification_issues,
    contradiction_issues,
    conversion_issues,
    count_issues,
    empty_link_issues,
    extraction_issues,
    magnitude_issues,
    number_issues,
    period_issues,
    spelling_issues,
    unit_issues,
)
from benchmark.core.errors import DataError, Problem
from benchmark.core.parsing import (
    ImpossibleDateError,
    ParseError,
    clean_text,
    fold_text,
    parse_amount,
    parse_period,
    records,
)
from benchmark.core.spans import merge_spans
from benchmark.ingest.quotes import locator_problems, paired, quote_problems
from benchmark.ingest.raw import (
    AMOUNTS_SHEET,
    ANNEX_FILE,
    ANNEX_FIRST_LINE,
    ANNEX_REGIONS_FILE,
    ANNEX_ROWS_FILE,
    INVENTORY_FILE,
    RawSources,
    load_raw,
)
from benchmark.ingest.raw import ANNEX_TABLE_LINES as ANNEX_LINES
from benchmark.ingest.sources import load_sources, source_texts_table, sources_table
from benchmark.registry.codes import NAME_SIMILARITY

# Column orders come from the registry (benchmark.registry).
ANNEX_OUT_COLUMNS = registry.columns("annex_i")
ISSUE_COLUMNS = registry.columns("source_issues")
RECOMMENDATION_COLUMNS = registry.columns("recommendations")


@dataclass
class CleanResult:
    tables: dict[str, pd.DataFrame]
    conservation: pd.DataFrame
    rejects: pd.DataFrame
    corrections: list[str] = field(default_factory=list)
    package: dict = field(default_factory=dict)  # data/raw/package.toml: the datapackage's title and licence

    def extras(self) -> dict[str, pd.DataFrame]:
        """The tables written beside the contract's: the account of every raw row. (The step 5 table is written
        after clean by ``benchmark.analysis.step5.write_step5``: cleaning never imports the analysis layer.)"""
        return {"conservation": self.conservation, "rejects": self.rejects}


def _apply_corrections(annex: pd.DataFrame, declared: pd.DataFrame, problems: list[Problem]) -> list[dict]:
    """Apply the corrections declared in ``source_problems.csv`` to Annex I cells; each must still match."""
    applied = []
    for c in declared[declared["correction_target"] == "annex_i"].to_dict("records"):
        hit = annex.index[annex["instrument_id"] == c["instrument_id"]]
        if len(hit) != 1 or c["field"] not in ANNEX_COLUMNS:
            column = "instrument_id" if len(hit) != 1 else "field"
            problems.append(
                Problem(
                    c["_file"],
                    "correction_target annex_i: no Annex I row has this instrument_id (annex_i_rows.csv)"
                    if column == "instrument_id"
                    else f"correction_target annex_i: not a column of Annex I ({', '.join(ANNEX_COLUMNS)})",
                    row=c["_row"],
                    column=column,
                    value=c[column],
                )
            )
            continue
        current = annex.at[hit[0], c["field"]]
        if current != c["correction_from"]:
            problems.append(
                Problem(
                    c["_file"],
                    f"correction_from no longer matches the source cell {current!r}",
                    row=c["_row"],
                    column="correction_from",
                    value=c["correction_from"],
                )
            )
            continue
        annex.at[hit[0], c["field"]] = c["correction_to"]
        applied.append(c)
    return applied


def _row_mapping_problems(mapping: pd.DataFrame, annex: pd.DataFrame) -> list[Problem]:
    """``annex_i_rows.csv`` must give exactly one row to each logical row of Annex I: a row it leaves out, one it
    gives twice and one Annex I does not have are each named."""
    problems = []
    declared = mapping["annex_row"].tolist()
    for r in mapping[mapping["annex_row"].duplicated(keep="first")].to_dict("records"):
        problems.append(
            Problem(
                ANNEX_ROWS_FILE,
                "this annex_row is declared twice",
                row=r["_row"],
                column="annex_row",
                value=r["annex_row"],
            )
        )
    for r in mapping[~mapping["annex_row"].isin(annex["annex_row"])].to_dict("records"):
        problems.append(
            Problem(
                ANNEX_ROWS_FILE,
                f"Annex I has no logical row {r['annex_row']} (it has {len(annex)}, numbered from 1)",
                row=r["_row"],
                column="annex_row",
                value=r["annex_row"],
            )
        )
    for r in annex[~annex["annex_row"].isin(declared)].itertuples():
        problems.append(
            Problem(
                ANNEX_ROWS_FILE,
                f"Annex I row {r.annex_row} « {clean_text(r.name)} » ({r.source_lines}) has no row here: add one "
                f"with its instrument_id",
                column="annex_row",
                value=r.annex_row,
            )
        )
    return problems


def _annex_table(raw: RawSources, rates: Rates, problems: list[Problem]):
    """Annex I logical rows, cleaned and linked, plus their budgets as amounts and their date issues."""
    expected = ANNEX_LINES[1] - ANNEX_LINES[0] + 1
    if len(raw.annex_lines) != expected:
        problems.append(
            Problem(
                ANNEX_FILE,
                f"holds {len(raw.annex_lines)} lines, but Annex I's table is L{ANNEX_LINES[0]}–L{ANNEX_LINES[1]} of "
                f"the report ({expected} lines): copy exactly those lines (benchmark.ingest.raw.ANNEX_TABLE_LINES)",
                value=len(raw.annex_lines),
            )
        )
        return None, [], [], [], None
    parse = parse_annex_lines(raw.annex_lines, problems)
    annex = annex_frame(parse)
    mapping = raw.annex_rows.copy()
    mapping["annex_row"] = mapping["annex_row"].astype(int)
    mismatch = _row_mapping_problems(mapping, annex)
    if mismatch:
        problems += mismatch
        return None, [], [], [], parse
    annex = annex.merge(
        mapping[["annex_row", "name", "instrument_id", "budget_kind", "domains", "_row"]].rename(
            columns={"name": "_declared_name", "domains": "_declared_domains"}
        ),
        on="annex_row",
    )
    original_dates = dict(zip(annex["instrument_id"], annex["date_raw"]))  # what the rules see
    applied = _apply_corrections(annex, raw.problems, problems)
    amounts, issues, table_rows = [], [], []
    for r in annex.to_dict("records"):
        name = clean_text(r["name"])
        if name != r["_declared_name"]:
            problems.append(
                Problem(
                    ANNEX_ROWS_FILE,
                    f"name does not match Annex I row {r['annex_row']} « {name} »",
                    row=r["_row"],
                    column="name",
                    value=r["_declared_name"],
                )
            )
        domains = split_domains(r["domains"], r["_declared_domains"])
        if domains is None:
            problems.append(
                Problem(
                    ANNEX_ROWS_FILE,
                    f"declared domains do not reproduce the Annex I cell word for word: « {clean_text(r['domains'])} »",
                    row=r["_row"],
                    column="domains",
                    value=r["_declared_domains"],
                )
            )
            domains = []
        try:
            parse_period(original_dates[r["instrument_id"]])
        except ImpossibleDateError:
            issues.append(
                dict(
                    kind="impossible_date",
                    instrument_id=r["instrument_id"],
                    field="date_raw",
                    detail=f"période « {original_dates[r['instrument_id']]} » ({r['source_lines']}) : une année "
                    "n'a pas quatre chiffres ; années laissées vides",
                    source_lines=r["source_lines"],
                )
            )
        except ParseError:
            pass  # reported below, on the value actually used
        try:
            period = parse_period(r["date_raw"])
            start, end = period.start, period.end
        except ImpossibleDateError:
            start = end = None
        except ParseError as exc:
            problems.append(
                Problem(
                    ANNEX_FILE,
                    str(exc),
                    row=int(r["source_lines"].split(";")[0][1:]),
                    column="Date",
                    value=r["date_raw"],
                )
            )
            start = end = None
        budget = None
        try:
            parsed = parse_amount(clean_text(r["means_raw"]))
        except ParseError as exc:
            problems.append(
                Problem(
                    ANNEX_FILE,
                    str(exc),
                    row=int(r["source_lines"].split(";")[0][1:]),
                    column="Moyens",
                    value=r["means_raw"],
                )
            )
            parsed = None
        currency = rates.currency_of(parsed.money.currency) if parsed is not None and parsed.money else None
        if parsed is not None and parsed.money is not None and currency is None:
            problems.append(
                Problem(
                    ANNEX_FILE,
                    rates.unknown_currency(parsed.money.currency),
                    row=int(r["source_lines"].split(";")[0][1:]),
                    column="Moyens",
                    value=clean_text(r["means_raw"]),
                )
            )
            parsed = None
        if parsed is not None and parsed.money is not None and currency is not None:
            if not r["budget_kind"]:
                problems.append(
                    Problem(
                        ANNEX_ROWS_FILE,
                        "Annex I row has a money amount: declare its budget_kind",
                        row=r["_row"],
                        column="budget_kind",
                        value=clean_text(r["means_raw"]),
                    )
                )
            budget = rates.to_eur(parsed.money.value, currency)
            amounts.append(
                dict(
                    amount_id=f"{r['instrument_id']}{ANNEX_SUFFIX}",
                    instrument_id=r["instrument_id"],
                    kind=r["budget_kind"],
                    value=parsed.money.value,
                    currency=currency,
                    value_eur=budget,
                    stated_eur=parsed.money.stated_eur,
                    text=clean_text(r["means_raw"]),
                    source_lines=r["source_lines"].split(";")[0],
                    origin="annex_i",
                )
            )
        elif r["budget_kind"] and parsed is not None:  # an unreadable or unconvertible cell is reported above
            problems.append(
                Problem(
                    ANNEX_ROWS_FILE,
                    "budget_kind declared but the Moyens cell holds no money amount",
                    row=r["_row"],
                    column="budget_kind",
                    value=r["budget_kind"],
                )
            )
        # date_raw keeps the cell as the report writes it; a declared correction stands in its own column
        corrected = clean_text(r["date_raw"]) if r["date_raw"] != original_dates[r["instrument_id"]] else None
        table_rows.append(
            dict(
                annex_row=r["annex_row"],
                region=r["region"],
                name=name,
                date_raw=clean_text(original_dates[r["instrument_id"]]),
                date_corrected=corrected,
                description=clean_text(r["description"]),
                domains=domains,
                means_raw=clean_text(r["means_raw"]),
                objectives=clean_text(r["objectives"]),
                target_public=clean_text(r["target_public"]),
                start_year=start,
                end_year=end,
                budget_eur=budget,
                budget_kind=r["budget_kind"] if budget is not None else None,
                instrument_id=r["instrument_id"],
                source_lines=r["source_lines"],
            )
        )
    table = pd.DataFrame.from_records(table_rows, columns=ANNEX_OUT_COLUMNS)
    for col in ("start_year", "end_year"):
        table[col] = pd.array(table[col].astype("Float64"), dtype="Int64")
    return table, amounts, issues, applied, parse


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold_text(text)))


def _same_name(a: str, b: str) -> bool:
    """One instrument's names: one contains the other, or they are close in spelling."""
    fa, fb = _words(a), _words(b)
    return fa in fb or fb in fa or difflib.SequenceMatcher(None, fa, fb).ratio() >= NAME_SIMILARITY


def _same_instrument_problems(raw: RawSources, annex: pd.DataFrame) -> list[Problem]:
    """An id the Annex I mapping gives to a row whose name shares no word with the inventory's names for
    that id: two sources give one id to different instruments."""
    problems = []
    inventory = raw.inventories.set_index("instrument_id")
    mapping_rows = dict(zip(raw.annex_rows["instrument_id"], raw.annex_rows["_row"]))
    for r in annex.itertuples():
        if r.instrument_id not in inventory.index:
            continue
        inv = inventory.loc[r.instrument_id]
        names = [inv["name"], *(inv["other_names"] or "").split(" | ")]
        if not any(_same_name(r.name, n) for n in names if n):
            problems.append(
                Problem(
                    ANNEX_ROWS_FILE,
                    f"instrument_id names « {inv['name']} » in inventories.xlsx "
                    f"(sheet {inv['_sheet']} row {inv['_row']}) but Annex I row {r.annex_row} is "
                    f"« {r.name} »: two sources give one id to different instruments",
                    row=mapping_rows.get(r.instrument_id),
                    column="instrument_id",
                    value=r.instrument_id,
                )
            )
    return problems


def _names(raw: RawSources, annex: pd.DataFrame) -> pd.DataFrame:
    """Every name an instrument is given (inventory name, other names, Annex I name) with its lines."""
    rows = []
    for r in records(raw.inventories, ("instrument_id", "name", "name_lines", "other_names", "other_names_lines")):
        rows.append(dict(instrument_id=r["instrument_id"], name=r["name"], lines=r["name_lines"]))
        for other, lines in paired(r["other_names"], r["other_names_lines"]) if r["other_names"] else []:
            if other.strip():
                rows.append(dict(instrument_id=r["instrument_id"], name=other.strip(), lines=merge_spans(lines)))
    for r in annex.itertuples():
        rows.append(dict(instrument_id=r.instrument_id, name=r.name, lines=r.source_lines.split(";")[0]))
    return pd.DataFrame.from_records(rows)


def clean(raw_dir: Path) -> CleanResult:
    """Read, parse, merge and validate; raise ``DataError`` with every located problem, else return tables."""
    raw = load_raw(raw_dir)
    problems: list[Problem] = []
    source_registry = load_sources(raw.raw_dir, raw.source_meta, problems)
    if source_registry is None:
        raise DataError(problems)
    symbols = read_symbols(raw.raw_dir, raw.currency, problems)
    if symbols is None:
        raise DataError(problems)
    problems += locator_problems(source_registry, symbols, ("lines",))  # lines the report has, like every locator
    rates = Rates.from_frame(raw.currency, symbols)

    annex, annex_amounts, annex_issues, applied, parse = _annex_table(raw, rates, problems)
    if annex is None:
        raise DataError(problems)
    inventory_ids = set(raw.inventories["instrument_id"])
    for r in raw.annex_rows.to_dict("records"):
        if r["instrument_id"] not in inventory_ids:
            problems.append(
                Problem(
                    ANNEX_ROWS_FILE,
                    "instrument_id has no row in inventories.xlsx",
                    row=r["_row"],
                    column="instrument_id",
                    value=r["instrument_id"],
                )
            )

    problems += _same_instrument_problems(raw, annex)
    declared_regions = set(raw.annex_regions["region"])
    for r in annex.drop_duplicates("region").itertuples():
        if r.region not in declared_regions:
            problems.append(
                Problem(
                    ANNEX_REGIONS_FILE,
                    f"Annex I region heading has no row here (it heads Annex I from {r.source_lines.split(';')[0]}): "
                    "declare the jurisdiction it stands for",
                    column="region",
                    value=r.region,
                )
            )
    periods = inventory_periods(raw.inventories, problems)
    sheet_amounts, rate_rows = amounts_from_sheet(raw.amounts, rates, problems)
    recommendations, format_issues = build_recommendations(raw.inspirations, raw.part4_map, problems)
    for r in raw.part4_map.to_dict("records"):
        if r["instrument_id"] not in inventory_ids:
            problems.append(
                Problem(
                    r["_file"],
                    "instrument_id has no row in inventories.xlsx",
                    row=r["_row"],
                    column="instrument_id",
                    value=r["instrument_id"],
                )
            )
    report_id = source_registry.report.source_id
    for rows in (sheet_amounts + annex_amounts, rate_rows):
        problems += id_problems(
            rows, "amount_id" if rows is not rate_rows else "rate_id", INVENTORY_FILE, AMOUNTS_SHEET
        )
        cite_one_source(rows, report_id, INVENTORY_FILE, AMOUNTS_SHEET, problems)
    left_out = read_left_out(raw.raw_dir, problems)
    problems += quote_problems(
        raw, source_registry, left_out
    )  # a quote not at its lines stops the run before any table is built
    if problems:
        raise DataError(problems)

    amounts = ordered(sheet_amounts + annex_amounts, AMOUNT_COLUMNS)
    rates_table = ordered(rate_rows, RATE_COLUMNS)
    amount_lines: dict[str, list[str]] = {}  # a plain dict: a pandas group per instrument costs ~0.1 ms each
    for table in (amounts, rates_table):
        for instrument_id, lines in zip(table["instrument_id"].tolist(), table["source_lines"].tolist()):
            amount_lines.setdefault(instrument_id, []).append(lines)
    instruments = build_instruments(raw.inventories, periods, annex, amount_lines)
    money = derive_instrument_money(amounts, rates_table, instruments[["instrument_id", "start_year", "end_year"]])
    instruments = instruments.merge(money, on="instrument_id", how="left")[registry.columns("instruments")]
    problems += eligibility.check(raw.eligibility, raw.conditions, instruments)
    problems += eligibility.links_problems(raw.links, instruments)
    if problems:
        raise DataError(problems)
    eligibility_tables, access = eligibility.build(raw.eligibility, raw.conditions, raw.links, instruments)
    instruments["nonmarket_access"] = access

    jurisdiction_of = dict(zip(instruments["instrument_id"], instruments["jurisdiction"]))
    region_map = dict(zip(raw.annex_regions["region"], raw.annex_regions["jurisdiction"]))
    annex_periods = annex[["instrument_id", "start_year", "end_year", "source_lines"]].rename(
        columns={"source_lines": "lines"}
    )
    found = (
        conversion_issues(amounts, rates)
        + contradiction_issues(amounts)
        + annex_issues
        + format_issues
        + period_issues(periods, annex_periods)
        + spelling_issues(_names(raw, annex))
        + classification_issues(annex, region_map, jurisdiction_of)
        + extraction_issues(parse.fixes if parse is not None else [])
        + empty_link_issues(source_registry.report_lines)
        + count_issues(source_registry.report_lines)
        + unit_issues(amounts)
        + magnitude_issues(amounts, instruments)
    )
    for issue in found:
        issue.update(found_by="rule", correction=None)
    corrected = {(c["instrument_id"], c["field"]): f"{c['correction_from']} → {c['correction_to']}" for c in applied}
    for issue in found:
        key = (issue["instrument_id"], issue["field"])
        if issue["kind"] == "impossible_date" and key in corrected:
            issue["correction"] = corrected[key]
            issue["detail"] = issue["detail"].replace("années laissées vides", "corrigée comme déclaré")
    # A declared correction of something a rule finds is carried by the rule's issue, not published twice.
    carried = {(i["instrument_id"], i["field"]) for i in found if i["correction"]}
    merged = [
        p
        for p in raw.problems.to_dict("records")
        if p["correction_target"] and (p["instrument_id"], p["field"]) in carried
    ]
    reader = [
        dict(
            issue_id=p["problem_id"],
            kind=p["kind"],
            instrument_id=p["instrument_id"],
            field=p["field"],
            detail=p["detail"],
            source_lines=p["lines"],
            found_by="reader",
            correction=(f"{p['correction_from']} → {p['correction_to']}" if p["correction_target"] else None),
        )
        for p in raw.problems.to_dict("records")
        if p not in merged
    ]
    issues = number_issues(found + reader)[ISSUE_COLUMNS]

    tables = {
        "instruments": instruments,
        "annex_i": annex,
        "amounts": amounts,
        "rates": rates_table,
        "recommendations": recommendations[RECOMMENDATION_COLUMNS],
        "needs": build_needs(raw.needs),
        "source_issues": issues,
        "sources": sources_table(source_registry),
        "source_texts": source_texts_table(source_registry),
        **eligibility_tables,
    }
    problems += decisions.check(raw.decisions, tables, report_id)
    if problems:
        raise DataError(problems)
    tables.update(decisions.build(raw.decisions))
    schemas.validate_tables(tables, raw)
    conservation, rejects = account(raw, parse, tables, sheet_amounts, rate_rows, merged)
    schemas.validate_tables({"conservation": conservation, "rejects": rejects})
    corrections = [
        f"{c['instrument_id']} {c['field']}: {c['correction_from']!r} → {c['correction_to']!r} "
        f"({c['lines']}; {c['justification']})"
        for c in applied
    ]
    from benchmark.registry.datapackage import read_package_meta  # the package's licence: a decision of data/raw/

    return CleanResult(
        tables=tables,
        conservation=conservation,
        rejects=rejects,
        corrections=corrections,
        package=read_package_meta(raw.raw_dir),
    )


def account(raw: RawSources, parse, tables, sheet_amounts, rate_rows, merged=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw rows in = clean rows + rejected rows, for every source (and the rejects with their reason)."""
    rejects = [
        dict(
            source="source_problems.csv",
            location=f"row {p['_row']} ({p['problem_id']})",
            reason="correction carried by the rule-found issue of the same instrument and field",
        )
        for p in merged
    ]
    for offset, line in enumerate(raw.annex_lines):
        lineno = ANNEX_FIRST_LINE + offset
        if offset == 0:
            rejects.append(dict(source=ANNEX_FILE, location=f"L{lineno}", reason="table header, not an initiative"))
        elif not line.strip():
            rejects.append(dict(source=ANNEX_FILE, location=f"L{lineno}", reason="blank line between rows or pages"))
        elif set(line.replace("\t", "")) <= {"-"}:
            rejects.append(dict(source=ANNEX_FILE, location=f"L{lineno}", reason="closing '--' row of the table"))
    roles = parse.line_roles
    amount_rows_used = {r["_row"] for r in sheet_amounts} | {r["_row"] for r in rate_rows}
    rows = [
        dict(
            source="inventories.xlsx (jurisdiction sheets)",
            raw_rows=len(raw.inventories),
            clean_rows=len(tables["instruments"]),
            rejected_rows=0,
            clean_table="instruments",
        ),
        dict(
            source="inventories.xlsx (amounts sheet)",
            raw_rows=len(raw.amounts),
            clean_rows=len(amount_rows_used),
            rejected_rows=len(raw.amounts) - len(amount_rows_used),
            clean_table="amounts; rates",
        ),
        dict(
            source=f"{ANNEX_FILE} (lines)",
            raw_rows=len(raw.annex_lines),
            clean_rows=roles["row"] + roles["continuation"],
            rejected_rows=sum(r["source"] == ANNEX_FILE for r in rejects),
            clean_table="annex_i (continuation lines merged into their row)",
        ),
        dict(
            source="part4_inspirations.csv",
            raw_rows=len(raw.inspirations),
            clean_rows=len(tables["recommendations"]),
            rejected_rows=0,
            clean_table="recommendations",
        ),
        dict(
            source="part4_needs.csv",
            raw_rows=len(raw.needs),
            clean_rows=len(tables["needs"]),
            rejected_rows=0,
            clean_table="needs",
        ),
        dict(
            source="sources.csv",
            raw_rows=len(tables["sources"]),
            clean_rows=len(tables["sources"]),
            rejected_rows=0,
            clean_table="sources",
        ),
        dict(
            source="sources/ (lines of the kept copies)",
            raw_rows=len(tables["source_texts"]),
            clean_rows=len(tables["source_texts"]),
            rejected_rows=0,
            clean_table="source_texts",
        ),
        dict(
            source="source_problems.csv",
            raw_rows=len(raw.problems),
            clean_rows=int((tables["source_issues"]["found_by"] == "reader").sum()),
            rejected_rows=len(merged),
            clean_table="source_issues",
        ),
        *(
            dict(source=file, raw_rows=len(frame), clean_rows=len(tables[table]), rejected_rows=0, clean_table=table)
            for file, frame, table in (
                ("eligibility.csv", raw.eligibility, "eligibility"),
                ("eligibility_conditions.csv", raw.conditions, "conditions"),
                ("instrument_links.csv", raw.links, "links"),
                *((f"{name}.csv", frame, name) for name, frame in raw.decisions.items()),
            )
        ),
    ]
    conservation = pd.DataFrame(rows)
    conservation["balanced"] = conservation["raw_rows"] == conservation["clean_rows"] + conservation["rejected_rows"]
    if not conservation["balanced"].all():
        bad = conservation[~conservation["balanced"]].to_dict("records")
        raise DataError(
            [
                Problem(
                    b["source"],
                    f"rows lost: {b['raw_rows']} in, {b['clean_rows']} clean, {b['rejected_rows']} rejected",
                )
                for b in bad
            ]
        )
    return conservation, pd.DataFrame(rejects, columns=["source", "location", "reason"])
