from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from evidence.constants import DoseContext, OrganSystem, Severity
from evidence.models.base import QuotedModel, ReferenceQuerySet
from evidence.models.sources import Route, Source


class AdverseEffect(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    organ_system = models.CharField(max_length=20, choices=OrganSystem)
    description = models.TextField(blank=True)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evidence:adverse-effect-detail", args=[self.slug])


class AdverseEffectReport(QuotedModel):
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
    severity = models.CharField(max_length=20, choices=Severity, default=Severity.NOT_STATED)
    dose_context = models.CharField(
        max_length=12, choices=DoseContext, default=DoseContext.NOT_STATED
    )
    dose = models.CharField(max_length=200, blank=True, help_text="In the source's words.")
    quote = models.TextField()
    locator = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

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
            # The adverse-effect page lists published reports per effect.
            models.Index(fields=["status", "effect"], name="report_status_effect_idx"),
        ]

    def __str__(self):
        return f"{self.effect.name} — {self.document.title}"
