"""The sources registry (``data/raw/sources.csv``): every source a fact may cite, the report first, with the
fingerprint of its text copy kept under ``data/raw/sources/``. Quotes are verified against every copy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmark import registry
from benchmark.core.errors import Problem
from benchmark.ingest import schemas
from benchmark.ingest.raw import read_csv_strict
from benchmark.registry.raw_tables import SOURCES

SOURCES_FILE = "sources.csv"
SOURCE_COLUMNS = SOURCES.names  # benchmark.registry.raw_tables


@dataclass(frozen=True)
class Source:
    source_id: str
    kind: str
    title: str
    lines: list[str] | None  # the text copy's lines (index 0 = L1), None without a copy

    @property
    def line_count(self) -> int | None:
        return None if self.lines is None else len(self.lines) - 1  # the text ends with a newline


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


def load_sources(raw_dir: Path, source_meta: dict | None, problems: list[Problem]) -> Registry | None:
    """Read the registry and every text copy; a copy whose SHA-256 is not the declared one is a problem (the
    text a quote is checked against must be the one registered)."""
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
            path = Path(raw_dir) / r["copy"]
            if not path.is_file():
                problems.append(
                    Problem(
                        SOURCES_FILE, "text copy not found under data/raw/", column="copy", value=r["copy"], **where
                    )
                )
                continue
            data = path.read_bytes()
            if fingerprint(data) != r["sha256"]:
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        f"the text copy's SHA-256 is {fingerprint(data)}: the copy changed since it was registered",
                        column="sha256",
                        value=r["sha256"],
                        **where,
                    )
                )
                continue
            try:
                lines = data.decode("utf-8").split("\n")
            except UnicodeDecodeError:
                problems.append(Problem(r["copy"], "text copy is not UTF-8"))
                continue
        sources[r["source_id"]] = Source(r["source_id"], r["kind"], r["title"], lines)
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
    rows = tuple({k: r[k] for k in SOURCE_COLUMNS} for r in frame.to_dict("records"))
    return Registry(sources, report, rows)


CLEAN_COLUMNS = registry.columns("sources")  # the registry (benchmark.registry) orders them


def sources_table(source_registry: Registry) -> pd.DataFrame:
    """``sources.csv`` of data/clean/: the registry with each text copy's line count."""
    records = [dict(r, line_count=source_registry.sources[r["source_id"]].line_count) for r in source_registry.rows]
    frame = pd.DataFrame.from_records(records, columns=CLEAN_COLUMNS)
    frame["line_count"] = frame["line_count"].astype("Int64")
    return frame
