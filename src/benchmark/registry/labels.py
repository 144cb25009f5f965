"""The French label of every code and column a reader sees, once: jurisdictions, types, stages, access and
eligibility codes, booleans (``LABELS``), and the headings of analysis columns; a clean table's columns take their
heading from the registry's fields."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from benchmark import registry

LABELS = {
    # jurisdictions
    "EU": "Union européenne",
    "BE": "Belgique (fédéral)",
    "BE-BRU": "Bruxelles-Capitale",
    "BE-VLG": "Flandre",
    "BE-WAL": "Wallonie",
    "FR": "France",
    "ES": "Espagne",
    "IT": "Italie",
    "CA": "Canada (fédéral)",
    "CA-QC": "Québec",
    # instrument types
    "strategy": "Stratégie",
    "grant": "Subvention",
    "voucher": "Chèque",
    "loan": "Prêt",
    "training": "Formation",
    "advisory": "Accompagnement",
    "diagnostic_tool": "Outil de diagnostic",
    "information": "Information",
    "directory": "Répertoire des aides",
    "network": "Réseau",
    "in_kind": "Aide en nature",
    # stages
    "awareness": "Sensibilisation",
    "diagnosis": "Diagnostic",
    "planning": "Planification",
    "implementation": "Mise en œuvre",
    "skills": "Compétences",
    # non-market access
    "dedicated": "Dédiée au non-marchand",
    "open": "Ouverte (ASBL incluses)",
    "conditional": "Sous condition",
    "sectoral": "Sectorielle",
    "excluded": "ASBL exclues",
    "unknown": "Inconnue",
    "not_applicable": "Sans objet",  # a policy, or a measure for persons: docs/codebook.md
    # audiences of the eligibility model (« social_economy », « citizens », « intermediaries » below)
    "nonmarket": "Non-marchand",
    "all_organisations": "Toute organisation, ASBL comprises",
    "enterprises": "Entreprises (ASBL non nommées)",
    "professionals": "Professionnels (des personnes)",
    "public_bodies": "Pouvoirs publics",
    "broad": "Publics larges (ASBL non nommées)",
    # what the report says of an offer's time (it is dated February 2024)
    "ongoing": "En cours",
    "recurring": "Récurrente",
    "edition": "Édition datée",
    "planned": "Annoncée, pas encore mise en œuvre",
    "closed": "Terminée",
    # conditions: their effect and what they bear on (« group » and « provider » per field below)
    "eligibility": "Condition d'accès",
    "exclusion": "Exclusion",
    "terms": "Modalité",
    "territory": "Territoire",
    "legal_form": "Forme juridique",
    "size": "Taille",
    "sector": "Secteur",
    "agreement": "Agrément",
    "sales": "Chiffre de ventes",
    "vat": "TVA",
    "activity": "Activité",
    "cofunding": "Part à apporter",
    "selection": "Sélection",
    "price": "Prix",
    "phases": "Phases",
    "cap": "Plafond",
    "duration": "Durée",
    "reporting": "Rapport à rendre",
    # step 5 decisions (docs/codebook.md, « Décisions de l'étape 5 »)
    "federation": "Fédération",
    "institution": "Institution publique",
    "service": "Service",
    "hypothesis": "Hypothèse de l'équipe",
    "stated": "Énoncé par le rapport",
    "converted": "Converti en euros (taux du rapport)",
    "derived": "Calculé à partir du rapport",
    "once": "une fois",
    "computed": "Calculé des tableaux",
    "decided": "Décidé par l'équipe",
    "higher": "Plus haut, mieux",
    "lower": "Plus bas, mieux",
    "execution": "Exécution",
    "result": "Résultat",
    "help": "Aide",
    "practice": "Pratique",
    "quick_win": "Gain rapide",
    "structural": "Réforme de structure",
    # ceiling classes (docs/codebook.md, « Plafonds comparables »)
    "organisation_project": "Pour une organisation, par projet",
    "organisation_year": "Pour une organisation, par an",
    "group_project": "Pour le projet d'un groupe d'organisations",
    "provider_day": "Par jour de formation, payé au prestataire",
    "provider_project": "Pour le projet d'un prestataire qui accompagne d'autres organisations",
    # levels
    "supranational": "Supranational",
    "national": "National",
    "regional": "Régional",
    # funder types (« unknown » above)
    "public": "Public",
    "private": "Privé",
    "philanthropic": "Philanthropique",
    "mixed": "Mixte",
    # rate kinds
    "cofunding_rate": "Taux de cofinancement",
    "own_share": "Part propre du bénéficiaire",
    # kinds of source
    "report": "Rapport",
    "web_page": "Page web",
    "interview": "Entretien",
    "document": "Document",
    # sources
    "body_only": "Corps du rapport seul",
    "both": "Corps du rapport et annexe I",
    "annex_only": "Annexe I seule",
    # support families
    "advice": "Conseil, accompagnement, formation",
    "paid_service": "Service payé à un prestataire (chèque)",
    "equipment": "Matériel et logiciels",
    "project_funding": "Financement de projets",
    "policy": "Politique (sans aide directe)",
    "funding": "Financement",
    "other": "Autre",
    # kinds of help (finder page; « training » is the type's label « Formation »)
    "money": "Argent",
    "support": "Accompagnement",
    "tool": "Outil",
    # periods of a ceiling
    "project": "par projet",
    "year": "par an",
    "day": "par jour",
    "hour": "par heure",
    "phase": "par phase",
    # amount kinds
    "max_per_beneficiary": "Maximum par bénéficiaire",
    "phase_max": "Maximum par phase",
    "per_year": "Maximum par an",
    "programme_total": "Enveloppe totale",
    "pillar_total": "Enveloppe du pilier",
    "per_day": "Par jour",
    "annual_total": "Total annuel",
    "min_per_beneficiary": "Minimum par bénéficiaire",
    "beneficiary_price": "Prix pour le bénéficiaire",
    "service_value": "Valeur du service",
    "cost_item_cap": "Plafond d'un poste de coûts",
    "hourly_rate": "Taux horaire",
    "daily_rate": "Tarif journalier",
    "eligibility_min": "Seuil d'admissibilité (minimum)",
    "eligibility_max": "Seuil d'admissibilité (maximum)",
    # target groups
    "nonprofit": "Associations (ASBL)",
    "social_economy": "Économie sociale",
    "sme": "PME",
    "enterprise": "Entreprises",
    "entrepreneurs": "Porteurs de projet",
    "public_sector": "Secteur public",
    "citizens": "Citoyens",
    "workers": "Travailleurs",
    "researchers": "Chercheurs",
    "health_professionals": "Professionnels de santé",
    "intermediaries": "Intermédiaires et fédérations",
    "digital_providers": "Prestataires du numérique",
    "member_states": "États membres",
    # source issues
    "rule": "règle",
    "reader": "lecteur",
    "contradiction": "Contradiction",
    "conversion": "Conversion",
    "typo": "Coquille",
    "spelling": "Orthographe",
    "link": "Lien",
    "impossible_date": "Date impossible",
    "classification": "Classement",
    "format": "Format",
    "count": "Dénombrement",
    "unit": "Unité",
    "scope": "Périmètre",
    "magnitude": "Ordre de grandeur",
    # sources of the raw rows (conservation table)
    "inventories.xlsx (jurisdiction sheets)": "Inventaires (une feuille par juridiction)",
    "inventories.xlsx (amounts sheet)": "Inventaires (feuille des montants)",
    "annex_i.tsv (lines)": "Annexe I (lignes du tableau)",
    "part4_inspirations.csv": "Partie 4 : inspirations",
    "part4_needs.csv": "Partie 4 : besoins",
    "source_problems.csv": "Problèmes relevés par les lecteurs",
    "sources.csv": "Registre des sources",
    "sources/ (lines of the kept copies)": "Copies des sources (leurs lignes)",
    "eligibility.csv": "Qui peut utiliser chaque aide",
    "eligibility_conditions.csv": "Conditions et exclusions",
    "instrument_links.csv": "Liens officiels",
    # booleans
    True: "Oui",
    False: "Non",
}

# French headings of the columns the notebooks show (readers never see an English column name): a clean table's
# columns take theirs from the metadata registry (benchmark.registry, one label per field); the analysis tables'
# own columns, and the raw workbook columns a source issue may name, have theirs here. A key is never a code: a
# crosstab's columns are codes, headed by their labels (tests/test_formatting.py).
ANALYSIS_COLUMN_LABELS = {
    "count": "Nombre",
    "share": "Part",
    "filled": "Renseignés",
    "total": "Total",
    "instruments": "Instruments",
    "family": "Famille",
    "amounts": "Montants",
    "recommendations": "Recommandations",
    "ladder": "Échelle",
    "step_label": "Libellé",
    "covered": "Couvert",
    "digital": "Dédiées au digital",
    "not_digital": "Non dédiées au digital",
    "gap": "Aucune aide qu'une ASBL peut obtenir",
    "stages_covered": "Étapes couvertes",
    "cofunding_min": "Cofinancement min.",
    "cofunding_max": "Cofinancement max.",
    "column": "Champ",
    "amount_text": "Montant (texte du rapport)",
    "dates_text": "Dates (texte du rapport)",
    # what an ASBL can obtain (benchmark.analysis.eligibility), as a researcher exports it
    "conditions": "Conditions",
    "ceiling": "Plafond (€)",
    "ceiling_eur": "Plafond (€)",
    "ceiling_class": "Plafond de quoi",
    "ceiling_name": "Aide au plafond le plus élevé",
    "ceiling_conditions": "Conditions de cette aide",
    "obtainable": "Aides qu'une ASBL peut obtenir",
    "outright": "Sans condition",
    "min": "Le plus bas",
    "median": "Médiane",
    "max": "Le plus haut",
}


class _ColumnLabels(Mapping[str, str]):
    """The registry's labels read when asked (a field registered later has its heading at once), then the analysis
    columns' own."""

    def __getitem__(self, column: str) -> str:
        labels = registry.column_labels()
        return labels[column] if column in labels else ANALYSIS_COLUMN_LABELS[column]

    def __iter__(self) -> Iterator[str]:
        return iter({**registry.column_labels(), **ANALYSIS_COLUMN_LABELS})

    def __len__(self) -> int:
        return len({**registry.column_labels(), **ANALYSIS_COLUMN_LABELS})


COLUMN_LABELS: Mapping[str, str] = _ColumnLabels()

# Codes whose label depends on the column they stand in (the same code in two vocabularies): « dedicated » is
# « dédiée au non-marchand » as an access code and « dédiée au numérique » as a digital aim.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "digital_aim": {
        "dedicated": "Dédiée au numérique",
        "partly": "En partie (finance aussi le numérique)",
        "none": "Non dédiée au numérique",
    },
    "asbl_access": {"yes": "Oui", "conditional": "Sous conditions", "no": "Non", "not_stated": "Non précisé"},
    "brussels_asbl": {
        "yes": "Oui",
        "conditional": "Sous conditions",
        "no": "Non",
        "not_stated": "Non précisé",
        "outside": "Hors de Bruxelles",
    },
    "time_status": {"not_stated": "Présentée sans date"},
    "award_recipient": {
        "organisation": "L'organisation",
        "group": "Un groupe d'organisations",
        "provider": "Le prestataire",
        "person": "Une personne",
    },
    "kind": {"group": "Projet à plusieurs", "provider": "Prestataire", "other": "Autre"},
    "fit": {"full": "Entière", "partial": "Partielle"},
    "lesson_kind": {"uptake": "Usage constaté", "limit": "Limite", "strength": "Atout", "lesson": "Enseignement"},
    # units of a figure or a population (« organisations » reads the same in French)
    "assumption_unit": {
        "EUR": "€",
        "days": "jours",
        "fte": "ETP",
        "organisations": "organisations",
        "projects": "projets",
    },
    "population_unit": {"etp": "ETP", "organisations": "organisations"},
    "ceiling_class": {"person": "Pour une personne (prime professionnelle)", "loan": "Prêt (remboursable)"},
}


def label(code, field: str | None = None) -> str:
    """The French label of a code (the code itself when it has none), read in the column ``field`` where that
    column gives it another meaning. Only real booleans read « Oui »/« Non »: ``0 == False`` in Python, and a count
    of 0 must stay « 0 »."""
    if isinstance(code, bool):
        return LABELS[code]
    if not isinstance(code, str):
        return str(code)
    if field is not None and code in FIELD_LABELS.get(field, {}):
        return FIELD_LABELS[field][code]
    if code in LABELS:
        return LABELS[code]
    return _decision_file_titles().get(code, code)


def _decision_file_titles() -> dict[str, str]:
    """A step 5 decision file reads as its table's title (a file registered later has its label at once)."""
    return {r.raw_file: r.title for r in registry.RESOURCES.values() if r.raw_file}
