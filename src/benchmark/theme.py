"""One visual theme for every figure: French labels, French number format, Okabe-Ito colours."""

from __future__ import annotations

import plotly.graph_objects as go

from benchmark.vocabulary import JURISDICTIONS

# Okabe-Ito colour-blind-safe palette (plus a dark grey for a tenth category).
OKABE_ITO = {"orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
             "grey": "#999999", "dark_grey": "#555555"}

JURISDICTION_COLORS = {
    "EU": OKABE_ITO["blue"], "BE": OKABE_ITO["black"], "BE-BRU": OKABE_ITO["vermillion"],
    "BE-VLG": OKABE_ITO["yellow"], "BE-WAL": OKABE_ITO["purple"], "FR": OKABE_ITO["sky_blue"],
    "ES": OKABE_ITO["orange"], "IT": OKABE_ITO["green"], "CA": OKABE_ITO["grey"], "CA-QC": OKABE_ITO["dark_grey"],
}
TYPE_COLORS = {
    "strategy": OKABE_ITO["grey"], "grant": OKABE_ITO["blue"], "voucher": OKABE_ITO["sky_blue"],
    "loan": OKABE_ITO["black"], "training": OKABE_ITO["green"], "advisory": OKABE_ITO["orange"],
    "diagnostic_tool": OKABE_ITO["yellow"], "information": OKABE_ITO["purple"], "network": OKABE_ITO["vermillion"],
    "in_kind": OKABE_ITO["dark_grey"],
}

LABELS = {
    # jurisdictions
    "EU": "Union européenne", "BE": "Belgique (fédéral)", "BE-BRU": "Bruxelles-Capitale", "BE-VLG": "Flandre",
    "BE-WAL": "Wallonie", "FR": "France", "ES": "Espagne", "IT": "Italie", "CA": "Canada (fédéral)",
    "CA-QC": "Québec",
    # instrument types
    "strategy": "Stratégie", "grant": "Subvention", "voucher": "Chèque", "loan": "Prêt", "training": "Formation",
    "advisory": "Accompagnement", "diagnostic_tool": "Outil de diagnostic", "information": "Information",
    "network": "Réseau", "in_kind": "Aide en nature",
    # stages
    "awareness": "Sensibilisation", "diagnosis": "Diagnostic", "planning": "Planification",
    "implementation": "Mise en œuvre", "skills": "Compétences",
    # non-market access
    "dedicated": "Dédiée au non-marchand", "open": "Ouverte (ASBL incluses)", "conditional": "Sous condition",
    "sectoral": "Sectorielle", "excluded": "ASBL exclues", "unknown": "Inconnue",
    # sources
    "body_only": "Corps du rapport seul", "both": "Corps du rapport et annexe I", "annex_only": "Annexe I seule",
    # support families
    "advice": "Conseil, accompagnement, formation", "paid_service": "Service payé à un prestataire (chèque)",
    "equipment": "Matériel et logiciels", "project_funding": "Financement de projets", "policy": "Politique (sans aide directe)",
    "funding": "Financement", "other": "Autre",
    # kinds of help (finder page; « training » is the type's label « Formation »)
    "money": "Argent", "support": "Accompagnement", "tool": "Outil",
    # periods of a ceiling
    "project": "par projet", "year": "par an", "day": "par jour", "hour": "par heure", "phase": "par phase",
    # amount kinds
    "max_per_beneficiary": "Maximum par bénéficiaire", "phase_max": "Maximum par phase",
    "per_year": "Maximum par an", "programme_total": "Enveloppe totale", "pillar_total": "Enveloppe du pilier",
    "per_day": "Par jour", "annual_total": "Total annuel", "min_per_beneficiary": "Minimum par bénéficiaire",
    "beneficiary_price": "Prix pour le bénéficiaire", "service_value": "Valeur du service",
    # ladders
    "qc-tnec": "Québec – Transformation numérique des entreprises collectives",
    "wal-cheque-relance-numerique": "Wallonie – Chèque relance numérique",
    # target groups
    "nonprofit": "Associations (ASBL)", "social_economy": "Économie sociale", "sme": "PME",
    "enterprise": "Entreprises", "entrepreneurs": "Porteurs de projet", "public_sector": "Secteur public",
    "citizens": "Citoyens", "workers": "Travailleurs", "researchers": "Chercheurs",
    "health_professionals": "Professionnels de santé", "intermediaries": "Intermédiaires et fédérations",
    "digital_providers": "Prestataires du numérique", "member_states": "États membres",
    # source issues
    "rule": "règle", "reader": "lecteur", "contradiction": "Contradiction", "conversion": "Conversion",
    "typo": "Coquille", "spelling": "Orthographe", "link": "Lien", "impossible_date": "Date impossible",
    "classification": "Classement", "format": "Format",
    # sources of the raw rows (conservation table)
    "inventories.xlsx (jurisdiction sheets)": "Inventaires (une feuille par juridiction)",
    "inventories.xlsx (amounts sheet)": "Inventaires (feuille des montants)",
    "annex_i.tsv (lines)": "Annexe I (lignes du tableau)", "part4_inspirations.csv": "Partie 4 : inspirations",
    "part4_needs.csv": "Partie 4 : besoins", "source_problems.csv": "Problèmes relevés par les lecteurs",
    # booleans
    True: "Oui", False: "Non",
}

# French headings of the columns the notebooks show (readers never see an English column name).
COLUMN_LABELS = {
    "instrument_id": "Identifiant", "name": "Instrument", "jurisdiction": "Juridiction", "primary_type": "Type principal",
    "types": "Types", "stages": "Étapes", "target_groups": "Publics cibles", "nonmarket_access": "Accès du non-marchand",
    "covers_brussels": "Accessible depuis Bruxelles", "digital_specific": "Dédié au digital",
    "max_award_eur": "Montant max. par bénéficiaire (€)", "budget_total_eur": "Enveloppe totale (€)",
    "cofunding_rate": "Taux de cofinancement", "start_year": "Début", "end_year": "Fin", "count": "Nombre",
    "share": "Part", "filled": "Renseignés", "total": "Total", "instruments": "Instruments", "family": "Famille",
    "rec_id": "Recommandation", "title": "Titre", "category": "Catégorie", "amounts": "Montants",
    "brussels_equivalent": "Équivalent bruxellois", "brussels_equivalents": "Équivalents bruxellois",
    "recommendations": "Recommandations", "need_id": "Besoin", "text": "Texte", "source_lines": "Lignes du rapport",
    "ladder": "Échelle", "step": "Palier", "step_label": "Libellé", "kind": "Nature", "value_eur": "Montant (€)",
    "source": "Source", "raw_rows": "Lignes brutes", "clean_rows": "Lignes retenues", "rejected_rows": "Lignes écartées",
    "clean_table": "Table propre", "balanced": "Équilibré", "found_by": "Trouvé par", "stage": "Étape",
    "covered": "Couvert", "field": "Champ", "digital": "Dédiées au digital", "not_digital": "Non dédiées au digital",
    "brussels_digital": "Aides bruxelloises dédiées au digital", "brussels_general": "Autres aides bruxelloises",
    "usable_anywhere": "Utilisables, toutes juridictions", "gap": "Aucune aide dédiée",
    "max_award_period": "Période du plafond", "dedicated_count": "Dédiés au non-marchand",
    "stages_covered": "Étapes couvertes", "elsewhere": "Autres juridictions (accessibles depuis Bruxelles)", "cofunding_min": "Cofinancement min.", "cofunding_max": "Cofinancement max.", "column": "Champ", "funder": "Financeur",
    "funder_type": "Type de financeur", "recipients": "Destinataires", "description": "Description",
    "notes": "Notes de codage", "stip_codes": "Codes STIP Compass", "yearly_budget_eur": "Budget annuel (€)",
    "stip_budget_band": "Tranche de budget annuel (STIP)", "interviewed": "Acteur interviewé", "focus": "Section « Focus »",
    "in_annex_i": "Dans l'annexe I", "country": "Pays", "level": "Niveau", "parent_id": "Programme parent",
    "amount_text": "Montant (texte du rapport)", "dates_text": "Dates (texte du rapport)",
}
_CODE_COLUMNS = ("jurisdiction", "primary_type", "types", "stages", "target_groups", "nonmarket_access", "kind",
                 "covers_brussels", "digital_specific", "family", "found_by", "stage", "ladder", "covered",
                 "brussels_equivalent", "balanced", "source")


def french_table(frame):
    """A table as a French reader should see it: column headings, index and code values in French."""
    out = frame.copy()
    for col in out.columns:
        if col in _CODE_COLUMNS:
            out[col] = out[col].map(lambda v: [label(x) for x in v] if isinstance(v, list) else label(v))
    out = out.rename(index=label, columns=lambda c: COLUMN_LABELS.get(c, label(c)))
    out.index.name = COLUMN_LABELS.get(out.index.name, label(out.index.name)) if out.index.name else None
    out.columns.name = COLUMN_LABELS.get(out.columns.name, label(out.columns.name)) if out.columns.name else None
    return out


def label(code) -> str:
    """The French label of a code (the code itself when it has none)."""
    return LABELS.get(code, str(code))


def jurisdiction_order() -> list[str]:
    """Jurisdiction codes in the vocabulary order."""
    return list(JURISDICTIONS)


TEMPLATE = go.layout.Template(
    layout=dict(
        separators=", ",
        font=dict(family="Arial, Helvetica, sans-serif", size=13, color="#222222"),
        colorway=list(OKABE_ITO.values()),
        paper_bgcolor="white", plot_bgcolor="white",
        xaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", automargin=True),
        yaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", automargin=True),
        hoverlabel=dict(bgcolor="white", font_size=12),
        legend=dict(bgcolor="rgba(255,255,255,0.8)"),
        margin=dict(l=20, r=20, t=80, b=60),
        title=dict(x=0.0, xanchor="left"),
    )
)


def apply(fig: go.Figure, title: str, width: int = 1000, height: int = 600) -> go.Figure:
    """Give a figure the theme, its French title and a fixed export size."""
    fig.update_layout(template=TEMPLATE, title_text=title, width=width, height=height, separators=", ")
    for i, trace in enumerate(fig.data):  # fixed trace ids: exports are byte-stable
        trace.uid = f"trace{i}"
    return fig
