"""Static images of Plotly figures (SVG, PNG), drawn by plotly.js in one page of the build's Chromium.

kaleido reloads its page — 4.8 MB of plotly.js — after every image (about 0.35 s each, 12 s for ``figures/``).
Here one page loads the plotly.js the reports ship (``benchmark.publish.plotlyjs``), once, and draws every image with
``Plotly.toImage`` and the options kaleido passes (``imageDataOnly``, the figure's config over ``plotGlPixelRatio``), in the same Chromium:
the same pixels, drawn in one go. The figures are serialised as plotly's ``write_image`` does (validated dicts,
trace uids kept), and each SVG's random ``defs`` id is replaced by a fixed one, so that the same figures give the
same bytes on every run.
"""

from __future__ import annotations

import asyncio
import base64
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("svg", "png")
DRAW = """async ([figure, image]) => {
  const config = Object.assign({mapboxAccessToken: null, plotGlPixelRatio: image.scale * 2}, figure.config || {});
  return await Plotly.toImage({data: figure.data, layout: figure.layout, config: config},
                              Object.assign({imageDataOnly: true, setBackground: ""}, image));
}"""
_DEFS_ID = re.compile(r'id="defs-([0-9a-f]+)"')


@dataclass(frozen=True)
class Image:
    """One image to draw: a figure (a ``go.Figure`` or its dict) in a format, at a size in CSS pixels."""

    figure: object
    format: str  # "svg" or "png"
    width: int
    height: int
    scale: float = 1


def figure_title(layout: dict) -> str:
    """A figure's title as plain text (its markup removed)."""
    title = layout.get("title")
    text = title.get("text", "") if isinstance(title, dict) else (title or "")
    return re.sub(r"<[^>]+>", " ", str(text)).strip()


def stable_svg(text: str) -> str:
    """The SVG with plotly's random id (``defs-1a2b3c``, reused in ``clip1a2b3c…``) replaced by ``fig000``."""
    match = _DEFS_ID.search(text)
    return text.replace(match.group(1), "fig000") if match else text


def prepare(images: list[Image]) -> list[dict]:
    """Each image's figure as plotly.js reads it, checked: a known format, trace types the bundle draws, the
    bundle there and of the version plotly.py draws with."""
    unknown = sorted({image.format for image in images} - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown image format {unknown[0]!r} (one of {FORMATS})")
    from plotly.io._utils import validate_coerce_fig_to_dict

    from benchmark.publish import plotlyjs

    figures = [validate_coerce_fig_to_dict(image.figure, True) for image in images]
    for figure in figures:
        plotlyjs.check_traces(figure, f"the figure « {figure_title(figure.get('layout', {})) or 'sans titre'} »")
    plotlyjs.source()  # there, and the version plotly.py draws with
    return figures


def draw(images: list[Image]) -> list[bytes]:
    """Each image's bytes (an SVG document or a PNG), in order, from one page of a browser of its own."""
    if not images:
        return []
    figures = prepare(images)
    return decode(images, asyncio.run(_draw(figures, images)))


async def _draw(figures: list[dict], images: list[Image]) -> list[str]:
    from playwright.async_api import async_playwright

    from benchmark.publish.chromium import launch

    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            return await draw_in(browser, figures, images)
        finally:
            await browser.close()


async def draw_in(browser, figures: list[dict], images: list[Image]) -> list[str]:
    """Draw the prepared ``figures`` (``prepare``) in a new page of ``browser`` (a Playwright browser); return what
    plotly.js gives (SVG text, base64 PNG)."""
    from benchmark.publish import plotlyjs

    with tempfile.TemporaryDirectory(prefix="benchmark-images-") as tmp:
        page_file = Path(tmp) / "draw.html"
        page_file.write_text(
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<script src="{plotlyjs.PATH.as_uri()}"></script></head><body style="margin:0;padding:0"></body></html>',
            encoding="utf-8",
        )
        context = await browser.new_context(offline=True)
        try:
            page = await context.new_page()
            await page.goto(page_file.as_uri(), wait_until="load")
            results = []
            for figure, image in zip(figures, images):
                options = {"format": image.format, "width": image.width, "height": image.height, "scale": image.scale}
                results.append(await page.evaluate(DRAW, [figure, options]))
        finally:
            await context.close()
    return results


def decode(images: list[Image], drawn: list[str]) -> list[bytes]:
    """The bytes of each image from what plotly.js gave: the PNG decoded, the SVG with a fixed id."""
    return [
        base64.b64decode(data) if image.format == "png" else stable_svg(data).encode("utf-8")
        for image, data in zip(images, drawn)
    ]


def write(images: list[Image], paths: list[Path]) -> list[Path]:
    """Draw ``images`` and write each to its path; return the paths."""
    for path, data in zip(paths, draw(images)):
        Path(path).write_bytes(data)
    return [Path(p) for p in paths]
