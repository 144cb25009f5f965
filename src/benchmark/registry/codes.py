"""The coded vocabularies of the data contract and of docs/codebook.md (which defines every value)."""

JURISDICTIONS = ("EU", "BE", "BE-BRU", "BE-VLG", "BE-WAL", "FR", "ES", "IT", "CA", "CA-QC")
COUNTRY_OF = {
    "EU": "EU",
    "BE": "BE",
    "BE-BRU": "BE",
    "BE-VLG": "BE",
    "BE-WAL": "BE",
    "FR": "FR",
    "ES": "ES",
    "IT": "IT",
    "CA": "CA",
    "CA-QC": "CA",
}
LEVEL_OF = {
    "EU": "supranational",
    "BE": "national",
    "BE-BRU": "regional",
    "BE-VLG": "regional",
    "BE-WAL": "regional",
    "FR": "national",
    "ES": "national",
    "IT": "national",
    "CA": "national",
    "CA-QC": "regional",
}
COUNTRIES = ("EU", "BE", "FR", "ES", "IT", "CA")
LEVELS = ("supranational", "national", "regional")

INSTRUMENT_TYPES = (
    "strategy",
    "grant",
    "voucher",
    "loan",
    "training",
    "advisory",
    "diagnostic_tool",
    "information",
    "network",
    "in_kind",
)
STAGES = ("awareness", "diagnosis", "planning", "implementation", "skills")
TARGET_GROUPS = (
    "nonprofit",
    "social_economy",
    "sme",
    "enterprise",
    "entrepreneurs",
    "public_sector",
    "citizens",
    "workers",
    "researchers",
    "health_professionals",
    "intermediaries",
    "digital_providers",
    "member_states",
)
# Derived from the eligibility model by ``benchmark clean`` (docs/codebook.md, « Qui peut utiliser chaque aide »);
# ``not_applicable``: a policy or a measure for people, nothing an organisation obtains.
NONMARKET_ACCESS = ("dedicated", "open", "conditional", "sectoral", "excluded", "unknown", "not_applicable")
FUNDER_TYPES = ("public", "private", "philanthropic", "mixed", "unknown")

# Amount kinds of the contract, then the ones this project adds (documented in the codebook).
AMOUNT_KINDS = (
    "max_per_beneficiary",
    "programme_total",
    "pillar_total",
    "phase_max",
    "per_day",
    "per_year",
    "annual_total",
    "min_per_beneficiary",
    "beneficiary_price",
    "service_value",
    "cost_item_cap",
    "hourly_rate",
    "daily_rate",
    "eligibility_min",
    "eligibility_max",
)
RATE_KINDS = ("cofunding_rate", "own_share")
BUDGET_KINDS = ("programme_total", "pillar_total", "max_per_beneficiary")
# What a ceiling is stated per (``max_award_period`` beside ``max_award_eur``), and the amount kinds that are
# ceilings of one beneficiary's award, in the order the derivation prefers them (docs/codebook.md).
MAX_AWARD_PERIODS = ("project", "year", "day", "hour", "phase")
AWARD_KIND_PERIOD = {"max_per_beneficiary": "project", "phase_max": "project", "per_year": "year", "per_day": "day"}

# Kinds of the sources registered in data/raw/sources.csv (the report is source 1).
SOURCE_KINDS = ("report", "web_page", "interview", "document")
# Whether a source's quotes can be checked: its text is kept under data/raw/sources/ (``text_copy``), or nothing is
# kept and pages show its values « non vérifiable » (``unverifiable``).
SOURCE_VERIFICATIONS = ("text_copy", "unverifiable")

SOURCE_ISSUE_KINDS = (
    "contradiction",
    "typo",
    "conversion",
    "link",
    "spelling",
    "impossible_date",
    "classification",
    "format",
    "count",
    "unit",
    "scope",
    "magnitude",
    "other",
)
# Threshold of the « magnitude » rule (docs/codebook.md, « Problèmes relevés dans le rapport »): an envelope above this, in euros, for an
# service of the « advice » family (PROVISION_FAMILIES) of one country or region is out of scale.
IMPLAUSIBLE_SERVICE_ENVELOPE_EUR = 1e9
# Two spellings are of one name when difflib's ratio of their folded words reaches this (docs/codebook.md,
# « Similarité des noms »): the « same instrument » check of Annex I ids and the « spelling » rule of source issues.
NAME_SIMILARITY = 0.6

# EC-OECD STIP Compass nearest instrument codes (docs/codebook.md explains each choice).
STIP_CODES = {
    "strategy": ("PI024",),
    "grant": ("PI008",),
    "voucher": ("PI014",),
    "loan": ("PI012", "PI029"),
    "training": ("PI017",),
    "advisory": ("PI017",),
    "diagnostic_tool": ("PI017", "PI031"),
    "information": ("PI023", "PI028"),
    "network": ("PI021",),
    "in_kind": ("PI008",),
}
# STIP Compass yearly budget ranges, in euros per year: (label, lower bound inclusive).
STIP_BUDGET_BANDS = (
    ("<1M", 0.0),
    ("1M-5M", 1e6),
    ("5M-20M", 5e6),
    ("20M-50M", 2e7),
    ("50M-100M", 5e7),
    ("100M-500M", 1e8),
    (">500M", 5e8),
)

# Analysis groupings (docs/codebook.md, « Regroupements d'analyse »): what an instrument provides, by its primary type
# (to test L276), which primary types give no direct support to an organisation, and which access codes let an
# ASBL use an instrument outright or only under a restriction.
PROVISION_FAMILIES = {
    "advice": ("advisory", "training", "information", "network", "diagnostic_tool"),
    "paid_service": ("voucher",),
    "equipment": ("in_kind",),
    "project_funding": ("grant", "loan"),
    "policy": ("strategy",),
}
NO_DIRECT_SUPPORT_TYPES = ("strategy",)
# The kinds of help an ASBL looks for in the finder page (« argent / accompagnement / formation / outil »), by the
# instrument types an aid lists (docs/codebook.md, « Regroupements d'analyse »); a strategy is no help.
HELP_KINDS = {
    "money": ("grant", "voucher", "loan"),
    "support": ("advisory", "information", "network"),
    "training": ("training",),
    "tool": ("in_kind", "diagnostic_tool"),
}
# The peers the synthesis sets Brussels beside: the two other Belgian regions and Québec, whose programme TNEC
# evidences most Part 4 inspirations (L998-L1023) (docs/codebook.md, « Regroupements d'analyse »).
SYNTHESIS_PEERS = ("BE-WAL", "BE-VLG", "CA-QC")
# Fields of a source issue that hold a money amount (a « contradiction de montant »).
MONEY_FIELDS = AMOUNT_KINDS + (
    "max_award_eur",
    "budget_total_eur",
    "value_eur",
    "amount_text",
    "budget_eur",
    "means_raw",
)

# Step 5 components and the digital aim of the eligibility model (docs/codebook.md).
COMPONENT_ROLES = ("cited", "similar")
DIGITAL_AIMS = ("dedicated", "partly", "none")

# The eligibility model (docs/codebook.md, « Qui peut utiliser chaque aide »): decided once per instrument in
# data/raw/eligibility.csv and eligibility_conditions.csv; every page reads it from data/clean/.
AUDIENCES = (
    "nonmarket",  # non-market organisations only (associations, nonprofits)
    "social_economy",  # social-economy enterprises, ASBL among others
    "all_organisations",  # organisations of every kind, ASBL included
    "enterprises",  # enterprises, SMEs, entrepreneurs: ASBL not named
    "professionals",  # members of a profession (a doctor, a dentist)
    "citizens",  # people: citizens, workers, a population
    "public_bodies",  # states, administrations, local authorities
    "intermediaries",  # organisations that serve others: sector bodies, expertise networks, providers
    "broad",  # several publics (enterprises, citizens, administrations), ASBL not named
)
# Can an ASBL (of the instrument's territory) obtain it for its own digitalisation?
ASBL_ACCESS = ("yes", "conditional", "no", "not_stated")
# The same question for an ASBL based in Brussels: ``outside`` when the instrument does not cover Brussels.
BRUSSELS_ASBL = ("yes", "conditional", "no", "not_stated", "outside")
# The answers under which an ASBL can obtain the aid (outright, or under the conditions shown beside it).
OBTAINABLE = ("yes", "conditional")
# For whom a per-beneficiary ceiling is stated: the applying organisation, a group of organisations for a pooled
# project, the provider paid for the service (a trainer's day), a person (a professional).
AWARD_RECIPIENTS = ("organisation", "group", "provider", "person")
# What the report says of the offer's time (it is dated February 2024): never « aujourd'hui ».
TIME_STATUSES = ("ongoing", "recurring", "edition", "planned", "closed", "not_stated")
CONDITION_EFFECTS = ("eligibility", "exclusion", "terms")
CONDITION_KINDS = (
    "territory",
    "legal_form",
    "size",
    "sector",
    "agreement",
    "sales",
    "vat",
    "activity",
    "group",
    "cofunding",
    "selection",
    "price",
    "phases",
    "provider",
    "cap",
    "duration",
    "reporting",
    "other",
)

# Step 5 decisions (docs/codebook.md, « Décisions de l'étape 5 »), read from data/raw/step5_*.csv by benchmark clean.
INSPIRATION_KINDS = ("help", "practice")  # help an organisation receives, or a way of running a programme
ACTOR_KINDS = ("institution", "federation", "service", "information")
LESSON_KINDS = ("uptake", "limit", "strength", "lesson")
NEED_FITS = ("full", "partial")
# What an aid gives, by its primary type: the « form » equivalents and needs compare.
# « directory »: one place that lists the aids (no type gives it: the report says Brussels has none, L280).
FORMS = ("money", "loan", "advice", "training", "information", "directory", "tool", "network", "policy")
FORM_OF = {
    "grant": "money",
    "voucher": "money",
    "loan": "loan",
    "advisory": "advice",
    "training": "training",
    "information": "information",
    "diagnostic_tool": "tool",
    "in_kind": "tool",
    "network": "network",
    "strategy": "policy",
}
DELIVERIES = ("quick_win", "structural")
# Every number of a step 5 estimate says what it is: stated by the report, converted by us, derived, or a hypothesis.
FIGURE_STATUSES = ("stated", "converted", "derived", "hypothesis")
ASSUMPTION_UNITS = ("EUR", "fte", "organisations", "projects", "days")
COST_PERIODS = ("year", "once")
CRITERION_DIRECTIONS = ("higher", "lower")
CRITERION_SOURCES = ("computed", "decided")
# The criteria the analysis computes from the tables (benchmark.analysis.options); any other is decided.
COMPUTED_CRITERIA = ("needs", "evidence", "cost", "speed")
INDICATOR_KINDS = ("execution", "result")
POPULATION_UNITS = ("etp", "organisations", "workers")
