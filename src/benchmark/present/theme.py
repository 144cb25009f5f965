"""One visual theme for every figure: French labels, French number format, colour-blind-safe colours, and the
Plotly configuration readers get (French toolbar reduced to PNG download and zoom reset)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from benchmark.registry.labels import COLUMN_LABELS, LABELS, label  # noqa: F401 (figures and tables read them here)

if TYPE_CHECKING:  # plotly is imported by what draws (apply): the labels serve ``benchmark clean`` without it
    import plotly.graph_objects as go

# Ten dark colours (Paul Tol's and Okabe-Ito's colour-blind-safe sets), every one with at least 3:1 contrast on white
# (WCAG 2.1 non-text contrast) and chosen so that any two stay apart for normal, deuteranope and protanope vision
# (tests/test_figures.py computes both). Flanders is not yellow: no yellow reaches 3:1 on white.
# The build draws the static images with DejaVu Sans (npm dejavu-fonts-ttf, benchmark.publish.fonts), named first so
# that an SVG opened elsewhere asks for the font it was laid out with; a reader without it gets Arial or the like.
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"

PALETTE = {
    "vermillion": "#D55E00",
    "ink": "#222222",
    "blue": "#0077BB",
    "teal": "#009988",
    "indigo": "#332288",
    "red": "#B2182B",
    "wine": "#882255",
    "magenta": "#EE3377",
    "purple": "#762A83",
    "green": "#1B7837",
}

JURISDICTION_COLORS = {
    "EU": PALETTE["indigo"],
    "BE": PALETTE["ink"],
    "BE-BRU": PALETTE["vermillion"],
    "BE-VLG": PALETTE["green"],
    "BE-WAL": PALETTE["magenta"],
    "FR": PALETTE["blue"],
    "ES": PALETTE["red"],
    "IT": PALETTE["purple"],
    "CA": PALETTE["wine"],
    "CA-QC": PALETTE["teal"],  # Canada and Québec, often side by side: far-apart hues
}
TYPE_COLORS = {
    "strategy": PALETTE["ink"],
    "grant": PALETTE["blue"],
    "voucher": PALETTE["teal"],
    "loan": PALETTE["indigo"],
    "training": PALETTE["green"],
    "advisory": PALETTE["vermillion"],
    "diagnostic_tool": PALETTE["purple"],
    "information": PALETTE["magenta"],
    "network": PALETTE["red"],
    "in_kind": PALETTE["wine"],
}
# Shades for counts (heatmaps): light to dark blue; cells are labelled with their number.
COUNT_SCALE = [[0.0, "#F2F6FA"], [1.0, "#08306B"]]


@functools.cache
def template() -> go.layout.Template:
    """The figures' Plotly template (made once, when the first figure is drawn)."""
    import plotly.graph_objects as go

    return go.layout.Template(
        layout=dict(
            separators=",\u202f",  # decimal comma, narrow no-break space between thousands (benchmark.present.formatting)
            font=dict(family=FONT_FAMILY, size=13, color="#222222"),
            colorway=list(PALETTE.values()),
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", automargin=True),
            yaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", automargin=True),
            hoverlabel=dict(bgcolor="white", font_size=12),
            legend=dict(bgcolor="rgba(255,255,255,0.8)"),
            margin=dict(l=20, r=20, t=80, b=60),
            title=dict(x=0.0, xanchor="left"),
        )
    )


# What a reader's toolbar offers: download as PNG and reset the zoom; no cloud/share, no logo. French texts come
# from plotly's own French locale (plotly.js-locales), registered by the page.
PLOTLY_CONFIG = {
    "locale": "fr",
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "modeBarButtons": [["toImage", "resetScale2d"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
EXPORT_WIDTH = 1000  # pixels of a static export (SVG, PNG, PDF); the pages' charts take their container's width


def apply(
    fig: go.Figure,
    title: str,
    width: int = EXPORT_WIDTH,
    height: int = 600,
    name: str | None = None,
    summary: str | None = None,
) -> go.Figure:
    """Give a figure the theme, its French title, its height and its export width.

    The width is kept in ``layout.meta`` (not ``layout.width``) so that a chart on a page fills its container;
    ``name`` is the figure's file stem in ``figures/``, which lets a page show the exported static image;
    ``summary`` is the one French sentence a page gives as the chart's text alternative (with its title).
    """
    meta: dict[str, object] = {"export_width": width}
    if name:
        meta["figure"] = name
    if summary:
        meta["summary"] = summary
    fig.update_layout(template=template(), title_text=title, height=height, separators=",\u202f", meta=meta)
    for i, trace in enumerate(fig.data):  # fixed trace ids: exports are byte-stable
        trace.uid = f"trace{i}"
    return fig


def export_width(fig: go.Figure) -> int:
    """The width of a figure's static export (``apply`` keeps it in ``layout.meta``)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return int(fig.layout.width or meta.get("export_width", EXPORT_WIDTH))
