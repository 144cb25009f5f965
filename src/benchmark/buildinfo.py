"""Where a report's date and data version come from (one place)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmark import paths
from benchmark.errors import ReportError

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")


@dataclass(frozen=True)
class BuildInfo:
    epoch: int | None  # seconds since 1970 (UTC), None when neither SOURCE_DATE_EPOCH nor git gives one
    version: str  # short commit hash, « inconnu » outside a git repository

    @property
    def date_fr(self) -> str:
        if self.epoch is None:
            return "inconnue"
        d = dt.datetime.fromtimestamp(self.epoch, tz=dt.timezone.utc).date()
        return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"

    @property
    def date_iso(self) -> str:
        if self.epoch is None:
            return ""
        return dt.datetime.fromtimestamp(self.epoch, tz=dt.timezone.utc).date().isoformat()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def build_info(root: Path = paths.ROOT) -> BuildInfo:
    """The date (``SOURCE_DATE_EPOCH``, else the last commit's date) and the data version (short hash)."""
    version = _git(root, "rev-parse", "--short", "HEAD") or "inconnu"
    epoch = None
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            epoch = int(env)
        except ValueError as err:
            raise ReportError(f"SOURCE_DATE_EPOCH must be an integer number of seconds, not {env!r}") from err
    else:
        stamp = _git(root, "log", "-1", "--format=%ct")
        epoch = int(stamp) if stamp and stamp.isdigit() else None
    return BuildInfo(epoch, version)
