"""The committee's synthesis page: links from each finding to the report that shows it (its first screen, the
ranked options, is ``benchmark.present.step5``)."""

from __future__ import annotations

from pathlib import Path

from benchmark.core import paths
from benchmark.present.findings import Finding
from benchmark.present.formatting import fmt_list


def see_also(*stems: str, notebooks_dir: Path = paths.NOTEBOOKS) -> Finding:
    """« Détail : [title](page) et [title](page). »: links to the detailed reports, their titles read from the
    notebooks themselves (a renamed report keeps its link right; no file name is typed in notebook prose)."""
    from benchmark.publish.report_html import french_spaces, notebook_file_title, page_file

    links = []
    for stem in stems:
        path = Path(notebooks_dir) / f"{stem}.ipynb"
        if not path.exists():
            raise FileNotFoundError(f"no notebook {path} to link to")
        title = french_spaces(notebook_file_title(path, stem))
        links.append(f"[{title}]({page_file(stem)})")
    return Finding("see_also", f"Détail : {fmt_list(links)}.", {"stems": stems})
