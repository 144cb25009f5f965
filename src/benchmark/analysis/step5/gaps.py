"""What Brussels lacks, need by need: a gap analysis that ranks instead of finding gaps by construction.

The four needs of Part 4 come from the interviews with the foreign programmes (« Lors des interviews réalisés dans
le cadre de cette étape », L983): they describe what those programmes saw non-market organisations need, not a
survey of Brussels ASBL. Each need calls for some stages × forms of help (``step5_need_cells``, from its words,
L985-L988). For each such cell:

- Brussels answers **fully** when an aid a Brussels ASBL can obtain outright serves the stage with that form and the
  researchers judged it answers the need (``step5_need_links``, fit « full »);
- **partly** when the only answers are partial fits (the link says what is missing) or need conditions;
- **not at all** otherwise — then the cell says whether a peer answers (an aid of another jurisdiction that an ASBL
  there can obtain, linked to the need), or whether no peer answers either: a gap the inventory cannot fill.
"""

from __future__ import annotations

import pandas as pd

from benchmark.analysis.eligibility import BRUSSELS, can_obtain, with_eligibility
from benchmark.analysis.step5.equivalents import forms_of

CLASSES = ("brussels_full", "brussels_partial", "peer_only", "nobody")
NEED_SOURCE_LINES = "L983"


def cells(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per need cell (need × stage × form): ``gap_class``, the Brussels answers (name, fit, access, why) and
    ``missing`` in words, and the peer answers (name, jurisdiction)."""
    frame = with_eligibility(tables, level="all").set_index("instrument_id", drop=False)
    frame = frame.assign(brussels_can=can_obtain(frame, "brussels_asbl"), own_can=can_obtain(frame))
    links = tables["step5_need_links"]
    rows = []
    for cell in tables["step5_need_cells"].itertuples():
        linked = links[links["need_id"] == cell.need_id]
        brussels, peers = [], []
        for link in linked.itertuples():
            inst = frame.loc[link.instrument_id]
            # a link may answer through some of the aid's forms only (SocialWare: its software, not its courses)
            answers_with = set(link.forms) if isinstance(link.forms, list) and link.forms else forms_of(inst["types"])
            serves = cell.stage in inst["stages"] and cell.form in answers_with
            if not serves:
                continue
            if inst["brussels_can"]:
                brussels.append(
                    {
                        "name": inst["name"],
                        "fit": link.fit,
                        "access": inst["brussels_asbl"],
                        "why": link.why,
                        "lines": link.source_lines,
                    }
                )
            elif inst["jurisdiction"] != BRUSSELS and inst["own_can"]:
                peers.append({"name": inst["name"], "jurisdiction": inst["jurisdiction"], "lines": link.source_lines})
        full = [b for b in brussels if b["fit"] == "full" and b["access"] == "yes"]
        if full:
            gap_class, missing = "brussels_full", ""
        elif brussels:
            gap_class = "brussels_partial"
            missing = " ; ".join(
                b["why"] if b["fit"] == "partial" else f"{b['name']} : seulement sous conditions" for b in brussels
            )
        elif peers:
            gap_class, missing = "peer_only", "aucune aide bruxelloise ; un pair y répond"
        else:
            gap_class, missing = "nobody", "aucune aide bruxelloise, ni chez les pairs de l'inventaire"
        rows.append(
            {
                "need_id": cell.need_id,
                "stage": cell.stage,
                "form": cell.form,
                "gap_class": gap_class,
                "brussels": brussels,
                "missing": missing,
                "peers": peers,
                "why": cell.why,
            }
        )
    return pd.DataFrame(rows)


def class_counts(table: pd.DataFrame) -> dict[str, int]:
    return {c: int((table["gap_class"] == c).sum()) for c in CLASSES}
