"""The sources registry (``data/raw/sources.csv``): every source a fact may cite, the report first. A source's
text is either kept under ``data/raw/sources/`` with its SHA-256 (``verification`` ``text_copy``: every quote of
it is checked against that copy) or not kept at all (``unverifiable``: it is cited whole, and pages mark its
values « non vérifiable »). A kept copy is a regular file inside ``data/raw/sources/``, named by a relative path:
no absolute path, no ``..``, no link leading out of the folder."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from benchmark import registry
from benchmark.core.errors import Problem
from benchmark.ingest import schemas
from benchmark.ingest.raw import read_csv_strict
from benchmark.registry.raw_tables import SOURCES

SOURCES_FILE = "sources.csv"
SOURCE_COLUMNS = SOURCES.names  # benchmark.registry.raw_tables
COPIES_FOLDER = "sources"  # data/raw/sources/: the only place a kept copy may be


@dataclass(frozen=True)
class Source:
    source_id: str
    kind: str
    title: str
    lines: list[str] | None  # the text copy's lines (index 0 = L1), None without a copy
    publisher: str | None = None
    url: str | None = None
    accessed: str | None = None  # YYYY-MM-DD

    @property
    def line_count(self) -> int | None:
        return None if self.lines is None else len(self.lines) - 1  # the text ends with a newline

    @property
    def verifiable(self) -> bool:
        return self.lines is not None


@dataclass(frozen=True)
class Registry:
    """Sources by id; ``report`` is source 1, the one a locator without a source id cites."""

    sources: dict[str, Source]
    report: Source
    rows: tuple[dict, ...] = ()  # the registry's rows as read (for the clean table)

    def get(self, source_id: str | None) -> Source | None:
        return self.report if source_id is None else self.sources.get(source_id)

    @property
    def report_lines(self) -> list[str]:
        """The report's lines (``load_sources`` refuses a report without its text copy)."""
        assert self.report.lines is not None
        return self.report.lines


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def copy_path(raw_dir: Path, copy: str) -> tuple[Path | None, str | None]:
    """The kept copy ``copy`` names, or why it is refused: a relative path inside ``data/raw/sources/`` to a
    regular file (no absolute path, no ``..``, no link leading out of the folder, no folder or device)."""
    name = PurePosixPath(copy.replace("\\", "/"))
    fix = f"put the text file in data/raw/{COPIES_FOLDER}/ and write its path as {COPIES_FOLDER}/<file>.txt"
    if name.is_absolute() or (len(copy) > 1 and copy[1] == ":"):
        return None, f"an absolute path: a kept copy lives in data/raw/{COPIES_FOLDER}/ — {fix}"
    if ".." in name.parts:
        return None, f"« .. » leads out of data/raw/{COPIES_FOLDER}/ — {fix}"
    if len(name.parts) < 2 or name.parts[0] != COPIES_FOLDER:
        return None, f"not inside data/raw/{COPIES_FOLDER}/ — {fix}"
    folder = (Path(raw_dir) / COPIES_FOLDER).resolve()
    path = Path(raw_dir) / Path(*name.parts)
    if not path.exists() and not path.is_symlink():
        return None, f"no such file in data/raw/{COPIES_FOLDER}/: add the text copy, or correct its name"
    resolved = path.resolve()
    if not resolved.is_relative_to(folder):
        return None, f"a link leading out of data/raw/{COPIES_FOLDER}/ (to {resolved}) — {fix}"
    if not stat.S_ISREG(resolved.stat().st_mode):
        return None, f"not a regular file (a folder, a pipe or a device) — {fix}"
    return resolved, None


def load_sources(raw_dir: Path, source_meta: dict | None, problems: list[Problem]) -> Registry | None:
    """Read the registry and every text copy; a copy outside ``data/raw/sources/``, or whose SHA-256 is not the
    declared one, is a problem (the text a quote is checked against must be the one registered)."""
    frame = read_csv_strict(Path(raw_dir) / SOURCES_FILE, SOURCE_COLUMNS, problems)
    if frame is None:
        return None
    found = schemas.validate_csv(frame, schemas.SourcesSchema)
    if found:
        problems.extend(found)
        return None
    sources: dict[str, Source] = {}
    for r in frame.to_dict("records"):
        where = dict(row=r["_row"])
        lines = None
        if r["copy"]:
            path, why = copy_path(Path(raw_dir), r["copy"])
            if path is None:
                problems.append(
                    Problem(SOURCES_FILE, f"kept copy refused: {why}", column="copy", value=r["copy"], **where)
                )
                continue
            data = path.read_bytes()
            if fingerprint(data) != r["sha256"]:
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        f"the text copy's SHA-256 is {fingerprint(data)}: the copy changed since it was registered. "
                        "A kept copy is never edited: restore it from git, or register a new source for the new text",
                        column="sha256",
                        value=r["sha256"],
                        **where,
                    )
                )
                continue
            try:
                lines = data.decode("utf-8").split("\n")
            except UnicodeDecodeError:
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        "the text copy is not UTF-8: save it as « Texte (UTF-8) »",
                        column="copy",
                        value=r["copy"],
                        **where,
                    )
                )
                continue
        sources[r["source_id"]] = Source(
            r["source_id"], r["kind"], r["title"], lines, r["publisher"], r["url"], r["accessed"]
        )
    first = frame.iloc[0]
    if first["kind"] != "report":
        problems.append(
            Problem(
                SOURCES_FILE,
                "the first source must be the report (kind report)",
                row=2,
                column="kind",
                value=first["kind"],
            )
        )
        return None
    report = sources.get(first["source_id"])
    if report is None or report.lines is None:
        if not any(p.file == SOURCES_FILE and p.row == 2 for p in problems):
            problems.append(
                Problem(
                    SOURCES_FILE,
                    "the report needs its text copy (quotes are checked against it)",
                    row=2,
                    column="copy",
                    value=first["copy"],
                )
            )
        return None
    if source_meta and source_meta.get("sha256") != first["sha256"]:
        problems.append(
            Problem(
                SOURCES_FILE,
                f"the report's SHA-256 differs from source.json's {source_meta.get('sha256')}",
                row=2,
                column="sha256",
                value=first["sha256"],
            )
        )
    if any(p.file == SOURCES_FILE for p in problems):
        return None
    rows = tuple({k: r[k] for k in SOURCE_COLUMNS} for r in frame.to_dict("records"))
    return Registry(sources, report, rows)


CLEAN_COLUMNS = registry.columns("sources")  # the registry (benchmark.registry) orders them


def source_texts_table(source_registry: Registry) -> pd.DataFrame:
    """Every line of every kept copy (the report first), by source and line number: what the pages quote."""
    rows = [
        (sid, n, line)
        for sid, source in source_registry.sources.items()
        if source.lines is not None
        for n, line in enumerate(source.lines[: source.line_count], start=1)  # not the empty end after the last newline
    ]
    frame = pd.DataFrame(rows, columns=["source_id", "line", "text"])
    frame["line"] = frame["line"].astype("int64")
    return frame


def sources_table(source_registry: Registry) -> pd.DataFrame:
    """``sources.csv`` of data/clean/: the registry with each text copy's line count."""
    records = [dict(r, line_count=source_registry.sources[r["source_id"]].line_count) for r in source_registry.rows]
    frame = pd.DataFrame.from_records(records, columns=CLEAN_COLUMNS)
    frame["line_count"] = frame["line_count"].astype("Int64")
    return frame
