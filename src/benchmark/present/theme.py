"""One visual theme for every figure: French labels, French number format, colour-blind-safe colours, and the
Plotly configuration readers get (French toolbar reduced to PNG download and zoom reset)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from benchmark import registry

if TYPE_CHECKING:  # plotly is imported by what draws (apply): the labels serve ``benchmark clean`` without it
    import plotly.graph_objects as go

# Ten dark colours (Paul Tol's and Okabe-Ito's colour-blind-safe sets), every one with at least 3:1 contrast on white
# (WCAG 2.1 non-text contrast) and chosen so that any two stay apart for normal, deuteranope and protanope vision
# (tests/test_figures.py computes both). Flanders is not yellow: no yellow reaches 3:1 on white.
# The build draws the static images with DejaVu Sans (npm dejavu-fonts-ttf, benchmark.publish.fonts), named first so
# that an SVG opened elsewhere asks for the font it was laid out with; a reader without it gets Arial or the like.
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"

PALETTE = {
    "vermillion": "#D55E00",
    "ink": "#222222",
    "blue": "#0077BB",
    "teal": "#009988",
    "indigo": "#332288",
    "red": "#B2182B",
    "wine": "#882255",
    "magenta": "#EE3377",
    "purple": "#762A83",
    "green": "#1B7837",
}

JURISDICTION_COLORS = {
    "EU": PALETTE["indigo"],
    "BE": PALETTE["ink"],
    "BE-BRU": PALETTE["vermillion"],
    "BE-VLG": PALETTE["green"],
    "BE-WAL": PALETTE["magenta"],
    "FR": PALETTE["blue"],
    "ES": PALETTE["red"],
    "IT": PALETTE["purple"],
    "CA": PALETTE["wine"],
    "CA-QC": PALETTE["teal"],  # Canada and Québec, often side by side: far-apart hues
}
TYPE_COLORS = {
    "strategy": PALETTE["ink"],
    "grant": PALETTE["blue"],
    "voucher": PALETTE["teal"],
    "loan": PALETTE["indigo"],
    "training": PALETTE["green"],
    "advisory": PALETTE["vermillion"],
    "diagnostic_tool": PALETTE["purple"],
    "information": PALETTE["magenta"],
    "network": PALETTE["red"],
    "in_kind": PALETTE["wine"],
}
# Shades for counts (heatmaps): light to dark blue; cells are labelled with their number.
COUNT_SCALE = [[0.0, "#F2F6FA"], [1.0, "#08306B"]]

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
    # booleans
    True: "Oui",
    False: "Non",
}

# French headings of the columns the notebooks show (readers never see an English column name): a clean table's
# columns take theirs from the metadata registry (benchmark.registry, one label per field); the analysis tables'
# own columns, and the raw workbook columns a source issue may name, have theirs here.
ANALYSIS_COLUMN_LABELS = {
    "count": "Nombre",
    "share": "Part",
    "filled": "Renseignés",
    "total": "Total",
    "instruments": "Instruments",
    "family": "Famille",
    "amounts": "Montants",
    "brussels_equivalent": "Équivalent bruxellois",
    "brussels_equivalents": "Équivalents bruxellois",
    "recommendations": "Recommandations",
    "ladder": "Échelle",
    "step": "Palier",
    "step_label": "Libellé",
    "stage": "Étape",
    "covered": "Couvert",
    "digital": "Dédiées au digital",
    "not_digital": "Non dédiées au digital",
    "brussels_digital": "Aides bruxelloises dédiées au digital",
    "brussels_general": "Autres aides bruxelloises",
    "usable_anywhere": "Utilisables, toutes juridictions",
    "gap": "Aucune aide dédiée",
    "dedicated_count": "Dédiés au non-marchand",
    "stages_covered": "Étapes couvertes",
    "elsewhere": "Autres juridictions (accessibles depuis Bruxelles)",
    "cofunding_min": "Cofinancement min.",
    "cofunding_max": "Cofinancement max.",
    "column": "Champ",
    "amount_text": "Montant (texte du rapport)",
    "dates_text": "Dates (texte du rapport)",
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


def label(code) -> str:
    """The French label of a code (the code itself when it has none). Only real booleans read « Oui »/« Non »:
    ``0 == False`` in Python, and a count of 0 must stay « 0 »."""
    if isinstance(code, bool):
        return LABELS[code]
    return LABELS.get(code, str(code)) if isinstance(code, str) else str(code)


@functools.cache
def template() -> go.layout.Template:
    """The figures' Plotly template (made once, when the first figure is drawn)."""
    import plotly.graph_objects as go

    return go.layout.Template(
        layout=dict(
            separators=",\u202f",  # decimal comma, narrow no-break space between thousands (benchmark.present.formatting)
            font=dict(family=FONT_FAMILY, size=13, color="#222222"),
            colorway=list(PALETTE.values()),
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", automargin=True),
            yaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#444444", automargin=True),
            hoverlabel=dict(bgcolor="white", font_size=12),
            legend=dict(bgcolor="rgba(255,255,255,0.8)"),
            margin=dict(l=20, r=20, t=80, b=60),
            title=dict(x=0.0, xanchor="left"),
        )
    )


# What a reader's toolbar offers: download as PNG and reset the zoom; no cloud/share, no logo. French texts come
# from plotly's own French locale (plotly.js-locales), registered by the page.
PLOTLY_CONFIG = {
    "locale": "fr",
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "modeBarButtons": [["toImage", "resetScale2d"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
EXPORT_WIDTH = 1000  # pixels of a static export (SVG, PNG, PDF); the pages' charts take their container's width


def apply(
    fig: go.Figure,
    title: str,
    width: int = EXPORT_WIDTH,
    height: int = 600,
    name: str | None = None,
    summary: str | None = None,
) -> go.Figure:
    """Give a figure the theme, its French title, its height and its export width.

    The width is kept in ``layout.meta`` (not ``layout.width``) so that a chart on a page fills its container;
    ``name`` is the figure's file stem in ``figures/``, which lets a page show the exported static image;
    ``summary`` is the one French sentence a page gives as the chart's text alternative (with its title).
    """
    meta: dict[str, object] = {"export_width": width}
    if name:
        meta["figure"] = name
    if summary:
        meta["summary"] = summary
    fig.update_layout(template=template(), title_text=title, height=height, separators=",\u202f", meta=meta)
    for i, trace in enumerate(fig.data):  # fixed trace ids: exports are byte-stable
        trace.uid = f"trace{i}"
    return fig


def export_width(fig: go.Figure) -> int:
    """The width of a figure's static export (``apply`` keeps it in ``layout.meta``)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return int(fig.layout.width or meta.get("export_width", EXPORT_WIDTH))
