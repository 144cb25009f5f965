"""The plotly.js the pages and figures ship: plotly.js's « cartesian » bundle (npm ``plotly.js-cartesian-dist-min``,
pinned in package.json and installed by scripts/setup.sh), not the full bundle plotly.py carries.

The committee's charts are bars and heatmaps: the cartesian bundle draws them with the same code as the full one
(same version, same bytes in figures/), in 1.5 MB instead of 4.8 MB — a page opens faster on a tablet, and the
build's Chromium compiles a third of the script. Its version must be the one plotly.py was made for (checked), and
a figure may only use the trace types it contains (checked before drawing, with the figure named).
"""

from __future__ import annotations

import re
from functools import cache

from benchmark.core import paths
from benchmark.core.errors import ReportError

PACKAGE = "plotly.js-cartesian-dist-min"
# Installed by `npm ci` beside the project (scripts/setup.sh), else beside the checkout the library runs from.
PATH = next(
    (
        path
        for root in (paths.ROOT, paths.PACKAGE_CHECKOUT)
        if (path := root / "node_modules" / PACKAGE / "plotly-cartesian.min.js").exists()
    ),
    paths.ROOT / "node_modules" / PACKAGE / "plotly-cartesian.min.js",
)
# The bundle's trace modules, as its README lists them.
TRACES = frozenset(
    "bar box contour heatmap histogram histogram2d histogram2dcontour image pie scatter scatterternary violin".split()
)
_VERSION = re.compile(r"plotly\.js \(cartesian - minified\) v(\d+\.\d+\.\d+)")


@cache
def source() -> str:
    """The bundle's text, after checking that it is there and is the version plotly.py expects."""
    from plotly.offline import get_plotlyjs_version

    if not PATH.exists():
        raise ReportError(
            f"plotly.js ({PACKAGE}) is missing at {PATH}: run `bash scripts/setup.sh` (npm ci installs it)"
        )
    text = PATH.read_text(encoding="utf-8")
    found = _VERSION.search(text[:500])
    wanted = get_plotlyjs_version()
    if found is None or found.group(1) != wanted:
        have = found.group(1) if found else "unknown"
        raise ReportError(
            f"{PATH} is plotly.js {have}; plotly.py {wanted} draws with plotly.js {wanted}: pin "
            f"{PACKAGE}@{wanted} in package.json and run `npm ci`"
        )
    return text


def check_traces(figure: dict, where: str) -> None:
    """Refuse a figure whose traces the bundle cannot draw (the page would show an empty chart)."""
    kinds = {trace.get("type", "scatter") for trace in figure.get("data", [])}
    missing = sorted(kinds - TRACES)
    if missing:
        raise ReportError(
            f"{where}: trace type {', '.join(missing)} is not in the plotly.js bundle the reports ship ({PACKAGE}: "
            f"{', '.join(sorted(TRACES))}); draw it with one of those, or ship another bundle (benchmark.publish.plotlyjs)"
        )
