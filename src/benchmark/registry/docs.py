"""``docs/data_dictionary.md``, generated from the registry (``benchmark docs`` writes it; a test fails when the
committed file differs). Its prose per table and per column is the registry's; only the framing is here."""

from __future__ import annotations

from pathlib import Path

from benchmark import registry
from benchmark.registry.classes import Field, Resource

PATH = Path("docs") / "data_dictionary.md"
COMMAND = "benchmark docs"

_INTRO = """\
# Dictionnaire des données de data/clean/

<!-- Généré par `benchmark docs` à partir du registre des métadonnées (src/benchmark/registry/) : modifiez le
registre, pas ce fichier. -->

Toutes les tables : CSV en UTF-8, virgule comme séparateur, ligne d'en-tête, point comme séparateur décimal,
cellule vide pour une valeur manquante, listes jointes par `; `, booléens `true`/`false` ; les tables marquées
« feuille » sont aussi des feuilles de `benchmark.xlsx`. Écrites par `benchmark clean`, qui écrit aussi
`datapackage.json`, la même description en Frictionless Data Package
(`frictionless validate data/clean/datapackage.json`). Les codes sont définis dans `docs/codebook.md` ; les noms de
colonnes et les codes restent ceux des fichiers, leur libellé français est donné ici. Pour poser ses propres
questions à ces tables depuis un notebook : `docs/guide_chercheurs.md`.
"""

_OUTRO = """\
## Quel fichier pour quoi : tableur ou programme
`benchmark.xlsx` est le fichier à ouvrir dans un tableur : chaque cellule de texte y est typée comme texte, si bien
qu'un texte qui commence par `=`, `+`, `-` ou `@` reste du texte (un test injecte de telles valeurs). Les fichiers
CSV sont faits pour les programmes et gardent chaque valeur telle quelle (la régénération à l'octet près du
contrat) ; un tableur qui évalue les cellules d'un CSV à l'import pourrait exécuter une telle valeur comme une
formule : ouvrez les CSV avec un programme, ou dans LibreOffice avec « Évaluer les formules » décoché dans la boîte
d'import (voir `data/raw/README.md`).
"""

_TYPES = {"string": "texte", "integer": "entier", "number": "nombre", "boolean": "booléen"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(field: Field) -> str:
    text = ("liste de " + ("codes" if field.enum else "textes")) if field.is_list else _TYPES[field.type]
    return text + ("" if field.required else " ou vide")


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _rule(field: Field, table: Resource) -> str:
    parts = []
    if table.primary_key == (field.name,) or field.name in table.unique:
        parts.append("unique")
    if field.enum is not None:
        parts.append(
            ("chaque élément parmi " if field.is_list else "l'un de ") + ", ".join(f"`{c}`" for c in field.enum)
        )
    if field.pattern:
        parts.append(f"suit `{field.pattern}`")
    if field.min_items:
        parts.append(f"au moins {field.min_items} élément(s)")
    bounds = [
        f"≥ {_number(field.minimum)}" if field.minimum is not None else "",
        f"> {_number(field.exclusive_minimum)}" if field.exclusive_minimum is not None else "",
        f"≤ {_number(field.maximum)}" if field.maximum is not None else "",
    ]
    if any(bounds):
        parts.append(" et ".join(b for b in bounds if b))
    for fk in table.foreign_keys:
        if field.name in fk.fields:
            each = "chaque élément " if field.is_list else ""
            parts.append(f"{each}désigne une ligne de `{fk.reference}.csv` (`{', '.join(fk.reference_fields)}`)")
    if field.unit:
        parts.append(f"unité : {field.unit}")
    if field.workbook and table.name == "instruments":
        parts.append("saisi dans `data/raw/inventories.xlsx`")
    return " ; ".join(parts)


def table_section(name: str) -> str:
    table = registry.resource(name)
    tags = [tag for tag, on in (("contrat", table.in_contract), ("feuille", table.in_workbook)) if on]
    lines = [
        f"## {name}.csv — {table.title}",
        "",
        table.description,
        "",
        f"Écrite par `{table.written_by}`" + (f" ; {', '.join(tags)}" if tags else "") + ".",
        f"Clé primaire : {', '.join(f'`{k}`' for k in table.primary_key)}.",
        "",
        "| colonne | type | libellé | description | règle |",
        "|---|---|---|---|---|",
    ]
    for field in registry.fields_of(name):
        lines.append(
            f"| `{field.name}` | {_type(field)} | {_cell(field.label)} | {_cell(field.description)} "
            f"| {_cell(_rule(field, table))} |"
        )
    if table.rules:
        lines += ["", "Règles entre colonnes :"]
        lines += [
            f"- `{r.name}` ({', '.join(f'`{f}`' for f in r.fields)}) : {r.description or r.message}."
            for r in table.rules
        ]
    return "\n".join(lines) + "\n"


def data_dictionary() -> str:
    """The whole data dictionary, in the registry's table order."""
    return "\n".join([_INTRO, *(table_section(name) for name in registry.RESOURCES), _OUTRO])


def write_data_dictionary(root: Path | str) -> Path:
    path = Path(root) / PATH
    path.write_text(data_dictionary(), encoding="utf-8")
    return path
