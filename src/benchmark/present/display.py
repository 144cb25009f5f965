"""What a notebook cell shows: figures as their Plotly JSON bundle, findings and tables as they are.

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


def show(fig) -> None:
    """Display a Plotly figure in a notebook (one bundle, no HTML renderer)."""
    from IPython.display import publish_display_data

    publish_display_data({PLOTLY_MIME: figure_bundle(fig)})
