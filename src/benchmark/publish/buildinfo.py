"""What a report says about its data: a content fingerprint of the data, whether it differs from the last commit,
and the date (one place).

The data are the clean tables (``data/clean/*.csv``): every page and notebook reads them and nothing else of the
data (step 5's decisions, the eligibility model, the sources' texts are clean tables), so a raw edit that changes
what a reader sees changes a clean table, and the version. The workbook is counted through the clean tables it
gives: saved again unchanged, it changes nothing.

- fingerprint: the first 8 hex digits of a SHA-256 over those files' names and bytes, in sorted order, so the
  same data give the same version whatever the commit, branch or machine;
- « modifié »: those files differ from the last commit (``git status --porcelain``);
- date: ``SOURCE_DATE_EPOCH``, else the date of the last commit that changed ``data/clean/`` (not the last commit: committing regenerated reports must not change the date they show, or a
  clean checkout would never rebuild to the same bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmark.core import paths
from benchmark.core.errors import ReportError

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
FINGERPRINT_DIGITS = 8
UNKNOWN = "inconnue"


@dataclass(frozen=True)
class BuildInfo:
    epoch: int | None  # seconds since 1970 (UTC), None when neither SOURCE_DATE_EPOCH nor git gives one
    fingerprint: str  # short content fingerprint of the data (``data_files``), « inconnue » without a clean table
    modified: bool = False  # the data differ from the last commit

    @property
    def version(self) -> str:
        """What a reader sees as « Version des données »."""
        return f"{self.fingerprint} (modifié)" if self.modified else self.fingerprint

    @property
    def date_fr(self) -> str:
        if self.epoch is None:
            return "inconnue"
        d = dt.datetime.fromtimestamp(self.epoch, tz=dt.UTC).date()
        return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"

    @property
    def date_iso(self) -> str:
        if self.epoch is None:
            return ""
        return dt.datetime.fromtimestamp(self.epoch, tz=dt.UTC).date().isoformat()


def data_files(clean_dir: Path = paths.CLEAN) -> dict[str, Path]:
    """The files the data version counts, by the name it gives them: the clean tables (« clean/<name>.csv »)."""
    return dict(sorted((f"clean/{p.name}", p) for p in Path(clean_dir).glob("*.csv") if p.is_file()))


def data_fingerprint(clean_dir: Path = paths.CLEAN) -> str:
    """First 8 hex of a SHA-256 over ``data_files``' names and bytes (« inconnue » without any clean table)."""
    files = data_files(clean_dir)
    if not any(name.startswith("clean/") for name in files):
        return UNKNOWN
    h = hashlib.sha256()
    for name, path in files.items():
        h.update(name.encode() + b"\0")
        data = path.read_bytes()
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:FINGERPRINT_DIGITS]


def data_pathspecs(clean_dir: Path = paths.CLEAN) -> list[str]:
    """The git pathspecs of ``data_files`` (a clean table deleted since the last commit included)."""
    return [str(Path(clean_dir).resolve() / "*.csv")]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def build_info(root: Path = paths.ROOT, clean_dir: Path | None = None) -> BuildInfo:
    """The data version of ``clean_dir`` (default ``root/data/clean``) and the date reports show."""
    clean_dir = Path(clean_dir) if clean_dir is not None else Path(root) / "data" / "clean"
    fingerprint = data_fingerprint(clean_dir)
    specs = data_pathspecs(clean_dir)
    status = _git(root, "status", "--porcelain", "--", *specs)
    modified = bool(status and status.returncode == 0 and status.stdout.strip())
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            epoch: int | None = int(env)
        except ValueError as err:
            raise ReportError(f"SOURCE_DATE_EPOCH must be an integer number of seconds, not {env!r}") from err
    else:
        stamp = _git(root, "log", "-1", "--format=%ct", "--", *specs)
        text = stamp.stdout.strip() if stamp and stamp.returncode == 0 else ""
        epoch = int(text) if text.isdigit() else None
    return BuildInfo(epoch, fingerprint, modified)
