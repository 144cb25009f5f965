"""LibreOffice Calc, headless, as the tests drive it: a workbook saved by LibreOffice is what a researcher who
edits in LibreOffice commits."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str:
    """Debian's LibreOffice; CI must have it, elsewhere the test is skipped when it is missing."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice (Debian's libreoffice-calc-nogui) is required under CI=true")
        pytest.skip("soffice is not installed (apt-get install libreoffice-calc-nogui)")
    return found


_PROFILE: list[Path] = []


def libreoffice_convert(source: Path, out_dir: Path, *extra: str) -> Path:
    """``source`` opened and saved as .xlsx by LibreOffice into ``out_dir``; the path written."""
    # A private profile (no clash with a LibreOffice the user has open), made once per test process: LibreOffice
    # takes seconds to create one, and a conversion leaves nothing in it that changes the next.
    if not _PROFILE:
        _PROFILE.append(Path(tempfile.mkdtemp(prefix="lo-profile-")))
        atexit.register(shutil.rmtree, _PROFILE[0], True)
    profile = _PROFILE[0]
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            *extra,
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / (source.stem + ".xlsx")


def save_with_libreoffice(workbook: Path, scratch: Path) -> Path:
    """Open ``workbook`` in LibreOffice and save it over itself, as a researcher working in LibreOffice does."""
    saved = libreoffice_convert(workbook, scratch)
    shutil.move(saved, workbook)
    return workbook
