"""Data embedded in a page's ``<script>`` element, escaped for that context: one function for every page.

Inside ``<script>``, the HTML parser ends the element at ``</script`` and, after ``<!--``, a ``<script`` opens an
« escaped » state in which the closing tag no longer closes it: a description holding ``<!--<script>`` would swallow
the rest of the page's scripts (the finder's filters stopped working). JSON whose ``<``, ``>`` and ``&`` are written
as ``\\u003c``, ``\\u003e`` and ``\\u0026`` holds none of these sequences and parses to the same values, in
``JSON.parse`` and as a JavaScript literal alike; U+2028 and U+2029, line terminators for older JavaScript
engines, are escaped too.
"""

from __future__ import annotations

import json

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_TABLE = str.maketrans(_ESCAPES)


def script_json(obj, sort_keys: bool = False) -> str:
    """``obj`` as compact JSON that is safe inside a ``<script>`` element (see the module's docstring)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    return text.translate(_TABLE)
