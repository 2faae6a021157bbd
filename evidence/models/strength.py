"""Strongest first: a record of evidence (a claim, an adverse-effect report) ranks by the
design of the study behind it, then by its certainty. The rank is stored on the record as
one small number, kept on save and when a source is regraded, so that long lists read
their strongest few through an index instead of sorting every record joined to its
sources."""

from django.db import models

from evidence.constants import CERTAINTY_RANK
from evidence.models.base import QuotedModel

# "Strongest first": the stored strength (see strength_for), then the oldest record.
STRENGTH_ORDER = ["strength", "pk"]
_NO_LEVEL = 6  # a design not stated ranks after every level (1 strongest, 5 weakest)
_MOST_CERTAIN = max(CERTAINTY_RANK.values())


def strength_for(level, certainty):
    """A record's place in "strongest first" as one small number, smaller first: the
    design's level (a design not stated after level 5), then its certainty, highest first."""
    return (level or _NO_LEVEL) * 10 + _MOST_CERTAIN - CERTAINTY_RANK.get(certainty, -1)


def store_strength(records):
    """Store anew the strength of ``records`` (a queryset of claims or reports): after a
    source's level changed, a bulk load that skipped ``save()``, or a migration adding the
    field. Derived data, so no version or history."""
    rows = records.values_list(
        "pk", "certainty", "cites_id", "cites__evidence_level", "document__evidence_level"
    )
    ranked = [
        records.model(pk=pk, strength=strength_for(cited if cites_id else own, certainty))
        for pk, certainty, cites_id, cited, own in rows.order_by()
    ]
    records.model.objects.bulk_update(ranked, ["strength"], batch_size=500)


class RankedQuerySetMixin:
    def refresh_strength(self):
        """``store_strength`` for these records."""
        store_strength(self)


class RankedEvidence(QuotedModel):
    """A quoted record ranked by its evidence: the study it ``cites`` when there is one,
    else its ``document``, then its ``certainty``."""

    # Derived on save (and by refresh_strength); excluded from history, as derived data.
    strength = models.PositiveSmallIntegerField(default=strength_for(None, ""), editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.strength = strength_for(self.evidence_source.evidence_level, self.certainty)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "strength"}
        super().save(*args, **kwargs)

    @property
    def evidence_source(self):
        """Whose evidence this is: the cited study when there is one, else the document."""
        return self.cites or self.document
