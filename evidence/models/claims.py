from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from evidence import ranges
from evidence.constants import (
    Certainty,
    FactorAdvice,
    Population,
    Quantity,
    Setting,
    Stance,
    Status,
    Topic,
    Unit,
)
from evidence.links import link
from evidence.models.base import CuratedModel, KeptPublicQuerySet
from evidence.models.factors import PatientFactor
from evidence.models.sources import Route, Source
from evidence.models.strength import STRENGTH_ORDER, RankedEvidence, RankedQuerySetMixin


class Question(CuratedModel):
    """A proposition clinicians ask about; claims take a stance on it."""

    slug = models.SlugField(max_length=80, unique=True)
    text = models.CharField(max_length=300)
    topic = models.CharField(max_length=20, choices=Topic)
    summary = models.TextField(blank=True)
    # The sides in plain words: "supports" and "opposes" mean different things on every
    # question, so readers see these answers instead.
    answer_supports = models.CharField(
        "answer of supporting claims",
        max_length=160,
        blank=True,
        help_text='e.g. "Yes — home use is an acceptable alternative"; empty: "Yes".',
    )
    answer_opposes = models.CharField(
        "answer of opposing claims",
        max_length=160,
        blank=True,
        help_text='e.g. "No — IV in a clinic only"; empty: "No".',
    )
    answer_mixed = models.CharField(
        "answer of mixed claims", max_length=160, blank=True, help_text='Empty: "It depends".'
    )
    priority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Order on the home page (1 first); empty: after the prioritised questions.",
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    # Kept up to date by a PostgreSQL trigger (migration 0003_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["topic", "text"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="question_superseded_names_successor",
            ),
        ]
        indexes = [
            # Topic filters on the question and dispute lists.
            models.Index(fields=["status", "topic"], name="question_status_topic_idx"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return link("evidence:question-detail", self.slug)

    def answer(self, stance):
        """What a claim with ``stance`` answers to this question, in plain words."""
        return self.answer_for(stance, self.answer_supports, self.answer_opposes, self.answer_mixed)

    @staticmethod
    def answer_for(stance, supports, opposes, mixed):
        """The one rule naming a side: the curators' words, else a plain default."""
        return {
            Stance.SUPPORTS: supports or "Yes",
            Stance.OPPOSES: opposes or "No",
            Stance.MIXED: mixed or "It depends",
            Stance.NEUTRAL: "Neither side",
        }.get(stance, "")


# The fields plotted_rows() reads: a number's bounds and unit, the claim's certainty and
# strength (its order), and what Source.name is made of.
_PLOTTED_FIELDS = (
    "quantity",
    "unit",
    "value_low",
    "value_high",
    "certainty",
    "strength",
    "document",
    "document__label",
    "document__authors",
    "document__year",
    "document__title",
)


def factor_advice_fault(factors, advice):
    """The one rule tying a claim's patient factors to what it says for them: both or
    neither, since the patient lens shows a tagged claim under its advice. The field at
    fault ("factors" or "factor_advice"), or None; each form words its own message."""
    if factors and not advice:
        return "factor_advice"
    if advice and not factors:
        return "factors"
    return None


class ClaimQuerySet(RankedQuerySetMixin, KeptPublicQuerySet):
    # A published claim shows only when its document, cited study and question are public.
    required_published = ("document",)
    optional_published = ("cites", "question")

    def with_related(self):
        """Everything a claim row shows, in a fixed number of queries."""
        return self.with_records().prefetch_related("routes")

    def with_records(self):
        """``with_related`` but the routes, for a caller that reads them for these claims
        and others in one query. Not the documents' stored text (tens of kilobytes each),
        which no row shows."""
        return self.select_related("document", "cites", "question").defer(
            "document__full_text", "cites__full_text"
        )

    def plotted_rows(self):
        """What a range plot shows of each claim (evidence.pages.charts): its number, its
        certainty and who says it, not the quote, question and cited study a card shows.
        Its routes are the caller's to read, with other claims' where a page has both."""
        return self.select_related("document").only(*_PLOTTED_FIELDS)

    def numeric(self):
        return self.exclude(quantity="")

    def strongest_first(self):
        """Ordered by the evidence behind each claim: the design's level (the cited study's
        when there is one; none stated comes last), then the claim's certainty."""
        return self.order_by(*STRENGTH_ORDER)


class Claim(RankedEvidence):
    """One finding or recommendation, quoted verbatim from the document it was read in."""

    key = models.SlugField(max_length=100, unique=True, help_text="Stable key for imports.")
    document = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The document the quote was read in.",
    )
    cites = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by_claims",
        help_text="The primary study the document attributes this finding to.",
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    stance = models.CharField(max_length=10, choices=Stance, blank=True)
    quote = models.TextField(help_text="Verbatim; '...' marks an omission.")
    locator = models.CharField(max_length=300, blank=True, help_text="Section or heading.")
    paraphrase = models.TextField(blank=True, help_text="Short and neutral.")
    routes = models.ManyToManyField(Route, blank=True, related_name="claims")
    setting = models.CharField(max_length=12, choices=Setting, default=Setting.NOT_STATED)
    population = models.CharField(max_length=20, choices=Population, default=Population.GENERAL)
    # The kinds of patient the claim speaks to, and what it says for them (the patient lens).
    factors = models.ManyToManyField(
        PatientFactor,
        blank=True,
        related_name="claims",
        verbose_name="patient factors",
        help_text="Only the kinds of patient the quote itself names.",
    )
    factor_advice = models.CharField(
        "what it says for these patients",
        max_length=20,
        choices=FactorAdvice,
        blank=True,
        help_text="Needed when patient factors are chosen.",
    )
    certainty = models.CharField(max_length=10, choices=Certainty)
    certainty_reason = models.CharField(max_length=300, blank=True)
    quantity = models.CharField(max_length=20, choices=Quantity, blank=True)
    value_low = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    value_high = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(max_length=10, choices=Unit, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    # A curator's public note on a claim the document states as fact but that is wrong or
    # outdated; shown beside the quote, never altering it.
    context_note = models.TextField(blank=True)
    context_note_basis = models.CharField(
        max_length=300, blank=True, help_text="What the context note rests on."
    )

    # Whether the public sees the claim; derived, see KeptPublicQuerySet.
    public = models.BooleanField(default=False, editable=False)
    # Kept up to date by a PostgreSQL trigger (migration 0003_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[routes, factors], excluded_fields=["search_vector", "strength", "public"]
    )

    class Meta:
        ordering = ["document__title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(question__isnull=True) & Q(stance=""))
                | (Q(question__isnull=False) & ~Q(stance="")),
                name="claim_stance_needs_question",
            ),
            # A number needs what it measures and its unit; one open end ("at least 3") is
            # allowed, both are not.
            models.CheckConstraint(
                condition=(
                    Q(quantity="", unit="", value_low__isnull=True, value_high__isnull=True)
                    | (
                        ~Q(quantity="")
                        & ~Q(unit="")
                        & (Q(value_low__isnull=False) | Q(value_high__isnull=False))
                    )
                ),
                name="claim_number_has_quantity_and_unit",
            ),
            models.CheckConstraint(
                condition=Q(value_low__isnull=True)
                | Q(value_high__isnull=True)
                | Q(value_low__lte=F("value_high")),
                name="claim_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="claim_superseded_names_successor",
            ),
            models.CheckConstraint(
                condition=Q(cites__isnull=True) | ~Q(cites=F("document")),
                name="claim_cites_another_source",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="claim_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(context_note="") | ~Q(context_note_basis=""),
                name="claim_context_note_has_basis",
            ),
        ]
        indexes = [
            # Source and route pages: each question's strongest few public claims, and a
            # question page's numbers.
            models.Index(
                fields=["question", "strength", "id"],
                condition=Q(public=True),
                name="claim_question_strength_idx",
            ),
            models.Index(
                fields=["document", "question", "strength", "id"],
                condition=Q(public=True),
                name="claim_document_strength_idx",
            ),
            # A route page's numbers: the strongest public claims, walked in order.
            models.Index(
                fields=["strength", "id"], condition=Q(public=True), name="claim_strength_idx"
            ),
            # Every public list: counts and pages of public claims in id order (the API).
            # Partial: SQLite matches Django's bare "WHERE public" only to an index's condition.
            models.Index(fields=["id"], condition=Q(public=True), name="claim_public_idx"),
            # A question page's sides (the strongest few claims of each stance, in order) and
            # the stance-disagreement rule (public claims per question and stance).
            models.Index(
                fields=["question", "stance", "strength", "id"],
                condition=Q(public=True),
                name="claim_side_strength_idx",
            ),
            # The numeric-disagreement rule groups published claims by what they measure.
            models.Index(
                fields=["quantity", "unit", "population"],
                condition=Q(public=True),
                name="claim_numeric_idx",
            ),
        ]

    def __str__(self):
        return f"{self.document.title}: {self.paraphrase or self.quote[:80]}"

    def get_absolute_url(self):
        return link("evidence:claim-detail", self.pk)

    @property
    def answer(self):
        """The claim's stance as the question's answer in plain words."""
        return self.question.answer(self.stance) if self.question_id else ""

    @property
    def value_display(self):
        """'800 USD', '0.5–1 mg/kg' or '≥ 3 sessions'; empty when the claim has no number."""
        if not self.quantity:
            return ""
        return ranges.label(self.value_low, self.value_high, self.unit)

    @property
    def value_bounds(self):
        """(low, high) as floats, an open end reaching to infinity, for comparisons."""
        return ranges.bounds(self.value_low, self.value_high)
