"""The headless Chromium the build draws with: Debian's (``BENCHMARK_CHROMIUM``, default /usr/bin/chromium), driven
through Playwright, with the project's fonts only (``benchmark.publish.fonts``). It exports the figures' images
(``benchmark.publish.chart_images``) and prints the PDFs (``benchmark.publish.pdf``); the same binary and fonts
everywhere, so that the same inputs give the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("BENCHMARK_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--font-render-hinting=none",
]


async def launch(pw):
    """A headless browser from a Playwright session (``async_playwright()``), offline by construction: callers
    open file: URLs only and their contexts are ``offline``."""
    from benchmark.core.errors import ReportError

    if not CHROMIUM.exists():
        raise ReportError(
            f"Chromium is needed to draw the figures' images and print the PDFs and is not at {CHROMIUM} "
            "(scripts/setup.sh installs Debian's chromium; BENCHMARK_CHROMIUM gives another path)"
        )
    return await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True, env=environment())


def environment() -> dict[str, str]:
    """Chromium's environment: this process's, with the project's fontconfig instead of the machine's."""
    from benchmark.publish import fonts

    return {**os.environ, "FONTCONFIG_FILE": str(fonts.fontconfig_file())}
