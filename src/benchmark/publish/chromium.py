"""The headless Chromium the build draws with: Debian's (``BENCHMARK_CHROMIUM``, default /usr/bin/chromium), driven
through Playwright, with the project's fonts only (``benchmark.publish.fonts``). It exports the figures' images
(``benchmark.publish.chart_images``) and prints the PDFs (``benchmark.publish.pdf``); the same binary and fonts
everywhere, so that the same inputs give the same bytes."""

from __future__ import annotations

import os
import re
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


# Seconds Chromium has to start (it takes under one; Playwright would wait three minutes for one that hangs).
LAUNCH_TIMEOUT = 20.0


def load_timeout_ms(page: Path) -> float:
    """How long Chromium may take to load a local page: Playwright's 30 s, plus 3 s per MB of HTML. Parsing grows
    with the page: the catalogue of 10 000 instruments (25 MB) took 20–42 s on a 2-core machine
    (benchmarks/bench.py); a small page that does not load in 30 s is a hang."""
    return (30 + 3 * page.stat().st_size / 1e6) * 1000


_ADVICE = (
    "What to do: check that `{path} --version` prints a version; reinstall it (`sudo apt-get install --reinstall "
    "chromium`, or `bash scripts/setup.sh`), or give a working one in BENCHMARK_CHROMIUM; or build without it "
    "(`benchmark build --skip-figures --skip-pdfs`)."
)


async def launch(pw):
    """A headless browser from a Playwright session (``async_playwright()``), offline by construction: callers
    open file: URLs only and their contexts are ``offline``. A Chromium that is missing, exits or does not start
    within ``LAUNCH_TIMEOUT`` is a ``ReportError`` of one paragraph (``launch_failure``), never Playwright's
    traceback and its hundred lines of browser log."""
    from playwright.async_api import Error as PlaywrightError

    from benchmark.core.errors import ReportError

    if not CHROMIUM.exists():
        raise ReportError(
            f"Chromium is needed to draw the figures' images and print the PDFs and is not at {CHROMIUM} "
            "(scripts/setup.sh installs Debian's chromium; BENCHMARK_CHROMIUM gives another path)"
        )
    try:
        return await pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            env=environment(),
            timeout=LAUNCH_TIMEOUT * 1000,
        )
    except PlaywrightError as err:
        raise launch_failure(err) from None


def launch_failure(err: Exception):
    """One paragraph for a Chromium that would not start: what it said (its last error line, its exit code), or
    that it did not answer in time, and what to do."""
    from benchmark.core.errors import ReportError

    text = str(err)
    said = [line.split("[err]", 1)[1].strip() for line in text.splitlines() if "[err]" in line]
    code = re.search(r"exitCode=(-?\d+)", text)
    if "Timeout" in text.split("\n", 1)[0] or type(err).__name__ == "TimeoutError":
        what = f"did not start within {LAUNCH_TIMEOUT:g} s (it hangs)"
    else:
        what = "exited as it started" + (f" (exit code {code.group(1)})" if code else "")
    if said:
        what += f", saying « {said[-1][:300]} »"
    return ReportError(f"Chromium ({CHROMIUM}) {what}. {_ADVICE.format(path=CHROMIUM)}")


def environment() -> dict[str, str]:
    """Chromium's environment: this process's, with the project's fontconfig instead of the machine's."""
    from benchmark.publish import fonts

    return {**os.environ, "FONTCONFIG_FILE": str(fonts.fontconfig_file())}
