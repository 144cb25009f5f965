"""Hostile and faulty inputs (issue 29): each case ends in one located message, exit 1, ``data/clean/`` untouched
and no traceback — links a page may not hold, files that are not files, cells and files beyond their limits,
control characters, malformed metadata — and the pages' second line of defence (Content-Security-Policy, data
embedded in scripts escaped for that context).

Each case breaks a copy of ``data/raw/`` and runs ``benchmark clean`` (in-process, or as a process with a timeout
where a reader could hang). The browser, the lock and Ctrl-C tests are in ``tests/test_hostile_runs.py``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from benchmark.cli import main
from benchmark.core import limits, links, paths
from benchmark.core.errors import MAX_PROBLEMS_SHOWN, DataError, Problem
from benchmark.publish.csp import script_hashes, with_policy
from benchmark.publish.embed import script_json

# --- helpers -------------------------------------------------------------------------------------------------


@pytest.fixture
def clean_copy(tmp_path) -> Path:
    """A copy of data/clean/ for ``benchmark clean --out``: a refused run must leave it byte for byte as it was."""
    target = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, target)
    return target


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(raw: Path, out: Path, capsys) -> str:
    """Run ``benchmark clean`` on ``raw``: it must exit 1 with a located message and no traceback, leaving ``out``
    as it was; return what it printed on stderr."""
    before = _snapshot(out)
    code = main(["clean", "--raw", str(raw), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert "left untouched" in err
    assert _snapshot(out) == before
    return err


def one_problem(err: str) -> str:
    """The single problem line of a refused run."""
    assert "1 problem(s) in the raw data" in err, err
    lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(lines) == 1, err
    return lines[0]


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a raw CSV file (``row`` as a spreadsheet shows it: the header is row 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def edit_note(raw: Path, value: str, sheet: str = "BE-BRU", row: int = 3) -> None:
    """Type ``value`` in the ``notes`` cell of a workbook row, as a spreadsheet would save it."""
    wb = openpyxl.load_workbook(raw / "inventories.xlsx")
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index("notes") + 1).value = value
    wb.save(raw / "inventories.xlsx")


# --- 1. links from data, checked where they enter -------------------------------------------------------------

SCRIPT_ADDRESSES = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",  # leading spaces: a browser drops them
    "java\tscript:alert(1)",  # a tab inside the scheme: a browser ignores it
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
# Each raw column whose cell a page writes as an address: (file, column).
ADDRESS_COLUMNS = [("instrument_links.csv", "url"), ("sources.csv", "url")]


@pytest.mark.parametrize("address", SCRIPT_ADDRESSES)
@pytest.mark.parametrize(("file", "column"), ADDRESS_COLUMNS)
def test_a_script_address_in_a_link_column_is_refused_with_its_cell(
    raw_copy, clean_copy, capsys, file, column, address
):
    edit_csv(raw_copy / file, 2, column, address)
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith(f"  - {file} row 2, column {column}:"), line
    assert "https://" in line  # the fix: what a link may start with


# Markdown a notebook renders as a link (or raw HTML that runs a script), in free-text cells of the decision files
# and the workbook: (file, column, value).
MARKDOWN_ATTACKS = [
    "Voir [le site](javascript:alert(1)).",
    "Voir <JaVaScRiPt:alert(1)>.",
    "Voir [x](data:text/html;base64,PHNjcmlwdD4=)",
    "Voir [x]( java&#115;cript:alert(1))",  # an entity inside the scheme
    '<a href=" javascript:alert(1)">x</a>',
    '<img src="x" onerror="alert(1)">',
    "Voir [x][r].\n\n[r]: javascript:alert(1)",
]
MARKDOWN_CELLS = [
    ("step5_lessons.csv", "text"),
    ("step5_actors.csv", "role"),
    ("step5_inspirations.csv", "brussels_today"),
    ("eligibility_conditions.csv", "label"),
    ("source_problems.csv", "detail"),
]


@pytest.mark.parametrize("value", MARKDOWN_ATTACKS)
@pytest.mark.parametrize(("file", "column"), MARKDOWN_CELLS)
def test_a_script_link_in_markdown_text_is_refused_with_its_cell(raw_copy, clean_copy, capsys, file, column, value):
    edit_csv(raw_copy / file, 2, column, value)
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith(f"  - {file} row 2, column {column}:"), line


@pytest.mark.parametrize("value", MARKDOWN_ATTACKS[:3])
def test_a_script_link_in_a_workbook_note_is_refused_with_its_cell(raw_copy, clean_copy, capsys, value):
    edit_note(raw_copy, value)
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith("  - inventories.xlsx [sheet BE-BRU] row 3, column notes:"), line


@pytest.mark.parametrize(
    "address",
    [
        "https://economie-emploi.brussels/prime-web",
        "HTTP://example.org/x?y=1#z",
        "https://www.chèques-entreprises.be/chèques/cybersecurite/",  # as the report writes it (L577)
        "mailto:info@example.org",
    ],
)
def test_good_addresses_pass(address):
    assert links.address_problem(address) is None


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "//evil.example/x", "relative/page.html", "https:example.org", "mailto:", "http://a b"],
)
def test_anything_else_is_not_an_address(address):
    assert links.address_problem(address)


@pytest.mark.parametrize(
    "text",
    [
        "[Mon ASBL](#)",  # the report's own empty link (L280)
        "<https://digiscore.digitalwallonia.be/> at L509",
        "Voir [le site](https://example.org) ou <mailto:a@b.be>.",
        "Interview: Jean Dupont",
        "données : 2 400 €",
        "a < b > c & d",
    ],
)
def test_plain_text_and_good_links_pass_the_markdown_check(text):
    assert links.markdown_problems(text) == []


@pytest.mark.parametrize("value", MARKDOWN_ATTACKS)
def test_what_the_check_renders_is_what_nbconvert_renders(value):
    """The check renders Markdown with mistune as nbconvert does: every address nbconvert's own renderer puts in
    the page is one the check refuses (the notebooks' Markdown goes through nbconvert)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = links._Links()
    rendered.feed(markdown2html_mistune(value))
    bad = [a for a in rendered.addresses if links.address_problem(a, fragment_ok=True)]
    assert bad or rendered.unsafe, f"nbconvert renders no bad link for {value!r}: the case tests nothing"
    assert links.markdown_problems(value), value


def test_the_raw_files_hold_no_refused_link_today():
    from benchmark.ingest import screening

    assert screening.screen(paths.RAW) == []


# --- 2. data embedded in a page's script ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["<!--<script>", "</script><script>alert(1)</script>", "a\u2028b\u2029c", "R&D <b>", "]]>"]
)
def test_script_json_holds_no_sequence_that_ends_or_escapes_a_script(text):
    embedded = script_json({"what": text})
    for sequence in ("<!--", "</", "<script", "\u2028", "\u2029", "&"):
        assert sequence not in embedded.lower()
    assert json.loads(embedded) == {"what": text}


# --- 3. the pages' Content-Security-Policy --------------------------------------------------------------------


def test_the_policy_allows_exactly_the_inline_scripts_of_the_page():
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title>'
        '<script src="plotly.min.js"></script><script>var a = 1;\r\n</script>'
        '<script type="application/json">{"x": 1}</script></head><body><script>var b = 2;</script></body></html>'
    )
    protected = with_policy(page)
    import base64
    import hashlib

    def sha(body: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"

    assert script_hashes(page) == [sha("var a = 1;\n"), sha("var b = 2;")]  # data blocks run nothing: no hash
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', protected)
    assert meta and protected.index(meta.group(0)) < protected.index("<script")
    policy = dict(part.strip().split(" ", 1) for part in meta.group(1).split(";"))
    assert policy["default-src"] == "'none'" and "unsafe-inline" not in policy["script-src"]
    assert policy["script-src"].split() == ["'self'", sha("var a = 1;\n"), sha("var b = 2;")]
    assert with_policy(protected) == protected  # applied twice: one policy, the same


# --- 4. bounded and located: files that are not files, limits, control characters, metadata ------------------


def run_clean(raw: Path, out: Path) -> subprocess.CompletedProcess:
    """``benchmark clean`` as a process, with a timeout: a reader that blocks (a FIFO) must not hang the suite."""
    environment = {k: v for k, v in os.environ.items() if k not in paths.ENVIRONMENT}
    return subprocess.run(
        [sys.executable, "-m", "benchmark.cli", "clean", "--raw", str(raw), "--out", str(out)],
        cwd=paths.ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["step5_lessons.csv", "currency_rates.csv", "source.json", "inventories.xlsx"])
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_raw_file_that_is_not_a_regular_file_is_named_at_once(raw_copy, clean_copy, name, kind):
    target = raw_copy / name
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    else:
        target.mkdir()
    before = _snapshot(clean_copy)
    done = run_clean(raw_copy, clean_copy)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    line = one_problem(done.stderr)
    assert line.startswith(f"  - {name} — is ") and "not a regular file" in line, line
    assert _snapshot(clean_copy) == before


def test_a_cell_over_the_spreadsheet_limit_is_refused_with_its_cell(raw_copy, clean_copy, capsys):
    edit_csv(raw_copy / "step5_actors.csv", 3, "role", "x" * 33_000)
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith("  - step5_actors.csv row 3, column role:") and "33,000" not in line
    assert "33 000 characters" in line and "32 767" in line
    assert len(line) < 600  # the value is named, not printed


def test_a_workbook_cell_over_the_limit_is_refused_with_its_cell(raw_copy, clean_copy, capsys):
    """Excel and openpyxl stop a cell at 32 767 characters; a workbook written by another program may hold more,
    which calamine reads whole: 33 000 characters typed into the sheet's XML."""
    edit_note(raw_copy, "MARK")
    path = raw_copy / "inventories.xlsx"
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = next(name for name, xml in parts.items() if name.startswith("xl/worksheets/") and b">MARK<" in xml)
    parts[sheet] = parts[sheet].replace(b">MARK<", b">" + b"y" * 33_000 + b"<")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith("  - inventories.xlsx [sheet BE-BRU] row 3, column notes:"), line
    assert "33 000 characters" in line


def test_a_raw_file_over_its_size_limit_is_refused_before_it_is_read(raw_copy, clean_copy, capsys):
    with (raw_copy / "step5_assumptions.csv").open("r+b") as f:
        f.truncate(limits.MAX_CSV_BYTES + 1)  # sparse: no need to write 8 MB
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    size = f"{limits.MAX_CSV_BYTES + 1:,}".replace(",", " ")
    assert line.startswith(f"  - step5_assumptions.csv — file is {size} bytes, over the limit of "), line
    assert "(8 MB)" in line


def test_a_workbook_that_unpacks_beyond_its_limit_is_refused(raw_copy, clean_copy, capsys, monkeypatch):
    monkeypatch.setattr(limits, "MAX_WORKBOOK_UNPACKED", 100_000)  # the real one is 64 MB: same check, less disk
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith("  - inventories.xlsx — the workbook unpacks to"), line


def test_a_vertical_tab_pasted_from_word_is_refused_with_its_cell(raw_copy, clean_copy, capsys):
    edit_note(raw_copy, "avant_x000B_après")  # how Excel stores a vertical tab: calamine gives back U+000B
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith("  - inventories.xlsx [sheet BE-BRU] row 3, column notes:"), line
    assert "U+000B" in line and "vertical tab" in line


def test_a_control_character_in_a_csv_cell_is_refused_with_its_cell(raw_copy, clean_copy, capsys):
    edit_csv(raw_copy / "part4_needs.csv", 2, "text", "un\x0cdeux")
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith("  - part4_needs.csv row 2, column text:") and "U+000C" in line


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ('{"file": "x",\n "line_count": 1124,,\n}', 2),
        ("", 1),
        ('["a list"]', 1),
    ],
)
def test_a_malformed_source_json_is_located(raw_copy, clean_copy, capsys, text, row):
    (raw_copy / "source.json").write_text(text, encoding="utf-8")
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith(f"  - source.json row {row} — not "), line


def test_a_source_json_without_its_keys_names_each(raw_copy, clean_copy, capsys):
    (raw_copy / "source.json").write_text('{"file": "x", "line_count": "many"}', encoding="utf-8")
    err = refused(raw_copy, clean_copy, capsys)
    assert "source.json, column line_count: 'many'" in err and "source.json, column sha256" in err


def test_a_malformed_package_toml_is_located(raw_copy, clean_copy, capsys):
    with (raw_copy / "package.toml").open("a", encoding="utf-8") as f:
        f.write("\nname = = 3\n")
    lines = (raw_copy / "package.toml").read_text(encoding="utf-8").count("\n")
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith(f"  - package.toml row {lines} — not valid TOML"), line


def test_a_package_toml_with_a_wrong_type_is_located(raw_copy, clean_copy, capsys):
    (raw_copy / "package.toml").write_text('name = "x"\ntitle = "t"\ndescription = "d"\nlicenses = "CC0"\n')
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert "package.toml, column licenses" in line


def _raw_csv_files() -> list[str]:
    return sorted(p.name for p in paths.RAW.glob("*.csv"))


@pytest.mark.parametrize("name", _raw_csv_files())
def test_a_windows_1252_csv_gets_a_located_message(raw_copy, clean_copy, capsys, name):
    """Every raw CSV file, the finder's and step 5's included: an Excel export in a Belgian locale."""
    path = raw_copy / name
    text = path.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    path.write_bytes(f"{header}\né{rest}".encode("cp1252", errors="replace"))  # a row that starts « é… »
    line = one_problem(refused(raw_copy, clean_copy, capsys))
    assert line.startswith(f"  - {name} row 2:") and "not UTF-8" in line, line


def test_a_hundred_thousand_bad_rows_print_a_capped_list(raw_copy, clean_copy, capsys):
    """Each of 100 000 filled rows misses its required cells: the message lists 50 problems and counts the rest."""
    path = raw_copy / "source_problems.csv"
    header = path.read_text(encoding="utf-8").split("\n", 1)[0]
    width = header.count(",")
    path.write_text(header + "\n" + "".join("," * width + "a note\n" for _ in range(100_000)), encoding="utf-8")
    err = refused(raw_copy, clean_copy, capsys)
    listed = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(listed) == MAX_PROBLEMS_SHOWN and len(err.splitlines()) == MAX_PROBLEMS_SHOWN + 3, err[-500:]
    total = int(re.search(r"(\d+) problem\(s\) in the raw data", err).group(1))
    assert total >= 100_000 and f"… and {total - MAX_PROBLEMS_SHOWN} more problem(s)" in err


def test_a_long_value_is_named_not_printed():
    text = str(DataError([Problem("f.csv", "too long", row=2, column="c", value="z" * 1_000_000)]))
    assert len(text) < 400 and "1 000 000 characters" in text


# --- the limits are the README's ------------------------------------------------------------------------------


def test_the_limits_stated_in_the_raw_readme_are_the_checked_ones():
    readme = (paths.RAW / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limites", 1)[1].split("\n## ", 1)[0]  # the researchers' guide is in French
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", section, re.MULTILINE))

    def mb(n: int) -> str:
        return f"{n // limits.MIB} Mo"

    assert rows["une cellule, du classeur ou d'un fichier CSV"].startswith(
        f"{limits.MAX_CELL_CHARS:,}".replace(",", " ") + " caractères"
    )
    assert rows["un fichier CSV"] == mb(limits.MAX_CSV_BYTES)
    assert rows["`annex_i.tsv`"] == mb(limits.MAX_TEXT_BYTES)
    assert rows["`inventories.xlsx`"].startswith(mb(limits.MAX_WORKBOOK_BYTES) + " ")
    assert f"{mb(limits.MAX_WORKBOOK_UNPACKED)} de XML" in rows["`inventories.xlsx`"]
    assert rows["`source.json`, `package.toml`"] == mb(limits.MAX_METADATA_BYTES)
    assert f"Au plus {MAX_PROBLEMS_SHOWN} problèmes" in section


def test_reading_stops_at_the_limit(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a" * 1000)
    problems: list[Problem] = []
    assert limits.read_regular(path, 999, problems) is None and "over the limit" in problems[0].message
    assert limits.read_regular(path, 1000, []) == b"a" * 1000
