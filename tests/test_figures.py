"""Figures checked for what they plot (trace data equal to the analysis values), labels and export."""

from __future__ import annotations

import pytest

from benchmark import analysis, figures, theme
from benchmark.load import load_clean


@pytest.fixture(scope="module")
def tables():
    return load_clean()


@pytest.fixture(scope="module")
def instruments(tables):
    return tables["instruments"]


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


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
    assert fig.layout.separators == ", "
    assert fig.layout.barmode == "stack"
    grant = _trace(fig, "Subvention")
    assert list(grant.x)[:3] == ["Union européenne", "Belgique (fédéral)", "Bruxelles-Capitale"]
    assert grant.y[2] == pytest.approx(5 / 11)
    assert list(grant.customdata)[2] == 5
    assert {t.name for t in fig.data} >= {"Chèque", "Accompagnement", "Aide en nature"}
    for i in range(10):  # every jurisdiction's shares sum to 1
        assert sum(t.y[i] for t in fig.data) == pytest.approx(1)


def test_advice_vs_funding(instruments):
    fig = figures.advice_vs_funding(instruments)
    table = analysis.advice_vs_funding(instruments)
    assert list(fig.data[0].x) == [theme.label(f) for f in table.index]
    assert list(fig.data[0].y) == table["count"].tolist()
    assert sum(fig.data[0].y) == int((instruments["jurisdiction"] == "BE-BRU").sum())


def test_max_award_strip(instruments):
    fig = figures.max_award_strip(instruments)
    assert fig.layout.xaxis.type == "log"
    quebec = _trace(fig, "Québec")
    assert [round(v, 2) for v in quebec.x] == [6775.6, 13551.2, 169390.0]
    assert quebec.y[-1].startswith("Volet 3")
    assert list(quebec.text)[-1] == "169\u202f390 €"
    brussels = _trace(fig, "Bruxelles-Capitale")
    assert list(brussels.x) == [100000.0]
    assert sum(len(t.x) for t in fig.data) == 16  # missing amounts are not drawn (never as 0)
    assert all(v > 0 for t in fig.data for v in t.x)


def test_envelopes_and_cofunding(instruments):
    fig = figures.envelopes(instruments)
    assert len(fig.data[0].x) == 9
    assert max(fig.data[0].x) == 806.9e9
    assert fig.data[0].x[-1] == 806.9e9  # largest drawn at the top of a horizontal bar chart
    rates = figures.cofunding(instruments)
    assert sorted(rates.data[0].x) == [0.25, 0.5, 0.6, 0.7, 0.75, 0.8]
    assert list(rates.data[0].text)[-1] == "80 %"


def test_funding_ladders(tables):
    fig = figures.funding_ladders(tables)
    assert len(fig.data) == 3
    qc, wal, bru = fig.data
    assert [round(v, 2) for v in qc.x] == [101634.0, 13551.2, 169390.0]
    assert list(qc.y) == ["Québec – Volet 1", "Québec – Volet 2", "Québec – Volet 3"]
    assert list(wal.x) == [1900, 5700, 7400]
    assert list(bru.x) == [5000, 100000]
    assert bru.name == "Bruxelles-Capitale – montants indiqués"


def test_access_matrix(instruments):
    fig = figures.access_matrix(instruments)
    assert [list(r) for r in fig.data[0].z] == [[7, 6, 0, 7, 0, 4], [27, 11, 8, 9, 3, 29]]
    assert list(fig.data[0].x)[0] == "Dédiée au non-marchand"


def test_stage_heatmap(instruments):
    fig = figures.stage_heatmap(instruments)
    heat = fig.data[0]
    assert list(heat.x) == ["Sensibilisation", "Diagnostic", "Planification", "Mise en œuvre", "Compétences"]
    assert list(heat.z[2]) == [1, 1, 5, 8, 4]  # Bruxelles-Capitale row
    assert heat.y[2] == "Bruxelles-Capitale"


def test_timeline(instruments):
    fig = figures.timeline(instruments)
    closed, open_ended = fig.data
    assert len(closed.y) == 20 and len(open_ended.y) == 7
    assert open_ended.marker.pattern.shape == "/"
    i = [n.startswith("Le Fonds Venture") for n in open_ended.y].index(True)
    assert open_ended.base[i] == 2017 and open_ended.x[i] == figures.OPEN_HORIZON - 2017 + 1
    assert list(open_ended.customdata[i])[3] == "en cours"


def test_all_figures_french_titles(tables):
    built = figures.build_all(tables)
    assert "types_par_juridiction" in built and len(built) == 9
    for fig in built.values():
        assert fig.layout.title.text
        assert fig.layout.separators == ", "


def test_export_figure_html(instruments, tmp_path):
    written = figures.export_figure(figures.cofunding(instruments), "taux", tmp_path, images=False)
    html = written[0].read_text(encoding="utf-8")
    assert written[0].name == "taux.html"
    assert '<script src="http' not in html and "Taux de cofinancement" in html
    # offline: one local plotly.min.js beside the figures, shared by all of them, no network address
    assert 'src="plotly.min.js"' in html and "https://" not in html.split("<body>")[0]
    assert (tmp_path / "plotly.min.js").stat().st_size > 1_000_000
