"""The sources registry (data/raw/sources.csv): title, publisher, address, access date, and either a kept text copy
inside data/raw/sources/ (fingerprinted) or an explicit « unverifiable » status; a copy from anywhere else is
refused with its row (issue 29 item 2)."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pytest

from benchmark.clean.pipeline import clean
from benchmark.core.errors import DataError

FIELDS = ("source_id", "kind", "title", "publisher", "url", "accessed", "verification", "copy", "sha256", "notes")


def add_source(raw_dir: Path, **cells) -> int:
    """Append one row to sources.csv; return its row number as a spreadsheet shows it (header = 1)."""
    path = raw_dir / "sources.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        count = len(list(csv.reader(fh)))
    row = dict(
        source_id="web-page",
        kind="web_page",
        title="Une page",
        publisher="Un éditeur",
        url="https://example.org/a",
        accessed="2025-03-14",
        verification="unverifiable",
    )
    row.update(cells)
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([row.get(f, "") for f in FIELDS])
    return count + 1


def kept(path: Path, copy: str | None = None) -> dict:
    """The cells of a kept copy: ``copy`` as written in sources.csv (``path`` itself by default) and its hash."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(verification="text_copy", copy=copy or str(path), sha256=digest)


def refusal(raw_dir: Path, row: int, column: str):
    with pytest.raises(DataError) as err:
        clean(raw_dir)
    found = [p for p in err.value.problems if p.file == "sources.csv" and p.row == row and p.column == column]
    assert len(found) == 1, [str(p) for p in err.value.problems]
    return found[0]


def test_a_kept_copy_inside_the_folder_is_registered(raw_copy):
    (raw_copy / "sources" / "page.txt").write_text("Une ligne\n", encoding="utf-8")
    add_source(raw_copy, **kept(raw_copy / "sources" / "page.txt", "sources/page.txt"))
    table = clean(raw_copy).tables["sources"].set_index("source_id")
    assert table.at["web-page", "line_count"] == 1 and table.at["web-page", "verification"] == "text_copy"
    assert table.at["web-page", "publisher"] == "Un éditeur" and table.at["web-page", "accessed"] == "2025-03-14"


def test_an_absolute_path_is_refused_even_with_its_hash(raw_copy):
    row = add_source(raw_copy, **kept(Path("/etc/passwd")))
    p = refusal(raw_copy, row, "copy")
    assert p.value == "/etc/passwd" and "absolute path" in p.message and "data/raw/sources/" in p.message


def test_dot_dot_is_refused(raw_copy):
    row = add_source(raw_copy, **kept(raw_copy / "annex_i.tsv", "sources/../annex_i.tsv"))
    assert "« .. »" in refusal(raw_copy, row, "copy").message


def test_a_file_of_data_raw_outside_sources_is_refused(raw_copy):
    row = add_source(raw_copy, **kept(raw_copy / "annex_i.tsv", "annex_i.tsv"))
    assert "not inside data/raw/sources/" in refusal(raw_copy, row, "copy").message


def test_a_link_leading_out_of_the_folder_is_refused(raw_copy, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", encoding="utf-8")
    (raw_copy / "sources" / "link.txt").symlink_to(outside)
    row = add_source(raw_copy, **kept(outside, "sources/link.txt"))
    assert "a link leading out of" in refusal(raw_copy, row, "copy").message


def test_a_link_inside_the_folder_is_followed(raw_copy):
    (raw_copy / "sources" / "page.txt").write_text("Une ligne\n", encoding="utf-8")
    (raw_copy / "sources" / "alias.txt").symlink_to("page.txt")
    add_source(raw_copy, **kept(raw_copy / "sources" / "page.txt", "sources/alias.txt"))
    assert clean(raw_copy).tables["sources"]["source_id"].eq("web-page").any()


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_only_regular_files_are_read(raw_copy, kind):
    target = raw_copy / "sources" / "odd"
    target.mkdir() if kind == "folder" else os.mkfifo(target)
    row = add_source(raw_copy, verification="text_copy", copy="sources/odd", sha256="0" * 64)
    assert "not a regular file" in refusal(raw_copy, row, "copy").message


def test_a_missing_copy_is_named(raw_copy):
    row = add_source(raw_copy, verification="text_copy", copy="sources/absent.txt", sha256="0" * 64)
    assert "no such file in data/raw/sources/" in refusal(raw_copy, row, "copy").message


def test_text_copy_without_a_copy_and_unverifiable_with_one_are_refused(raw_copy):
    (raw_copy / "sources" / "page.txt").write_text("Une ligne\n", encoding="utf-8")
    first = add_source(raw_copy, source_id="web-a", verification="text_copy")
    second = add_source(raw_copy, source_id="web-b", **kept(raw_copy / "sources" / "page.txt", "sources/page.txt"))
    with_copy = dict(kept(raw_copy / "sources" / "page.txt", "sources/page.txt"), verification="unverifiable")
    third = add_source(raw_copy, source_id="web-c", **with_copy)
    with pytest.raises(DataError) as err:
        clean(raw_copy)
    rows = {p.row for p in err.value.problems if p.column == "verification, copy"}
    assert {first, third} <= rows and second not in rows
    assert all("unverifiable" in p.message for p in err.value.problems if p.column == "verification, copy")


def test_a_web_page_gives_its_address(raw_copy):
    row = add_source(raw_copy, url="")
    p = refusal(raw_copy, row, "kind, url")
    assert "gives its address" in p.message
