"""Figures checked for what they plot (trace data equal to the analysis values), labels and export."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmark.analysis import comparisons
from benchmark.present import figures, theme
from benchmark.present.formatting import fmt_pct
from benchmark.publish import figure_files
from benchmark.registry.codes import NONMARKET_ACCESS, OBTAINABLE


@pytest.fixture(scope="module")
def instruments(committed_tables):
    return committed_tables["instruments"]


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of linear RGB."""
    r, g, b = rgb
    x, y, z = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


# Machado et al. (2009), severity 1: how deuteranopes and protanopes see linear RGB.
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998))


def _seen(hex_colour: str, matrix=None) -> tuple[float, float, float]:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5)]
    if matrix:
        rgb = [min(1.0, max(0.0, sum(m * v for m, v in zip(row, rgb)))) for row in matrix]
    return _lab(tuple(rgb))


@pytest.mark.parametrize("colours", [theme.JURISDICTION_COLORS, theme.TYPE_COLORS], ids=["jurisdictions", "types"])
def test_palette_contrast_and_colour_blind_distinctness(colours):
    """Marks need 3:1 contrast on white (WCAG 2.1, 1.4.11); any two categories stay apart (ΔE ≥ 10) for normal,
    deuteranope and protanope vision."""
    for code, colour in colours.items():
        assert 1.05 / (_luminance(colour) + 0.05) >= 3.0, f"{code} {colour} has too little contrast on white"
    codes = list(colours)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            for matrix in (None, DEUTERANOPIA, PROTANOPIA):
                la, lb = _seen(colours[a], matrix), _seen(colours[b], matrix)
                assert sum((x - y) ** 2 for x, y in zip(la, lb)) ** 0.5 >= 10, f"{a} and {b} look alike"


def test_theme_labels_and_colours():
    assert theme.label("grant") == "Subvention"
    assert theme.label("voucher") == "Chèque"
    assert theme.label("advisory") == "Accompagnement"
    assert theme.label("BE-BRU") == "Bruxelles-Capitale"
    assert theme.label("no-such-code") == "no-such-code"
    assert theme.JURISDICTION_COLORS["BE-BRU"] == "#D55E00"
    assert len(set(theme.JURISDICTION_COLORS.values())) == 10
    assert len(set(theme.TYPE_COLORS.values())) == 10


def test_types_by_jurisdiction(instruments):
    fig = figures.types_by_jurisdiction(instruments)
    assert fig.layout.separators == ",\u202f"  # decimal comma, narrow no-break space (benchmark.present.formatting)
    assert fig.layout.barmode == "stack"
    grant = _trace(fig, "Subvention")
    assert list(grant.x)[:3] == ["Union européenne", "Belgique (fédéral)", "Bruxelles-Capitale"]
    counts = comparisons.type_counts(instruments).loc["BE-BRU"]
    share = counts["grant"] / counts.sum()
    assert grant.y[2] == pytest.approx(share)
    assert list(grant.customdata)[2] == [counts["grant"], fmt_pct(share)]  # count and share, by the one formatter
    assert "%" not in (fig.layout.yaxis.tickformat or "") and "20\u202f%" in fig.layout.yaxis.ticktext
    assert {t.name for t in fig.data} >= {"Chèque", "Accompagnement", "Aide en nature"}
    for i in range(10):  # every jurisdiction's shares sum to 1
        assert sum(t.y[i] for t in fig.data) == pytest.approx(1)


def test_advice_vs_funding(instruments):
    fig = figures.advice_vs_funding(instruments)
    table = comparisons.advice_vs_funding(instruments)
    assert list(fig.data[0].x) == [theme.label(f) for f in table.index]
    assert list(fig.data[0].y) == table["count"].tolist()
    assert sum(fig.data[0].y) == int((instruments["jurisdiction"] == "BE-BRU").sum())


def test_max_award_strip(tables):
    """The ceilings of one organisation only, on a linear axis from zero; filled where an ASBL can obtain the aid."""
    from benchmark.analysis import eligibility

    fig = figures.max_award_strip(tables)
    assert fig.layout.xaxis.type in (None, "linear") and fig.layout.xaxis.range[0] == 0
    ranked = eligibility.comparable_ceilings(tables)
    drawn = [t for t in fig.data if t.x is not None and any(v is not None for v in t.x)]
    assert sorted(v for t in drawn for v in t.x) == sorted(ranked["ceiling_eur"])
    quebec = _trace(fig, "Québec")
    assert 6775 in list(quebec.x)  # Fonds C: « jusqu'à 10 000$ (soit 6 775€) » L886, as stated
    # a loan (L187), a group's project (volet 3, L939), a trainer's day (FEBI, L355) are another kind of ceiling
    assert 169390 not in list(quebec.x)
    assert 800 not in [v for t in drawn for v in t.x]
    for trace in drawn:
        rows = ranked[ranked["jurisdiction"].map(lambda j: figures.label(j)) == trace.name]
        filled = [s == "circle" for s in trace.marker.symbol]
        ordered = rows.sort_values("ceiling_eur", kind="stable")
        # filled: an ASBL of the jurisdiction can obtain it, and the report does not say the offer has ended
        expected = ordered["asbl_access"].isin(OBTAINABLE) & (ordered["time_status"] != "closed")
        assert filled == list(expected), trace.name


def test_envelopes_and_cofunding(instruments):
    fig = figures.envelopes(instruments)
    values = [v for t in fig.data for v in t.x]
    assert len(values) == len(instruments["budget_total_eur"].dropna()) and 806.9e9 in values  # L1042
    eu = _trace(fig, "Union européenne")
    assert "806,9\u202fMd€" in list(eu.text)  # each dot carries its amount
    for trace in fig.data:  # every dot carries its own amount
        assert list(trace.text) == [figures.euro_label(v) for v in trace.x], trace.name
    largest = comparisons.budgets(instruments).iloc[0]["name"]
    assert list(fig.layout.yaxis.categoryarray)[-1] == figures._short(largest, 45)  # largest at the top
    rates = figures.cofunding(instruments)
    drawn = sorted(v for t in rates.data for v in t.x)
    assert drawn == sorted(instruments["cofunding_rate"].dropna()) and {0.6, 0.8} <= set(drawn)  # L192, L926
    assert {t.name for t in rates.data} >= {"Wallonie", "Flandre", "Québec"}
    assert "80\u202f%" in list(_trace(rates, "Québec").text)


def test_euro_label():
    assert figures.euro_label(806.9e9) == "806,9\u202fMd€"
    assert figures.euro_label(25e9) == "25\u202fMd€"
    assert figures.euro_label(5_420_000) == "5,4\u202fM€"
    assert figures.euro_label(500_000) == "500\u202f000\u202f€"


def test_every_coloured_chart_has_a_legend_for_each_colour(committed_tables):
    """Where colour carries meaning (more than one colour drawn), each colour has its legend entry; no figure has a
    fixed page width (the export width is kept apart)."""
    for stem, fig in figures.build_all(committed_tables).items():
        assert fig.layout.width is None and fig.layout.meta["figure"] == stem and fig.layout.meta["export_width"]
        drawn, legend = set(), set()
        for trace in fig.data:
            if trace.type not in ("bar", "scatter"):
                continue
            colours = trace.marker.color
            colours = {colours} if isinstance(colours, str) else set(colours or [])
            if trace.x is not None and any(v is not None for v in trace.x):
                drawn |= colours
            if trace.showlegend is not False and trace.name and len(colours) == 1:
                legend |= colours
        if len(drawn) > 1:
            assert drawn <= legend, f"{stem}: colours without a legend entry {drawn - legend}"


def test_access_matrix(instruments):
    fig = figures.access_matrix(instruments)
    expected = pd.crosstab(instruments["covers_brussels"], instruments["nonmarket_access"]).reindex(
        index=[True, False], columns=list(NONMARKET_ACCESS), fill_value=0
    )
    assert [list(r) for r in fig.data[0].z] == expected.values.tolist()
    assert list(fig.data[0].x)[0] == "Dédiée au non-marchand"


def test_stage_heatmap(instruments):
    fig = figures.stage_heatmap(instruments)
    heat = fig.data[0]
    assert list(heat.x) == ["Sensibilisation", "Diagnostic", "Planification", "Mise en œuvre", "Compétences"]
    assert list(heat.z[2]) == comparisons.stage_coverage(instruments).loc["BE-BRU"].tolist()  # Bruxelles-Capitale row
    assert heat.y[2] == "Bruxelles-Capitale"


def test_timeline(instruments):
    fig = figures.timeline(instruments)
    bars = [t for t in fig.data if t.x is not None and t.x[0] is not None]
    closed = [t for t in bars if not t.marker.pattern.shape]
    open_ended = [t for t in bars if t.marker.pattern.shape == "/"]
    dated = comparisons.timeline(instruments)
    assert sum(len(t.y) for t in closed) == int((~dated["open_ended"]).sum())
    assert sum(len(t.y) for t in open_ended) == int(dated["open_ended"].sum())
    venture = next(t for t in open_ended if any(n.startswith("Le Fonds Venture") for n in t.y))
    i = [n.startswith("Le Fonds Venture") for n in venture.y].index(True)
    horizon = figures.open_horizon(dated)
    assert horizon >= 2030  # the Digital Decade runs to 2030 (L1037, corrected)
    assert venture.base[i] == 2017 and venture.x[i] == horizon - 2017 + 1
    assert list(venture.customdata[i])[2] == "en cours"
    assert fig.layout.yaxis.type == "category"  # legend-only traces (no y) must not turn the axis numeric
    legend = {t.name for t in fig.data if t.showlegend is not False}
    assert {"Union européenne", "Wallonie", "Québec", "France"} <= legend
    assert any(n.startswith("Hachuré") for n in legend)


def test_all_figures_french_titles(committed_tables):
    built = figures.build_all(committed_tables)
    assert "types_par_juridiction" in built and len(built) == 9
    for fig in built.values():
        assert fig.layout.title.text
        assert fig.layout.separators == ",\u202f"  # decimal comma, narrow no-break space (benchmark.present.formatting)


def test_export_figure_html(instruments, tmp_path):
    written = figure_files.export_figure(figures.cofunding(instruments), "taux", tmp_path, images=False)
    html = written[0].read_text(encoding="utf-8")
    assert written[0].name == "taux.html"
    assert '<script src="http' not in html and "Taux de cofinancement" in html
    # offline: one local plotly.min.js beside the figures, shared by all of them, no network address
    assert 'src="plotly.min.js"' in html and "https://" not in html.split("<body>")[0]
    assert (tmp_path / "plotly.min.js").stat().st_size > 1_000_000


def _with_new_instrument(instruments, **values):
    """The clean instruments plus one a researcher could add, copied from a Brussels row with new values."""
    row = instruments[instruments["jurisdiction"] == "BE-BRU"].iloc[[0]].assign(instrument_id="bru-new", **values)
    return pd.concat([instruments, row], ignore_index=True)


def test_log_axes_are_computed_from_the_data(instruments):
    """An amount far outside today's range is inside the axis (never clipped), with a tick for its decade."""
    import math

    bigger = _with_new_instrument(instruments, budget_total_eur=3e13)
    for fig, values in ((figures.envelopes(bigger), bigger["budget_total_eur"]),):
        low, high = fig.layout.xaxis.range
        assert low < math.log10(values.min()) and high > math.log10(values.max()), fig.layout.title.text
        assert min(fig.layout.xaxis.tickvals) <= values.min() and max(fig.layout.xaxis.tickvals) >= values.max()
        assert list(fig.layout.xaxis.ticktext) == [figures.euro_label(v) for v in fig.layout.xaxis.tickvals]
    today = figures.envelopes(instruments).layout.xaxis  # at least 500 000 € (L388) to 806,9 Md€ (L1042)
    assert today.range[0] < math.log10(500_000) and today.range[1] > math.log10(806.9e9)
    assert today.tickvals[0] <= 1e5 and today.tickvals[-1] >= 1e12


def test_the_brussels_title_counts_the_brussels_rows(instruments):
    """The title's number is computed: one more Brussels instrument, one more in the title."""
    count = int((instruments["jurisdiction"] == "BE-BRU").sum())
    more = _with_new_instrument(instruments)
    assert f"des {count} aides" in figures.advice_vs_funding(instruments).layout.title.text
    assert f"des {count + 1} aides" in figures.advice_vs_funding(more).layout.title.text


def test_an_open_ended_instrument_starting_late_is_drawn_forward(instruments):
    """The open-ended bars stop at the latest year of the data: one starting after today's horizon still has a bar
    of at least one year, never a negative one."""
    late = _with_new_instrument(instruments, name="Nouvelle aide", start_year=2033, end_year=pd.NA)
    late["start_year"] = late["start_year"].astype("Int64")
    late["end_year"] = late["end_year"].astype("Int64")
    fig = figures.timeline(late)
    bar = next(t for t in fig.data if t.y is not None and "Nouvelle aide" in list(t.y))
    i = list(bar.y).index("Nouvelle aide")
    assert bar.base[i] == 2033 and bar.x[i] >= 1 and bar.marker.pattern.shape == "/"
    assert any("2033" in (t.name or "") for t in fig.data)  # the legend says where the hatched bars stop


def test_each_exported_figure_is_the_chart_its_notebook_shows(committed_tables):
    """figures/ holds the static image a page prints and a page sent alone shows: it must be drawn from the same
    rows as the notebook's chart (a programme and its parts counted once where the notebook does), or paper and
    screen give different numbers."""
    import json

    from benchmark.present.display import PLOTLY_MIME, figure_bundle
    from benchmark.publish.execute import discover
    from benchmark.publish.report_html import figure_stem

    exported = {stem: figure_bundle(fig) for stem, fig in figures.build_all(committed_tables).items()}
    shown = {}
    for path in discover():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                bundle = output.get("data", {}).get(PLOTLY_MIME)
                if bundle and figure_stem(bundle) in exported:
                    shown[figure_stem(bundle)] = bundle
    assert shown, "no notebook chart names an exported figure"
    for stem, bundle in shown.items():
        assert bundle["data"] == exported[stem]["data"], f"{stem}: figures/ draws other data than its notebook"
        assert bundle["layout"] == exported[stem]["layout"], f"{stem}: figures/ lays out another chart"
