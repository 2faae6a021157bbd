from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from evidence.constants import ExplanationStatus, ReasonKind, Status
from evidence.models.base import CuratedModel
from evidence.models.disagreements import Disagreement


class DisputeExplanation(CuratedModel):
    """A curator's account of why sources disagree, attached to the disagreement's
    identity (ids, not slugs): it survives renames and the disagreement going quiet."""

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.PROTECT, related_name="explanation"
    )
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
        ordering = ["disagreement"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="explanation_superseded_names_successor",
            ),
        ]

    def __str__(self):
        return str(self.disagreement)


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
