"""Every column of ``data/clean/``, once: its type, French label, French description, unit, display format and
checks. A table that gives a column a narrower meaning (the codes of ``kind`` in ``amounts``) says so in its
``overrides`` (``resources.py``); the codes come from ``benchmark.registry.codes`` and are defined in
``docs/codebook.md``."""

from __future__ import annotations

from benchmark.core.parsing import MAX_YEAR, MIN_YEAR
from benchmark.registry.classes import Field
from benchmark.registry.codes import (
    ACTOR_KINDS,
    ASBL_ACCESS,
    ASSUMPTION_UNITS,
    AUDIENCES,
    AWARD_RECIPIENTS,
    BRUSSELS_ASBL,
    BUDGET_KINDS,
    COMPONENT_ROLES,
    CONDITION_EFFECTS,
    COST_PERIODS,
    COUNTRIES,
    CRITERION_DIRECTIONS,
    CRITERION_SOURCES,
    DELIVERIES,
    DIGITAL_AIMS,
    FIGURE_STATUSES,
    FORMS,
    FUNDER_TYPES,
    INDICATOR_KINDS,
    INSPIRATION_KINDS,
    INSTRUMENT_TYPES,
    JURISDICTIONS,
    LESSON_KINDS,
    LEVELS,
    MAX_AWARD_PERIODS,
    NEED_FITS,
    NONMARKET_ACCESS,
    POPULATION_UNITS,
    SOURCE_VERIFICATIONS,
    STAGES,
    STIP_BUDGET_BANDS,
    STIP_CODES,
    TARGET_GROUPS,
    TIME_STATUSES,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_PIECE = r"(?:(?:[a-z0-9]+(?:-[a-z0-9]+)*:)?L\d+(?:-L\d+)?|[a-z0-9]+(?:-[a-z0-9]+)*)"
# Locators: report lines (L12-L14), another source's lines (web-x:L3) or a whole source (web-x), "; "-joined.
SPANS = rf"^{_PIECE}(?:; {_PIECE})*$"
DATE = r"^\d{4}-\d{2}-\d{2}$"

# The three headings of Part 4, as the report writes them (L998, L1005, L1016).
PART4_CATEGORIES = (
    "Sensibilisation et information aux enjeux et opportunités de la digitalisation",
    "Soutien spécifique aux organisations non-marchandes",
    "Développement d'un réseau collaboratif pour la digitalisation du non-marchand",
)


def _year(name: str, label: str, description: str) -> Field:
    return Field(name, "integer", label, description, unit="année", format="year", minimum=MIN_YEAR, maximum=MAX_YEAR)


def _eur(name: str, label: str, description: str, required: bool = False) -> Field:
    return Field(name, "number", label, description, required=required, unit="EUR", format="eur", exclusive_minimum=0)


def _share(name: str, label: str, description: str, required: bool = False) -> Field:
    return Field(
        name, "number", label, description, required=required, unit="part (0–1)", format="pct", minimum=0, maximum=1
    )


def _count(name: str, label: str, description: str) -> Field:
    return Field(name, "integer", label, description, required=True, unit="lignes", format="int", minimum=0)


def _fields(*fields: Field) -> dict[str, Field]:
    """Each field once: a second definition of a name is an error (a table gives its own meaning in ``overrides``)."""
    found: dict[str, Field] = {}
    for f in fields:
        if f.name in found:
            raise ValueError(f"field {f.name!r} is defined twice: keep one, and override it in the table that differs")
        found[f.name] = f
    return found


FIELDS: dict[str, Field] = _fields(
    # --- identifiers and links
    Field(
        "instrument_id",
        "string",
        "Identifiant",
        "Identifiant stable d'un instrument (`[a-z0-9-]+`) : la clé par laquelle chaque table le désigne.",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "parent_id",
        "string",
        "Programme parent",
        "L'`instrument_id` du programme dont cette ligne est une composante (un volet, une action d'une "
        "stratégie, un dispositif d'une plateforme), tiré de la colonne `parent_id` du classeur ; vide pour "
        "un programme ou un instrument autonome.",
        pattern=SLUG,
        workbook=True,
    ),
    *(
        Field(
            f"{quoted}_lines",
            "string",
            f"Source ({label})",
            f"D'où le champ `{quoted}` de l'instrument est cité : lignes du rapport (`L290`), lignes d'une autre "
            "source (`web-xyz:L3`) ou une source entière sans copie conservée (`web-xyz`), tiré de la colonne du même "
            "nom du classeur ; les pages montrent une source autre que le rapport (titre, date, « non vérifiable ») à "
            "côté de la valeur.",
            required=quoted == "name",
            format="lines",
            pattern=SPANS,
            workbook=True,
        )
        for quoted, label in (
            ("name", "nom"),
            ("recipients", "destinataires"),
            ("funder", "financeur"),
            ("description", "description"),
            ("dates", "dates"),
        )
    ),
    Field(
        "source_lines",
        "string",
        "Lignes du rapport",
        "D'où viennent les faits : lignes du rapport (`L282-L300`), lignes d'une autre source (`web-xyz:L3`) "
        "ou une source entière, jointes par `; ` (les sources sont celles de `sources.csv`).",
        required=True,
        format="lines",
        pattern=SPANS,
    ),
    Field(
        "amount_id",
        "string",
        "Montant",
        "L'identifiant propre du montant, saisi une fois dans la feuille des montants du classeur et jamais changé "
        "(on peut insérer, supprimer ou trier des lignes autour de lui) : les fichiers de décisions nomment les "
        "montants par lui. Le bas d'une fourchette est `<amount_id>-low` ; un budget de l'annexe I est "
        "`<instrument_id>-annex-i`.",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "rate_id",
        "string",
        "Taux",
        "L'identifiant de la ligne de la feuille des montants d'où le taux est lu ; `<amount_id>-rate` quand la "
        "nature de cette ligne est une nature de montant (« 50 % … et max 60.000 € »).",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "rec_id",
        "string",
        "Recommandation",
        "Identifiant d'une inspiration de la partie 4 (`rec-01` … dans l'ordre du rapport).",
        required=True,
        pattern=r"^rec-\d{2}$",
    ),
    Field("need_id", "string", "Besoin", "Identifiant d'un besoin énoncé en tête de la partie 4.", required=True),
    Field("issue_id", "string", "Problème", "Identifiant d'un problème de la source.", required=True),
    Field(
        "source_id",
        "string",
        "Source",
        "Identifiant d'une source (un slug) ; les localisateurs le citent (`web-xyz:L3`), les lignes du "
        "rapport s'en passent.",
        required=True,
        pattern=SLUG,
    ),
    # --- instruments
    Field(
        "name",
        "string",
        "Instrument",
        "Le nom de l'instrument tel que la source le donne.",
        required=True,
        workbook=True,
    ),
    Field(
        "jurisdiction",
        "string",
        "Juridiction",
        "Code de la juridiction de l'instrument (la feuille de l'inventaire où il se trouve).",
        required=True,
        format="code",
        enum=JURISDICTIONS,
    ),
    Field(
        "country",
        "string",
        "Pays",
        "Code du pays, déduit de la juridiction.",
        required=True,
        format="code",
        enum=COUNTRIES,
    ),
    Field(
        "level",
        "string",
        "Niveau",
        "Niveau de pouvoir, déduit de la juridiction.",
        required=True,
        format="code",
        enum=LEVELS,
    ),
    _year("start_year", "Début", "Première année de l'instrument ; vide quand la source n'en donne pas."),
    _year("end_year", "Fin", "Dernière année de l'instrument ; vide quand la source n'en donne pas."),
    Field(
        "primary_type",
        "string",
        "Type principal",
        "La forme principale du soutien (un type d'instrument).",
        required=True,
        format="code",
        enum=INSTRUMENT_TYPES,
        workbook=True,
    ),
    Field(
        "types",
        "list",
        "Types",
        "Tous les types d'instrument qui s'appliquent ; contient `primary_type`.",
        required=True,
        format="code",
        enum=INSTRUMENT_TYPES,
        min_items=1,
        workbook=True,
    ),
    Field(
        "stages",
        "list",
        "Étapes",
        "Les étapes du parcours numérique d'une organisation que l'instrument sert (peut être vide).",
        format="code",
        enum=STAGES,
        workbook=True,
    ),
    Field(
        "target_groups",
        "list",
        "Publics cibles",
        "À qui l'instrument s'adresse (vocabulaire propre au projet).",
        format="code",
        enum=TARGET_GROUPS,
        workbook=True,
    ),
    Field(
        "nonmarket_access",
        "string",
        "Accès du non-marchand",
        "Le code d'accès du contrat, dérivé du modèle d'éligibilité (`eligibility`) par `benchmark clean` : "
        "`dedicated` (une ASBL l'obtient et le public est le non-marchand), `open` (une ASBL l'obtient, le public est "
        "plus large), `sectoral` ou `conditional` (sous une condition de secteur ou d'agrément, ou une autre), "
        "`excluded` (une ASBL ne l'obtient pas pour sa propre digitalisation), `not_applicable` (une politique ou une "
        "mesure pour des personnes), `unknown` (le rapport ne le dit pas).",
        required=True,
        format="code",
        enum=NONMARKET_ACCESS,
    ),
    Field(
        "digital_specific",
        "boolean",
        "Dédié au digital",
        "Dédié à la digitalisation, selon la source ; vide quand elle ne le dit pas.",
        workbook=True,
    ),
    Field(
        "covers_brussels",
        "boolean",
        "Accessible depuis Bruxelles",
        "Une organisation établie à Bruxelles peut y prétendre : instruments bruxellois, fédéraux belges et "
        "européens, et instruments privés ouverts dans toute la Belgique.",
        required=True,
        workbook=True,
    ),
    Field("funder", "string", "Financeur", "Le financeur tel que la source le nomme.", workbook=True),
    Field(
        "funder_type",
        "string",
        "Type de financeur",
        "Nature du financeur.",
        required=True,
        format="code",
        enum=FUNDER_TYPES,
        workbook=True,
    ),
    _eur(
        "max_award_eur",
        "Montant max. par bénéficiaire (€)",
        "Le montant le plus élevé qu'un bénéficiaire ou un projet peut recevoir, en euros (déduit de "
        "`amounts` par les règles du livre de codes) ; vide pour un service gratuit ou quand la source n'en "
        "donne pas.",
    ),
    Field(
        "max_award_period",
        "string",
        "Période du plafond",
        "Ce par quoi `max_award_eur` est énoncé (d'après la nature du montant qui le donne) ; vide exactement"
        " quand `max_award_eur` l'est.",
        format="code",
        enum=MAX_AWARD_PERIODS,
    ),
    _eur(
        "budget_total_eur",
        "Enveloppe totale (€)",
        "L'enveloppe totale de l'instrument, en euros.",
    ),
    _share(
        "cofunding_rate",
        "Taux de cofinancement",
        "Part des coûts éligibles que l'instrument prend en charge : le taux, ou 1 − la part propre.",
    ),
    Field("in_annex_i", "boolean", "Dans l'annexe I", "L'instrument est une ligne de l'annexe I.", required=True),
    Field(
        "focus",
        "boolean",
        "Section « Focus »",
        "Le rapport lui consacre une section « Focus sur … ».",
        required=True,
        workbook=True,
    ),
    Field(
        "interviewed",
        "boolean",
        "Acteur interviewé",
        "L'une des initiatives interviewées.",
        required=True,
        workbook=True,
    ),
    Field("recipients", "string", "Destinataires", "Qui reçoit le soutien, cité du rapport.", workbook=True),
    Field("description", "string", "Description", "Description citée du rapport.", workbook=True),
    Field(
        "stip_codes",
        "list",
        "Codes STIP Compass",
        "Codes d'instrument de STIP Compass (CE-OCDE) correspondant à `types`.",
        format="list",
        enum=tuple(sorted({code for codes in STIP_CODES.values() for code in codes})),
    ),
    _eur(
        "yearly_budget_eur",
        "Budget annuel (€)",
        "Le total annuel énoncé, sinon `budget_total_eur` réparti sur les années de `start_year` à `end_year`"
        " (livre de codes, « Colonnes dérivées »).",
    ),
    Field(
        "stip_budget_band",
        "string",
        "Tranche de budget annuel (STIP)",
        "Tranche de budget annuel de STIP Compass pour `yearly_budget_eur`.",
        enum=tuple(band for band, _ in STIP_BUDGET_BANDS),
    ),
    Field("notes", "string", "Notes de codage", "Notes libres.", workbook=True),
    # --- sources
    Field(
        "kind", "string", "Nature", "La nature de la ligne, un code du livre de codes.", required=True, format="code"
    ),
    Field("title", "string", "Titre", "Titre.", required=True),
    Field("origin", "string", "Origine", "D'où vient la ligne.", required=True),
    Field(
        "publisher",
        "string",
        "Éditeur",
        "Qui publie la source : l'organisation derrière une page ou un document, l'auteur, la personne interviewée.",
        required=True,
    ),
    Field("url", "string", "Adresse", "L'adresse où la source a été lue (`https://…`).", pattern=r"^https?://\S+$"),
    Field(
        "accessed",
        "string",
        "Consulté le",
        "Date de lecture de la source (AAAA-MM-JJ) : obligatoire pour une page web et pour toute source qui a une "
        "adresse.",
        pattern=DATE,
    ),
    Field(
        "verification",
        "string",
        "Vérification",
        "`text_copy` : le texte lu est conservé sous `data/raw/sources/` et chaque citation de la source est "
        "vérifiée sur lui ; `unverifiable` : rien n'est conservé, ses citations ne peuvent être vérifiées et les pages "
        "marquent ses valeurs « non vérifiable ».",
        required=True,
        enum=SOURCE_VERIFICATIONS,
    ),
    Field(
        "copy",
        "string",
        "Copie",
        "Chemin de la copie texte de la source, dans `data/raw/sources/` (`sources/<fichier>`), quand elle est "
        "conservée.",
    ),
    Field(
        "sha256",
        "string",
        "Empreinte SHA-256",
        "Empreinte SHA-256 de la copie texte.",
        pattern=r"^[0-9a-f]{64}$",
    ),
    Field(
        "line_count",
        "integer",
        "Nombre de lignes",
        "Nombre de lignes de la copie texte.",
        unit="lignes",
        format="int",
        minimum=1,
    ),
    # --- annex_i
    Field(
        "annex_row",
        "integer",
        "Ligne de l'annexe I",
        "1, 2, … dans l'ordre du rapport.",
        required=True,
        format="int",
        minimum=1,
    ),
    Field(
        "region",
        "string",
        "Région",
        "Le groupe sous lequel se trouve la ligne, tel que le rapport l'écrit, reporté vers le bas.",
        required=True,
    ),
    Field(
        "date_raw",
        "string",
        "Date (texte du rapport)",
        "La cellule Date telle que le rapport l'écrit (« 2020 - 20230 » compris).",
    ),
    Field(
        "date_corrected",
        "string",
        "Date corrigée",
        "Le texte corrigé quand `data/raw/source_problems.csv` déclare une correction, sinon vide ; les "
        "années en sont lues.",
    ),
    Field("domains", "list", "Domaines", "Les éléments de la cellule Domaines, débarrassés du HTML.", format="list"),
    Field("means_raw", "string", "Moyens (texte du rapport)", "La cellule Moyens, débarrassée du HTML."),
    Field("objectives", "string", "Objectifs", "La cellule Objectifs, débarrassée du HTML."),
    Field("target_public", "string", "Public cible", "La cellule Public cible, débarrassée du HTML."),
    _eur(
        "budget_eur",
        "Budget (€)",
        "Le montant en argent de `means_raw`, en euros ; vide quand `means_raw` n'en contient pas.",
    ),
    Field(
        "budget_kind",
        "string",
        "Nature du budget",
        "Ce qu'est `budget_eur` (déclaré dans `data/raw/annex_i_rows.csv`) ; vide exactement quand `budget_eur` l'est.",
        format="code",
        enum=BUDGET_KINDS,
    ),
    # --- amounts and rates
    Field("value", "number", "Valeur", "Le montant dans sa devise.", required=True, exclusive_minimum=0),
    Field("currency", "string", "Devise", "Code ISO 4217.", required=True, pattern=r"^[A-Z]{3}$"),
    _eur(
        "value_eur",
        "Montant (€)",
        "`value` × le taux déclaré de sa devise (`data/raw/currency_rates.csv`), au centime.",
        required=True,
    ),
    _eur(
        "stated_eur",
        "Montant en euros indiqué (€)",
        "La conversion en euros que le texte donne lui-même, s'il en donne une.",
    ),
    Field("line", "integer", "Ligne", "Le numéro de la ligne dans la copie de la source (L1 = 1).", minimum=1),
    Field("text", "string", "Texte", "Les mots de la source.", required=True),
    _share(
        "rate",
        "Taux indiqué",
        "Le pourcentage tel qu'écrit, en part de 1.",
        required=True,
    ),
    Field("applies_to", "string", "Assiette", "Ce sur quoi porte le pourcentage."),
    # --- Part 4
    Field(
        "category",
        "string",
        "Catégorie",
        "Le titre du rapport sous lequel se trouve l'inspiration.",
        required=True,
        enum=PART4_CATEGORIES,
    ),
    Field(
        "sources",
        "list",
        "Initiatives citées",
        "Les paires `Région – initiative` que le rapport donne entre parenthèses.",
        format="list",
    ),
    Field(
        "instrument_ids",
        "list",
        "Instruments",
        "Les instruments qui l'étayent (d'après `data/raw/part4_initiatives.csv`), tous dans `instruments.csv`.",
        required=True,
        format="list",
        pattern=SLUG,
        min_items=1,
    ),
    # --- source issues
    Field("field", "string", "Champ", "Le champ sur lequel porte le problème."),
    Field("detail", "string", "Détail", "Les deux valeurs et leurs lignes.", required=True),
    Field(
        "found_by",
        "string",
        "Trouvé par",
        "`rule` : trouvé par `src/benchmark/clean/source_issues.py` ; `reader` : déclaré dans "
        "`data/raw/source_problems.csv`.",
        required=True,
        format="code",
        enum=("rule", "reader"),
    ),
    Field(
        "correction",
        "string",
        "Correction",
        "`avant → après` quand une correction déclarée a été appliquée (la correction déclarée d'un problème "
        "qu'une règle trouve est portée par la ligne de la règle, et sa déclaration est listée dans "
        "`rejects.csv`).",
    ),
    # --- conservation and rejects
    Field(
        "source",
        "string",
        "Source",
        "La source brute (fichier, feuille ou plage de lignes).",
        required=True,
        format="code",
    ),
    _count("raw_rows", "Lignes brutes", "Lignes lues dans la source brute."),
    _count("clean_rows", "Lignes retenues", "Lignes devenues des lignes propres."),
    _count("rejected_rows", "Lignes écartées", "Lignes listées dans `rejects.csv`."),
    Field(
        "clean_table", "string", "Table propre", "La ou les tables propres où les lignes sont allées.", required=True
    ),
    Field(
        "balanced",
        "boolean",
        "Équilibré",
        "`raw_rows` = `clean_rows` + `rejected_rows`.",
        required=True,
    ),
    Field("location", "string", "Emplacement", "Où se trouve la ligne brute écartée (ligne ou rangée).", required=True),
    Field("reason", "string", "Raison", "Pourquoi, en toutes lettres.", required=True),
    # --- step 5
    Field(
        "role",
        "string",
        "Rôle",
        "`cited` : le rapport cite la composante ; `similar` : une composante semblable.",
        required=True,
        enum=COMPONENT_ROLES,
    ),
    Field(
        "digital_aim",
        "string",
        "Visée numérique",
        "L'aide vise-t-elle la digitalisation : `dedicated` (dédiée, comme `digital_specific`), `partly` (le rapport "
        "dit qu'elle en finance parmi d'autres objets), `none`.",
        required=True,
        format="code",
        enum=DIGITAL_AIMS,
    ),
    # --- the eligibility model (docs/codebook.md, « Qui peut utiliser chaque aide »)
    Field(
        "audience",
        "string",
        "Public visé",
        "À qui l'aide s'adresse, au regard des ASBL : `nonmarket` (le non-marchand seul), `social_economy` "
        "(l'économie sociale, ASBL comprises), `all_organisations` (toute organisation, ASBL comprises), "
        "`enterprises` (entreprises, PME : ASBL non nommées), `professionals`, `citizens`, `public_bodies`, "
        "`intermediaries` (organisations qui servent d'autres organisations), `broad` (plusieurs publics, ASBL non "
        "nommées).",
        required=True,
        format="code",
        enum=AUDIENCES,
    ),
    Field(
        "asbl_access",
        "string",
        "Une ASBL peut-elle l'obtenir ?",
        "Une ASBL du territoire de l'aide peut-elle l'obtenir pour sa propre digitalisation : `yes`, `conditional` "
        "(aux conditions d'éligibilité de `conditions`), `no`, `not_stated` (le rapport ne le dit pas).",
        required=True,
        format="code",
        enum=ASBL_ACCESS,
    ),
    Field(
        "brussels_asbl",
        "string",
        "Pour une ASBL bruxelloise",
        "La même question pour une ASBL établie à Bruxelles, dérivée de `asbl_access` et `covers_brussels` : "
        "`outside` quand l'aide ne couvre pas Bruxelles. La seule définition de « utilisable par une ASBL "
        "bruxelloise » : `yes` ou `conditional`.",
        required=True,
        format="code",
        enum=BRUSSELS_ASBL,
    ),
    Field(
        "award_recipient",
        "string",
        "Plafond pour",
        "Pour qui le plafond par bénéficiaire est énoncé : `organisation` (l'organisation qui demande), `group` (un "
        "groupe d'organisations pour un projet mutualisé), `provider` (le prestataire payé, p. ex. par jour de "
        "formation), `person` (une personne, un professionnel) ; vide sans plafond.",
        format="code",
        enum=AWARD_RECIPIENTS,
    ),
    Field(
        "time_status",
        "string",
        "Statut dans le rapport",
        "Ce que le rapport (février 2024) dit du temps de l'offre : `ongoing` (en cours), `recurring` (récurrente), "
        "`edition` (une édition datée, reconduction non dite), `planned` (annoncée, pas encore mise en œuvre), "
        "`closed` (terminée), `not_stated` (présentée sans date).",
        required=True,
        format="code",
        enum=TIME_STATUSES,
    ),
    Field(
        "status_quote",
        "string",
        "Citation (statut)",
        "Les mots du rapport qui datent l'offre, à `status_lines`.",
        format="text",
    ),
    Field(
        "status_lines",
        "string",
        "Lignes (statut)",
        "Où le rapport date l'offre.",
        format="lines",
        pattern=SPANS,
    ),
    Field(
        "quote",
        "string",
        "Citation",
        "Les mots du rapport sur lesquels la décision repose, mot pour mot, à `source_lines`.",
        required=True,
        format="text",
    ),
    Field("why", "string", "Pourquoi", "La justification de la décision, en français, avec ses lignes.", required=True),
    Field(
        "condition_id",
        "string",
        "Condition",
        "Identifiant stable d'une condition (un slug choisi par le chercheur).",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "effect",
        "string",
        "Effet",
        "`eligibility` (une condition qu'une ASBL doit remplir pour y avoir droit), `exclusion` (ce qui l'exclut), "
        "`terms` (une modalité : part à apporter, sélection, prix, phases).",
        required=True,
        format="code",
        enum=CONDITION_EFFECTS,
    ),
    Field(
        "condition",
        "string",
        "Condition",
        "La condition en mots simples, telle que les pages l'affichent (« être assujettie à la TVA »).",
        required=True,
    ),
    Field(
        "sector",
        "string",
        "Secteur",
        "Le secteur ou l'agrément qu'une condition réserve (le filtre « Mon secteur » de la page des aides).",
    ),
    # --- step 5 decisions (data/raw/step5_*.csv; docs/codebook.md, « Décisions de l'étape 5 »)
    Field(
        "option_id", "string", "Option", "Identifiant d'une option de l'étape 5 (`opt-…`).", required=True, pattern=SLUG
    ),
    Field("need_ids", "list", "Besoins", "Les besoins (`need-1` … `need-4`, L985-L988) auxquels l'élément répond."),
    Field(
        "actor_ids", "list", "Acteurs bruxellois", "Les acteurs bruxellois (`step5_actors`) qui pourraient la porter."
    ),
    Field(
        "carrier_ids",
        "list",
        "Porteurs",
        "Les acteurs bruxellois qui pourraient porter l'option, le premier en tête.",
        min_items=1,
    ),
    Field(
        "inspiration_kind",
        "string",
        "Nature",
        "`help` (une aide que reçoit une organisation) ou `practice` (une manière de conduire un programme).",
        required=True,
        format="code",
        enum=INSPIRATION_KINDS,
    ),
    Field(
        "brussels_today",
        "string",
        "À Bruxelles selon le rapport",
        "Pour une pratique : ce que le rapport dit que Bruxelles fait, avec `brussels_today_lines`.",
    ),
    Field(
        "brussels_today_lines",
        "string",
        "Lignes (Bruxelles)",
        "Lignes de `brussels_today`.",
        format="lines",
        pattern=SPANS,
    ),
    Field("actor_id", "string", "Acteur", "Identifiant d'un acteur bruxellois.", required=True, pattern=SLUG),
    Field(
        "actor_kind",
        "string",
        "Type d'acteur",
        "`institution` (pouvoir public), `federation`, `service` (un prestataire d'aide), `information` (un site).",
        required=True,
        format="code",
        enum=ACTOR_KINDS,
    ),
    Field(
        "lesson_id", "string", "Enseignement", "Identifiant d'un enseignement d'un pair.", required=True, pattern=SLUG
    ),
    Field(
        "lesson_kind",
        "string",
        "Nature",
        "`uptake` (un usage constaté : demandes, organisations aidées), `limit` (une difficulté rencontrée : un risque pour qui s'en inspire), `strength` (un atout) ou `lesson` (un enseignement).",
        required=True,
        format="code",
        enum=LESSON_KINDS,
    ),
    Field(
        "fit",
        "string",
        "Réponse au besoin",
        "`full` (l'aide répond au besoin) ou `partial` (en partie : `why` dit ce qui manque).",
        required=True,
        format="code",
        enum=NEED_FITS,
    ),
    Field("stage", "string", "Étape", "Une étape du parcours numérique.", required=True, format="code", enum=STAGES),
    Field(
        "form",
        "string",
        "Forme d'aide",
        "Ce que l'aide donne : argent, prêt, accompagnement, formation, information, répertoire, outil, réseau, politique.",
        required=True,
        format="code",
        enum=FORMS,
    ),
    Field(
        "forms",
        "list",
        "Formes d'aide",
        "Des formes d'aide : argent, prêt, accompagnement, formation, information, répertoire, outil, réseau, politique.",
        format="code",
        enum=FORMS,
    ),
    Field("summary", "string", "En bref", "Ce que l'option ferait, en une ou deux phrases.", required=True),
    Field("first_step", "string", "Premier pas", "Le premier pas concret de l'option.", required=True),
    Field(
        "delivery",
        "string",
        "Délai",
        "`quick_win` (un gain rapide) ou `structural` (une réforme de structure).",
        required=True,
        format="code",
        enum=DELIVERIES,
    ),
    Field(
        "horizon_years",
        "integer",
        "Horizon (ans)",
        "La période sur laquelle l'option est chiffrée.",
        required=True,
        format="int",
        minimum=1,
        maximum=10,
    ),
    Field("assumption_id", "string", "Hypothèse", "Identifiant d'une entrée de coût.", required=True, pattern=SLUG),
    Field("label", "string", "Libellé", "Ce que la valeur mesure, en mots.", required=True),
    Field("low", "number", "Bas", "Valeur basse.", required=True, minimum=0),
    Field("central", "number", "Central", "Valeur centrale (celle qui sert au classement).", required=True, minimum=0),
    Field("high", "number", "Haut", "Valeur haute.", required=True, minimum=0),
    Field(
        "assumption_unit",
        "string",
        "Unité",
        "Unité de la valeur : euros, ETP, organisations, projets, jours.",
        required=True,
        format="code",
        enum=ASSUMPTION_UNITS,
    ),
    Field(
        "figure_status",
        "string",
        "Statut",
        "D'où vient la valeur centrale : `stated` (énoncée par le rapport), `converted` (convertie au taux déclaré), "
        "`derived` (calculée, la justification donne le calcul), `hypothesis` (une hypothèse, avec sa raison).",
        required=True,
        format="code",
        enum=FIGURE_STATUSES,
    ),
    Field("amount_ids", "list", "Montants", "Les montants de `amounts` dont la valeur est tirée."),
    Field("item_id", "string", "Poste", "Identifiant d'un poste de coût.", required=True, pattern=SLUG),
    Field("quantity_id", "string", "Quantité", "L'hypothèse qui donne la quantité.", required=True, pattern=SLUG),
    Field(
        "unit_cost_id",
        "string",
        "Coût unitaire",
        "L'hypothèse qui donne le coût unitaire (vide : la quantité est un coût).",
        pattern=SLUG,
    ),
    Field(
        "per",
        "string",
        "Période",
        "`year` (chaque année) ou `once` (une fois sur l'horizon, réparti par an).",
        required=True,
        format="code",
        enum=COST_PERIODS,
    ),
    Field("criterion_id", "string", "Critère", "Identifiant d'un critère de classement.", required=True, pattern=SLUG),
    Field("weight", "number", "Poids", "Le poids du critère dans le classement.", required=True, minimum=0),
    Field(
        "direction",
        "string",
        "Sens",
        "`higher` (plus est mieux) ou `lower` (moins est mieux).",
        required=True,
        format="code",
        enum=CRITERION_DIRECTIONS,
    ),
    Field(
        "criterion_source",
        "string",
        "Source du score",
        "`computed` (calculé à partir des tables) ou `decided` (décidé dans `step5_option_scores.csv`).",
        required=True,
        format="code",
        enum=CRITERION_SOURCES,
    ),
    Field(
        "score", "integer", "Score", "Le score décidé, de 1 (faible) à 3 (fort).", required=True, minimum=1, maximum=3
    ),
    Field(
        "indicator_kind",
        "string",
        "Indicateur de",
        "`execution` (ce qui est fait) ou `result` (ce qui change), comme la stratégie espagnole (L665).",
        required=True,
        format="code",
        enum=INDICATOR_KINDS,
    ),
    Field("indicator", "string", "Indicateur", "L'indicateur, en mots.", required=True),
    Field(
        "ladder_id", "string", "Échelle", "La juridiction dont l'échelle de financement est dessinée.", required=True
    ),
    Field("step", "integer", "Marche", "Le rang de la marche sur l'échelle.", required=True, minimum=1),
    Field(
        "cad_amount_id", "string", "Montant en dollars", "Un montant en dollars canadiens de `amounts`.", required=True
    ),
    Field("eur_amount_id", "string", "Montant en euros", "Le montant en euros auquel il est comparé.", required=True),
    Field(
        "denominator_id",
        "string",
        "Population",
        "Identifiant d'un chiffre de population du rapport.",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "population_id",
        "string",
        "Groupe",
        "La population que le chiffre mesure (deux chiffres d'un groupe ne se mélangent pas).",
        required=True,
        pattern=SLUG,
    ),
    Field("population", "string", "Population", "La population, en mots.", required=True),
    Field(
        "population_unit",
        "string",
        "Unité",
        "`etp`, `organisations` ou `workers` (travailleurs).",
        required=True,
        format="code",
        enum=POPULATION_UNITS,
    ),
    Field("year", "integer", "Année", "L'année du chiffre, quand le rapport la donne.", format="year"),
    Field("note", "string", "Note", "À quel intitulé ou élément du rapport le lien appartient."),
)
