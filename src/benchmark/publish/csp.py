"""The Content-Security-Policy every page carries, as a ``<meta>`` element: defence in depth behind the check of
links where they enter (``benchmark.core.links``).

The policy lets a page run its own scripts and nothing else: the scripts it loads from its own folder
(``plotly.min.js`` and its French locale, beside the reports) and its inline scripts, each allowed by its SHA-256
(``'sha256-…'``), computed here from the page as written. A ``javascript:`` link is an inline script no hash
allows: the browser refuses to run it, and so an event handler attribute (``onclick=``). Nothing is loaded from
another origin: no script, style, image, font, frame or connection (the pages work offline, and must keep working
when a data cell slips through). Styles may be inline (plotly.js sets them as it draws); images may be ``data:``
URIs (each chart's static SVG is embedded so that a page sent alone still shows it). A ``<meta>`` policy cannot
set ``frame-ancestors`` or reporting, which need HTTP headers: a static site sent by e-mail has none.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# The script types a browser runs (an absent type is JavaScript); any other (application/json) is data.
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
META_START = '<meta http-equiv="Content-Security-Policy" content="'


def script_hashes(page: str) -> list[str]:
    """The CSP source (``'sha256-…'``) of each inline script the page runs, in order, without repeats. The hash is
    over the element's text as the browser reads it: UTF-8, line breaks normalised to LF."""
    hashes = []
    for match in _SCRIPT.finditer(page):
        attrs = match.group("attrs")
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind is not None and kind.group(1).lower() not in _RUN_TYPES:
            continue
        body = match.group("body").replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(hashes))


def policy(page: str) -> str:
    """The policy of ``page`` (see the module's docstring)."""
    scripts = " ".join(["'self'", *script_hashes(page)])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def with_policy(page: str) -> str:
    """``page`` with its Content-Security-Policy ``<meta>`` first in ``<head>`` (after ``<meta charset>``), before any
    script; a policy the page already carries is replaced (the page changed since)."""
    if META_START in page:
        start = page.index(META_START)
        end = page.index(">", start) + 1
        page = page[: start - 1 if page[start - 1 : start] == "\n" else start] + page[end:]
    meta = f'{META_START}{policy(page)}">'
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:
        raise ValueError("a page without <head>: nowhere to put its Content-Security-Policy")
    return f"{page[: anchor.end()]}\n{meta}{page[anchor.end() :]}"
