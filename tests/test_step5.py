"""Step 5 on the real clean tables: equivalents that compare what matters, a gap analysis that ranks, options costed
by analogy and ranked on weights kept as data. Values come from the report's lines; invariants hold for any data."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmark.analysis import eligibility
from benchmark.analysis.step5 import equivalents, gaps, journey, options
from benchmark.present.step5 import tables as step5_tables
from benchmark.present.step5 import texts


@pytest.fixture(scope="module")
def pairs(tables):
    return equivalents.pairs(tables)


@pytest.fixture(scope="module")
def verdicts(tables, pairs):
    return equivalents.by_inspiration(tables, pairs)


def _rec_id(tables, title_start: str) -> str:
    recs = tables["recommendations"]
    return recs.loc[recs["title"].str.startswith(title_start), "rec_id"].iloc[0]


def test_every_inspiration_belongs_to_one_option_and_every_option_is_costed(tables):
    inspirations = tables["step5_inspirations"]
    assert set(inspirations["rec_id"]) == set(tables["recommendations"]["rec_id"])
    assert inspirations["rec_id"].is_unique
    options_ = set(tables["step5_options"]["option_id"])
    assert set(inspirations["option_id"]) == options_
    assert set(tables["step5_cost_items"]["option_id"]) == options_


def test_a_pair_lists_its_six_criteria(pairs):
    for criterion in equivalents.CRITERIA:
        assert pairs[f"{criterion}_status"].isin(["held", "partial", "failed", "unknown"]).all()
        assert pairs[f"{criterion}_reason"].str.len().gt(0).all()
    held = pairs[pairs["verdict"] == "equivalent"]
    assert (held[[f"{c}_status" for c in equivalents.CRITERIA]] == "held").all().all()


def test_no_verdict_rests_on_an_aid_for_another_audience_or_not_digital(tables, pairs, verdicts):
    """An aid for enterprises (Prime Web, L294), for providers (the call of L386) or not aimed at digital never
    makes a verdict; a fund that finances digital only among other things (Venture Philanthropy, L414) never alone."""
    frame = eligibility.with_eligibility(tables, level="all").set_index("instrument_id")
    counted = pairs[pairs["verdict"] != "none"]
    assert (frame.loc[counted["brussels_id"], "digital_aim"] != "none").all()
    assert (
        frame.loc[counted["brussels_id"], "audience"].isin(["nonmarket", "social_economy", "all_organisations"])
    ).all()
    names = frame["name"]
    partly = set(names[frame["digital_aim"] == "partly"])
    for made in verdicts["made_by"]:
        assert not {m["name"] for m in made} & partly
    assert names["bru-prime-web"] not in {m["name"] for made in verdicts["made_by"] for m in made}


def test_programmes_dedicated_to_the_sector_have_no_full_brussels_equivalent(tables, verdicts):
    """Inspiration 5 (L1007): « Il n'existe à ce jour pas de politique publique bruxelloise structurée à destination
    de la digitalisation des organisations non-marchandes » (L274). At most partial, through an aid for the sector,
    and its reasons say what is unknown or missing."""
    rec = verdicts.set_index("rec_id").loc[_rec_id(tables, "Déployer des programmes dédiés")]
    assert rec["verdict"] in ("partial", "none")
    for made in rec["made_by"]:
        assert len(made["reasons"]) == len(equivalents.CRITERIA)
        assert any(r.startswith("échelle non comparable") or "ouverte plus largement" in r for r in made["reasons"])


def test_the_financing_range_rests_on_no_general_fund(tables, verdicts):
    """« Proposer une gamme diversifiée et structurée de soutien financier » (L1010): Brussels has no such range; a
    general fund that also pays for digital (the Loterie's project grants, L392, L428) is named as closest, never
    as a verdict."""
    rec = verdicts.set_index("rec_id").loc[_rec_id(tables, "Proposer une gamme diversifiée")]
    assert rec["verdict"] == "none"
    aims = tables["eligibility"].set_index("instrument_id")["digital_aim"]
    names = tables["instruments"].set_index("name")["instrument_id"]
    assert any(aims[names[c["name"]]] == "partly" for c in rec["closest"]), rec["closest"]


def test_practices_are_compared_with_what_the_report_says_of_brussels(verdicts):
    practices = verdicts[verdicts["kind"] == "practice"]
    assert (practices["verdict"] == "practice").all()
    assert practices["brussels_today"].str.len().gt(0).all() and practices["brussels_today_lines"].str.len().gt(0).all()


def test_the_gap_analysis_has_classes_and_no_gap_by_construction(tables):
    cells = gaps.cells(tables)
    assert len(set(cells["gap_class"])) >= 3
    frame = eligibility.with_eligibility(tables, level="all").set_index("instrument_id")
    for cell in cells.itertuples():
        if cell.gap_class == "nobody":
            assert not cell.brussels and not cell.peers
        if cell.gap_class == "peer_only":
            assert not cell.brussels and cell.peers
        if cell.gap_class == "brussels_full":
            assert any(b["fit"] == "full" and b["access"] == "yes" for b in cell.brussels)
    # a cell Brussels answers in part says what is missing, in the researchers' words (step5_need_links.why)
    partial = cells[cells["gap_class"] == "brussels_partial"]
    assert partial["missing"].str.len().gt(0).all()
    assert set(frame.index)  # the frame is real


def test_a_link_answers_only_through_the_forms_it_names(tables):
    """SocialWare's answer to need 3 is its software « offerts gratuitement ou à prix très réduit » (L336), not its
    courses or support: it reaches the need's tool cell only, whatever else SocialWare gives."""
    links = tables["step5_need_links"].set_index(["need_id", "instrument_id"])
    assert links.at[("need-3", "bru-socialware"), "forms"] == ["tool"]
    cells = gaps.cells(tables)
    for cell in cells[cells["need_id"] == "need-3"].itertuples():
        names = {b["name"] for b in cell.brussels}
        assert ("L'agence SocialWare" in names) == (cell.form == "tool"), (cell.stage, cell.form)


def test_an_option_fills_the_gaps_its_cost_items_deliver(tables):
    """The needs criterion credits an option with a cell of its own needs only when one of its cost items gives that
    stage and that form: the federations' leaders' training (need 4, L988) fills need 4's training cells."""
    answered = options.needs_answered(tables)
    items = tables["step5_cost_items"]
    cells = gaps.cells(tables).set_index(["need_id", "stage", "form"])
    for option_id, row in answered.iterrows():
        mine = items[items["option_id"] == option_id]
        delivered = {(s, f) for ss, ff in zip(mine["stages"], mine["forms"]) for s in ss for f in ff}
        expected = {
            key
            for key, cell in cells.iterrows()
            if key[0] in row["need_ids"] and (key[1], key[2]) in delivered and cell["gap_class"] != "brussels_full"
        }
        assert {(g["need_id"], g["stage"], g["form"]) for g in row["gaps_filled"]} == expected, option_id
        assert row["score"] == len(row["need_ids"]) + len(expected)
    # the federations pay for leaders' training (« a minima, les leaders », L988): need 4's training cells count
    training = items[(items["option_id"] == "opt-federations") & items["forms"].map(lambda f: "training" in f)]
    assert len(training) and "need-4" in answered.at["opt-federations", "need_ids"]
    assert ("need-4", "training") in {(g["need_id"], g["form"]) for g in answered.at["opt-federations", "gaps_filled"]}
    # the financing range pays for money, not courses: Québec's volet 1 (« n'offre pas d'aide financière », L896)
    # gives it no training cell
    assert all(g["form"] == "money" for g in answered.at["opt-financement", "gaps_filled"])


def test_the_grid_weights_only_the_criteria_that_tell_options_apart(tables):
    counted = options.counted_criteria(tables)
    values = options.criterion_values(tables)
    assert counted == [c for c in tables["step5_criteria"]["criterion_id"] if values[c].nunique() > 1]
    assert options.grid_size(tables) == 4 ** len(counted) - 1
    assert f"sur {options.grid_size(tables)} pondérations" in texts.options_answer(tables).text.replace("\u202f", " ")


def test_the_needs_say_where_they_come_from(tables):
    text = texts.needs(tables).text
    assert "L983" in text and "Lors des interviews réalisés dans le cadre de cette étape" in text


def test_an_option_cost_is_quantity_times_unit_cost_from_its_assumptions(tables):
    """Recomputed from the assumption rows themselves: per year, quantity × unit cost; an item paid once spread
    over the option's horizon."""
    assumptions = tables["step5_assumptions"].set_index("assumption_id")
    horizon = tables["step5_options"].set_index("option_id")["horizon_years"]
    expected: dict[str, float] = {}
    for item in tables["step5_cost_items"].itertuples():
        unit = assumptions.at[item.unit_cost_id, "central"] if isinstance(item.unit_cost_id, str) else 1.0
        value = assumptions.at[item.quantity_id, "central"] * unit
        expected[item.option_id] = expected.get(item.option_id, 0.0) + (
            value / horizon[item.option_id] if item.per == "once" else value
        )
    computed = options.option_costs(tables)["central"]
    for option_id, value in expected.items():
        assert computed[option_id] == pytest.approx(value)
    low, high = options.option_costs(tables)["low"], options.option_costs(tables)["high"]
    assert (low <= computed).all() and (computed <= high).all()


def test_a_ceiling_based_cost_says_it_is_a_maximum(tables):
    """The Québec planning aid is a ceiling « par entreprise » (L897), not an average: the option that multiplies it
    says so."""
    uses = tables["step5_cost_items"]
    option_id = uses.loc[uses["unit_cost_id"] == "a-plan-award", "option_id"].iloc[0]
    assert tables["step5_assumptions"].set_index("assumption_id").at["a-plan-award", "central"] == 13551
    text = texts.option_detail(tables, option_id).text
    assert "**plafond**" in text and "maximums" in text


def test_every_assumption_has_its_status_and_its_lines_or_reason(tables):
    assumptions = tables["step5_assumptions"]
    assert assumptions["why"].str.len().gt(20).all()
    sourced = assumptions[assumptions["figure_status"] != "hypothesis"]
    assert sourced["source_lines"].notna().all()


def test_no_cost_is_shown_to_the_euro(tables):
    table = step5_tables.options_first_screen(tables)
    costs = [row[2] for row in table.rows] + [row[3] for row in table.rows]
    for cell in costs:
        for number in pd.Series(cell.replace("\u202f", " ").split(" à ")).str.extract(r"([\d ]+)")[0].dropna():
            digits = number.replace(" ", "")
            assert len(digits.rstrip("0")) <= 2, cell  # two significant figures at most


def test_the_ranking_follows_the_weights(tables):
    """Each criterion alone gives its own order: with every other weight at zero, the option best on it comes first."""
    values = options.criterion_values(tables)
    criteria = tables["step5_criteria"]
    for c in criteria.itertuples():
        weights = {other: 0.0 for other in criteria["criterion_id"]} | {c.criterion_id: 1.0}
        ranked = options.ranking(tables, weights)
        best = values[c.criterion_id].max() if c.direction == "higher" else values[c.criterion_id].min()
        assert values.loc[ranked.index[0], c.criterion_id] == best


def test_the_sensitivity_view_counts_every_weighting(tables):
    moves, robust = options.sensitivity(tables)
    n_options = len(tables["step5_options"])
    assert len(moves) == 3 * len(tables["step5_criteria"])
    assert robust["first"].sum() == pytest.approx(1.0) and robust["top2"].sum() == pytest.approx(2.0)
    assert len(robust) == n_options


def test_evidence_says_no_peer_was_evaluated(tables):
    evidence = options.evidence(tables)
    assert not evidence["evaluated"].any()
    for option_id in tables["step5_options"]["option_id"]:
        assert (
            "Le rapport ne fait état d'aucune évaluation de leurs résultats"
            in texts.option_detail(tables, option_id).text
        )


def test_risks_include_the_peers_thresholds(tables):
    """The sales threshold of L910 and the exclusion of L912 keep most ASBL out of the Québec programme: a risk for
    the options that copy it."""
    risky = [o for o in tables["step5_options"]["option_id"] if len(options.thresholds(tables, o))]
    assert risky
    text = texts.option_detail(tables, risky[0]).text
    assert "L910" in text or "L912" in text


def test_the_journey_takes_any_jurisdiction(tables):
    flanders = journey.journey(tables, ("BE-VLG",))
    expected = set(eligibility.obtainable(tables, "BE-VLG")["instrument_id"])
    assert set(flanders["instrument_id"]) == expected and expected
    with pytest.raises(ValueError):
        journey.journey(tables, ("XX",))


def test_ladders_show_only_what_one_beneficiary_receives(tables):
    steps = journey.funding_ladders(tables)
    money = steps[steps["value_eur"].notna()]
    amounts = tables["amounts"].set_index("amount_id")
    for r in tables["step5_ladders"].dropna(subset=["amount_id"]).itertuples():
        assert amounts.at[r.amount_id, "kind"] in ("max_per_beneficiary", "per_year", "per_day", "phase_max")
    assert set(money["ceiling_class"]) <= set(eligibility.CEILING_CLASSES)
