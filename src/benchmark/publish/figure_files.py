"""figures/: every figure of the notebooks as HTML (offline, beside one local plotly.min.js), SVG and PNG."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from benchmark.core import paths
from benchmark.present.figures import build_all
from benchmark.present.theme import PLOTLY_CONFIG, export_width
from benchmark.publish import chart_images, plotlyjs
from benchmark.publish.csp import with_policy
from benchmark.publish.report_html import PLOTLY_FILE


def images_of(fig: go.Figure) -> list[chart_images.Image]:
    """The static images ``figures/`` keeps of a figure: an SVG at its export size and a PNG at twice that."""
    width, height = export_width(fig), fig.layout.height
    return [chart_images.Image(fig, ext, width, height, 2 if ext == "png" else 1) for ext in chart_images.FORMATS]


def export_figure(fig: go.Figure, stem: str, directory: Path | str = paths.FIGURES, images: bool = True) -> list[Path]:
    """Write figures/<stem>.html (offline: plotly.js from one local plotly.min.js shared by every figure, the bundle
    of ``benchmark.publish.plotlyjs``) and, with ``images``, <stem>.svg and <stem>.png (``benchmark.publish.chart_images``)."""
    plotlyjs.check_traces(fig.to_plotly_json(), f"figure {stem}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / PLOTLY_FILE
    if not script.exists() or script.read_text(encoding="utf-8") != plotlyjs.source():
        script.write_text(plotlyjs.source(), encoding="utf-8")
    html = directory / f"{stem}.html"
    fig.write_html(html, include_plotlyjs=PLOTLY_FILE, full_html=True, div_id=stem, config=PLOTLY_CONFIG)
    html.write_text(with_policy(html.read_text(encoding="utf-8")), encoding="utf-8")  # its script allowed by hash
    written = [html]
    if images:
        todo = images_of(fig)
        written += chart_images.write(todo, [directory / f"{stem}.{image.format}" for image in todo])
    return written


def export_all(
    tables: dict[str, pd.DataFrame],
    directory: Path | str = paths.FIGURES,
) -> list[Path]:
    """Build and export every figure: HTML one by one, then every SVG and PNG drawn in one browser page."""
    directory = Path(directory)
    figures = build_all(tables)
    written = []
    for stem, fig in figures.items():
        written += export_figure(fig, stem, directory, images=False)
    todo = [(stem, image) for stem, fig in figures.items() for image in images_of(fig)]
    written += chart_images.write([image for _, image in todo], [directory / f"{stem}.{i.format}" for stem, i in todo])
    return written
