"""The committee's synthesis page: links from each finding to the report that shows it (its first screen, the
ranked options, is ``benchmark.present.step5``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmark.core import paths
from benchmark.present.findings import Finding
from benchmark.present.formatting import fmt_list, french_typography


def notebook_heading(path: Path) -> str:
    """The title of a notebook on disk (its first « # » heading, as plain text), read as plain JSON: no nbformat (its
    validator imports jsonschema), so that a kernel linking to another notebook stays light."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            match = re.search(r"^#\s+(.+?)\s*#*\s*$", source, re.MULTILINE)
            if match:
                return re.sub(r"\*\*|__|\*|`", "", match.group(1)).strip()
    return Path(path).stem


def see_also(*stems: str, notebooks_dir: Path = paths.NOTEBOOKS) -> Finding:
    """« Détail : [title](notebook) et [title](notebook). »: links to the detailed notebooks, their titles read from
    the notebooks themselves (a renamed report keeps its link right; no file name is typed in notebook prose). The
    link names the notebook, which JupyterLab opens beside this one; the page converter
    (``benchmark.publish.report_html.page_links``) turns it into the link to its report page."""
    links = []
    for stem in stems:
        path = Path(notebooks_dir) / f"{stem}.ipynb"
        if not path.exists():
            raise FileNotFoundError(f"no notebook {path} to link to")
        title = french_typography(notebook_heading(path))
        links.append(f"[{title}]({stem}.ipynb)")
    return Finding("see_also", f"Détail : {fmt_list(links)}.", {"stems": stems})
