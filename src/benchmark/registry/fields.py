"""Every column of ``data/clean/``, once: its type, French label, English description, unit, display format and
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
    return Field(name, "integer", label, description, unit="year", format="year", minimum=MIN_YEAR, maximum=MAX_YEAR)


def _eur(name: str, label: str, description: str, required: bool = False) -> Field:
    return Field(name, "number", label, description, required=required, unit="EUR", format="eur", exclusive_minimum=0)


def _share(name: str, label: str, description: str, required: bool = False) -> Field:
    return Field(
        name, "number", label, description, required=required, unit="share (0–1)", format="pct", minimum=0, maximum=1
    )


def _count(name: str, label: str, description: str) -> Field:
    return Field(name, "integer", label, description, required=True, unit="rows", format="int", minimum=0)


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
        "Stable slug of an instrument (`[a-z0-9-]+`): the key every table uses to name it.",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "parent_id",
        "string",
        "Programme parent",
        "The `instrument_id` of the programme this row is a component of (a volet, an action of a strategy, a device "
        "of a platform), from the workbook's `parent_id` column; empty for a programme or a stand-alone instrument.",
        pattern=SLUG,
        workbook=True,
    ),
    *(
        Field(
            f"{quoted}_lines",
            "string",
            f"Source ({label})",
            f"Where the instrument's `{quoted}` is quoted from: report lines (`L290`), another source's lines "
            "(`web-xyz:L3`) or a whole source without a kept copy (`web-xyz`), from the workbook's column of the same "
            "name; pages show a source other than the report (title, date, « non vérifiable ») beside the value.",
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
        "Where the facts come from: report lines (`L282-L300`), another source's lines (`web-xyz:L3`) or a whole "
        "source, joined with `; ` (sources are those of `sources.csv`).",
        required=True,
        format="lines",
        pattern=SPANS,
    ),
    Field(
        "amount_id",
        "string",
        "Montant",
        "The amount's own id, typed once in the workbook's amounts sheet and never changed (rows may be inserted, "
        "deleted or reordered around it): decision files name amounts by it. The low end of a range is "
        "`<amount_id>-low`; an Annex I budget is `<instrument_id>-annex-i`.",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "rate_id",
        "string",
        "Taux",
        "The id of the amounts sheet's row the rate is read from; `<amount_id>-rate` when that row's kind is an "
        "amount kind (« 50 % … et max 60.000 € »).",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "rec_id",
        "string",
        "Recommandation",
        "Identifier of a Part 4 inspiration (`rec-01` … in the report's order).",
        required=True,
        pattern=r"^rec-\d{2}$",
    ),
    Field("need_id", "string", "Besoin", "Identifier of a need listed at the top of Part 4.", required=True),
    Field("issue_id", "string", "Problème", "Identifier of a source issue.", required=True),
    Field(
        "source_id",
        "string",
        "Source",
        "Identifier of a source (a slug); locators cite it (`web-xyz:L3`), the report's lines go without it.",
        required=True,
        pattern=SLUG,
    ),
    # --- instruments
    Field(
        "name", "string", "Instrument", "The instrument's name as the source gives it.", required=True, workbook=True
    ),
    Field(
        "jurisdiction",
        "string",
        "Juridiction",
        "Jurisdiction code of the instrument (the inventory sheet it stands in).",
        required=True,
        format="code",
        enum=JURISDICTIONS,
    ),
    Field(
        "country",
        "string",
        "Pays",
        "Country code, derived from the jurisdiction.",
        required=True,
        format="code",
        enum=COUNTRIES,
    ),
    Field(
        "level",
        "string",
        "Niveau",
        "Level of government, derived from the jurisdiction.",
        required=True,
        format="code",
        enum=LEVELS,
    ),
    _year("start_year", "Début", "First year of the instrument; empty where the source gives none."),
    _year("end_year", "Fin", "Last year of the instrument; empty where the source gives none."),
    Field(
        "primary_type",
        "string",
        "Type principal",
        "The main form of support (one instrument type).",
        required=True,
        format="code",
        enum=INSTRUMENT_TYPES,
        workbook=True,
    ),
    Field(
        "types",
        "list",
        "Types",
        "Every instrument type that applies; contains `primary_type`.",
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
        "The stages of an organisation's digital journey the instrument serves (may be empty).",
        format="code",
        enum=STAGES,
        workbook=True,
    ),
    Field(
        "target_groups",
        "list",
        "Publics cibles",
        "Who the instrument is for (the project's own vocabulary).",
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
        "Dedicated to digitalisation, as the source says; empty where it does not say.",
        workbook=True,
    ),
    Field(
        "covers_brussels",
        "boolean",
        "Accessible depuis Bruxelles",
        "An organisation based in Brussels can apply: Brussels, federal Belgian and EU-wide instruments, and private "
        "ones open across Belgium.",
        required=True,
        workbook=True,
    ),
    Field("funder", "string", "Financeur", "The funder as the source names it.", workbook=True),
    Field(
        "funder_type",
        "string",
        "Type de financeur",
        "Kind of funder.",
        required=True,
        format="code",
        enum=FUNDER_TYPES,
        workbook=True,
    ),
    _eur(
        "max_award_eur",
        "Montant max. par bénéficiaire (€)",
        "Largest amount one beneficiary or project can receive, in euros (derived from `amounts` by the "
        "codebook's rules); empty for a free service or where the source gives none.",
    ),
    Field(
        "max_award_period",
        "string",
        "Période du plafond",
        "What `max_award_eur` is stated per (from the kind of the amount that gives it); empty exactly when "
        "`max_award_eur` is.",
        format="code",
        enum=MAX_AWARD_PERIODS,
    ),
    _eur(
        "budget_total_eur",
        "Enveloppe totale (€)",
        "The whole envelope of the instrument, in euros.",
    ),
    _share(
        "cofunding_rate",
        "Taux de cofinancement",
        "Share of eligible costs the instrument pays: the rate, or 1 − own share.",
    ),
    Field("in_annex_i", "boolean", "Dans l'annexe I", "The instrument is a row of Annex I.", required=True),
    Field(
        "focus",
        "boolean",
        "Section « Focus »",
        "The report gives it a « Focus sur … » section.",
        required=True,
        workbook=True,
    ),
    Field(
        "interviewed",
        "boolean",
        "Acteur interviewé",
        "One of the initiatives interviewed.",
        required=True,
        workbook=True,
    ),
    Field("recipients", "string", "Destinataires", "Who receives the support, quoted from the report.", workbook=True),
    Field("description", "string", "Description", "Description quoted from the report.", workbook=True),
    Field(
        "stip_codes",
        "list",
        "Codes STIP Compass",
        "EC-OECD STIP Compass instrument codes of `types`.",
        format="list",
        enum=tuple(sorted({code for codes in STIP_CODES.values() for code in codes})),
    ),
    _eur(
        "yearly_budget_eur",
        "Budget annuel (€)",
        "The stated annual total, else `budget_total_eur` spread over the years from `start_year` to `end_year` "
        "(codebook, « Derived columns »).",
    ),
    Field(
        "stip_budget_band",
        "string",
        "Tranche de budget annuel (STIP)",
        "STIP Compass yearly budget range of `yearly_budget_eur`.",
        enum=tuple(band for band, _ in STIP_BUDGET_BANDS),
    ),
    Field("notes", "string", "Notes de codage", "Free notes.", workbook=True),
    # --- sources
    Field("kind", "string", "Nature", "The kind of the row, a code of the codebook.", required=True, format="code"),
    Field("title", "string", "Titre", "Title.", required=True),
    Field("origin", "string", "Origine", "Where the row comes from.", required=True),
    Field(
        "publisher",
        "string",
        "Éditeur",
        "Who publishes the source: the organisation behind a page or document, the author, who was interviewed.",
        required=True,
    ),
    Field("url", "string", "Adresse", "The address the source was read at (`https://…`).", pattern=r"^https?://\S+$"),
    Field(
        "accessed",
        "string",
        "Consulté le",
        "Date the source was read (YYYY-MM-DD): required for a web page and for any source with an address.",
        pattern=DATE,
    ),
    Field(
        "verification",
        "string",
        "Vérification",
        "`text_copy`: the text read is kept under `data/raw/sources/` and every quote of the source is checked "
        "against it; `unverifiable`: nothing is kept, its quotes cannot be checked and pages mark its values "
        "« non vérifiable ».",
        required=True,
        enum=SOURCE_VERIFICATIONS,
    ),
    Field(
        "copy",
        "string",
        "Copie",
        "Path of the source's text copy, inside `data/raw/sources/` (`sources/<file>`), when one is kept.",
    ),
    Field(
        "sha256",
        "string",
        "Empreinte SHA-256",
        "SHA-256 of the text copy.",
        pattern=r"^[0-9a-f]{64}$",
    ),
    Field(
        "line_count",
        "integer",
        "Nombre de lignes",
        "Lines of the text copy.",
        unit="lines",
        format="int",
        minimum=1,
    ),
    # --- annex_i
    Field(
        "annex_row",
        "integer",
        "Ligne de l'annexe I",
        "1, 2, … in the report's order.",
        required=True,
        format="int",
        minimum=1,
    ),
    Field(
        "region",
        "string",
        "Région",
        "The group the row stands in, as the report writes it, filled down.",
        required=True,
    ),
    Field(
        "date_raw",
        "string",
        "Date (texte du rapport)",
        "The Date cell as the report writes it (« 2020 - 20230 » included).",
    ),
    Field(
        "date_corrected",
        "string",
        "Date corrigée",
        "The corrected text where `data/raw/source_problems.csv` declares a correction, else empty; the years are "
        "parsed from it.",
    ),
    Field("domains", "list", "Domaines", "The Domaines cell's items, cleaned of HTML.", format="list"),
    Field("means_raw", "string", "Moyens (texte du rapport)", "The Moyens cell, cleaned of HTML."),
    Field("objectives", "string", "Objectifs", "The Objectifs cell, cleaned of HTML."),
    Field("target_public", "string", "Public cible", "The Public cible cell, cleaned of HTML."),
    _eur(
        "budget_eur",
        "Budget (€)",
        "The money amount of `means_raw`, in euros; empty when `means_raw` holds none.",
    ),
    Field(
        "budget_kind",
        "string",
        "Nature du budget",
        "What `budget_eur` is (declared in `data/raw/annex_i_rows.csv`); empty exactly when `budget_eur` is.",
        format="code",
        enum=BUDGET_KINDS,
    ),
    # --- amounts and rates
    Field("value", "number", "Valeur", "The amount in its currency.", required=True, exclusive_minimum=0),
    Field("currency", "string", "Devise", "ISO 4217 code.", required=True, pattern=r"^[A-Z]{3}$"),
    _eur(
        "value_eur",
        "Montant (€)",
        "`value` × the declared rate of its currency (`data/raw/currency_rates.csv`), to the cent.",
        required=True,
    ),
    _eur(
        "stated_eur",
        "Montant en euros indiqué (€)",
        "The euro conversion the text itself gives, if any.",
    ),
    Field("line", "integer", "Ligne", "Le numéro de la ligne dans la copie de la source (L1 = 1).", minimum=1),
    Field("text", "string", "Texte", "The source's words.", required=True),
    _share(
        "rate",
        "Taux indiqué",
        "The percentage as written, as a share.",
        required=True,
    ),
    Field("applies_to", "string", "Assiette", "What the percentage is of."),
    # --- Part 4
    Field(
        "category",
        "string",
        "Catégorie",
        "The report's heading the inspiration stands under.",
        required=True,
        enum=PART4_CATEGORIES,
    ),
    Field(
        "sources",
        "list",
        "Initiatives citées",
        "The `Région – initiative` pairs the report gives in parentheses.",
        format="list",
    ),
    Field(
        "instrument_ids",
        "list",
        "Instruments",
        "The instruments that evidence it (from `data/raw/part4_initiatives.csv`), all in `instruments.csv`.",
        required=True,
        format="list",
        pattern=SLUG,
        min_items=1,
    ),
    # --- source issues
    Field("field", "string", "Champ", "The field the issue is about."),
    Field("detail", "string", "Détail", "Both values and their lines.", required=True),
    Field(
        "found_by",
        "string",
        "Trouvé par",
        "`rule`: found by `src/benchmark/clean/source_issues.py`; `reader`: declared in `data/raw/source_problems.csv`.",
        required=True,
        format="code",
        enum=("rule", "reader"),
    ),
    Field(
        "correction",
        "string",
        "Correction",
        "`from → to` when a declared correction was applied (a declared correction of an issue a rule finds is "
        "carried by the rule's row, and its declaration is listed in `rejects.csv`).",
    ),
    # --- conservation and rejects
    Field("source", "string", "Source", "The raw source (file, sheet or line range).", required=True, format="code"),
    _count("raw_rows", "Lignes brutes", "Rows read from the raw source."),
    _count("clean_rows", "Lignes retenues", "Rows that became clean rows."),
    _count("rejected_rows", "Lignes écartées", "Rows listed in `rejects.csv`."),
    Field("clean_table", "string", "Table propre", "The clean table(s) the rows went to.", required=True),
    Field(
        "balanced",
        "boolean",
        "Équilibré",
        "`raw_rows` = `clean_rows` + `rejected_rows`.",
        required=True,
    ),
    Field("location", "string", "Emplacement", "Where the rejected raw row stands (line or row).", required=True),
    Field("reason", "string", "Raison", "Why, in words.", required=True),
    # --- step 5
    Field(
        "role",
        "string",
        "Rôle",
        "`cited`: the report cites the component; `similar`: a component like it.",
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
        "Ce que l'aide donne : argent, prêt, accompagnement, formation, information, outil, réseau, politique.",
        required=True,
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
