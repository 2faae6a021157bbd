from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from evidence.models.base import ReferenceQuerySet


class PatientFactor(models.Model):
    """A kind of patient the sources speak to (age, history, illness, medicine): the
    curated vocabulary claims and adverse-effect reports are tagged with for the patient
    lens. Curators extend it in the admin; the seed's list is in fixtures/."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, help_text='As a clinician says it: "Older adult".')
    description = models.TextField(blank=True, help_text="Who counts, in a sentence.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the lens form.")

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evidence:patient") + f"?factor={self.slug}"
