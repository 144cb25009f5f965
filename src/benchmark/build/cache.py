"""Content keys for the incremental build, and the record of what each step last wrote.

A step is skipped when its key — a SHA-256 over the content of its inputs — equals the key recorded after its
last successful run and every file it recorded is still there with the same SHA-256 (an output edited or
deleted by hand is rebuilt). Records are small JSON files in ``.build-cache/`` (ignored by git); deleting the
folder only makes the next build a cold one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from benchmark.core import paths
from benchmark.core.atomic import replace_if_changed

CACHE_DIR = paths.ROOT / ".build-cache"
# The distributions whose version changes what a step writes (pinned in pyproject.toml).
TOOLS = (
    "pandas",
    "numpy",
    "pandera",
    "openpyxl",
    "python-calamine",
    "plotly",  # and its plotly.js, which draws the figures' images (benchmark.publish.chart_images)
    "playwright",
    "nbformat",
    "nbclient",
    "nbconvert",
    "ipykernel",
    "jinja2",
    "pikepdf",  # rewrites each PDF Chromium prints (benchmark.publish.pdf)
)


def digest(*parts: str | bytes) -> str:
    """SHA-256 (hex) of the parts, each length-prefixed so that ("ab", "c") ≠ ("a", "bc")."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_digest(files: Iterable[Path], root: Path) -> str:
    """One key for a set of files: their names relative to ``root`` and their bytes, in sorted order."""
    parts: list[str | bytes] = []
    for path in sorted(Path(p) for p in files):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def folder_files(folder: Path, pattern: str = "*") -> list[Path]:
    """The files of ``folder`` (not hidden, not in sub-folders) that match ``pattern``."""
    folder = Path(folder)
    return (
        sorted(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith(".")) if folder.is_dir() else []
    )


def tree_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` (sub-folders included), hidden files and folders left out."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def library_digest() -> str:
    """The library's source (every file of ``src/benchmark``: modules, templates, CSS, the findings' wording),
    Python's version, the pinned tools' versions and the fonts' (``benchmark.publish.fonts``)."""
    from benchmark.publish import fonts

    package = Path(__file__).parents[1]  # the benchmark package
    versions = []
    for name in TOOLS:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    sources = [p for p in tree_files(package) if "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return digest(files_digest(sources, package), sys.version, *versions, f"{fonts.PACKAGE}=={fonts.version()}")


def notebook_source_digest(path: Path) -> str:
    """What a notebook's execution depends on in the notebook itself: its cells' types and sources (not their
    outputs, which the build writes back, nor metadata that JupyterLab changes on save)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [[c.get("cell_type", ""), "".join(c.get("source", ""))] for c in nb.get("cells", [])]
    return digest(json.dumps(cells, ensure_ascii=False))


class BuildCache:
    """Per-step records (key + outputs' SHA-256), in one folder; ``force`` ignores records."""

    def __init__(self, directory: Path = CACHE_DIR, force: bool = False):
        self.directory = Path(directory)
        self.force = force

    def _record_path(self, step: str) -> Path:
        return self.directory / "steps" / f"{step.replace('/', '_')}.json"

    def fresh(self, step: str, key: str) -> bool:
        """The step's last run had this key and its outputs are untouched since."""
        if self.force:
            return False
        try:
            record = json.loads(self._record_path(step).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if record.get("key") != key or not isinstance(record.get("outputs"), dict):
            return False
        for name, sha in record["outputs"].items():
            path = self.directory.parent / name
            if not path.is_file() or file_digest(path) != sha:
                return False
        return True

    def record(self, step: str, key: str, outputs: Iterable[Path]) -> None:
        # Paths relative to the cache's folder (the repository), so a copied repository keeps its cache.
        base = self.directory.parent.resolve()
        digests = {os.path.relpath(Path(p).resolve(), base): file_digest(p) for p in outputs}
        replace_if_changed(
            self._record_path(step), json.dumps({"key": key, "outputs": digests}, indent=1, sort_keys=True)
        )

    def forget(self, step: str) -> None:
        self._record_path(step).unlink(missing_ok=True)
