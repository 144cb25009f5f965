"""Part 4: the step 5 inspirations with the instruments that evidence them, and the four needs."""

from __future__ import annotations

import re

import pandas as pd

from benchmark.core.errors import Problem

_DASH = re.compile(r"\s+[–—-]\s+")


def split_sources(sources: str, regions: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """``"France – SGA, Québec - Transformation numérique des entreprises"`` → pairs (region, initiative).

    Pairs are separated by ``;`` or ``,``; region and initiative by a dash. A pair that lacks its dash but
    starts with a known region (« Québec Transformation … », L1020) is read and reported as a format issue.
    """
    pairs, format_notes = [], []
    for piece in re.split(r"\s*[;,]\s*", sources.strip()):
        if not piece:
            continue
        parts = _DASH.split(piece, maxsplit=1)
        if len(parts) == 2:
            pairs.append((parts[0].strip(), parts[1].strip()))
            continue
        region = next((r for r in regions if piece.startswith(r + " ")), None)
        if region is None:
            raise ValueError(f"cannot read « {piece} » as « Région – initiative »")
        pairs.append((region, piece[len(region) :].strip()))
        format_notes.append(piece)
    return pairs, format_notes


def build_recommendations(
    inspirations: pd.DataFrame, part4_map: pd.DataFrame, problems: list[Problem]
) -> tuple[pd.DataFrame, list[dict]]:
    """Recommendations with their evidence (``instrument_ids``); format issues of the pairs."""
    lookup = {(r.region, r.initiative): r.instrument_id for r in part4_map.itertuples()}
    regions = sorted(part4_map["region"].unique(), key=len, reverse=True)
    records, issues = [], []
    for r in inspirations.to_dict("records"):
        try:
            pairs, notes = split_sources(r["sources"], regions)
        except ValueError as exc:
            problems.append(Problem(r["_file"], str(exc), row=r["_row"], column="sources", value=r["sources"]))
            continue
        ids = []
        for pair in pairs:
            if pair not in lookup:
                problems.append(
                    Problem(
                        r["_file"],
                        f"pair {pair[0]} – {pair[1]} has no row in part4_initiatives.csv",
                        row=r["_row"],
                        column="sources",
                        value=r["sources"],
                    )
                )
                continue
            if lookup[pair] not in ids:
                ids.append(lookup[pair])
        for note in notes:
            issues.append(
                dict(
                    kind="format",
                    instrument_id=None,
                    field="sources",
                    detail=f"« {note} » : il manque le tiret entre la région et l'initiative ({r['lines']})",
                    source_lines=r["lines"],
                )
            )
        records.append(
            dict(
                rec_id=r["rec_id"],
                category=r["category"],
                title=r["title"],
                text=r["text"],
                sources=[f"{a} – {b}" for a, b in pairs],
                instrument_ids=ids,
                source_lines=r["lines"],
            )
        )
    return pd.DataFrame.from_records(records), issues


def build_needs(needs: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"need_id": needs["need_id"], "text": needs["text"], "source_lines": needs["lines"]})
