"""Every table of ``data/clean/``, once: its columns in order, keys, cross-field rules and description. The order of
``RESOURCES`` is the order of the workbook's sheets."""

from __future__ import annotations

import pandas as pd

from benchmark.registry.classes import ForeignKey, Resource, Rule
from benchmark.registry.codes import (
    AMOUNT_KINDS,
    CONDITION_KINDS,
    OBTAINABLE,
    RATE_KINDS,
    SOURCE_ISSUE_KINDS,
    SOURCE_KINDS,
)

# --- cross-field rules: True for every row that keeps the rule. A cell of the wrong type is the field checks'
# business: a rule lets it pass, so that one bad cell is one problem.


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value)


def _ordered_years(df: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [
            not (_is_number(a) and _is_number(b)) or a <= b
            for a, b in zip(df["start_year"].tolist(), df["end_year"].tolist())
        ],
        index=df.index,
    )


def _paired(a: str, b: str):
    def check(df: pd.DataFrame) -> pd.Series:
        return df[a].isna() == df[b].isna()

    return check


def _primary_in_types(df: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [not isinstance(t, list) or p in t for p, t in zip(df["primary_type"], df["types"])], index=df.index
    )


def _parent_not_self(df: pd.DataFrame) -> pd.Series:
    return df["parent_id"].isna() | (df["parent_id"] != df["instrument_id"])


_ANNEX_TEXT = ["name", "date_raw", "description", "means_raw", "objectives", "target_public"]


def _no_html(df: pd.DataFrame) -> pd.Series:
    tag = r"</?[a-zA-Z][^>]*>"
    return ~df[_ANNEX_TEXT].apply(lambda c: c.astype(object).fillna("").astype(str).str.contains(tag)).any(axis=1)


def _report_first(df: pd.DataFrame) -> pd.Series:
    return pd.Series([i > 0 or k == "report" for i, k in enumerate(df["kind"])], index=df.index)


def _cofunding_from_rate(df: pd.DataFrame) -> pd.Series:
    rows = zip(df["kind"], df["rate"].tolist(), df["cofunding_rate"].tolist())
    return pd.Series(
        [
            not (_is_number(r) and _is_number(c))
            or abs(c - (r if k == "cofunding_rate" else 1 - r)) < 1e-9
            or k not in RATE_KINDS
            for k, r, c in rows
        ],
        index=df.index,
    )


def _obtainable_is_digital(df: pd.DataFrame) -> pd.Series:
    return ~(df["asbl_access"].isin(OBTAINABLE) & (df["digital_aim"] == "none"))


def _brussels_follows(df: pd.DataFrame) -> pd.Series:
    return (df["brussels_asbl"] == "outside") | (df["brussels_asbl"] == df["asbl_access"])


def _rows_add_up(df: pd.DataFrame) -> pd.Series:
    return (df["raw_rows"] == df["clean_rows"] + df["rejected_rows"]) == df["balanced"]


ORDERED_YEARS = Rule(
    "ordered_years",
    ("start_year", "end_year"),
    _ordered_years,
    "start_year ≤ end_year",
    description="`start_year` ≤ `end_year`",
)
_TO_INSTRUMENT = (ForeignKey(("instrument_id",), "instruments", ("instrument_id",)),)
_TO_INSTRUMENT_AND_SOURCE = (*_TO_INSTRUMENT, ForeignKey(("source_id",), "sources", ("source_id",)))


# --- step 5 decisions: the researchers' files of data/raw/, each copied to data/clean/ by benchmark clean once its
# checks pass (docs/codebook.md, « Décisions de l'étape 5 »). Nothing downstream of clean reads data/raw/.
_TO_REC = ForeignKey(("rec_id",), "recommendations", ("rec_id",))
_TO_NEED = ForeignKey(("need_id",), "needs", ("need_id",))
_TO_OPTION = ForeignKey(("option_id",), "step5_options", ("option_id",))


def _decision(name: str, title: str, description: str, fields: tuple[str, ...], key: tuple[str, ...], **kw) -> Resource:
    return Resource(
        name=name,
        title=title,
        description=description,
        fields=fields,
        primary_key=key,
        in_workbook=False,
        raw_file=f"{name}.csv",
        **kw,
    )


STEP5_RESOURCES = (
    _decision(
        "step5_options",
        "Options de l'étape 5",
        "Les options que le comité peut adopter, chacune regroupant des inspirations de la partie 4, avec ses porteurs, "
        "son premier pas, son délai et l'horizon sur lequel elle est chiffrée.",
        ("option_id", "title", "summary", "carrier_ids", "first_step", "delivery", "horizon_years", "why"),
        ("option_id",),
        foreign_keys=(ForeignKey(("carrier_ids",), "step5_actors", ("actor_id",)),),
        overrides={"title": {"description": "Le titre de l'option."}},
    ),
    _decision(
        "step5_inspirations",
        "Inspirations : besoins, option, acteurs",
        "Pour chacune des seize inspirations : son option, les besoins qu'elle sert, sa nature (aide ou pratique), les "
        "acteurs bruxellois qui pourraient la porter et, pour une pratique, ce que Bruxelles fait selon le rapport.",
        (
            "rec_id",
            "option_id",
            "need_ids",
            "inspiration_kind",
            "actor_ids",
            "brussels_today",
            "brussels_today_lines",
            "why",
        ),
        ("rec_id",),
        foreign_keys=(
            _TO_REC,
            _TO_OPTION,
            ForeignKey(("need_ids",), "needs", ("need_id",)),
            ForeignKey(("actor_ids",), "step5_actors", ("actor_id",)),
        ),
    ),
    _decision(
        "step5_components",
        "Composantes des inspirations",
        "Les composantes de programmes pairs (volet, axe, dispositif) qui étayent chaque inspiration, avec la forme "
        "d'aide que l'inspiration en retient (`form`) et une citation.",
        ("rec_id", "instrument_id", "role", "form", "quote", "source_lines", "why"),
        ("rec_id", "instrument_id"),
        foreign_keys=(_TO_REC, *_TO_INSTRUMENT),
    ),
    _decision(
        "step5_actors",
        "Acteurs bruxellois",
        "Les acteurs bruxellois que le rapport décrit (institutions, fédérations, services), porteurs possibles des "
        "options, avec ce que le rapport dit de chacun.",
        ("actor_id", "name", "actor_kind", "role", "instrument_id", "quote", "source_lines"),
        ("actor_id",),
        foreign_keys=_TO_INSTRUMENT,
        overrides={
            "name": {"description": "Le nom de l'acteur."},
            "role": {"description": "Ce qu'il fait selon le rapport.", "enum": None},
            "instrument_id": {"required": False},
        },
    ),
    _decision(
        "step5_lessons",
        "Enseignements des pairs",
        "Les usages constatés et les difficultés des programmes pairs, chacun avec une citation : les risques des options.",
        ("lesson_id", "instrument_id", "lesson_kind", "text", "quote", "source_lines"),
        ("lesson_id",),
        foreign_keys=_TO_INSTRUMENT,
        overrides={"text": {"description": "L'enseignement, en français simple."}},
    ),
    _decision(
        "step5_need_links",
        "Aides qui répondent aux besoins",
        "Quelles aides répondent à quel besoin, entièrement ou en partie (ce qui manque dans `why`), avec une citation.",
        ("need_id", "instrument_id", "fit", "forms", "quote", "source_lines", "why"),
        ("need_id", "instrument_id"),
        foreign_keys=(_TO_NEED, *_TO_INSTRUMENT),
        overrides={
            "forms": {
                "description": "Les formes d'aide par lesquelles l'aide répond au besoin, quand ce n'est pas par toutes "
                "celles qu'elle donne (vide : toutes) : une réponse partielle ne vaut que pour ce que `why` décrit."
            }
        },
    ),
    _decision(
        "step5_need_cells",
        "Ce que chaque besoin demande",
        "Les cases (étape × forme d'aide) que chaque besoin de la partie 4 demande, d'après ses mots (L985-L988) : "
        "la grille de l'analyse des manques.",
        ("need_id", "stage", "form", "why"),
        ("need_id", "stage", "form"),
        foreign_keys=(_TO_NEED,),
    ),
    _decision(
        "step5_denominators",
        "Populations du rapport",
        "Les chiffres de population que le rapport donne, chacun avec sa population (deux populations ne se mélangent pas).",
        (
            "denominator_id",
            "population_id",
            "jurisdiction",
            "population",
            "population_unit",
            "value",
            "year",
            "quote",
            "source_lines",
        ),
        ("denominator_id",),
        overrides={"value": {"description": "Le chiffre.", "unit": None, "format": "int"}},
    ),
    _decision(
        "step5_assumptions",
        "Entrées des coûts",
        "Chaque entrée d'un coût par analogie (bas, central, haut) avec son statut et ses lignes ou sa raison.",
        (
            "assumption_id",
            "label",
            "low",
            "central",
            "high",
            "assumption_unit",
            "figure_status",
            "amount_ids",
            "source_lines",
            "why",
        ),
        ("assumption_id",),
        foreign_keys=(ForeignKey(("amount_ids",), "amounts", ("amount_id",)),),
        overrides={"source_lines": {"required": False}},
    ),
    _decision(
        "step5_cost_items",
        "Postes de coût des options",
        "Les postes de coût de chaque option : une quantité × un coût unitaire, par an ou une fois sur l'horizon.",
        ("item_id", "option_id", "label", "quantity_id", "unit_cost_id", "per", "stages", "forms"),
        ("item_id",),
        foreign_keys=(
            _TO_OPTION,
            ForeignKey(("quantity_id",), "step5_assumptions", ("assumption_id",)),
            ForeignKey(("unit_cost_id",), "step5_assumptions", ("assumption_id",)),
        ),
        overrides={
            "stages": {"description": "Les étapes où le poste apporte une aide aux ASBL (vide : un poste de gestion)."},
            "forms": {
                "description": "Les formes d'aide que le poste apporte aux ASBL (vide : un poste de gestion) ; le "
                "critère « besoins » compte les cases de l'analyse des manques que ces étapes × formes comblent."
            },
        },
    ),
    _decision(
        "step5_criteria",
        "Critères et poids du classement",
        "Les critères du classement des options et leurs poids, que les chercheurs modifient.",
        ("criterion_id", "label", "weight", "direction", "criterion_source", "why"),
        ("criterion_id",),
    ),
    _decision(
        "step5_option_scores",
        "Scores décidés",
        "Les scores décidés (1 à 3) des critères qui ne se calculent pas, avec leur raison et leurs lignes.",
        ("option_id", "criterion_id", "score", "why", "source_lines"),
        ("option_id", "criterion_id"),
        foreign_keys=(_TO_OPTION, ForeignKey(("criterion_id",), "step5_criteria", ("criterion_id",))),
    ),
    _decision(
        "step5_indicators",
        "Indicateurs de suivi",
        "Les indicateurs d'exécution et de résultat de chaque option, sur le modèle de la stratégie espagnole (L665).",
        ("option_id", "indicator_kind", "indicator", "why", "source_lines"),
        ("option_id", "indicator"),
        foreign_keys=(_TO_OPTION,),
    ),
    _decision(
        "step5_ladders",
        "Échelles de financement",
        "Les marches des échelles de financement dessinées (Bruxelles, DigitalEES, TNEC), chacune avec son montant par "
        "bénéficiaire (ou aucun) et pourquoi.",
        ("ladder_id", "step", "instrument_id", "amount_id", "why", "source_lines"),
        ("ladder_id", "step"),
        foreign_keys=(*_TO_INSTRUMENT, ForeignKey(("amount_id",), "amounts", ("amount_id",))),
        overrides={"amount_id": {"required": False}},
    ),
    _decision(
        "step5_comparisons",
        "Comparaisons sensibles au taux de change",
        "Les paires (montant en dollars, montant en euros) dont la comparaison doit tenir aux deux taux que le rapport "
        "utilise.",
        ("cad_amount_id", "eur_amount_id", "why"),
        ("cad_amount_id", "eur_amount_id"),
        foreign_keys=(
            ForeignKey(("cad_amount_id",), "amounts", ("amount_id",)),
            ForeignKey(("eur_amount_id",), "amounts", ("amount_id",)),
        ),
    ),
)


RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (
        Resource(
            name="instruments",
            title="Instruments",
            description="Une ligne par instrument de soutien, toutes sources réunies : la ligne de l'inventaire "
            "(`data/raw/inventories.xlsx`) et sa ligne de l'annexe I deviennent un seul instrument. Les années "
            "viennent de `dates_text` dans l'inventaire, sinon de l'annexe I ; les colonnes d'argent sont "
            "déduites de `amounts` et `rates` par les règles du livre de codes ; `source_lines` réunit tous les "
            "localisateurs sur lesquels repose la ligne.",
            fields=(
                # the contract's columns
                "instrument_id",
                "name",
                "jurisdiction",
                "country",
                "level",
                "start_year",
                "end_year",
                "primary_type",
                "types",
                "stages",
                "target_groups",
                "nonmarket_access",
                "digital_specific",
                "covers_brussels",
                "funder",
                "funder_type",
                "max_award_eur",
                "budget_total_eur",
                "cofunding_rate",
                "in_annex_i",
                "focus",
                "source_lines",
                # second pass of the contract: programme → component, and the period of the ceiling
                "parent_id",
                "max_award_period",
                # added for the comparisons and the catalogue
                "interviewed",
                "recipients",
                "description",
                "stip_codes",
                "yearly_budget_eur",
                "stip_budget_band",
                "notes",
                # where each quoted value comes from: pages show its source when it is not the report
                "name_lines",
                "recipients_lines",
                "funder_lines",
                "description_lines",
                "dates_lines",
            ),
            primary_key=("instrument_id",),
            foreign_keys=(ForeignKey(("parent_id",), "instruments", ("instrument_id",)),),
            rules=(
                Rule(
                    "award_with_period",
                    ("max_award_eur", "max_award_period"),
                    _paired("max_award_eur", "max_award_period"),
                    "max_award_eur and max_award_period go together",
                    description="`max_award_eur` et `max_award_period` sont remplis ensemble ou vides ensemble",
                ),
                Rule(
                    "primary_in_types",
                    ("primary_type", "types"),
                    _primary_in_types,
                    "types contains primary_type",
                    description="`types` contient `primary_type`",
                ),
                ORDERED_YEARS,
                Rule(
                    "parent_not_self",
                    ("instrument_id", "parent_id"),
                    _parent_not_self,
                    "parent_id is another instrument",
                    description="`parent_id` désigne un autre instrument",
                ),
            ),
            overrides={"notes": {"description": "Les notes du codeur."}},
            in_contract=True,
        ),
        Resource(
            name="eligibility",
            title="Qui peut utiliser chaque aide",
            description="Le modèle d'éligibilité, une ligne par instrument, décidée une fois dans "
            "`data/raw/eligibility.csv` : à qui l'aide s'adresse, si une ASBL peut l'obtenir pour sa propre "
            "digitalisation (et une ASBL bruxelloise, `brussels_asbl`, dérivé), sa visée numérique, pour qui son "
            "plafond est énoncé et ce que le rapport dit de son temps ; chaque décision avec sa citation, ses lignes "
            "et sa justification. Toutes les pages comptent et listent les aides à partir de cette table "
            "(docs/codebook.md, « Qui peut utiliser chaque aide »).",
            fields=(
                "instrument_id",
                "audience",
                "asbl_access",
                "brussels_asbl",
                "digital_aim",
                "award_recipient",
                "time_status",
                "quote",
                "source_lines",
                "status_quote",
                "status_lines",
                "why",
            ),
            primary_key=("instrument_id",),
            foreign_keys=_TO_INSTRUMENT,
            rules=(
                Rule(
                    "obtainable_is_digital",
                    ("asbl_access", "digital_aim"),
                    _obtainable_is_digital,
                    "an aid an ASBL can obtain for its own digitalisation is aimed at it (digital_aim not none)",
                    description="une aide qu'une ASBL peut obtenir pour sa propre digitalisation vise le numérique "
                    "(`digital_aim` n'est pas `none`)",
                ),
                Rule(
                    "brussels_follows_access",
                    ("asbl_access", "brussels_asbl"),
                    _brussels_follows,
                    "brussels_asbl is asbl_access, or outside",
                    description="`brussels_asbl` est `asbl_access`, ou `outside` pour une aide qui ne couvre pas Bruxelles",
                ),
                Rule(
                    "status_quote_with_lines",
                    ("status_quote", "status_lines"),
                    _paired("status_quote", "status_lines"),
                    "status_quote and status_lines go together",
                    description="`status_quote` et `status_lines` sont remplis ensemble ou vides ensemble",
                ),
            ),
            overrides={"source_lines": {"description": "Où la citation `quote` se trouve."}},
        ),
        Resource(
            name="conditions",
            title="Conditions et exclusions",
            description="Les conditions d'éligibilité, exclusions et modalités qui pèsent sur une ASBL, une ligne "
            "par condition, mot pour mot avec ses lignes (`data/raw/eligibility_conditions.csv`). Une composante "
            "(un volet) est soumise aussi à celles de son programme.",
            fields=("condition_id", "instrument_id", "effect", "kind", "condition", "sector", "quote", "source_lines"),
            primary_key=("condition_id",),
            foreign_keys=_TO_INSTRUMENT,
            overrides={
                "kind": {"description": "Sur quoi porte la condition.", "enum": CONDITION_KINDS},
                "source_lines": {"description": "Où la citation `quote` se trouve."},
            },
        ),
        Resource(
            name="links",
            title="Liens officiels",
            description="Les liens officiels que le rapport donne à côté d'un instrument "
            "(`data/raw/instrument_links.csv`), mot pour mot, avec la ligne où ils se trouvent.",
            fields=("instrument_id", "url", "source_lines", "note"),
            primary_key=("instrument_id", "url"),
            foreign_keys=_TO_INSTRUMENT,
            overrides={
                "source_lines": {"description": "La ligne du rapport où le lien se trouve."},
                "url": {
                    "label": "Lien",
                    "description": "Le lien officiel, mot pour mot comme le rapport l'écrit.",
                    "required": True,
                },
            },
        ),
        Resource(
            name="annex_i",
            title="Annexe I",
            description="L'annexe I (L1031–L1075) en lignes logiques, dans l'ordre du rapport : les lignes de suite après un "
            "saut de page fusionnées avec la ligne qu'elles continuent, les restes de HTML changés en texte brut.",
            fields=(
                "annex_row",
                "region",
                "name",
                "date_raw",
                "date_corrected",
                "description",
                "domains",
                "means_raw",
                "objectives",
                "target_public",
                "start_year",
                "end_year",
                "budget_eur",
                "budget_kind",
                "instrument_id",
                "source_lines",
            ),
            primary_key=("annex_row",),
            unique=("instrument_id",),
            foreign_keys=_TO_INSTRUMENT,
            rules=(
                Rule(
                    "no_html",
                    tuple(_ANNEX_TEXT),
                    _no_html,
                    "text cells hold no HTML",
                    description="les cellules de texte ne contiennent pas de HTML",
                ),
                Rule(
                    "budget_pairs",
                    ("budget_eur", "budget_kind"),
                    _paired("budget_eur", "budget_kind"),
                    "budget_eur and budget_kind go together",
                    description="`budget_eur` et `budget_kind` sont remplis ensemble ou vides ensemble",
                ),
                ORDERED_YEARS,
            ),
            overrides={
                "name": {"description": "La cellule Nom, nettoyée."},
                "description": {"description": "La cellule Description, débarrassée du HTML."},
                "start_year": {"description": "Lue dans `date_raw`, après les corrections déclarées."},
                "end_year": {"description": "Lue dans `date_raw`, après les corrections déclarées."},
                "instrument_id": {
                    "description": "L'instrument de la ligne (déclaré dans `data/raw/annex_i_rows.csv`)."
                },
                "source_lines": {"description": "Les lignes physiques de la ligne, fusionnées."},
            },
            in_contract=True,
        ),
        Resource(
            name="amounts",
            title="Montants",
            description="Chaque montant en argent que donnent les sources, une ligne chacun. Une fourchette donne deux lignes"
            " : son haut avec la nature de la ligne, son bas comme `min_per_beneficiary`. Les devises étrangères "
            "sont converties à un taux déclaré par devise (`data/raw/currency_rates.csv`).",
            fields=(
                "amount_id",
                "instrument_id",
                "kind",
                "value",
                "currency",
                "value_eur",
                "stated_eur",
                "text",
                "source_lines",
                "source_id",
                "origin",
            ),
            primary_key=("amount_id",),
            foreign_keys=_TO_INSTRUMENT_AND_SOURCE,
            overrides={
                "kind": {
                    "description": "Nature du montant (livre de codes, « Natures de montant »).",
                    "enum": AMOUNT_KINDS,
                },
                "origin": {
                    "description": "`inventory` : la feuille des montants du classeur ; `annex_i` : un budget de l'annexe I.",
                    "enum": ("inventory", "annex_i"),
                },
            },
            in_contract=True,
        ),
        Resource(
            name="rates",
            title="Taux",
            description="Taux de cofinancement et parts propres, une ligne chacun, tirés de la feuille des montants du "
            "classeur.",
            fields=(
                "rate_id",
                "instrument_id",
                "kind",
                "rate",
                "cofunding_rate",
                "applies_to",
                "text",
                "source_lines",
                "source_id",
            ),
            primary_key=("rate_id",),
            foreign_keys=_TO_INSTRUMENT_AND_SOURCE,
            rules=(
                Rule(
                    "cofunding_from_rate",
                    ("kind", "rate", "cofunding_rate"),
                    _cofunding_from_rate,
                    "cofunding_rate is the rate (cofunding_rate) or 1 − the rate (own_share)",
                    description="`cofunding_rate` est le taux (`cofunding_rate`) ou 1 − le taux (`own_share`)",
                ),
            ),
            overrides={
                "kind": {"description": "`cofunding_rate` ou `own_share`.", "enum": RATE_KINDS},
                "cofunding_rate": {"required": True},
            },
        ),
        Resource(
            name="recommendations",
            title="Recommandations",
            description="Les seize inspirations pour l'étape 5 de la partie 4 (L998–L1023), mot pour mot.",
            fields=("rec_id", "category", "title", "text", "sources", "instrument_ids", "source_lines"),
            primary_key=("rec_id",),
            foreign_keys=(ForeignKey(("instrument_ids",), "instruments", ("instrument_id",)),),
            in_contract=True,
        ),
        Resource(
            name="needs",
            title="Besoins",
            description="Les quatre besoins énoncés en tête de la partie 4 (L985–L988), mot pour mot.",
            fields=("need_id", "text", "source_lines"),
            primary_key=("need_id",),
            in_contract=True,
        ),
        Resource(
            name="source_issues",
            title="Problèmes de la source",
            description="Ce que la source contredit ou rapporte mal : trouvé par une règle partout où une règle peut le voir,"
            " ou déclaré par un lecteur dans `data/raw/source_problems.csv` avec ses lignes.",
            fields=("issue_id", "kind", "instrument_id", "field", "detail", "source_lines", "found_by", "correction"),
            primary_key=("issue_id",),
            foreign_keys=_TO_INSTRUMENT,
            overrides={
                "kind": {
                    "description": "Nature du problème (livre de codes, « Problèmes relevés dans le rapport »).",
                    "enum": SOURCE_ISSUE_KINDS,
                },
                "instrument_id": {
                    "required": False,
                    "description": "L'instrument concerné ; vide pour un problème du rapport dans son ensemble.",
                },
            },
            in_contract=True,
        ),
        Resource(
            name="sources",
            title="Sources",
            description="Le registre des sources, tiré de `data/raw/sources.csv`, le rapport d'abord, avec le nombre de "
            "lignes de chaque copie texte. Un localisateur sans identifiant de source (`L123`) cite le rapport ; "
            "`web-xyz:L3` cite la ligne 3 de la copie de la source `web-xyz`.",
            fields=(
                "source_id",
                "kind",
                "title",
                "publisher",
                "url",
                "accessed",
                "verification",
                "copy",
                "sha256",
                "line_count",
                "notes",
            ),
            primary_key=("source_id",),
            rules=(
                Rule(
                    "report_first",
                    ("kind",),
                    _report_first,
                    "the first source is the report",
                    description="la première source est le rapport",
                ),
            ),
            overrides={
                "kind": {"description": "Nature de la source.", "enum": SOURCE_KINDS},
                "title": {"description": "Le titre de la source."},
            },
            in_contract=True,
        ),
        Resource(
            name="source_texts",
            title="Textes des sources",
            description="Chaque ligne des copies conservées des sources (le rapport d'abord, puis chaque source "
            "`text_copy` de `sources.csv`), telle quelle : ce que les pages citent à leurs lignes (le catalogue "
            "ouvre le passage d'une référence L123), lu ici plutôt que dans `data/raw/`.",
            fields=("source_id", "line", "text"),
            primary_key=("source_id", "line"),
            foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
            overrides={
                "text": {"description": "La ligne, mot pour mot (vide pour une ligne vide).", "required": False}
            },
            in_workbook=False,
        ),
        Resource(
            name="conservation",
            title="Conservation des lignes",
            description="Par source brute : lignes entrées = lignes propres + lignes écartées (rien n'est perdu en silence).",
            fields=("source", "raw_rows", "clean_rows", "rejected_rows", "clean_table", "balanced"),
            primary_key=("source",),
            rules=(
                Rule(
                    "rows_add_up",
                    ("raw_rows", "clean_rows", "rejected_rows", "balanced"),
                    _rows_add_up,
                    "balanced says whether raw_rows = clean_rows + rejected_rows",
                    description="`balanced` dit si `raw_rows` = `clean_rows` + `rejected_rows`",
                ),
            ),
        ),
        Resource(
            name="rejects",
            title="Lignes écartées",
            description="Chaque ligne ou rangée brute qui n'est pas une donnée (en-tête de l'annexe I, lignes vides, rangée "
            "de clôture ; une correction déclarée portée par le problème d'une règle), avec sa raison.",
            fields=("source", "location", "reason"),
            primary_key=("source", "location"),
        ),
        *STEP5_RESOURCES,
    )
}
