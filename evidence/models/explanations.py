from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from evidence.constants import ExplanationStatus, ReasonKind, Status
from evidence.models.base import CuratedModel


class DisputeExplanation(CuratedModel):
    """A curator's account of why sources disagree.

    Disagreements are computed, never stored; an explanation attaches to one by its
    key (see ``evidence.disputes``), so it survives recomputation.
    """

    dispute_key = models.CharField(max_length=200, unique=True)
    explanation_status = models.CharField(
        max_length=12, choices=ExplanationStatus, default=ExplanationStatus.UNEXPLAINED
    )
    note = models.TextField(blank=True)
    what_would_settle = models.TextField(blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["dispute_key"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="explanation_superseded_names_successor",
            ),
        ]

    def __str__(self):
        return self.dispute_key


class DisputeReason(models.Model):
    explanation = models.ForeignKey(
        DisputeExplanation, on_delete=models.CASCADE, related_name="reasons"
    )
    kind = models.CharField(max_length=24, choices=ReasonKind)
    detail = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["explanation", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["explanation", "kind"], name="reason_once_per_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()
