"""What every curated record shares: a publication status, a version and timestamps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from evidence import roles
from evidence.constants import AuditFault, AuditOutcome, QuoteCheck, Status
from evidence.quotes import quote_found


class PublishableQuerySet(models.QuerySet):
    # Records a published record leans on, which must be published too: ``required`` ones
    # always exist, ``optional`` ones may be empty.
    required_published = ()
    optional_published = ()

    def published(self):
        condition = Q(status=Status.PUBLISHED)
        for name in self.required_published:
            condition &= Q(**{f"{name}__status": Status.PUBLISHED})
        for name in self.optional_published:
            condition &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__status": Status.PUBLISHED})
        return self.filter(condition)

    def visible_to(self, user):
        """Curators see every record; reviewers also see records in review, so they can
        comment before publication; everyone else sees published records only."""
        if roles.sees_drafts(user):
            return self
        if roles.sees_records_in_review(user):
            return self.published() | self.filter(status=Status.REVIEW)
        return self.published()


class KeptPublicQuerySet(PublishableQuerySet):
    """Records whose visibility rests on others too (a claim's document, cited study and
    question): whether the public sees each is stored in its ``public`` field and kept on
    write (``evidence.signals``, and ``disagreements.rebuild``), as the rule's joins would
    cost a pass over every record for each page."""

    def published(self):
        return self.filter(public=True)

    def of_source(self, source_id):
        """The records read in the source or attributed to it (``cites``): those whose
        visibility, strength and disagreements rest on it."""
        return self.filter(Q(document_id=source_id) | Q(cites_id=source_id))

    def refresh_public(self):
        """Store anew which of these records the public sees, by the rule above. Two
        UPDATEs, touching only the rows whose answer changed."""
        shown = super().published().values("pk")
        self.filter(public=False, pk__in=shown).update(public=True)
        self.filter(public=True).exclude(pk__in=shown).update(public=False)


class ReferenceQuerySet(models.QuerySet):
    """Reference lists (routes, adverse effects) have no drafts: everyone sees them."""

    def published(self):
        return self

    def visible_to(self, user):
        return self


class StaleRecord(Exception):
    """The record was saved by someone else since this copy of it was read: nothing was
    written. ``version`` is the version the copy was read at."""

    def __init__(self, record, version):
        super().__init__(
            f"{record._meta.verbose_name} #{record.pk} changed since version {version}"
        )
        self.record, self.version = record, version


class CuratedModel(models.Model):
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    # The version a copy was read at; every save claims the next one only if the stored row
    # is still at it, so a save from a stale copy (an admin form opened earlier) is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Who drafted the record: by default another curator must publish it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is None or self._state.adding:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        with transaction.atomic(using=kwargs.get("using")):
            # Compare and claim in one statement: of two saves from the same version, the
            # second finds the row moved on (PostgreSQL re-reads it once the first commits).
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleRecord(self, self.version)
            self.version += 1
            try:
                super().save(*args, **kwargs)
            except Exception:
                self.version -= 1  # rolled back: the copy is still at the version it read
                raise

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


def check_quote(quote, document_text):
    """The QuoteCheck outcome for ``quote`` against a document's stored text."""
    if not document_text:
        return QuoteCheck.NO_TEXT
    return QuoteCheck.FOUND if quote_found(quote, document_text) else QuoteCheck.NOT_FOUND


class QuotedModel(CuratedModel):
    """A record quoting its ``document`` verbatim in ``quote``, checked by a second curator.

    Whether the quote occurs in the document's stored text is decided on every save and
    stored, so pages can say so without loading documents' full text.
    """

    quote_check = models.CharField(
        max_length=10, choices=QuoteCheck, default=QuoteCheck.NO_TEXT, editable=False
    )
    quote_checked_on = models.DateField(null=True, blank=True, editable=False)
    # The second curator's audit: who checked the record against its document, when, and
    # what they found. Public pages say a record was checked; curators filter on the rest.
    audit_outcome = models.CharField(
        "audit", max_length=10, choices=AuditOutcome, default=AuditOutcome.UNCHECKED
    )
    audited_by = models.CharField(max_length=120, blank=True)
    audited_on = models.DateField(null=True, blank=True)
    audit_faults = models.JSONField(
        default=list, blank=True, help_text=f"Any of: {', '.join(AuditFault.values)}."
    )
    audit_note = models.TextField(
        blank=True, help_text="Public: what was checked and, if mended, what changed."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_quote_check()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "quote_check", "quote_checked_on"}
        super().save(*args, **kwargs)

    def refresh_quote_check(self, document_text=None):
        text = self.document.full_text if document_text is None else document_text
        self.quote_check = check_quote(self.quote, text)
        self.quote_checked_on = timezone.localdate() if text else None

    def clean(self):
        super().clean()
        faults = self.audit_faults
        if not isinstance(faults, list) or not set(faults) <= set(AuditFault.values):
            kinds = ", ".join(AuditFault.values)
            raise ValidationError({"audit_faults": f"Use a list of: {kinds}."})
        if (self.audit_outcome == AuditOutcome.MENDED) != bool(faults):
            raise ValidationError({"audit_faults": "A mended record names its faults; only it."})
        if self.audit_outcome != AuditOutcome.UNCHECKED and not self.audited_on:
            raise ValidationError({"audited_on": "Say when the record was checked."})
