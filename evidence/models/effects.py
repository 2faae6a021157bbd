from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from evidence.constants import Certainty, DoseContext, OrganSystem, Severity
from evidence.models.base import KeptPublicQuerySet, ReferenceQuerySet
from evidence.models.factors import PatientFactor
from evidence.models.sources import Route, Source
from evidence.models.strength import RankedEvidence, RankedQuerySetMixin


class AdverseEffect(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    organ_system = models.CharField(max_length=20, choices=OrganSystem)
    description = models.TextField(blank=True)
    # Kept up to date by a PostgreSQL trigger (migration 0003_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evidence:adverse-effect-detail", args=[self.slug])


class ReportQuerySet(RankedQuerySetMixin, KeptPublicQuerySet):
    # A published report shows only when its document and cited study are public.
    required_published = ("document",)
    optional_published = ("cites",)


class AdverseEffectReport(RankedEvidence):
    """What one source says about one adverse effect: how often, how bad, at what dose."""

    key = models.SlugField(max_length=100, unique=True, help_text="Stable key for imports.")
    effect = models.ForeignKey(AdverseEffect, on_delete=models.PROTECT, related_name="reports")
    document = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="effect_reports")
    cites = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by_effect_reports",
    )
    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, null=True, blank=True, related_name="effect_reports"
    )
    frequency = models.CharField(max_length=200, blank=True, help_text="In the source's words.")
    frequency_percent = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # False: the source reports the effect was looked for and not seen.
    observed = models.BooleanField(
        default=True, help_text="Untick when the source says the effect was not seen."
    )
    severity = models.CharField(max_length=20, choices=Severity, default=Severity.NOT_STATED)
    dose_context = models.CharField(
        max_length=12, choices=DoseContext, default=DoseContext.NOT_STATED
    )
    dose = models.CharField(max_length=200, blank=True, help_text="In the source's words.")
    certainty = models.CharField(
        max_length=10, choices=Certainty, blank=True, help_text="Empty when not assessed."
    )
    quote = models.TextField()
    locator = models.CharField(max_length=300, blank=True)
    # The kinds of patient the report is about (the patient lens).
    factors = models.ManyToManyField(
        PatientFactor,
        blank=True,
        related_name="effect_reports",
        verbose_name="patient factors",
        help_text="Only the kinds of patient the quote itself names.",
    )

    objects = ReportQuerySet.as_manager()
    # Whether the public sees the report; derived, see KeptPublicQuerySet.
    public = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(m2m_fields=[factors], excluded_fields=["public", "strength"])

    class Meta:
        ordering = ["effect__name", "document__title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency_percent__isnull=True)
                | Q(frequency_percent__gte=0, frequency_percent__lte=100),
                name="report_frequency_is_a_percentage",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="report_quote_not_empty"),
        ]
        indexes = [
            # The adverse-effect page: public reports per effect and dose context, counted,
            # and each column's strongest few read in strength order (pages.dose_columns).
            models.Index(
                fields=["effect", "dose_context", "strength", "id"],
                condition=Q(public=True),
                name="report_effect_strength_idx",
            ),
            # The adverse-effect table: counts and pages of public reports.
            models.Index(fields=["id"], condition=Q(public=True), name="report_public_idx"),
        ]

    def __str__(self):
        return f"{self.effect.name} — {self.document.title}"
