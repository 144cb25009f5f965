"""Figures' static images drawn by plotly.js in the build's Chromium (``benchmark.publish.chart_images``), with the plotly.js
bundle the pages ship (``benchmark.publish.plotlyjs``)."""

from __future__ import annotations

import struct

import plotly.graph_objects as go
import pytest
from conftest import CHROMIUM, require

from benchmark.core.errors import ReportError
from benchmark.publish import chart_images, figure_files, plotlyjs


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    return go.Figure(go.Bar(x=["Bruxelles", "Wallonie"], y=[3, 5]), layout={"title": {"text": "Aides"}})


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_images_have_their_size_and_a_fixed_id(figure):
    """(That the same figures give the same bytes on every run is checked on figures/ itself: a clean checkout
    rebuilds to the committed bytes, tests/test_build_offline.py.)"""
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    images = [
        chart_images.Image(figure, "svg", 600, 400),
        chart_images.Image(figure, "png", 600, 400, scale=2),
        chart_images.Image(figure.to_dict(), "svg", 300, 200),
    ]
    svg, png, small = chart_images.draw(images)
    assert svg.startswith(b"<svg") and b'width="600" height="400"' in svg and b"Bruxelles" in svg
    assert b'id="defs-fig000"' in svg  # plotly's random id replaced
    assert _png_size(png) == (1200, 800)  # twice the CSS size
    assert b'width="300" height="200"' in small


def test_an_unknown_format_is_refused(figure):
    with pytest.raises(ValueError, match="unknown image format 'gif'"):
        chart_images.draw([chart_images.Image(figure, "gif", 600, 400)])


def test_the_shipped_plotly_js_is_the_version_plotly_py_draws_with():
    from plotly.offline import get_plotlyjs_version

    require(plotlyjs.PATH.exists(), f"plotly.js ({plotlyjs.PATH})")
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}" in plotlyjs.source()[:500]


def test_a_trace_the_shipped_plotly_js_cannot_draw_is_refused_and_named(tmp_path):
    sunburst = go.Figure(go.Sunburst(labels=["a", "b"], parents=["", "a"]), layout={"title": {"text": "Parts"}})
    with pytest.raises(ReportError, match=r"« Parts »: trace type sunburst is not in the plotly\.js bundle"):
        chart_images.draw([chart_images.Image(sunburst, "svg", 600, 400)])
    with pytest.raises(ReportError, match=r"figure parts: trace type sunburst"):
        figure_files.export_figure(sunburst, "parts", tmp_path / "figures", images=False)
    assert not (tmp_path / "figures").exists()
