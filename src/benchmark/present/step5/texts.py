"""What notebooks 06 and 07 say in prose: the needs, one card per inspiration and the « Constats », each a
:class:`benchmark.present.findings.Finding` (Markdown for the reader, its text guarded by nbval). The wording is in
``texts.fr.toml``; every number comes from the step 5 library and is formatted by ``benchmark.present.formatting``.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

from benchmark.analysis.step5.appraisal import GRADE_LABELS, UNIT_LABELS, appraisal, gap_matrix, scenarios
from benchmark.analysis.step5.decisions import highlight, load_decisions
from benchmark.analysis.step5.equivalents import equivalents
from benchmark.analysis.step5.journey import journey
from benchmark.analysis.money import STATUS_LABELS, cad_sensitivity, report_cad_rates
from benchmark.core.spans import merge_spans
from benchmark.present.findings import Finding
from benchmark.present.formatting import fmt_eur, fmt_lines, french_typography, label, reader_text, render

TEMPLATES = Path(__file__).with_name("texts.fr.toml")
_LINE_REF = re.compile(r"\bL\d+(?:[-–]L\d+)?")


@cache
def templates() -> dict:
    with TEMPLATES.open("rb") as handle:
        return tomllib.load(handle)


def make(key: str, variant: str | None = None, **values) -> Finding:
    entry = templates()[key]
    text = french_typography(render((entry[variant] if variant else entry)["text"], **values).strip())
    return Finding(key if variant is None else f"{key}.{variant}", text, values, tuple(_LINE_REF.findall(text)))


def join(findings: list[Finding], key: str, sep: str = "\n\n") -> Finding:
    return Finding(
        key, sep.join(f.text for f in findings), {}, tuple(dict.fromkeys(line for f in findings for line in f.lines))
    )


def quoted(text: str) -> str:
    """A report quote for Markdown: the extraction's escapes removed, a dollar sign escaped (never maths)."""
    return reader_text(text).replace("$", "\\$")


def full_text(title: str, text: str) -> str:
    """The inspiration as the report writes it: its bold title, then its text."""
    text = (text or "").strip()
    return f"**{title}**{'' if text[:1] in '.,;:' else ' '}{text}"


# --- notebook 06 ---------------------------------------------------------------------------------------------


def needs(tables: dict[str, pd.DataFrame]) -> Finding:
    """The four needs of Part 4, in full."""
    items = [
        make("need", number=i, text=r.text, lines=r.source_lines)
        for i, r in enumerate(tables["needs"].itertuples(), start=1)
    ]
    return join(items, "needs")


def _cost(component: dict) -> str:
    if pd.isna(component["cost_eur"]):
        return "aucun montant par bénéficiaire dans le corps du rapport"
    status = STATUS_LABELS[component["cost_status"]]
    note = component["cost_note"].split(" : ", 1)[1].rsplit(" (", 1)[0] if " : " in component["cost_note"] else ""
    detail = f"{status} : {note}" if note else status
    return f"{fmt_eur(component['cost_eur'])} {UNIT_LABELS.get(component['cost_unit'], '')} ({detail})".replace(
        " (", " (", 1
    )


def card(
    option: pd.Series,
    tables: dict[str, pd.DataFrame],
    decisions: dict[str, pd.DataFrame],
    pairs: pd.DataFrame,
    number: int,
) -> Finding:
    """One inspiration in full: its text, what evidences it (grade, quote, indicative cost), the Brussels
    equivalent with why or why none, who could carry it in Brussels, and the peers' uptake and lessons."""
    rec = tables["recommendations"].set_index("rec_id").loc[option.name]
    links = decisions["components"][decisions["components"]["rec_id"] == option.name].set_index("instrument_id")
    parts = [
        make(
            "card_head",
            number=number,
            title=rec["title"],
            full_text=full_text(rec["title"], rec["text"]),
            lines=rec["source_lines"],
            category=rec["category"],
            sources=rec["sources"],
        )
    ]
    bullets = []
    for c in option["components"]:
        role = "" if c["role"] == "cited" else ", initiative semblable décrite par le rapport"
        bullets.append(
            make(
                "card_component",
                name=c["name"],
                jurisdiction=label(c["jurisdiction"]),
                role=role,
                grade=GRADE_LABELS[c["grade"]],
                quote=quoted(links.at[c["instrument_id"], "quote"]),
                lines=c["lines"],
                cost=_cost(c),
            )
        )
    parts.append(join(bullets, "components", "\n"))
    mine = pairs[pairs["rec_id"] == option.name]
    verdict = option["verdict"]
    if verdict == "equivalent":
        full = mine[mine["verdict"] == "equivalent"].drop_duplicates("brussels_id")
        parts.append(
            make(
                "card_equivalent",
                "equivalent",
                names=option["equivalent_names"],
                lines=merge_spans(*full["source_lines"]),
            )
        )
    elif verdict == "partial":
        parts.append(make("card_equivalent", "partial", partial=" ; ".join(option["partial"])))
    elif verdict == "none":
        names = tables["instruments"].set_index("instrument_id")["name"]
        near = mine[mine["same_stage"] | mine["same_form"]].drop_duplicates("brussels_id").head(3)
        closest = (
            " ; ".join(f"{names[r.brussels_id]} ({r.reason})" for r in near.itertuples())
            or "aucune aide bruxelloise ne sert ces étapes ni ne donne cette forme d'aide"
        )
        parts.append(make("card_equivalent", "none", closest=closest))
    else:
        parts.append(
            make("card_equivalent", "practice", today=option["brussels_today"], lines=option["brussels_today_lines"])
        )
    if option["actors"]:
        parts.append(
            make(
                "card_actors",
                actors=" ; ".join(
                    f"{a['name']}, {a['role'][0].lower()}{a['role'][1:]} ({fmt_lines(a['lines'])})"
                    for a in option["actors"]
                ),
            )
        )
    if option["lessons"]:
        items = "\n".join(
            f"- {lesson['text']} « {quoted(lesson['quote'])} » ({fmt_lines(lesson['lines'])})"
            for lesson in option["lessons"]
        )
        parts.append(make("card_lessons", items=items))
    return join(parts, f"card-{option.name}")


def cards_by_need(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> dict[str, Finding]:
    """The inspiration cards grouped by need (key: need id, then ``""`` for those tied to no need); a card
    tied to two needs appears under each; numbers follow the report's order."""
    options = appraisal(tables, decisions).set_index("rec_id")
    pairs = equivalents(tables, decisions)
    order = {rec: i for i, rec in enumerate(options.index, start=1)}
    groups: dict[str, list[Finding]] = {n: [] for n in tables["needs"]["need_id"]}
    groups[""] = []
    for rec, option in options.iterrows():
        finding = card(option, tables, decisions, pairs, order[rec])
        for need in option["need_ids"] or [""]:
            groups[need].append(finding)
    return {need: join(items, f"cards-{need or 'none'}") for need, items in groups.items()}


def equivalence_summary(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> Finding:
    options = appraisal(tables, decisions)
    counts = options["verdict"].value_counts()
    return make(
        "equivalence_summary",
        total=len(options),
        n_practice=int(counts.get("practice", 0)),
        n_help=int((options["kind"] == "help").sum()),
        n_equivalent=int(counts.get("equivalent", 0)),
        n_partial=int(counts.get("partial", 0)),
        n_none=int(counts.get("none", 0)),
    )


# --- notebook 07 ---------------------------------------------------------------------------------------------


def journey_summary(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> Finding:
    trip = journey(tables, decisions).drop_duplicates("instrument_id")
    bru = trip[trip["jurisdiction"] == "BE-BRU"]
    money = bru.dropna(subset=["max_eur"])
    top = money.sort_values("max_eur").iloc[-1]
    by_id = trip.set_index("instrument_id")

    def at(iid):
        row = by_id.loc[iid]
        return row["max_eur"], UNIT_LABELS[row["award_unit"]], row["max_lines"]

    wal, wal_unit, wal_lines = at(highlight(decisions, "journey_wal"))
    qc2, qc2_unit, qc2_lines = at(highlight(decisions, "journey_qc_plan"))
    qc3, qc3_unit, qc3_lines = at(highlight(decisions, "journey_qc_group"))
    return make(
        "journey_summary",
        n_bru=len(bru),
        n_bru_money=len(money),
        bru_max=top["max_eur"],
        bru_unit=UNIT_LABELS[top["award_unit"]],
        bru_name=top["name"],
        bru_lines=top["max_lines"],
        wal_max=wal,
        wal_unit=wal_unit,
        wal_lines=wal_lines,
        qc2=qc2,
        qc2_unit=qc2_unit,
        qc2_lines=qc2_lines,
        qc3=qc3,
        qc3_unit=qc3_unit,
        qc3_lines=qc3_lines,
    )


def gap_summary(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> Finding:
    gaps = gap_matrix(tables, decisions)
    need3 = gaps[gaps["need_id"] == highlight(decisions, "gap_need")]
    peers = list(dict.fromkeys(p.rsplit(" (", 1)[0] for p in need3["peers"].explode().dropna()))
    return make(
        "gap_summary",
        n_cells=len(gaps),
        n_gaps=int(gaps["gap"].sum()),
        peers=peers,
        lines=merge_spans(*need3["source_lines"]),
    )


def scenario_lines(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> Finding:
    table = scenarios(tables, decisions)
    return join(
        [
            make("scenario", label=r.label, value=r.value_eur, formula=r.formula, lines=r.source_lines)
            for r in table.itertuples()
        ],
        "scenarios",
        "\n",
    )


def sensitivity(
    tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame] | None = None
) -> tuple[Finding, pd.DataFrame]:
    """The CAD → EUR sensitivity of the comparisons declared in ``step5_comparisons.csv``, and its table."""
    decisions = decisions if decisions is not None else load_decisions(tables)
    pairs = decisions["comparisons"]
    table = cad_sensitivity(tables["amounts"], list(zip(pairs["cad_amount_id"], pairs["eur_amount_id"])))
    rates = report_cad_rates(tables["amounts"])
    v3 = table[table["cad_amount_id"] == highlight(decisions, "sensitivity_ceiling")].iloc[0]
    same = int(table["same_conclusion"].sum())
    finding = make(
        "sensitivity",
        low=rates.iloc[0]["rate"],
        low_lines=rates.iloc[0]["source_lines"],
        high=rates.iloc[-1]["rate"],
        high_lines=rates.iloc[-1]["source_lines"],
        v3_low=v3["eur_at_low_rate"],
        v3_high=v3["eur_at_high_rate"],
        same=same,
        total=len(table),
        verb="garde" if same < 2 else "gardent",
    )
    return finding, table
