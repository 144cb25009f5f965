"""Every notation the report uses, parsed; impossible input refused with its words."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.core.parsing import (
    DOLLAR,
    ImpossibleDateError,
    ParseError,
    clean_text,
    html_to_items,
    parse_amount,
    parse_number,
    parse_period,
    split_list,
)


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("7,5 milliards €", 7.5e9, "EUR"),  # L1038
        ("20,000 millions €", 2e10, "EUR"),  # L1050: thousands separator
        ("1,800,000 €", 1.8e6, "EUR"),  # L1065
        ("1.500.000€", 1.5e6, "EUR"),  # L418
        ("200.000.000 €", 2e8, "EUR"),  # L430
        ("350 000 euros", 3.5e5, "EUR"),  # L187
        ("Maximum 5000€ par année civile", 5000, "EUR"),  # L300
        ("800€/jour", 800, "EUR"),  # L355
        ("1.5 milliards € ; financement d'environ 200 pôles", 1.5e9, "EUR"),  # L1044
        ("53,5 milliards € pour ce pilier", 5.35e10, "EUR"),  # L1041
        ("Montant max: 100.000€ par dossier", 1e5, "EUR"),  # L1057
        ("budget de 8 millions de dollars", 8e6, DOLLAR),  # L916: which dollar is data/raw/currency_symbols.csv's
        ("d'au plus 50 M\\$", 5e7, DOLLAR),  # L910
        ("50 CAD", 50, "CAD"),  # a code names its currency
        ("(1) audit (1.900€ max)", 1900, "EUR"),  # L535: « (1) » is not money
    ],
)
def test_money_notations(text, value, currency):
    money = parse_amount(text).money
    assert money.value == pytest.approx(value)
    assert money.currency == currency


# The forms official pages use beyond the report: Belgian, French and Québec pages (issue 27).
def test_a_belgian_page_writes_the_euro_sign_first():
    money = parse_amount("Prime de € 7.500 par projet").money
    assert (money.value, money.currency) == (7500, "EUR")


def test_a_french_page_writes_the_sign_after_a_dotted_number():
    money = parse_amount("jusqu'à 7.500 € par an").money
    assert (money.value, money.currency) == (7500, "EUR")


def test_a_quebec_page_writes_dollars_after_a_spaced_number():
    money = parse_amount("une aide de 7 500 $ par entreprise").money
    assert (money.value, money.currency) == (7500, DOLLAR)


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_a_scale_with_d_apostrophe_before_the_currency_word(apostrophe):
    money = parse_amount(f"un budget de 13,1 milliards d{apostrophe}euros").money
    assert (money.value, money.currency) == (pytest.approx(13.1e9), "EUR")


@pytest.mark.parametrize(
    "text, value, currency",
    [("EUR 7.500", 7500, "EUR"), ("$ 7 500", 7500, DOLLAR), ("€ 2,5 millions", 2.5e6, "EUR"), ("€7.500", 7500, "EUR")],
)
def test_other_currency_first_forms(text, value, currency):
    money = parse_amount(text).money
    assert (money.value, money.currency) == (pytest.approx(value), currency)


def test_a_sign_after_a_number_does_not_start_a_second_amount():
    """« 5 000 € 2 fois par an »: the € is 5 000's, not a « € 2 »."""
    assert parse_amount("5 000 € 2 fois par an").money.value == 5000
    with pytest.raises(ParseError, match="negative"):
        parse_amount("€ -500")


def test_dollar_with_stated_conversion():
    money = parse_amount("20 000\\$ (soit 13 551€)").money  # L897, the \$ is in the source
    assert (money.value, money.currency, money.stated_eur) == (20000, DOLLAR, 13551)
    money = parse_amount("250.000 \\$ (soit 166.750 €)").money  # L939
    assert (money.value, money.stated_eur) == (250000, 166750)
    money = parse_amount("150 000\\$ (101 634€ ; soit moins de 2% du budget total)")  # L916
    assert (money.money.value, money.money.stated_eur, money.rate) == (150000, 101634, None)


def test_rates_with_what_they_apply_to():
    parsed = parse_amount("50% des honoraires du consultant et max 60.000€")  # L537
    assert (parsed.money.value, parsed.rate, parsed.rate_base) == (60000, 0.5, "des honoraires du consultant")
    parsed = parse_amount("75% et max 50.000€")  # L575
    assert (parsed.money.value, parsed.rate, parsed.rate_base) == (50000, 0.75, None)
    parsed = parse_amount("40,3 milliards € soit 21,05% du PNRR")  # L1064
    assert (parsed.money.value, parsed.rate, parsed.rate_base) == (4.03e10, 0.2105, "du PNRR")


def test_ranges_keep_both_ends():
    money = parse_amount("cette prime varie de 1 000 à 6 000 euros").money  # L144
    assert (money.low, money.value) == (1000, 6000)
    money = parse_amount("L'aide versée s'étend de 30 000\\$ à 250 000\\$").money  # L901
    assert (money.low, money.value, money.currency) == (30000, 250000, DOLLAR)


@pytest.mark.parametrize("text", ["11.000 entreprises accompagnées", "Offre de service gratuite.", ""])
def test_text_without_money_stays_empty(text):
    assert parse_amount(text).money is None


def test_share_without_money_is_a_rate_not_an_amount():
    parsed = parse_amount("20% de budget de résilience de chaque pays")  # L1037
    assert parsed.money is None and parsed.rate == 0.2


@pytest.mark.parametrize(
    "text, message",
    [
        ("500 £ par projet", "unknown currency"),
        ("maximum 10 000 CHF", "unknown currency"),
        ("-500 € de remise", "negative"),
        ("150% des coûts et max 5.000€", "above 100"),
        ("5.000€ puis 7.000€", "several amounts"),
        ("€ cinq mille", "unknown amount notation"),
    ],
)
def test_bad_amounts_are_refused(text, message):
    with pytest.raises(ParseError, match=message):
        parse_amount(text)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2021 – 2027", 2021, 2027),
        ("2023 - 2025", 2023, 2025),
        ("Depuis 2018", 2018, None),
        ("Nouveau financement à partir de 2022", 2022, None),
        ("6/8/2023", 2023, 2023),
        ("jusqu'à fin 2023", None, 2023),
        ("accessible jusqu'en 2025", None, 2025),
        ("Chèque relance numérique 2022-2023", 2022, 2023),
        ("Cyberweek 2023", 2023, 2023),
        ("créée en 2018", 2018, None),
        ("Sa version 3 (2022)", 2022, None),
        ("En janvier 2022", 2022, None),
        ("a déjà eu lieu en 2022, et en 2023", 2022, 2023),
        ("débuté en septembre 2023 et se terminera en janvier 2024", 2023, 2024),
        # an official page saying an offer is over (README, « Marquer une offre comme clôturée »)
        ("Le programme a pris fin le 30 juin 2024.", None, 2024),
        ("Appel clôturé le 30/06/2024", None, 2024),
        ("jusqu'au 31 décembre 2024", None, 2024),
        ("octroyée de 2017 à 2024", 2017, 2024),
        ("", None, None),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text, message",
    [
        ("2020 - 20230", "four digits"),
        ("2027 - 2021", "before start"),
        ("1850 - 1860", "out of"),
    ],
)
def test_impossible_periods_are_reported(text, message):
    with pytest.raises(ImpossibleDateError, match=message):
        parse_period(text)


def test_period_with_unexplained_years_is_refused():
    with pytest.raises(ParseError, match="several years"):
        parse_period("en 2019 le plan, révisé 2021")


def test_html_remnants_become_text_and_lists():
    cell = '<p>Mesures :</p> <ul style="list-style-type: none"> Dépôt électronique <i>gratuit</i>'
    assert clean_text(cell) == "Mesures : Dépôt électronique gratuit"
    assert html_to_items("<p>Site de vente en ligne</p> <p>Equipement en matériel informatique</p>") == [
        "Site de vente en ligne",
        "Equipement en matériel informatique",
    ]
    assert clean_text("  a \n\t b ") == "a b"
    assert split_list("grant; advisory ;") == ["grant", "advisory"]


def format_amount(value: float, notation: str, currency: str = "EUR") -> str:
    """Write ``value`` in one of the report's notations (the inverse of ``parse_amount``).

    Notations: ``space`` (350 000 €), ``dot`` (1.500.000€), ``comma`` (1,800,000 €), ``plain`` (5000€),
    ``milliards`` (7,5 milliards €), ``millions`` (20,000 millions €), ``dollar`` (20 000\\$).
    """
    sign = {"EUR": "€", DOLLAR: "\\$"}[currency]
    whole = int(round(value))

    def grouped(n: int, sep: str) -> str:
        s = f"{n:,}"
        return s.replace(",", sep)

    if notation == "space":
        return f"{grouped(whole, ' ')} {sign}"
    if notation == "dot":
        return f"{grouped(whole, '.')}{sign}"
    if notation == "comma":
        return f"{grouped(whole, ',')} {sign}"
    if notation == "plain":
        return f"{whole}{sign}"
    if notation == "dollar":
        return f"{grouped(whole, ' ')}{sign}"
    if notation == "milliards":
        return f"{_decimal_fr(value / 1e9)} milliards {sign}"
    if notation == "millions":
        return f"{grouped(int(round(value / 1e6)), ',')} millions {sign}"
    raise ValueError(f"unknown notation {notation!r}")


def _decimal_fr(x: float) -> str:
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


@given(st.integers(min_value=1, max_value=999_999_999), st.sampled_from(["space", "dot", "comma", "plain", "dollar"]))
def test_format_then_parse_gives_the_amount_back(value, notation):
    currency = DOLLAR if notation == "dollar" else "EUR"
    money = parse_amount(format_amount(value, notation, currency)).money
    assert money.value == value and money.currency == currency


@given(st.integers(min_value=1, max_value=9999).map(lambda n: n / 10))
def test_milliards_round_trip(billions):
    money = parse_amount(format_amount(billions * 1e9, "milliards")).money
    assert money.value == pytest.approx(billions * 1e9)


@given(st.integers(min_value=1000, max_value=999_999))
def test_grouped_numbers_round_trip(n):
    for sep in (" ", ".", ","):
        assert parse_number(f"{n:,}".replace(",", sep)) == n


def test_records_are_what_to_dict_gives():
    import numpy as np
    import pandas as pd

    from benchmark.core.parsing import records

    frame = pd.DataFrame(
        {
            "object": pd.Series([np.int64(1), "a", None, np.float64(2.5)], dtype=object),
            "numpy_in_object": pd.Series([np.bool_(True), np.datetime64("2020-01-02"), pd.NA, 3], dtype=object),
            "int": [1, 2, 3, 4],
            "str": pd.Series(["a", None, "b", "c"], dtype="str"),
            "Int64": pd.array([1, None, 3, 4], dtype="Int64"),
            "bool": [True, False, True, False],
            "when": pd.to_datetime(["2020-01-01", None, "2021-05-06", "2022-01-01"]),
            "float": [1.0, np.nan, 2, 3],
            "list": [["a"], [], None, ["b", "c"]],
        }
    )
    expected, got = frame.to_dict("records"), records(frame)
    assert len(got) == len(expected) == 4
    for want, row in zip(expected, got, strict=True):
        assert list(row) == list(want)
        for key, value in want.items():
            assert type(row[key]) is type(value), (key, row[key], value)
            assert row[key] == value or (pd.isna(value) and pd.isna(row[key])) or row[key] is value, key
    assert records(frame.iloc[:0]) == []


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("L290-L302; L1059", [(None, 290, 302), (None, 1059, 1059)]),
        (" L5 ;L6 - L9 | L12", [(None, 5, 5), (None, 6, 9), (None, 12, 12)]),
        ("L7-L7", [(None, 7, 7)]),
        ("web-x:L3-L5; L4", [("web-x", 3, 5), (None, 4, 4)]),
        ("interview-abc", [("interview-abc", None, None)]),
        ("", []),
        (None, []),
    ],
)
def test_locators_are_read_piece_by_piece(spec, expected):
    from benchmark.core.spans import parse_locators

    assert [tuple(loc) for loc in parse_locators(spec)] == expected


@pytest.mark.parametrize(
    "spec, message",
    [
        ("L1;;L2", "bad line span ''"),
        ("L12L13", "bad line span 'L12L13'"),
        ("L5-L3", "line span 'L5-L3' ends before it starts"),
        ("L1; L9-L8", "line span 'L9-L8' ends before it starts"),
    ],
)
def test_a_bad_locator_names_its_piece(spec, message):
    from benchmark.core.spans import parse_locators

    with pytest.raises(ValueError, match=re.escape(message)):
        parse_locators(spec)


@pytest.mark.parametrize(
    "specs, spans, locators",
    [
        (("L5-L9", None, "L7-L12; L1", "", " "), "L1; L5-L12", "L1; L5-L12"),
        (("L3 | L4", "L10"), "L3-L4; L10", "L3-L4; L10"),
        # another source's locators are kept by both (a value from an official page never loses its source)
        (
            ("web-x:L3", "L2", "interview-y", "web-x:L4-L6"),
            "L2; interview-y; web-x:L3-L6",
            "L2; interview-y; web-x:L3-L6",
        ),
        ((None, ""), "", ""),
    ],
)
def test_merging_locator_cells(specs, spans, locators):
    from benchmark.core.spans import merge_locators, merge_spans

    assert merge_spans(*specs) == spans
    assert merge_locators(*specs) == locators


def test_merging_refuses_a_bad_piece_in_any_cell():
    from benchmark.core.spans import merge_locators, merge_spans

    for merge in (merge_spans, merge_locators):
        with pytest.raises(ValueError, match="ends before it starts"):
            merge("L1", "L9-L8")
        with pytest.raises(ValueError, match="bad line span ''"):
            merge("L1;", "L2")
