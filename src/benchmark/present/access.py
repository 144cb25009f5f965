"""What an ASBL can obtain, as readers see it: the tables and short texts every page uses to say who can use an aid,
on what terms and until when, read from the eligibility model (``benchmark.analysis.eligibility``). An amount shown
as something an organisation can get always has its conditions beside it, and says what kind of ceiling it is.

Each table takes a notebook's ``selection`` (``benchmark.analysis.selection.Selection``; ``None``: the published
choice): its stages, types and counting level narrow the aids; a table about one jurisdiction's ASBL is a sentence
when that jurisdiction is not chosen, and a table with no aid left is a sentence, never headings over nothing."""

from __future__ import annotations

import pandas as pd

from benchmark.analysis import eligibility
from benchmark.analysis.comparisons import requires
from benchmark.analysis.money import Figure
from benchmark.analysis.selection import Selection, resolve
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


def _focus_words(selection: Selection) -> str:
    """« pour l'étape Diagnostic », « pour les types choisis »… : what a selection narrows, for an empty sentence."""
    parts = []
    if not selection.all_stages:
        stages = fmt_list([label(s).lower() for s in selection.stages])
        parts.append(f"pour l'étape {stages}" if len(selection.stages) == 1 else f"pour les étapes {stages}")
    if not selection.all_types:
        types = fmt_list([label(t).lower() for t in selection.types])
        parts.append(f"de type {types}")
    return " ".join(parts)


def nothing_obtainable(jurisdiction: str, selection: Selection | None = None) -> str:
    """The sentence shown instead of an empty list of what an ASBL of ``jurisdiction`` can obtain."""
    focus = _focus_words(resolve(selection))
    return (
        f"{label(jurisdiction)} : le rapport ne décrit aucune aide qu'une ASBL puisse obtenir elle-même pour sa "
        f"digitalisation{' ' + focus if focus else ''}."
    )


def obtainable_table(
    tables: dict[str, pd.DataFrame],
    jurisdiction: str = BRUSSELS,
    caption: str = "",
    selection: Selection | None = None,
) -> ReaderTable:
    """The aids an ASBL of ``jurisdiction`` can obtain for its own digitalisation, outright then under conditions,
    each with its conditions, ceiling and what the report says of its time. With a ``selection``: its stages,
    types and level; a sentence when ``jurisdiction`` is not chosen, or when the ASBL can obtain nothing."""
    selection = resolve(selection)
    frame = requires(eligibility.obtainable(tables, jurisdiction, selection=selection), jurisdiction, selection)
    column = eligibility.answer_column(jurisdiction)
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
        empty="" if frame.attrs.get("requires") else nothing_obtainable(jurisdiction, selection),
    )


def ceilings_table(
    tables: dict[str, pd.DataFrame], caption: str = "", selection: Selection | None = None
) -> ReaderTable:
    """Every ceiling per beneficiary, grouped by what it is the ceiling of (never one ranking across classes), and
    largest first within a class; each with whether an ASBL of its territory can obtain it and on what terms. With
    a ``selection``: the ceilings of its jurisdictions, stages and types; the chosen jurisdictions without any
    ceiling are named under the table."""
    selection = resolve(selection)
    frame = eligibility.comparable_ceilings(tables, classes=eligibility.CEILING_CLASSES, selection=selection)
    frame.attrs["no_data"] = selection.without_data(frame["jurisdiction"]) if not selection.all_jurisdictions else []
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
        empty="Aucune aide de cette sélection n'indique de plafond par bénéficiaire.",
    )


def _amount(figure: Figure | None) -> str:
    """« 13 551 € », « 15 000 € (dérivé : 1 900 € + 5 700 € + 7 400 €) », « 84,70 € (converti : …) »."""
    if figure is None:
        return MISSING
    value = fmt_eur(figure.value)
    return value if figure.status == "stated" else f"{value} ({figure.note.rsplit(' (', 1)[0]})"


def peer_table(
    tables: dict[str, pd.DataFrame],
    jurisdictions: tuple[str, ...] | None = None,
    caption: str = "",
    selection: Selection | None = None,
) -> ReaderTable:
    """Each jurisdiction for an ASBL of its territory: instruments, aids it can obtain (of which under conditions),
    stages they cover, and the largest ceiling one organisation can obtain per project with that aid's conditions.
    ``jurisdictions`` (else the ``selection``'s) are the rows; a chosen one without instruments is named below."""
    profile = eligibility.peer_profile(tables, jurisdictions, selection)
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


def stage_table(
    tables: dict[str, pd.DataFrame],
    jurisdiction: str = BRUSSELS,
    caption: str = "",
    selection: Selection | None = None,
) -> ReaderTable:
    """Per stage (the chosen stages of a ``selection``), the aids an ASBL of ``jurisdiction`` can obtain outright
    and under conditions; a sentence when ``jurisdiction`` is not chosen."""
    selection = resolve(selection)
    table = requires(eligibility.by_stage(tables, jurisdiction, selection), jurisdiction, selection)
    return reader_table(
        table,
        columns={"stage": "Étape", "outright": "Sans condition", "conditional": "Sous conditions"},
        formats={"stage": "code"},
        index=True,
        caption=caption,
    )
