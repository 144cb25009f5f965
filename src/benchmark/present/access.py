"""What an ASBL can obtain, as readers see it: the tables and short texts every page uses to say who can use an aid,
on what terms and until when, read from the eligibility model (``benchmark.analysis.eligibility``). An amount shown
as something an organisation can get always has its conditions beside it, and says what kind of ceiling it is."""

from __future__ import annotations

import pandas as pd

from benchmark.analysis import eligibility
from benchmark.analysis.money import Figure
from benchmark.core.french import MISSING, fmt_eur, fmt_list
from benchmark.present.formatting import ReaderTable, label, reader_table

BRUSSELS = eligibility.BRUSSELS
# The report is an interim report of February 2024: what a page says of an offer's time is said of that date.
REPORT_DATE = "février 2024"


def years(row) -> str:
    """« 2022–2023 », « depuis 2017 », « jusqu'en 2025 », or empty."""
    start, end = row.get("start_year"), row.get("end_year")
    start = None if start is None or pd.isna(start) else int(start)
    end = None if end is None or pd.isna(end) else int(end)
    if start and end:
        return str(start) if start == end else f"{start}–{end}"
    if start:
        return f"depuis {start}"
    if end:
        return f"jusqu'en {end}"
    return ""


def status_text(row) -> str:
    """What the report (February 2024) says of the offer's time, short: « Terminée (2023) », « Récurrente »."""
    text = label(row["time_status"], "time_status")
    when = years(row)
    return f"{text} ({when})" if when else text


def ceiling_text(figure: Figure | None, ceiling_class: str | None) -> str:
    """« 20 000 € pour une organisation, par projet » with its status when not stated: « 15 000 € (dérivé :
    1 900 € + 5 700 € + 7 400 €) »; « — » without a ceiling."""
    if figure is None or ceiling_class is None:
        return MISSING
    return f"{_amount(figure)} — {label(ceiling_class, 'ceiling_class').lower()}"


def conditions_text(conditions: list[str]) -> str:
    """The conditions in plain words, or « aucune condition indiquée »."""
    return fmt_list(conditions, "et") if conditions else "aucune condition indiquée"


def obtainable_table(tables: dict[str, pd.DataFrame], jurisdiction: str = BRUSSELS, caption: str = "") -> ReaderTable:
    """The aids an ASBL of ``jurisdiction`` can obtain for its own digitalisation, outright then under conditions,
    each with its conditions, ceiling and what the report says of its time."""
    frame = eligibility.obtainable(tables, jurisdiction)
    column = "brussels_asbl" if jurisdiction == BRUSSELS else "asbl_access"
    frame = frame.assign(
        answer=frame[column].map(lambda a: label(a, "asbl_access")),
        conditions_words=frame["conditions"].map(lambda c: conditions_text(c) if c else MISSING),
        ceiling_words=[ceiling_text(f, c) for f, c in zip(frame["ceiling"], frame["ceiling_class"])],
        status_words=[status_text(r) for r in frame.to_dict("records")],
        _o=frame[column].map({"yes": 0, "conditional": 1}),
    ).sort_values(["_o", "name"], kind="stable")
    return reader_table(
        frame,
        columns={
            "name": "Aide",
            "jurisdiction": "Juridiction",
            "primary_type": "Forme",
            "answer": "Une ASBL peut l'obtenir",
            "conditions_words": "Conditions",
            "ceiling_words": "Plafond",
            "status_words": f"Dans le rapport ({REPORT_DATE})",
            "source_lines": "Lignes",
        },
        formats={"jurisdiction": "code", "primary_type": "code", "source_lines": "lines"},
        caption=caption,
    )


def ceilings_table(tables: dict[str, pd.DataFrame], caption: str = "") -> ReaderTable:
    """Every ceiling per beneficiary, grouped by what it is the ceiling of (never one ranking across classes), and
    largest first within a class; each with whether an ASBL of its territory can obtain it and on what terms."""
    frame = eligibility.comparable_ceilings(tables, classes=eligibility.CEILING_CLASSES)
    order = {c: i for i, c in enumerate(eligibility.CEILING_CLASSES)}
    frame = frame.assign(
        _o=frame["ceiling_class"].map(order),
        ceiling_words=[_amount(f) for f in frame["ceiling"]],
        answer=frame["asbl_access"].map(lambda a: label(a, "asbl_access")),
        conditions_words=frame["conditions"].map(lambda c: conditions_text(c) if c else MISSING),
    ).sort_values(["_o", "ceiling_eur", "name"], ascending=[True, False, True], kind="stable")
    return reader_table(
        frame,
        columns={
            "ceiling_class": "Plafond de quoi",
            "name": "Aide",
            "jurisdiction": "Juridiction",
            "ceiling_words": "Plafond",
            "answer": "Une ASBL peut l'obtenir",
            "conditions_words": "Conditions",
        },
        formats={"jurisdiction": "code", "ceiling_class": "code"},
        caption=caption,
    )


def _amount(figure: Figure | None) -> str:
    """« 13 551 € », « 15 000 € (dérivé : 1 900 € + 5 700 € + 7 400 €) », « 84,70 € (converti : …) »."""
    if figure is None:
        return MISSING
    value = fmt_eur(figure.value)
    return value if figure.status == "stated" else f"{value} ({figure.note.rsplit(' (', 1)[0]})"


def peer_table(
    tables: dict[str, pd.DataFrame], jurisdictions: tuple[str, ...] | None = None, caption: str = ""
) -> ReaderTable:
    """Each jurisdiction for an ASBL of its territory: instruments, aids it can obtain (of which under conditions),
    stages they cover, and the largest ceiling one organisation can obtain per project with that aid's conditions."""
    profile = eligibility.peer_profile(tables, jurisdictions)
    profile = profile.assign(
        ceiling_words=[
            f"{ceiling_text(f, k)} ({n} ; {conditions_text(c)})" if f is not None else MISSING
            for f, k, n, c in zip(
                profile["ceiling"], profile["ceiling_class"], profile["ceiling_name"], profile["ceiling_conditions"]
            )
        ]
    )
    return reader_table(
        profile,
        columns={
            "jurisdiction": "Juridiction",
            "instruments": "Instruments",
            "obtainable": "Aides qu'une ASBL du territoire peut obtenir",
            "conditional": "Dont sous conditions",
            "nonmarket": "Dont réservées au non-marchand",
            "stages_covered": "Étapes couvertes par ces aides",
            "ceiling_words": "Plafond le plus élevé pour une organisation (aide ; conditions)",
            "cofunding_min": "Cofinancement min.",
            "cofunding_max": "Cofinancement max.",
        },
        formats={"jurisdiction": "code", "cofunding_min": "pct", "cofunding_max": "pct"},
        index=True,
        caption=caption,
    )


def stage_table(tables: dict[str, pd.DataFrame], jurisdiction: str = BRUSSELS, caption: str = "") -> ReaderTable:
    """Per stage, the aids an ASBL of ``jurisdiction`` can obtain outright and under conditions."""
    table = eligibility.by_stage(tables, jurisdiction)
    return reader_table(
        table,
        columns={"stage": "Étape", "outright": "Sans condition", "conditional": "Sous conditions"},
        formats={"stage": "code"},
        index=True,
        caption=caption,
    )
