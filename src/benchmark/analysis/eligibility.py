"""Who can use each aid, read from the eligibility model (``data/clean/eligibility.csv``): the one answer every page
gives to « can a Brussels ASBL use this aid for its own digitalisation, and on what terms? ».

- :func:`obtainable` lists what an ASBL can obtain — a Brussels ASBL (``brussels_asbl``: Brussels, federal, EU and
  private aids that cover Brussels) or an ASBL of another jurisdiction from that jurisdiction's own aids
  (``asbl_access``) — each with its conditions, its ceiling and what the report says of its time.
- :func:`comparable_ceilings` keeps the ceilings that can be ranked together: a grant, voucher or prize to one
  organisation, per project or per year (``ceiling_class``). A loan, a group's pooled project, a trainer's day paid
  to the provider and a professional's premium are never ranked with them; :func:`ceiling_summary` summarises
  ceilings one class at a time and :func:`one_ceiling_class` refuses a comparison that mixes classes.

Every function takes a notebook's ``selection`` (``benchmark.analysis.selection.Selection``; ``None``: the published
choice). Its stages and types narrow the aids (``Selection.focus``) and its counting level picks the rows; its
jurisdictions say whose ASBL is asked about, never which aids it may count: what a Brussels ASBL can obtain includes
the federal, European and private aids that cover Brussels, whatever jurisdictions a notebook compares.
"""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.money import Figure, award_figure
from benchmark.analysis.selection import Selection, resolve
from benchmark.analysis.units import counting_units
from benchmark.clean.eligibility import conditions_of
from benchmark.registry.codes import JURISDICTIONS, OBTAINABLE
from benchmark.registry.labels import label

BRUSSELS = "BE-BRU"
ELIGIBILITY_COLUMNS = (
    "audience",
    "asbl_access",
    "brussels_asbl",
    "digital_aim",
    "award_recipient",
    "time_status",
    "status_quote",
    "status_lines",
    "why",
)
# What a ceiling is the ceiling of, by the instrument's main form, its recipient and its period: only the same class
# is ranked together (docs/codebook.md, « Plafonds comparables »).
CEILING_CLASSES = (
    "organisation_project",
    "organisation_year",
    "group_project",
    "provider_project",
    "provider_day",
    "person",
    "loan",
)
RANKED_CLASSES = ("organisation_project", "organisation_year")


def can_obtain(frame: pd.DataFrame, column: str = "asbl_access") -> pd.Series:
    """The one test of « an ASBL can obtain it » (``column``: ``asbl_access`` for an ASBL of the aid's territory,
    ``brussels_asbl`` for a Brussels one): the answer is yes or under conditions, and the report does not say the
    offer has ended (``time_status`` « closed »: a call closed at the end of 2023, funds all committed)."""
    return frame[column].isin(OBTAINABLE) & (frame["time_status"] != "closed")


def with_eligibility(tables: dict[str, pd.DataFrame], level: str = "applicable") -> pd.DataFrame:
    """The instruments at a counting level (``counting_units``), each with its eligibility columns."""
    units = counting_units(tables["instruments"], level)
    eligibility = tables["eligibility"][["instrument_id", *ELIGIBILITY_COLUMNS]]
    return units.merge(eligibility, on="instrument_id", how="left", validate="one_to_one")


def ceiling_class(row) -> str | None:
    """The class of an instrument's ceiling per beneficiary (``CEILING_CLASSES``), None without one."""
    if pd.isna(row["max_award_eur"]):
        return None
    if row["primary_type"] == "loan":
        return "loan"
    recipient = row["award_recipient"]
    if recipient == "group":
        return "group_project"
    if recipient == "provider":
        return "provider_day" if row["max_award_period"] == "day" else "provider_project"
    if recipient == "person":
        return "person"
    return "organisation_year" if row["max_award_period"] == "year" else "organisation_project"


def conditions_table(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Per instrument, its conditions and its programme's (a volet is granted on its programme's terms)."""
    return conditions_of(tables["conditions"], tables["instruments"])


def condition_text(
    conditions: pd.DataFrame | None, effects: tuple[str, ...] = ("eligibility", "exclusion")
) -> list[str]:
    """The conditions of one instrument in plain words, eligibility first then exclusions (``effects``)."""
    if conditions is None:
        return []
    chosen = conditions[conditions["effect"].isin(effects)]
    order = {effect: i for i, effect in enumerate(effects)}
    chosen = chosen.assign(_o=chosen["effect"].map(order)).sort_values("_o", kind="stable")
    return list(dict.fromkeys(chosen["condition"]))


def answer_column(jurisdiction: str) -> str:
    """The column that answers for an ASBL of ``jurisdiction``: ``brussels_asbl`` for Brussels, else
    ``asbl_access`` (an ASBL elsewhere is asked about its own jurisdiction's aids)."""
    return "brussels_asbl" if jurisdiction == BRUSSELS else "asbl_access"


def obtainable(
    tables: dict[str, pd.DataFrame],
    jurisdiction: str = BRUSSELS,
    level: str = "applicable",
    selection: Selection | None = None,
) -> pd.DataFrame:
    """The aids an ASBL can obtain for its own digitalisation, outright or under conditions.

    For Brussels, every aid whose ``brussels_asbl`` is ``yes`` or ``conditional`` (a federal, EU or private aid
    that covers Brussels counts); for another jurisdiction, its own aids whose ``asbl_access`` is; never an offer
    the report says has ended (:func:`can_obtain`). Columns: the
    instrument's, its eligibility columns, ``conditions`` (plain words), ``ceiling`` (a :class:`Figure` or None: the
    ceiling with its status, never recomputed where the report states it), its value ``ceiling_eur`` (NaN without
    one) and ``ceiling_class``. With a
    ``selection``, its counting level replaces ``level`` and only the aids of its stages and types are kept."""
    if selection is not None:
        level = selection.level
    frame = with_eligibility(tables, level)
    if jurisdiction == BRUSSELS:
        mask = can_obtain(frame, "brussels_asbl")
    else:
        mask = (frame["jurisdiction"] == jurisdiction) & can_obtain(frame)
    chosen = frame[mask]
    if selection is not None:
        chosen = selection.focus(chosen)
    chosen = chosen.copy()
    per_instrument = conditions_table(tables)
    chosen["conditions"] = [condition_text(per_instrument.get(i)) for i in chosen["instrument_id"]]
    chosen["ceiling"] = [award_figure(tables["amounts"], i) for i in chosen["instrument_id"]]
    chosen["ceiling_eur"] = [f.value if isinstance(f, Figure) else float("nan") for f in chosen["ceiling"]]
    chosen["ceiling_class"] = [ceiling_class(r) for r in chosen.to_dict("records")]
    return chosen.reset_index(drop=True)


def counts(
    tables: dict[str, pd.DataFrame],
    jurisdiction: str = BRUSSELS,
    level: str = "applicable",
    selection: Selection | None = None,
) -> dict:
    """How many aids an ASBL can obtain: ``total``, ``outright`` (yes) and ``conditional``."""
    frame = obtainable(tables, jurisdiction, level, selection)
    column = answer_column(jurisdiction)
    return {
        "total": len(frame),
        "outright": int((frame[column] == "yes").sum()),
        "conditional": int((frame[column] == "conditional").sum()),
    }


def comparable_ceilings(
    tables: dict[str, pd.DataFrame],
    classes: tuple[str, ...] = RANKED_CLASSES,
    obtainable_only: bool = False,
    selection: Selection | None = None,
) -> pd.DataFrame:
    """Instruments with a ceiling per beneficiary of the given classes, largest first, each with its ``ceiling``
    figure (stated value, converted or derived, and its lines), ``ceiling_class``, ``asbl_access`` and conditions;
    ``obtainable_only`` keeps those an ASBL of their jurisdiction can obtain. A ``selection`` keeps the aids of its
    jurisdictions, stages and types, at its counting level (a ceiling is compared in its own jurisdiction)."""
    selection = resolve(selection)
    frame = selection.rows(with_eligibility(tables, selection.level))
    frame = frame[frame["max_award_eur"].notna()].copy()
    frame["ceiling_class"] = [ceiling_class(r) for r in frame.to_dict("records")]
    frame = frame[frame["ceiling_class"].isin(classes)]
    if obtainable_only:
        frame = frame[can_obtain(frame)]
    per_instrument = conditions_table(tables)
    frame["conditions"] = [condition_text(per_instrument.get(i)) for i in frame["instrument_id"]]
    frame["ceiling"] = [award_figure(tables["amounts"], i) for i in frame["instrument_id"]]
    frame["ceiling_eur"] = [f.value if isinstance(f, Figure) else float("nan") for f in frame["ceiling"]]
    return frame.sort_values(["ceiling_eur", "instrument_id"], ascending=[False, True]).reset_index(drop=True)


class MixedCeilingsError(ValueError):
    """Ceilings of different classes (for one organisation per project or per year, a group's project, a trainer's
    day, a loan…) put in one comparison."""


def one_ceiling_class(frame: pd.DataFrame, what: str = "cette comparaison") -> str:
    """The one ``ceiling_class`` of the ceilings of ``frame`` (rows of :func:`comparable_ceilings` or
    :func:`obtainable`), or :class:`MixedCeilingsError`: a median, a range or a ranking of ceilings means something
    only between ceilings of the same class (a trainer's day is not a small project, a year is not a project).
    Rows without a ceiling are ignored; ``what`` names the comparison in the message, which a researcher reads in a
    notebook (French)."""
    classes = [c for c in CEILING_CLASSES if c in set(frame["ceiling_class"].dropna())]
    if len(classes) > 1:
        counts = ", ".join(
            f"« {label(c, 'ceiling_class').lower()} » : {int((frame['ceiling_class'] == c).sum())}" for c in classes
        )
        raise MixedCeilingsError(
            f"{what} mélange des plafonds de natures différentes ({counts}). Comparez une nature à la fois (filtre "
            "sur ceiling_class) ou utilisez eligibility.ceiling_summary(), qui les garde à part (docs/codebook.md, "
            "« Plafonds comparables »)."
        )
    return classes[0] if classes else ""


def ceiling_summary(
    tables: dict[str, pd.DataFrame], by: str = "jurisdiction", selection: Selection | None = None
) -> pd.DataFrame:
    """Every ceiling per beneficiary grouped by ``by`` **and by its class** (``ceiling_class``), so that a ceiling
    per day, per year or for a group is never summarised with ceilings per project: ``count``, ``min``, ``median``,
    ``max`` in euros, one row per group and class (jurisdictions and classes in vocabulary order)."""
    frame = comparable_ceilings(tables, classes=CEILING_CLASSES, selection=selection)
    table = (
        frame.groupby([by, "ceiling_class"], sort=False)["ceiling_eur"]
        .agg(["count", "min", "median", "max"])
        .reset_index()
    )
    orders = {"jurisdiction": JURISDICTIONS, "ceiling_class": CEILING_CLASSES}
    keys = {
        k: table[k].map({v: i for i, v in enumerate(orders[k])}) if k in orders else table[k]
        for k in (by, "ceiling_class")
    }
    table = table.assign(_a=keys[by], _b=keys["ceiling_class"]).sort_values(["_a", "_b"], kind="stable")
    return table.drop(columns=["_a", "_b"]).reset_index(drop=True)


def by_stage(
    tables: dict[str, pd.DataFrame], jurisdiction: str = BRUSSELS, selection: Selection | None = None
) -> pd.DataFrame:
    """Per stage (vocabulary order; the chosen stages of a ``selection``): the names of the aids an ASBL of
    ``jurisdiction`` can obtain outright (``outright``) and under conditions (``conditional``), empty lists where
    none."""
    selection = resolve(selection)
    frame = obtainable(tables, jurisdiction, selection=selection)
    column = answer_column(jurisdiction)
    exploded = frame.explode("stages").dropna(subset=["stages"])
    table = pd.DataFrame(
        {
            kind: exploded[exploded[column] == answer].groupby("stages")["name"].agg(list)
            for kind, answer in (("outright", "yes"), ("conditional", "conditional"))
        }
    ).reindex(list(selection.stages))
    table = table.apply(lambda column: column.map(lambda v: v if isinstance(v, list) else []))
    table.index.name = "stage"
    return table


def stage_gaps(
    tables: dict[str, pd.DataFrame], jurisdiction: str = BRUSSELS, selection: Selection | None = None
) -> pd.DataFrame:
    """Per stage (the chosen stages of a ``selection``): how many aids an ASBL of ``jurisdiction`` can obtain
    outright and under conditions, and ``gap`` where it can obtain none."""
    stages = by_stage(tables, jurisdiction, selection)
    table = pd.DataFrame({kind: stages[kind].map(len) for kind in ("outright", "conditional")})
    table["gap"] = (table["outright"] + table["conditional"]) == 0
    return table


def peer_profile(
    tables: dict[str, pd.DataFrame],
    jurisdictions: tuple[str, ...] | None = None,
    selection: Selection | None = None,
) -> pd.DataFrame:
    """Where each jurisdiction stands for an ASBL of its own territory, one row each (vocabulary order):
    ``instruments`` (counting units), ``obtainable`` and of which ``conditional``, ``nonmarket`` (aids whose
    audience is the non-market sector), ``stages_covered`` by the obtainable aids, and the largest ceiling one
    organisation can obtain (``ceiling``, a :class:`Figure`, with ``ceiling_name`` and ``ceiling_conditions``);
    co-funding rates of the obtainable aids (``cofunding_min``, ``cofunding_max``); ``ceilings``: how many of them
    state such a ceiling; ``ceiling_status``: what the report says of that aid's time; ``closed``: the aids it would
    have counted but that the report says have ended. Brussels counts the aids that cover it (``brussels_asbl``).

    ``jurisdictions`` (else the ``selection``'s) are the rows; a chosen jurisdiction without any instrument in the
    selection has no row and is named in ``attrs["no_data"]``. The selection's stages, types and level narrow the
    aids counted."""
    selection = resolve(selection)
    units = selection.focus(with_eligibility(tables, selection.level))
    present = set(units["jurisdiction"])
    chosen = tuple(jurisdictions) if jurisdictions is not None else selection.jurisdictions
    rows = []
    for j in (j for j in chosen if j in present):
        own = units[units["jurisdiction"] == j]
        frame = obtainable(tables, j, selection=selection)
        column = answer_column(j)
        ranked = frame[frame["ceiling_class"].isin(RANKED_CLASSES)]
        best = ranked.loc[ranked["ceiling"].map(lambda f: f.value).idxmax()] if len(ranked) else None
        rates = frame["cofunding_rate"].dropna()
        answers = units["brussels_asbl"] if j == BRUSSELS else units["asbl_access"].where(units["jurisdiction"] == j)
        ended = answers.isin(OBTAINABLE) & (units["time_status"] == "closed")
        rows.append(
            {
                "jurisdiction": j,
                "instruments": len(own),
                "obtainable": len(frame),
                "conditional": int((frame[column] == "conditional").sum()),
                "nonmarket": int((frame["audience"] == "nonmarket").sum()),
                "stages_covered": frame.explode("stages")["stages"]
                .dropna()
                .loc[lambda s: s.isin(selection.stages)]
                .nunique(),
                "ceiling": best["ceiling"] if best is not None else None,
                "ceiling_name": best["name"] if best is not None else None,
                "ceiling_class": best["ceiling_class"] if best is not None else None,
                "ceiling_conditions": best["conditions"] if best is not None else [],
                "ceiling_status": best["time_status"] if best is not None else None,
                "ceilings": len(ranked),
                "closed": int(ended.sum()),
                "cofunding_min": rates.min() if len(rates) else float("nan"),
                "cofunding_max": rates.max() if len(rates) else float("nan"),
            }
        )
    columns = ["jurisdiction", "instruments", "obtainable", "conditional", "nonmarket", "stages_covered", "ceiling"]
    columns += ["ceiling_name", "ceiling_class", "ceiling_conditions", "ceiling_status", "ceilings", "closed"]
    columns += ["cofunding_min", "cofunding_max"]
    table = pd.DataFrame(rows, columns=columns).set_index("jurisdiction")
    table.attrs["no_data"] = [j for j in chosen if j not in present]
    return table
