"""What a report says about its data: a content fingerprint of ``data/clean/``, whether it differs from the
last commit, and the date (one place).

- fingerprint: the first 8 hex digits of a SHA-256 over the sorted CSV files' names and bytes, so the same
  tables give the same version whatever the commit, branch or machine;
- « modifié »: ``data/clean/`` differs from the last commit (``git status --porcelain -- data/clean``);
- date: ``SOURCE_DATE_EPOCH``, else the date of the last commit that changed ``data/clean/`` (not the last
  commit: committing regenerated reports must not change the date they show, or a clean checkout would
  never rebuild to the same bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmark import paths
from benchmark.errors import ReportError

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
    fingerprint: str  # short content fingerprint of data/clean/, « inconnue » when it holds no CSV
    modified: bool = False  # data/clean/ differs from the last commit

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


def clean_fingerprint(clean_dir: Path = paths.CLEAN) -> str:
    """First 8 hex of a SHA-256 over the sorted CSV files' names and bytes (« inconnue » without any)."""
    files = sorted(Path(clean_dir).glob("*.csv"))
    if not files:
        return UNKNOWN
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode() + b"\0")
        data = path.read_bytes()
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:FINGERPRINT_DIGITS]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def build_info(root: Path = paths.ROOT, clean_dir: Path | None = None) -> BuildInfo:
    """The data version of ``clean_dir`` (default ``root/data/clean``) and the date reports show."""
    clean_dir = Path(clean_dir) if clean_dir is not None else Path(root) / "data" / "clean"
    fingerprint = clean_fingerprint(clean_dir)
    status = _git(root, "status", "--porcelain", "--", str(clean_dir.resolve()))
    modified = bool(status and status.returncode == 0 and status.stdout.strip())
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            epoch: int | None = int(env)
        except ValueError as err:
            raise ReportError(f"SOURCE_DATE_EPOCH must be an integer number of seconds, not {env!r}") from err
    else:
        stamp = _git(root, "log", "-1", "--format=%ct", "--", str(clean_dir.resolve()))
        text = stamp.stdout.strip() if stamp and stamp.returncode == 0 else ""
        epoch = int(text) if text.isdigit() else None
    return BuildInfo(epoch, fingerprint, modified)
