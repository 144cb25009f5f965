"""Every column of ``data/clean/``, once: its type, French label, English description, unit, display format and
checks. A table that gives a column a narrower meaning (the codes of ``kind`` in ``amounts``) says so in its
``overrides`` (``resources.py``); the codes come from ``benchmark.registry.codes`` and are defined in
``docs/codebook.md``."""

from __future__ import annotations

from benchmark.core.parsing import MAX_YEAR, MIN_YEAR
from benchmark.registry.classes import Field
from benchmark.registry.codes import (
    ASBL_USE,
    BUDGET_KINDS,
    COMPONENT_ROLES,
    COUNTRIES,
    DIGITAL_AIMS,
    FUNDER_TYPES,
    INSTRUMENT_TYPES,
    JURISDICTIONS,
    LEVELS,
    MAX_AWARD_PERIODS,
    NONMARKET_ACCESS,
    SOURCE_VERIFICATIONS,
    STAGES,
    STIP_BUDGET_BANDS,
    STIP_CODES,
    TARGET_GROUPS,
    VERDICTS,
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
    return {f.name: f for f in fields}


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
        "Can a non-market organisation (ASBL) use it.",
        required=True,
        format="code",
        enum=NONMARKET_ACCESS,
        workbook=True,
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
        "component_id",
        "string",
        "Composante",
        "The peer instrument (volet, axis or device) that evidences the inspiration (`data/raw/step5_components.csv`).",
        required=True,
        pattern=SLUG,
    ),
    Field(
        "role",
        "string",
        "Rôle",
        "`cited`: the report cites the component; `similar`: a component like it.",
        required=True,
        enum=COMPONENT_ROLES,
    ),
    Field(
        "brussels_id",
        "string",
        "Équivalent bruxellois",
        "A Brussels-Capital instrument compared with the component.",
        required=True,
        pattern=SLUG,
    ),
    Field("same_stage", "boolean", "Même étape", "The two serve a common stage.", required=True),
    Field("same_form", "boolean", "Même forme", "The two give the same form of support.", required=True),
    Field(
        "asbl_can_use",
        "string",
        "Utilisable par une ASBL",
        "Can an ASBL use the Brussels instrument: `yes`, `restricted` (under a condition or sector), `no`.",
        required=True,
        enum=ASBL_USE,
    ),
    Field(
        "digital_aim",
        "string",
        "Visée numérique",
        "Is the Brussels instrument aimed at digitalisation: `dedicated`, `partly`, `none`.",
        required=True,
        enum=DIGITAL_AIMS,
    ),
    Field(
        "verdict",
        "string",
        "Verdict",
        "`equivalent`, `partial` or `none` (the rule is in `docs/codebook.md`, « Step 5 decisions »).",
        required=True,
        enum=VERDICTS,
    ),
)
