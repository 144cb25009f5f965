"""The fonts the build's Chromium draws with: DejaVu (npm ``dejavu-fonts-ttf``, pinned in package.json and
package-lock.json, installed by scripts/setup.sh), and no other.

The figures' SVG and PNG and the PDFs are laid out with the fonts Chromium finds; left to the machine's fontconfig,
the same commit gives other bytes on a machine with other fonts (Arial, Liberation, Noto…). So the build's Chromium
reads a fontconfig of its own (``FONTCONFIG_FILE``, whatever the environment says) that offers only these files,
maps every family a page or figure asks for (``Arial``, ``system-ui``, ``sans-serif``…) to them and fixes the
rendering options (antialiasing on, no hinting, no subpixel colour): the same bytes on any machine with the same
Chromium. The figures' theme names DejaVu Sans first (``benchmark.present.theme``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from benchmark.core import paths
from benchmark.core.atomic import replace_if_changed
from benchmark.core.errors import ReportError

PACKAGE = "dejavu-fonts-ttf"
FAMILY = "DejaVu Sans"
# Installed by `npm ci` beside the project (scripts/setup.sh), else beside the checkout the library runs from.
FOLDER = next(
    (folder for root in (paths.ROOT, paths.PACKAGE_CHECKOUT) if (folder := root / "node_modules" / PACKAGE).is_dir()),
    paths.ROOT / "node_modules" / PACKAGE,
)
# The faces offered (Condensed, ExtraLight and the maths font are left out: nothing asks for them).
FILES = tuple(
    f"DejaVu{face}{style}.ttf"
    for face, slant in (("Sans", "Oblique"), ("Serif", "Italic"), ("SansMono", "Oblique"))
    for style in ("", "-Bold", f"-{slant}", f"-Bold{slant}")
)
CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{folder}</dir>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont>
    <glob>*Condensed*</glob><glob>*ExtraLight*</glob><glob>*MathTeXGyre*</glob>
  </rejectfont></selectfont>
  <alias binding="same"><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias binding="same"><family>system-ui</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias binding="same"><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias binding="same"><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
  <match target="pattern"><edit name="family" mode="append_last"><string>DejaVu Sans</string></edit></match>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>false</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintnone</const></edit>
    <edit name="autohint" mode="assign"><bool>false</bool></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
    <edit name="lcdfilter" mode="assign"><const>lcdnone</const></edit>
    <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
  </match>
</fontconfig>
"""


def version() -> str:
    """The font package's version (the build's keys include it: other fonts, other images and PDFs)."""
    try:
        return str(json.loads((FOLDER / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "absent"


@cache
def fontconfig_file() -> Path:
    """A fontconfig file offering only the project's fonts, in a temporary folder of this user and font folder that
    also holds fontconfig's cache (kept from one build to the next)."""
    missing = [name for name in FILES if not (FOLDER / "ttf" / name).is_file()]
    if missing:
        raise ReportError(
            f"the fonts the figures and PDFs are drawn with ({PACKAGE}: {', '.join(missing)}) are missing in "
            f"{FOLDER}: run `bash scripts/setup.sh` (npm ci installs them)"
        )
    key = hashlib.sha256(str(FOLDER.resolve()).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"benchmark-fonts-{os.getuid()}-{key}"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / "fonts.conf"
    replace_if_changed(path, CONFIG.format(folder=FOLDER / "ttf", cache=folder / "cache"))
    return path
