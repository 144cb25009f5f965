"""The options of step 5: what each answers, how solid its evidence is, what it would cost by analogy, and a ranking
on explicit criteria whose weights the researchers keep in ``data/raw/step5_criteria.csv``.

- **Cost by analogy** (:func:`costs`): every item is a quantity × a unit cost (``step5_cost_items``), each an
  assumption with a low, central and high value and its status (stated, converted, derived, hypothesis;
  ``step5_assumptions``). An item paid once is spread over the option's horizon. Where the report gives only a
  ceiling, the assumption says so: the cost is then a maximum for that quantity.
- **Evidence** (:func:`evidence`): by kind — the programme was interviewed, is documented in the report, reports
  uptake (demand, organisations helped); the report gives no evaluation of results for any peer programme.
- **Needs** (:func:`needs_answered`): the needs of the option's inspirations, and the cells of those needs
  (``gaps.cells`` not fully answered in Brussels) that its cost items would deliver (their stages × forms).
- **Ranking** (:func:`ranking`): each criterion scaled from 0 to 1 across the options (its direction applied), then
  weighted; :func:`sensitivity` shows which ranks change when a weight moves and which options stay on top whatever
  the weights.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from benchmark.analysis.comparisons import source_of
from benchmark.analysis.step5 import gaps

LEVELS = ("low", "central", "high")
EVIDENCE_KINDS = ("interview", "documented", "uptake", "evaluated")
WEIGHT_GRID = (0, 1, 2, 3)


def _components(tables: dict[str, pd.DataFrame], option_id: str) -> list[str]:
    inspirations = tables["step5_inspirations"]
    recs = set(inspirations.loc[inspirations["option_id"] == option_id, "rec_id"])
    components = tables["step5_components"]
    return list(dict.fromkeys(components.loc[components["rec_id"].isin(recs), "instrument_id"]))


def costs(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per cost item: ``option_id``, ``label``, the quantity and unit-cost assumptions, ``per`` and its
    value per year at each level (``low``, ``central``, ``high``: quantity × unit cost, an item paid once divided
    by the option's horizon)."""
    assumptions = tables["step5_assumptions"].set_index("assumption_id")
    horizon = tables["step5_options"].set_index("option_id")["horizon_years"]
    rows = []
    for item in tables["step5_cost_items"].to_dict("records"):
        quantity = assumptions.loc[item["quantity_id"]]
        unit = assumptions.loc[item["unit_cost_id"]] if item["unit_cost_id"] else None
        years = int(horizon[item["option_id"]])
        values = {}
        for level in LEVELS:
            total = float(quantity[level]) * (float(unit[level]) if unit is not None else 1.0)
            values[level] = total / years if item["per"] == "once" else total
        rows.append({**item, "horizon_years": years, **values})
    return pd.DataFrame(rows)


def option_costs(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per option (index ``option_id``): the cost per year at each level and over its horizon (``*_total``)."""
    items = costs(tables)
    per_year = items.groupby("option_id")[list(LEVELS)].sum()
    horizon = tables["step5_options"].set_index("option_id")["horizon_years"]
    for level in LEVELS:
        per_year[f"{level}_total"] = per_year[level] * horizon.reindex(per_year.index)
    per_year["horizon_years"] = horizon.reindex(per_year.index)
    return per_year.reindex(tables["step5_options"]["option_id"])


def assumptions_of(tables: dict[str, pd.DataFrame], option_id: str) -> pd.DataFrame:
    """The assumptions an option's cost rests on, in the order of its items."""
    items = tables["step5_cost_items"]
    mine = items[items["option_id"] == option_id]
    ids = list(dict.fromkeys([*mine["quantity_id"], *mine["unit_cost_id"].dropna()]))
    return tables["step5_assumptions"].set_index("assumption_id").loc[ids].reset_index()


def ceilings_of(tables: dict[str, pd.DataFrame], option_id: str) -> pd.DataFrame:
    """The assumptions of an option's cost that are a ceiling per beneficiary (from an amount of a per-beneficiary
    kind): a cost built on them is a maximum, never an expected spend."""
    from benchmark.clean.decisions import PER_BENEFICIARY

    kinds = tables["amounts"].set_index("amount_id")["kind"]
    used = assumptions_of(tables, option_id)
    is_ceiling = [any(kinds.get(a) in PER_BENEFICIARY for a in ids) for ids in used["amount_ids"]]
    return used[is_ceiling].reset_index(drop=True)


def evidence(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per option (index ``option_id``): the kinds of evidence its peer components have (``interview``,
    ``documented``, ``uptake``, ``evaluated``: always False, the report reports no evaluation), the names
    interviewed, the uptake lessons, and ``score`` (3: interview and uptake; 2: one of them; 1: documented only)."""
    instruments = tables["instruments"].set_index("instrument_id")
    source = source_of(tables["instruments"]).set_axis(tables["instruments"]["instrument_id"])
    lessons = tables["step5_lessons"]
    rows = []
    for option_id in tables["step5_options"]["option_id"]:
        ids = _components(tables, option_id)
        family = set(ids) | {p for i in ids if isinstance(p := instruments.at[i, "parent_id"], str)}
        interviewed = [
            instruments.at[i, "name"]
            for i in ids
            if instruments.at[i, "interviewed"]
            or (
                isinstance(instruments.at[i, "parent_id"], str)
                and instruments.at[instruments.at[i, "parent_id"], "interviewed"]
            )
        ]
        uptake = lessons[(lessons["lesson_kind"] == "uptake") & lessons["instrument_id"].isin(family)]
        documented = any(source[i] != "annex_only" for i in ids)
        score = (2 if interviewed and len(uptake) else 1 if interviewed or len(uptake) else 0) + (
            1 if documented else 0
        )
        rows.append(
            {
                "option_id": option_id,
                "interview": bool(interviewed),
                "documented": documented,
                "uptake": bool(len(uptake)),
                "evaluated": False,
                "interviewed_names": list(dict.fromkeys(interviewed)),
                "uptake_lessons": uptake.to_dict("records"),
                "score": min(score, 3),
            }
        )
    return pd.DataFrame(rows).set_index("option_id")


def risks(tables: dict[str, pd.DataFrame], option_id: str) -> pd.DataFrame:
    """The difficulties the peers met (lessons of kind « limit ») with the option's components or their programme."""
    instruments = tables["instruments"].set_index("instrument_id")
    ids = _components(tables, option_id)
    family = set(ids) | {p for i in ids if isinstance(p := instruments.at[i, "parent_id"], str)}
    lessons = tables["step5_lessons"]
    return lessons[(lessons["lesson_kind"] == "limit") & lessons["instrument_id"].isin(family)].reset_index(drop=True)


def thresholds(tables: dict[str, pd.DataFrame], option_id: str) -> pd.DataFrame:
    """The conditions that keep ASBL out of the option's peer components (exclusions, sales or activity thresholds
    of the component or its programme): a risk for a design that copies them."""
    from benchmark.clean.eligibility import conditions_of

    instruments = tables["instruments"].set_index("instrument_id")
    per_instrument = conditions_of(tables["conditions"], tables["instruments"])
    rows = []
    for iid in _components(tables, option_id):
        found = per_instrument.get(iid)
        if found is None:
            continue
        keeps_out = found[(found["effect"] == "exclusion") | (found["kind"].isin(("sales", "vat")))]
        rows += [{"name": instruments.at[iid, "name"], **r} for r in keeps_out.to_dict("records")]
    return (
        pd.DataFrame(rows).drop_duplicates("condition_id")
        if rows
        else pd.DataFrame(columns=["name", "condition", "source_lines"])
    )


def _delivered(tables: dict[str, pd.DataFrame], option_id: str) -> set[tuple[str, str]]:
    """(stage, form) of the help the option's cost items would give ASBL (``step5_cost_items.stages × forms``): what
    the option pays for, not what its peer programmes also do."""
    items = tables["step5_cost_items"]
    mine = items[items["option_id"] == option_id]
    return {(stage, form) for stages, forms in zip(mine["stages"], mine["forms"]) for stage in stages for form in forms}


def needs_answered(tables: dict[str, pd.DataFrame], gap_cells: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per option: the needs of its inspirations (``need_ids``), the gap cells it would fill (``gaps_filled``:
    need, stage, form, class) — a cell of one of those needs that Brussels does not fully answer and that the
    option's cost items deliver (same stage, same form) — and ``score`` = needs + gaps filled."""
    gap_cells = gaps.cells(tables) if gap_cells is None else gap_cells
    inspirations = tables["step5_inspirations"]
    rows = []
    for option_id in tables["step5_options"]["option_id"]:
        mine = inspirations[inspirations["option_id"] == option_id]
        needs = sorted({n for ids in mine["need_ids"] for n in ids})
        delivered = _delivered(tables, option_id)
        filled = [
            {"need_id": c.need_id, "stage": c.stage, "form": c.form, "gap_class": c.gap_class}
            for c in gap_cells.itertuples()
            if c.gap_class != "brussels_full" and c.need_id in needs and (c.stage, c.form) in delivered
        ]
        rows.append(
            {"option_id": option_id, "need_ids": needs, "gaps_filled": filled, "score": len(needs) + len(filled)}
        )
    return pd.DataFrame(rows).set_index("option_id")


def criterion_values(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Options × criteria: the raw value of each criterion (computed, or decided in ``step5_option_scores``)."""
    options = tables["step5_options"].set_index("option_id")
    computed = {
        "needs": needs_answered(tables)["score"],
        "evidence": evidence(tables)["score"],
        "cost": option_costs(tables)["central"],
        "speed": (options["delivery"] == "quick_win").astype(int),
    }
    scores = tables["step5_option_scores"]
    table = pd.DataFrame(index=options.index)
    for c in tables["step5_criteria"].itertuples():
        if c.criterion_source == "computed":
            table[c.criterion_id] = computed[c.criterion_id].reindex(options.index).astype(float)
        else:
            decided = scores[scores["criterion_id"] == c.criterion_id].set_index("option_id")["score"]
            table[c.criterion_id] = decided.reindex(options.index).astype(float)
    return table


def counted_criteria(tables: dict[str, pd.DataFrame], values: pd.DataFrame | None = None) -> list[str]:
    """The criteria that tell the options apart, in ``step5_criteria`` order: one on which every option is equal
    ranks nobody and is left out of the score."""
    values = criterion_values(tables) if values is None else values
    scaled = normalised(values, tables["step5_criteria"])
    return [c for c in scaled.columns if scaled[c].notna().all()]


def grid_size(tables: dict[str, pd.DataFrame]) -> int:
    """How many weightings :func:`sensitivity` tries: each counted criterion weighted 0–3, not all zero."""
    return len(WEIGHT_GRID) ** len(counted_criteria(tables)) - 1


def normalised(values: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """Each criterion scaled from 0 (worst option) to 1 (best), its direction applied; a criterion on which every
    option is equal ranks nobody: it is left out (NaN), and out of the score's weights."""
    table = pd.DataFrame(index=values.index)
    for c in criteria.itertuples():
        column = values[c.criterion_id]
        spread = column.max() - column.min()
        scaled = (column - column.min()) / spread if spread else pd.Series(float("nan"), index=column.index)
        table[c.criterion_id] = 1 - scaled if c.direction == "lower" and spread else scaled
    return table


def ranking(
    tables: dict[str, pd.DataFrame], weights: dict[str, float] | None = None, values: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Options ranked by their weighted score (0–100; ex aequo share a rank, listed in the order of
    ``step5_options``): ``rank``, ``score``, each criterion's raw value and its scaled value
    (``<criterion>_scaled``). ``weights`` override those of ``step5_criteria``; ``values`` are
    :func:`criterion_values` when already computed."""
    criteria = tables["step5_criteria"]
    values = criterion_values(tables) if values is None else values
    return _ranked(values, criteria, {c.criterion_id: float(c.weight) for c in criteria.itertuples()} | (weights or {}))


def _ranked(values: pd.DataFrame, criteria: pd.DataFrame, weight: dict[str, float]) -> pd.DataFrame:
    scaled = normalised(values, criteria)
    counted = [c for c in scaled.columns if scaled[c].notna().all()]  # a criterion equal for all ranks nobody
    total = sum(weight[c] for c in counted)
    score = sum(scaled[c] * weight[c] for c in counted) / total * 100 if total else scaled.iloc[:, 0].fillna(0) * 0
    table = values.join(scaled.add_suffix("_scaled"))
    table["score"] = score
    table = table.sort_values(["score"], ascending=False, kind="stable")
    table["rank"] = table["score"].round(6).rank(method="min", ascending=False).astype(int)  # ex aequo share a rank
    return table


def ranked_ids(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The option ids in their rank (ex aequo in the order of ``step5_options``)."""
    return list(ranking(tables).index)


def sensitivity(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How fragile the ranking is.

    - ``moves``: for each criterion and each change of its weight (set to 0, halved, doubled), the rank of every
      option (columns: ``criterion_id``, ``change``, ``weight``, then one column per option).
    - ``robust``: per option, the share of the weightings of a grid (every criterion that tells the options apart
      weighted 0, 1, 2 or 3) that rank it first and in the top two.
    """
    criteria = tables["step5_criteria"]
    base = {c.criterion_id: float(c.weight) for c in criteria.itertuples()}
    values = criterion_values(tables)
    rows = []
    for criterion_id, weight in base.items():
        for change, factor in (("sans ce critère", 0.0), ("poids divisé par deux", 0.5), ("poids doublé", 2.0)):
            ranks = _ranked(values, criteria, base | {criterion_id: weight * factor})["rank"]
            rows.append({"criterion_id": criterion_id, "change": change, "weight": weight * factor, **ranks.to_dict()})
    moves = pd.DataFrame(rows)
    counted = counted_criteria(tables, values)
    scaled = normalised(values, criteria)[counted].to_numpy()
    grid = np.array([w for w in itertools.product(WEIGHT_GRID, repeat=len(counted)) if any(w)], dtype=float)
    scores = grid @ scaled.T  # one row per weighting, one column per option
    order = np.argsort(-scores, axis=1, kind="stable")  # ties keep the options' order
    options_ = list(values.index)
    robust = pd.DataFrame(
        {
            "first": [float(np.mean(order[:, 0] == i)) for i in range(len(options_))],
            "top2": [float(np.mean((order[:, :2] == i).any(axis=1))) for i in range(len(options_))],
        },
        index=values.index,
    )
    return moves, robust
