"""What a notebook cell shows: figures as their Plotly JSON bundle, findings and tables as they are.

``show(a, b, …)`` displays several items from one cell (the journey of each chosen jurisdiction, say).

``show(fig)`` publishes the figure's ``application/vnd.plotly.v1+json`` bundle directly instead of going through
``fig.show()``: plotly's renderer machinery imports nbformat and jsonschema's format checkers (≈ 1 s per kernel) to
produce the same bundle. The reports turn the bundle into a chart drawn by the local ``plotly.min.js``.
"""

from __future__ import annotations

import json

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_bundle(fig) -> dict:
    """The figure as plain JSON (``data`` and ``layout``), as plotly's mimetype renderer would send it."""
    import plotly.io as pio

    spec = json.loads(pio.to_json(fig, validate=False, remove_uids=False))
    return {"data": spec.get("data", []), "layout": spec.get("layout", {})}


def show(*items) -> None:
    """Display each item in a notebook: a Plotly figure as its one bundle (no HTML renderer), anything else (a
    table, a finding) as IPython displays it; ``None`` (a figure with nothing to draw for the notebook's selection,
    whose table says so in a sentence) shows nothing."""
    from IPython.display import display, publish_display_data

    for item in items:
        if item is None:
            continue
        if hasattr(item, "to_plotly_json"):
            publish_display_data({PLOTLY_MIME: figure_bundle(item)})
        else:
            display(item)
