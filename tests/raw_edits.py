"""The edits a researcher makes to data/raw/ during upkeep, as the tests make them on a copy: register a source
(its text kept under sources/, or « unverifiable »), add or insert an amounts row, change a cell of a CSV. The
workbook is written as a spreadsheet program would (``benchmark.ingest.workbook_edit``)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from benchmark.ingest import workbook_edit

SOURCE_FIELDS = (
    "source_id",
    "kind",
    "title",
    "publisher",
    "url",
    "accessed",
    "verification",
    "copy",
    "sha256",
    "notes",
)
FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def register_source(raw_dir: Path, source_id: str, text: str | None, **cells) -> None:
    """Add a row to sources.csv; with ``text``, keep it as sources/<source_id>.txt and register its SHA-256, else
    register the source « unverifiable »."""
    row = dict(source_id=source_id, kind="web_page", title="Une page", publisher="Un éditeur", accessed="2025-03-14")
    row.update(url=f"https://example.org/{source_id}")
    if text is not None:
        copy = raw_dir / "sources" / f"{source_id}.txt"
        copy.write_text(text, encoding="utf-8")
        digest = hashlib.sha256(copy.read_bytes()).hexdigest()
        row.update(verification="text_copy", copy=f"sources/{copy.name}", sha256=digest)
    else:
        row.update(verification="unverifiable")
    row.update(cells)
    with (raw_dir / "sources.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([row.get(f, "") for f in SOURCE_FIELDS])


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def amounts_row(raw_dir: Path, amount_id: str) -> int:
    book = workbook_edit.open_workbook(raw_dir / "inventories.xlsx")
    return workbook_edit.find_row(book["amounts"], "amount_id", amount_id)


def add_amount(raw_dir: Path, values: dict, before: int | None = None) -> int:
    """Append an amounts row (or insert it at Excel row ``before``); return its Excel row."""
    path = raw_dir / "inventories.xlsx"
    if before is None:
        return workbook_edit.append_row(path, "amounts", values)
    return workbook_edit.insert_row(path, "amounts", before, values)


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def edit_csv(path: Path, match: dict, **changes) -> int:
    """Change the cells of the first row whose cells hold ``match``; return its row number (header = 1)."""
    rows = csv_rows(path)
    fields = list(rows[0])
    for number, row in enumerate(rows, start=2):
        if all(row[k] == v for k, v in match.items()):
            row.update(changes)
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fields, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            return number
    raise KeyError(match)


def append_csv(path: Path, values: dict) -> int:
    """Add a row (cells by column name) to a CSV of data/raw/; return its row number (header = 1)."""
    rows = csv_rows(path)
    fields = list(rows[0]) if rows else next(csv.reader(path.open(encoding="utf-8")))
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fields, lineterminator="\n").writerow({f: values.get(f, "") for f in fields})
    return len(rows) + 2


def cheque_decision(page: str) -> dict[str, str]:
    """The eligibility decision of the fixture « Chèque numérique associatif » (a page registered as ``page``): its
    line of data/raw/eligibility.csv, quoted from the page (docs/codebook.md, « Qui peut utiliser chaque aide »)."""
    return dict(
        instrument_id="bru-cheque-numerique-associatif",
        audience="nonmarket",
        asbl_access="yes",
        digital_aim="dedicated",
        award_recipient="organisation",
        status="not_stated",
        quote="les associations sans but lucratif établies en Région de Bruxelles-Capitale.",
        source_lines=f"{page}:L3",
        why="La page la réserve aux associations établies à Bruxelles.",
    )


def cheque_instrument(page: str) -> dict:
    """A valid Brussels instrument researchers add from an official page (``page``: a source id registered with the
    text of tests/fixtures/sources/web-fixture-cheque.txt), each fact quoted at that page's lines; its eligibility is
    ``cheque_decision``."""
    return dict(
        instrument_id="bru-cheque-numerique-associatif",
        name="Chèque numérique associatif",
        name_lines=f"{page}:L2",
        recipients="les associations sans but lucratif établies en Région de Bruxelles-Capitale.",
        recipients_lines=f"{page}:L3",
        amount_text="maximum 3 000 € par association et par an.",
        amount_lines=f"{page}:L4",
        primary_type="voucher",
        types="voucher",
        stages="implementation",
        target_groups="nonprofit",
        digital_specific=True,
        funder_type="public",
        covers_brussels=True,
        focus=False,
        interviewed=False,
        source_lines=f"{page}:L1-L5",
    )
