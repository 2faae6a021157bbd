from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from simple_history.models import HistoricalRecords

from evidence import ranges
from evidence.constants import (
    CERTAINTY_RANK,
    Certainty,
    Population,
    Quantity,
    Setting,
    Stance,
    Status,
    Topic,
    Unit,
)
from evidence.models.base import CuratedModel, PublishableQuerySet, QuotedModel
from evidence.models.sources import Route, Source


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
        return reverse("evidence:question-detail", args=[self.slug])

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


STRENGTH_ORDER = [
    F("strength_level").asc(nulls_last=True),
    F("certainty_rank").desc(),
    F("pk").asc(),
]


class ClaimQuerySet(PublishableQuerySet):
    # A published claim shows only when its document, cited study and question are public.
    required_published = ("document",)
    optional_published = ("cites", "question")

    def with_related(self):
        """Everything a claim row shows, in a fixed number of queries; not the documents'
        stored text (tens of kilobytes each), which no row shows."""
        return (
            self.select_related("document", "cites", "question")
            .defer("document__full_text", "cites__full_text")
            .prefetch_related("routes")
        )

    def numeric(self):
        return self.exclude(quantity="")

    def strongest_first(self):
        """Ordered by the evidence behind each claim: the design's level (the cited study's
        when there is one; none stated comes last), then the claim's certainty."""
        return self.annotate(
            strength_level=Case(
                When(cites__isnull=False, then=F("cites__evidence_level")),
                default=F("document__evidence_level"),
            ),
            certainty_rank=Case(
                *(When(certainty=c, then=Value(rank)) for c, rank in CERTAINTY_RANK.items()),
                default=Value(-1),
            ),
        ).order_by(*STRENGTH_ORDER)

    def ranked_within(self, field):
        """Strongest first, each claim numbered (``place``, from 1) within its ``field``
        group, so a page can show the first few of every group in one query."""
        place = Window(RowNumber(), partition_by=F(field), order_by=STRENGTH_ORDER)
        return self.strongest_first().annotate(place=place)


class Claim(QuotedModel):
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

    # Kept up to date by a PostgreSQL trigger (migration 0003_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[routes], excluded_fields=["search_vector"])

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
            # Question pages and the stance-disagreement rule: published claims per question.
            models.Index(fields=["status", "question", "stance"], name="claim_question_stance_idx"),
            # The numeric-disagreement rule groups published claims by what they measure.
            models.Index(
                fields=["status", "quantity", "unit", "population"], name="claim_numeric_idx"
            ),
        ]

    def __str__(self):
        return f"{self.document.title}: {self.paraphrase or self.quote[:80]}"

    def get_absolute_url(self):
        return reverse("evidence:claim-detail", args=[self.pk])

    @property
    def answer(self):
        """The claim's stance as the question's answer in plain words."""
        return self.question.answer(self.stance) if self.question_id else ""

    @property
    def evidence_source(self):
        """Whose evidence this is: the cited study when there is one, else the document."""
        return self.cites or self.document

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
