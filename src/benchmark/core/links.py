"""Links from data, checked where they enter: a page may link only to ``https:``, ``http:`` or ``mailto:``.

A raw cell reaches a page as a link in two ways: a column that holds an address (``url`` of
``instrument_links.csv``, ``origin`` of ``sources.csv``), written into an ``href``; and free text that a notebook
shows as Markdown (step 5's lessons and actors), where ``[text](address)``, ``<address>``, a reference definition or
raw HTML become links. A ``javascript:`` link runs a script when clicked, a ``data:`` one opens a page of the
attacker's making; both are refused here, with the cell, before anything is written (the pages' Content-Security-
Policy, ``benchmark.publish.csp``, is the second line of defence, not the first).

The scheme is read as a browser reads it: spaces and control characters around the address are dropped, tabs and
line breaks inside it are ignored, letters are compared case-folded (« JaVaScRiPt: »). Any control character in an
address is refused outright, so no spelling hides a scheme. Markdown is rendered by mistune with the plugins
nbconvert renders a notebook's Markdown with (``nbconvert.filters.markdown_mistune``), and every address in the
resulting HTML is checked, so what is checked is what a page would hold.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

from benchmark.core.errors import Problem

ALLOWED_SCHEMES = ("https", "http", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What a browser ignores around and inside an address (WHATWG URL: leading/trailing C0 controls and spaces are
# stripped, ASCII tab and newlines removed anywhere).
_EDGES = "".join(map(chr, range(0x21)))
_IGNORED_INSIDE = re.compile(r"[\t\n\r]")
# The attributes through which HTML loads or opens an address.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "background",
        "data",
        "cite",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "ping",
        "manifest",
        "codebase",
        "archive",
        "usemap",
        "icon",
    }
)
# Raw HTML elements that run a script, load a document or change how the page reads its addresses.
UNSAFE_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "form",
        "style",
        "svg",
        "math",
        "template",
    }
)
# Script schemes refused anywhere in free text, even outside link syntax: a cell can be joined with its
# neighbour into one Markdown paragraph (« [voir]( » + « javascript:… ) »).
_SCRIPT_WORD = re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE)
# A Markdown link reference definition, whose address a link of another cell may use: « [ref]: address ».
_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)", re.MULTILINE)
_ADVICE = "a link starts with https://, http:// or mailto: (type the address as the source gives it)"


def scheme_of(address: str) -> str | None:
    """The scheme a browser would read in ``address`` (lower case, without « : »), or None for a relative one."""
    cleaned = _IGNORED_INSIDE.sub("", address.strip(_EDGES))
    match = _SCHEME.match(cleaned)
    return match.group(1).casefold() if match else None


def address_problem(address: str, fragment_ok: bool = False) -> str | None:
    """Why ``address`` may not be a link of a page, or None when it may: an absolute ``https:``/``http:`` address
    with a host, or ``mailto:`` with a recipient; with ``fragment_ok``, also a link inside the page (``#…``, as
    the report's own ``[Mon ASBL](#)``)."""
    address = address.strip(" ")
    control = _CONTROL.search(address)
    if control:
        return f"the address holds the control character U+{ord(control.group()):04X}: {_ADVICE}"
    if fragment_ok and address.startswith("#"):
        return None
    scheme = scheme_of(address)
    if scheme is None:
        return f"not an absolute address: {_ADVICE}"
    if scheme not in ALLOWED_SCHEMES:
        return f"the scheme « {scheme}: » is not allowed: {_ADVICE}"
    if scheme == "mailto":
        return None if address.partition(":")[2].strip() else f"« mailto: » without a recipient: {_ADVICE}"
    try:
        parts = urlsplit(address)
    except ValueError as err:  # an unbalanced « [ » in the host, say
        return f"not a valid address ({err}): {_ADVICE}"
    if not address.partition(":")[2].startswith("//") or not parts.netloc:
        return f"« {scheme}: » without « // » and a host name: {_ADVICE}"
    if re.search(r"\s", address):
        return f"the address holds a space: {_ADVICE} (a space inside it is written %20)"
    return None


@cache
def _markdown():
    """mistune as nbconvert renders a notebook's Markdown (same plugins; raw HTML kept, no scheme filtered)."""
    import mistune

    return mistune.create_markdown(
        escape=False,
        renderer=mistune.HTMLRenderer(escape=False, allow_harmful_protocols=True),
        plugins=["strikethrough", "table", "url", "task_lists", "def_list"],
    )


class _Links(HTMLParser):
    """Every address, event handler and unsafe element of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self.unsafe: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_ELEMENTS:
            self.unsafe.append(f"the HTML element <{tag}> is not allowed in a text cell")
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append(f"the HTML attribute {name}= runs a script: it is not allowed in a text cell")
            elif name in URL_ATTRIBUTES and value is not None:
                if name == "srcset":  # « address descriptor, address descriptor »
                    self.addresses += [part.split()[0] for part in value.split(",") if part.split()]
                elif name in ("ping", "archive"):  # addresses separated by spaces
                    self.addresses += value.split()
                else:
                    self.addresses.append(value)

    handle_startendtag = handle_starttag


def markdown_problems(text: str) -> list[str]:
    """Why ``text``, shown as Markdown by a notebook, would put a link a page may not hold (empty when none):
    every address of the rendered HTML and of its reference definitions is checked (``address_problem``), and a
    raw HTML element or event handler that runs a script is refused."""
    if not isinstance(text, str):
        return []
    found = []
    if _SCRIPT_WORD.search(_IGNORED_INSIDE.sub("", html.unescape(text))):
        found.append(f"the text holds a script address (« javascript: »): {_ADVICE}")
    if "[" not in text and "<" not in text:
        return found  # no link syntax (bare addresses become links only for https?:// and www.)
    parser = _Links()
    parser.feed(_markdown()(text))
    parser.close()
    addresses = parser.addresses + [html.unescape(m) for m in _DEFINITION.findall(text)]
    for address in addresses:
        problem = address_problem(address, fragment_ok=True)
        if problem:
            found.append(f"a Markdown link to {address[:80]!r}: {problem}")
    return list(dict.fromkeys(found + parser.unsafe))


def _places(frame, file: str) -> tuple[list, list, list]:
    """Each row's file, sheet and row number as lists (read once: a frame may hold 100 000 rows)."""
    n = len(frame)
    files = frame["_file"].tolist() if "_file" in frame.columns else [file] * n
    sheets = frame["_sheet"].tolist() if "_sheet" in frame.columns else [None] * n
    rows = frame["_row"].tolist() if "_row" in frame.columns else [None] * n
    return files, sheets, rows


def check_addresses(frame, columns: Iterable[str], file: str) -> list[Problem]:
    """A located problem for each cell of ``columns`` that is not an address a page may link to (empty cells
    pass). ``frame`` is a raw frame (``_file``, ``_sheet``, ``_row`` locate a cell)."""
    files, sheets, rows = _places(frame, file)
    problems = []
    for column in columns:
        for i, value in enumerate(frame[column].tolist()):
            if not isinstance(value, str) or not value.strip():
                continue
            problem = address_problem(value)
            if problem:
                problems.append(
                    Problem(files[i] or file, problem, sheet=sheets[i], row=rows[i], column=column, value=value)
                )
    return problems


# What a cell must hold for ``markdown_problems`` to find anything: link syntax, an entity, or a script word.
_MAY_LINK = re.compile(r"[\[<&]|script", re.IGNORECASE)


def check_markdown(frame, columns: Iterable[str], file: str) -> list[Problem]:
    """A located problem for each cell of ``columns`` whose Markdown would put a link a page may not hold
    (``markdown_problems``; one problem per cell). ``frame`` is a raw frame, as for ``check_addresses``. For the
    readers of free text a notebook shows as Markdown (step 5's decisions)."""
    files, sheets, rows = _places(frame, file)
    problems = []
    for column in columns:
        values = frame[column].tolist()
        texts = [(i, v) for i, v in enumerate(values) if isinstance(v, str)]
        if not texts or not _MAY_LINK.search("\n".join(v for _, v in texts)):
            continue  # the whole column at once: most hold no link syntax at all
        for i, value in texts:
            found = markdown_problems(value) if _MAY_LINK.search(value) else []
            if found:  # the first is enough to find the cell
                problems.append(
                    Problem(files[i] or file, found[0], sheet=sheets[i], row=rows[i], column=column, value=value)
                )
    return problems
