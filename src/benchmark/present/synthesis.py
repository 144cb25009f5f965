"""The committee's synthesis page: the sixteen Part 4 inspirations on one compact table.

The detail (full texts, citations, lessons, actors) stays in reports 06 and 07; here each inspiration gets one line:
the needs it answers, the peer component that evidences it with its indicative amount and status, and whether
Brussels has an equivalent today.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmark.analysis.step5.appraisal import UNIT_LABELS, appraisal
from benchmark.analysis.step5.equivalents import VERDICT_LABELS
from benchmark.analysis.money import STATUS_LABELS
from benchmark.core import paths
from benchmark.present.findings import Finding
from benchmark.present.formatting import MISSING, ReaderTable, fmt_eur, fmt_list, label, reader_table


def _evidence(components: list[dict]) -> str:
    """« Volet 2 (Québec) : 13 551 € par organisation, énoncé » for each component the inspiration cites."""
    items = []
    for c in components:
        name = (
            c["name"].split(" : ")[0] if c["name"].startswith("Volet") else c["name"]
        )  # « Volet 2 : Accompagnement… »
        text = f"{name} ({label(c['jurisdiction'])})"
        if not pd.isna(c["cost_eur"]):
            unit = UNIT_LABELS.get(c["cost_unit"], "")
            text += f" : {fmt_eur(c['cost_eur'])}{' ' + unit if unit else ''}, {STATUS_LABELS[c['cost_status']]}"
        items.append(text)
    return " ; ".join(items) or MISSING


def _brussels(row) -> str:
    verdict = VERDICT_LABELS[row["verdict"]]
    names = list(row["equivalent_names"]) if isinstance(row["equivalent_names"], list) else []
    return f"{verdict} ({fmt_list(names)})" if names else verdict


def inspirations_overview(tables: dict[str, pd.DataFrame], decisions: dict[str, pd.DataFrame]) -> ReaderTable:
    """One line per inspiration, in the report's order (L998-L1023)."""
    options = appraisal(tables, decisions)
    needs = {n: f"Besoin {i}" for i, n in enumerate(tables["needs"]["need_id"], start=1)}
    frame = pd.DataFrame(
        {
            "title": options["title"],
            "needs": options["need_ids"].map(lambda ids: fmt_list([needs[i] for i in ids]) if ids else MISSING),
            "evidence": options["components"].map(_evidence),
            "brussels": options.apply(_brussels, axis=1),
        }
    )
    return reader_table(
        frame,
        {
            "title": "Inspiration",
            "needs": "Besoins",
            "evidence": "Ce qui l'étaye ailleurs",
            "brussels": "Équivalent à Bruxelles",
        },
        caption="Les seize inspirations : ce qui les étaye et ce que Bruxelles a aujourd'hui",
        index=False,
    )


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
