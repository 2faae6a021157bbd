"""Choices shared by models, filters, the seed loader and the API."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"
    SUPERSEDED = "superseded", "Superseded"


class SourceKind(models.TextChoices):
    META_ANALYSIS = "meta_analysis", "Meta-analysis"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review"
    RCT = "rct", "Randomised controlled trial"
    OBSERVATIONAL = "observational", "Observational study"
    CASE_REPORT = "case_report", "Case report or series"
    SURVEY = "survey", "Survey"
    CROSSOVER_TRIAL = "crossover_trial", "Randomised crossover trial"
    OPEN_LABEL_TRIAL = "open_label_trial", "Open-label or uncontrolled trial"
    ANIMAL_STUDY = "animal_study", "Animal study"
    LAB_STUDY = "lab_study", "Laboratory study"
    REGULATORY_LABEL = "regulatory_label", "Regulatory label or approval"
    GUIDELINE = "guideline", "Guideline"
    NARRATIVE_REVIEW = "narrative_review", "Narrative review"
    PRACTITIONER_GUIDE = "practitioner_guide", "Practitioner guide / expert opinion"
    CLINIC_PAGE = "clinic_page", "Clinic or vendor page"
    FORUM_POST = "forum_post", "Forum post"
    OTHER = "other", "Other (not a study)"
    NOT_STATED = "not_stated", "Design not stated"


class EvidenceLevel(models.IntegerChoices):
    """How strong a study design is, 1 strongest, as in the usual evidence pyramids
    (Oxford CEBM). It belongs to the source's design, not to any one claim."""

    SYNTHESIS = 1, "1 – Systematic review or meta-analysis"
    TRIAL = 2, "2 – Randomised trial or regulatory review"
    OBSERVATIONAL = 3, "3 – Observational study or uncontrolled trial"
    CASE = 4, "4 – Case report, case series or survey"
    OPINION = 5, "5 – Expert opinion, guide, or laboratory or animal study"


# The level a source gets unless a curator overrides it; None: the design is not stated,
# so no level is claimed for it.
LEVEL_BY_KIND = {
    SourceKind.META_ANALYSIS: EvidenceLevel.SYNTHESIS,
    SourceKind.SYSTEMATIC_REVIEW: EvidenceLevel.SYNTHESIS,
    SourceKind.RCT: EvidenceLevel.TRIAL,
    SourceKind.CROSSOVER_TRIAL: EvidenceLevel.TRIAL,
    SourceKind.REGULATORY_LABEL: EvidenceLevel.TRIAL,
    SourceKind.GUIDELINE: EvidenceLevel.TRIAL,
    SourceKind.OBSERVATIONAL: EvidenceLevel.OBSERVATIONAL,
    SourceKind.OPEN_LABEL_TRIAL: EvidenceLevel.OBSERVATIONAL,
    SourceKind.CASE_REPORT: EvidenceLevel.CASE,
    SourceKind.SURVEY: EvidenceLevel.CASE,
    SourceKind.NARRATIVE_REVIEW: EvidenceLevel.OPINION,
    SourceKind.ANIMAL_STUDY: EvidenceLevel.OPINION,
    SourceKind.LAB_STUDY: EvidenceLevel.OPINION,
    SourceKind.PRACTITIONER_GUIDE: EvidenceLevel.OPINION,
    SourceKind.CLINIC_PAGE: EvidenceLevel.OPINION,
    SourceKind.FORUM_POST: EvidenceLevel.OPINION,
    SourceKind.OTHER: EvidenceLevel.OPINION,
    SourceKind.NOT_STATED: None,
}


class Conflict(models.TextChoices):
    """How far a source's conflicts of interest could bear on what it says."""

    NONE_STATED = "none_stated", "None stated"
    POSSIBLE = "possible", "Possible (professional or indirect)"
    FINANCIAL = "financial", "Financial or commercial"


class Topic(models.TextChoices):
    EFFICACY = "efficacy", "Efficacy"
    ONSET = "onset", "Onset"
    DURABILITY = "durability", "Durability and relapse"
    DOSING = "dosing", "Dosing"
    ROUTE_SETTING = "route_setting", "Route and setting"
    SAFETY = "safety", "Safety"
    ADVERSE_EFFECTS = "adverse_effects", "Adverse effects"
    ADDICTION = "addiction", "Addiction and misuse"
    COST_ACCESS = "cost_access", "Cost and access"
    LEGALITY = "legality", "Legality"
    MECHANISM = "mechanism", "Mechanism"
    PATIENT_SELECTION = "patient_selection", "Patient selection"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPPOSES = "opposes", "Opposes"
    MIXED = "mixed", "Mixed"
    NEUTRAL = "neutral", "Neutral"


class Setting(models.TextChoices):
    CLINIC = "clinic", "Supervised clinic"
    HOME = "home", "Prescribed home use"
    UNSUPERVISED = "unsupervised", "Unsupervised or recreational"
    NOT_STATED = "not_stated", "Not stated"


class Population(models.TextChoices):
    TRD_ADULTS = "trd_adults", "Adults with treatment-resistant depression"
    DEPRESSION_ADULTS = "depression_adults", "Adults with depression"
    ADOLESCENTS = "adolescents", "Adolescents"
    CHRONIC_PAIN = "chronic_pain", "People with chronic pain"
    RECREATIONAL = "recreational", "Recreational users"
    ANAESTHESIA = "anaesthesia", "Surgical or anaesthesia patients"
    GENERAL = "general", "Not stated / general"


class Certainty(models.TextChoices):
    """GRADE-style certainty of the evidence behind one claim."""

    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"
    VERY_LOW = "very_low", "Very low"


# Higher is surer: how claims are ranked, strongest first.
CERTAINTY_RANK = {Certainty.VERY_LOW: 0, Certainty.LOW: 1, Certainty.MODERATE: 2, Certainty.HIGH: 3}

# What each grade tells a reader; shown in the strength legend.
CERTAINTY_MEANING = {
    Certainty.HIGH: "Further research is very unlikely to change this finding.",
    Certainty.MODERATE: "Further research may change it, but probably not by much.",
    Certainty.LOW: "Further research is likely to change it: treat as provisional.",
    Certainty.VERY_LOW: "Little more than an assertion: anecdote, or no evidence given.",
}


class Formulation(models.TextChoices):
    RACEMIC = "racemic", "Racemic ketamine"
    ESKETAMINE = "esketamine", "Esketamine"
    ARKETAMINE = "arketamine", "Arketamine"


class Quantity(models.TextChoices):
    """What a numeric claim measures; claims compare only on the same quantity."""

    DOSE = "dose", "Dose per treatment"
    RESPONSE_RATE = "response_rate", "Response rate"
    REMISSION_RATE = "remission_rate", "Remission rate"
    COST_PER_TREATMENT = "cost_per_treatment", "Cost per treatment"
    COST_PER_COURSE = "cost_per_course", "Cost per course"
    COST_PER_MONTH = "cost_per_month", "Cost per month"
    SESSIONS = "sessions", "Sessions in a course"
    DURATION = "duration", "Duration of benefit"
    BIOAVAILABILITY = "bioavailability", "Bioavailability"
    FREQUENCY = "frequency", "Frequency of an effect"


# The topic a numeric disagreement is filed under.
QUANTITY_TOPIC = {
    Quantity.DOSE: Topic.DOSING,
    Quantity.RESPONSE_RATE: Topic.EFFICACY,
    Quantity.REMISSION_RATE: Topic.EFFICACY,
    Quantity.COST_PER_TREATMENT: Topic.COST_ACCESS,
    Quantity.COST_PER_COURSE: Topic.COST_ACCESS,
    Quantity.COST_PER_MONTH: Topic.COST_ACCESS,
    Quantity.SESSIONS: Topic.DOSING,
    Quantity.DURATION: Topic.DURABILITY,
    Quantity.BIOAVAILABILITY: Topic.ROUTE_SETTING,
    Quantity.FREQUENCY: Topic.ADVERSE_EFFECTS,
}


class Unit(models.TextChoices):
    MG = "mg", "mg"
    MG_PER_KG = "mg_per_kg", "mg/kg"
    PERCENT = "percent", "%"
    USD = "usd", "USD"
    DAYS = "days", "days"
    SESSIONS = "sessions", "sessions"


class OrganSystem(models.TextChoices):
    URINARY = "urinary", "Urinary tract"
    HEPATIC = "hepatic", "Liver"
    CARDIOVASCULAR = "cardiovascular", "Cardiovascular"
    RESPIRATORY = "respiratory", "Respiratory"
    NERVOUS = "nervous", "Nervous system and cognition"
    PSYCHIATRIC = "psychiatric", "Psychiatric"
    GASTROINTESTINAL = "gastrointestinal", "Gastrointestinal"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"
    LIFE_THREATENING = "life_threatening", "Life-threatening"
    NOT_STATED = "not_stated", "Not stated"


class DoseContext(models.TextChoices):
    CLINICAL = "clinical", "Standard antidepressant dose"
    HIGH_DOSE = "high_dose", "High-dose or prolonged infusion"
    RECREATIONAL = "recreational", "Recreational dose"
    MIXED = "mixed", "Clinical and recreational"
    NOT_STATED = "not_stated", "Not stated"


class ReasonKind(models.TextChoices):
    """Why two sides of a disagreement differ."""

    ROUTE = "route", "Different route"
    DOSE = "dose", "Different dose"
    SETTING = "setting", "Different setting or supervision"
    POPULATION = "population", "Different population"
    OUTCOME = "outcome", "Different outcome or time point"
    EVIDENCE_TIER = "evidence_tier", "Different evidence tier"
    DEFINITIONS = "definitions", "Different definitions"
    CONFLICT_OF_INTEREST = "conflict_of_interest", "Conflict of interest"
    UNEXPLAINED = "unexplained", "Genuinely unexplained"


class ExplanationStatus(models.TextChoices):
    UNEXPLAINED = "unexplained", "Unexplained"
    EXPLAINED = "explained", "Explained"
    SUPERSEDED = "superseded", "One side superseded"
    RESOLVED = "resolved", "Resolved by newer evidence"


class AuditOutcome(models.TextChoices):
    """What a second curator found when checking a record against its document."""

    UNCHECKED = "unchecked", "Not yet checked"
    CONFIRMED = "confirmed", "Checked, no fault found"
    MENDED = "mended", "Checked and corrected"


class AuditFault(models.TextChoices):
    """The kinds of fault a second curator can find (and mend) in a record."""

    CONTEXT = "context", "Quote out of context"
    STANCE = "stance", "Stance did not match the question"
    POPULATION_SETTING = "population_setting", "Route, setting, population or dose"
    ATTRIBUTION = "attribution", "Attribution"
    CERTAINTY = "certainty", "Certainty"
    NUMBERS = "numbers", "Numbers or units"


class QuoteCheck(models.TextChoices):
    """Whether a quote was found in its document's stored text, decided on every save."""

    FOUND = "found", "Checked against the document's stored text"
    NOT_FOUND = "not_found", "Not found in the document's stored text"
    NO_TEXT = "no_text", "Not checked: no stored text"


class FactorAdvice(models.TextChoices):
    """What a claim says for the kinds of patient it names (its patient factors)."""

    CONTRAINDICATION = "contraindication", "Do not use"
    CAUTION = "caution", "Use with caution"
    DOSE_OR_ROUTE = "dose_or_route", "Dose, route or setting advice"
    MAY_HELP = "may_help", "May help these patients"
    FINDING = "finding", "What was found in these patients"
