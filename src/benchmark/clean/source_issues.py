"""What the source gets wrong, found by rule wherever a rule can see it.

Each function returns issue records: ``kind``, ``instrument_id``, ``field``, ``detail`` (both values and
their lines) and ``source_lines``. The reader-declared problems of ``data/raw/source_problems.csv`` are
added by the pipeline with ``found_by = "reader"``.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from benchmark.clean.amounts import Rates
from benchmark.core.french import fmt_number
from benchmark.core.parsing import fold_text
from benchmark.core.spans import merge_spans
from benchmark.registry.codes import IMPLAUSIBLE_SERVICE_ENVELOPE_EUR, NAME_SIMILARITY, PROVISION_FAMILIES
from benchmark.registry.labels import label

CONTRADICTION_KINDS = ("max_per_beneficiary", "programme_total", "pillar_total")


def _fmt(x: float) -> str:
    """A number as the report's readers write it: « 13 551,20 », « 0,67756 » (the table's own words)."""
    return fmt_number(x, 0 if float(x).is_integer() else 2)


def conversion_issues(amounts: pd.DataFrame, rates: Rates) -> list[dict]:
    """A euro conversion stated in the text that does not match the declared rate (beyond rounding)."""
    issues = []
    stated = amounts[amounts["stated_eur"].notna()]
    for r in stated.itertuples():
        expected = r.value * rates.eur_per_unit[r.currency]
        if abs(r.stated_eur - expected) > rates.tolerance_eur[r.currency]:
            issues.append(
                dict(
                    kind="conversion",
                    instrument_id=r.instrument_id,
                    field="value_eur",
                    detail=f"{_fmt(r.value)} {r.currency} donnés comme {_fmt(r.stated_eur)} € "
                    f"({r.source_lines}), mais le taux déclaré "
                    f"{fmt_number(rates.eur_per_unit[r.currency], 5)} donne {_fmt(expected)} €",
                    source_lines=r.source_lines,
                )
            )
    return issues


def contradiction_issues(amounts: pd.DataFrame) -> list[dict]:
    """Two places of the report giving different amounts of the same kind for one instrument."""
    # Plain dicts, not nested pandas groupbys (one tiny group per instrument): linear at 100 000 instruments.
    sub = amounts[amounts["kind"].isin(CONTRADICTION_KINDS)]
    spans: dict[tuple[str, str], dict[float, list[str]]] = {}
    for instrument_id, kind, value, lines in zip(
        *(sub[c].tolist() for c in ("instrument_id", "kind", "value_eur", "source_lines"))
    ):
        if isinstance(instrument_id, str) and isinstance(kind, str) and pd.notna(value):
            spans.setdefault((instrument_id, kind), {}).setdefault(float(value), []).append(lines)
    issues = []
    for instrument_id, kind in sorted(spans):
        by_value = spans[(instrument_id, kind)]
        values = {v: merge_spans(*by_value[v]) for v in sorted(by_value)}
        if len(values) > 1:
            detail = " contre ".join(f"{_fmt(v)} € ({lines})" for v, lines in values.items())
            issues.append(
                dict(
                    kind="contradiction",
                    instrument_id=instrument_id,
                    field=kind,
                    detail=f"{label(kind)} : {detail}",
                    source_lines=merge_spans(*values.values()),
                )
            )
    return issues


def period_issues(inventory_periods: pd.DataFrame, annex_periods: pd.DataFrame) -> list[dict]:
    """The inventory prose and Annex I giving different periods for one instrument."""
    issues = []
    merged = inventory_periods.merge(annex_periods, on="instrument_id", suffixes=("_prose", "_annex"))
    for r in merged.itertuples():
        for end in ("start_year", "end_year"):
            a, b = getattr(r, f"{end}_prose"), getattr(r, f"{end}_annex")
            if pd.notna(a) and pd.notna(b) and int(a) != int(b):
                issues.append(
                    dict(
                        kind="contradiction",
                        instrument_id=r.instrument_id,
                        field=end,
                        detail=f"{label(end)} : {int(a)} ({r.lines_prose}) contre {int(b)} ({r.lines_annex})",
                        source_lines=merge_spans(r.lines_prose, r.lines_annex),
                    )
                )
    return issues


def is_spelling_variant(a: str, b: str) -> bool:
    """Two names that are one name spelled two ways: equal once accents and case are folded, or the same
    words but one, that one close in spelling (« Digitalize Plus » / « Digitalizate Plus »)."""
    if a.casefold() == b.casefold():  # capitals are typography, not spelling (FEBI / Febi)
        return False
    fa, fb = fold_text(a).split(), fold_text(b).split()
    if fa == fb:
        return True
    if len(fa) != len(fb):
        return False
    differing = [(x, y) for x, y in zip(fa, fb) if x != y]
    return len(differing) == 1 and difflib.SequenceMatcher(None, *differing[0]).ratio() >= NAME_SIMILARITY


def spelling_issues(names: pd.DataFrame) -> list[dict]:
    """``names`` has ``instrument_id``, ``name``, ``lines``: every name an instrument is given, with where."""
    # Plain dicts, not a pandas groupby: one small group per instrument made this step quadratic-looking at
    # 100 000 instruments. Each name keeps the lines of its first occurrence, in order.
    lines_by_name: dict[str, dict[str, str]] = {}
    for instrument_id, name, lines in zip(*(names[c].tolist() for c in ("instrument_id", "name", "lines"))):
        if isinstance(instrument_id, str):
            lines_by_name.setdefault(instrument_id, {}).setdefault(name, lines)
    issues = []
    for instrument_id in sorted(lines_by_name):
        records = list(lines_by_name[instrument_id].items())
        for i, (a, a_lines) in enumerate(records):
            for b, b_lines in records[i + 1 :]:
                if is_spelling_variant(a, b):
                    issues.append(
                        dict(
                            kind="spelling",
                            instrument_id=instrument_id,
                            field="name",
                            detail=f"« {a} » ({a_lines}) et « {b} » ({b_lines})",
                            source_lines=merge_spans(a_lines, b_lines),
                        )
                    )
    return issues


def classification_issues(
    annex: pd.DataFrame, jurisdiction_of_region: dict[str, str], jurisdiction_of_instrument: dict[str, str]
) -> list[dict]:
    """An Annex I row filed under a region heading that is not the instrument's jurisdiction."""
    issues = []
    for r in annex.itertuples():
        expected = jurisdiction_of_region.get(r.region)
        actual = jurisdiction_of_instrument.get(r.instrument_id)
        if expected and actual and expected != actual:
            issues.append(
                dict(
                    kind="classification",
                    instrument_id=r.instrument_id,
                    field="region",
                    detail=f"L'annexe I range « {r.name} » sous « {r.region} » ({label(expected)}), "
                    f"mais l'instrument relève de {label(actual)} ({r.source_lines})",
                    source_lines=r.source_lines,
                )
            )
    return issues


def number_issues(issues: list[dict]) -> pd.DataFrame:
    """Deterministic ids: ``<kind>-<instrument_id>-<field>``, with a suffix when one repeats."""
    frame = pd.DataFrame.from_records(
        issues,
        columns=["kind", "instrument_id", "field", "detail", "source_lines", "found_by", "correction", "issue_id"],
    )
    frame = frame.sort_values(
        ["found_by", "kind", "instrument_id", "field", "detail"], na_position="first", kind="stable"
    ).reset_index(drop=True)
    ids = []
    seen: dict[str, int] = {}
    for r in frame.itertuples():
        if isinstance(r.issue_id, str) and r.issue_id:
            ids.append(r.issue_id)
            continue
        parts = [
            x if isinstance(x, str) and x else d
            for x, d in ((r.kind, ""), (r.instrument_id, "report"), (r.field, "text"))
        ]
        base = "-".join(parts).replace("_", "-")
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    frame["issue_id"] = ids
    return frame


# --- rules over the report's own text ------------------------------------------------------------------------------

_EMPTY_LINK = re.compile(r"\[([^\]]+)\]\(#\)")


def extraction_issues(restored: list[int]) -> list[dict]:
    """The Annex I lines whose empty Région cell the text extraction lost (7 cells for 8 columns): the reader puts
    it back in front, and says so here rather than silently (``benchmark.clean.annex``)."""
    return [
        dict(
            kind="format",
            instrument_id=None,
            field="annex_i",
            detail=f"La ligne L{n} de l'annexe I a 7 cellules pour 8 colonnes : l'extraction du texte a perdu sa "
            "cellule « Région » vide ; la lecture la rétablit en tête, et chaque cellule garde sa colonne",
            source_lines=f"L{n}",
        )
        for n in restored
    ]


def empty_link_issues(lines: list[str]) -> list[dict]:
    """Markdown links whose target is an empty « # »: the reader cannot follow the source named."""
    issues = []
    for n, line in enumerate(lines, start=1):
        texts = _EMPTY_LINK.findall(line)
        if texts:
            named = ", ".join(f"« {t} »" for t in texts)
            issues.append(
                dict(
                    kind="link",
                    instrument_id=None,
                    field="text",
                    detail=f"{len(texts)} lien(s) sans adresse (« # ») à L{n} : {named}",
                    source_lines=f"L{n}",
                )
            )
    return issues


NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
}
# « La recherche est structurée en cinq étapes : », « 5 secteurs … ont été identifiés. … (…) : »: a count, a noun,
# and a colon closing the paragraph, announcing the list that follows.
_ANNOUNCED = re.compile(
    r"(?<![\w,.])(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?:\*\*)?([a-zéèêàç']+)", re.IGNORECASE
)
_ITEM = re.compile(r"^\s*(?:[-•]\s|\d+\.\s)")
_ORDINAL = re.compile(r"^(?:Premièrement|Deuxièmement|Troisièmement|Troisième|Quatrièmement|Cinquièmement)\b")
_FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


def _items_after(lines: list[str], n: int) -> int:
    """List items (bullets, numbered lines, « Premièrement … » paragraphs) that follow line ``n`` (1-based),
    blank lines and footnotes skipped, up to the first other paragraph."""
    count = 0
    for line in lines[n:]:
        if not line.strip() or _FOOTNOTE.match(line):
            continue
        if _ITEM.match(line) or _ORDINAL.match(line.strip()):
            count += 1
            continue
        break
    return count


def count_issues(lines: list[str]) -> list[dict]:
    """A paragraph that announces « N things : » and is followed by a list of another length (or by none)."""
    issues = []
    for n, line in enumerate(lines, start=1):
        if not line.rstrip().endswith(":") or _ITEM.match(line):
            continue
        for m in _ANNOUNCED.finditer(line):
            token, noun = m.group(1).lower(), m.group(2)
            announced = int(token) if token.isdigit() else NUMBER_WORDS[token]
            if noun.lower() in ("an", "ans", "mois", "jours", "fois") or announced < 2:
                continue
            listed = _items_after(lines, n)
            if listed != announced:
                found = f"{listed} énumérés ensuite" if listed else "aucune liste ne suit"
                issues.append(
                    dict(
                        kind="count",
                        instrument_id=None,
                        field="text",
                        detail=f"« {m.group(0).replace('**', '')} » annoncés à L{n}, mais {found}",
                        source_lines=f"L{n}",
                    )
                )
            break  # the count that governs the list is the first of the line
    return issues


_UNIT = re.compile(
    r"\bpar\s+(entreprise|intervention|projet|dossier|proposition de projet|association|an|"
    r"année civile|jour|heure)\b"
)


def unit_issues(amounts: pd.DataFrame) -> list[dict]:
    """One amount of one instrument stated per different units in two places (« par entreprise » vs
    « par intervention »)."""
    # Plain dicts, not a pandas group per (instrument, kind, value): linear with a small constant at any size.
    lines_by_unit: dict[tuple, dict[str, list[str]]] = {}
    for instrument_id, kind, value, text, lines in zip(
        *(amounts[c].tolist() for c in ("instrument_id", "kind", "value_eur", "text", "source_lines"))
    ):
        found = _UNIT.search(text) if isinstance(text, str) else None
        if found is None or pd.isna(instrument_id) or pd.isna(kind) or pd.isna(value):
            continue
        lines_by_unit.setdefault((instrument_id, kind, value), {}).setdefault(found.group(1), []).append(lines)
    issues = []
    for instrument_id, kind, value in sorted(lines_by_unit):
        units = {u: merge_spans(*spans) for u, spans in sorted(lines_by_unit[instrument_id, kind, value].items())}
        if len(units) > 1:
            detail = " et ".join(f"« par {u} » ({lines})" for u, lines in units.items())
            issues.append(
                dict(
                    kind="unit",
                    instrument_id=instrument_id,
                    field=kind,
                    detail=f"{_fmt(value)} € par des unités différentes : {detail}",
                    source_lines=merge_spans(*units.values()),
                )
            )
    return issues


def magnitude_issues(amounts: pd.DataFrame, instruments: pd.DataFrame) -> list[dict]:
    """An envelope out of scale with the instrument: above the codebook's ceiling for a service (information,
    advice, training, network) of one country or region (``IMPLAUSIBLE_SERVICE_ENVELOPE_EUR``)."""
    issues = []
    kind_of = instruments.set_index("instrument_id")
    envelopes = amounts[amounts["kind"].isin(["programme_total", "annual_total"])]
    for r in envelopes.itertuples():
        inst = kind_of.loc[r.instrument_id]
        if (
            inst["primary_type"] in PROVISION_FAMILIES["advice"]
            and inst["level"] != "supranational"
            and r.value_eur > IMPLAUSIBLE_SERVICE_ENVELOPE_EUR
        ):
            issues.append(
                dict(
                    kind="magnitude",
                    instrument_id=r.instrument_id,
                    field=r.kind,
                    detail=f"« {r.text} » ({r.source_lines}) pour « {inst['name']} » (type principal "
                    f"{label(inst['primary_type']).lower()}, {label(inst['jurisdiction'])}) : au-delà de "
                    f"{_fmt(IMPLAUSIBLE_SERVICE_ENVELOPE_EUR)} €, l'échelle d'un plan national entier plutôt que "
                    "d'un service",
                    source_lines=r.source_lines,
                )
            )
    return issues
