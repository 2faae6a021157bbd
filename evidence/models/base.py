"""What every curated record shares: a publication status, a version and timestamps."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from evidence.constants import Status
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
        """Staff see every record; peer reviewers (who may view the model) also see records
        in review, so they can comment before publication; everyone else sees published
        records only."""
        if user.is_authenticated and user.is_staff:
            return self
        meta = self.model._meta
        if user.is_authenticated and user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            return self.published() | self.filter(status=Status.REVIEW)
        return self.published()


class ReferenceQuerySet(models.QuerySet):
    """Reference lists (routes, adverse effects) have no drafts: everyone sees them."""

    def published(self):
        return self

    def visible_to(self, user):
        return self


class CuratedModel(models.Model):
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    # Bumped on every save: exports carry it, and imports can refuse stale edits.
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
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class QuotedModel(CuratedModel):
    """A record quoting its ``document`` verbatim in ``quote``."""

    class Meta:
        abstract = True

    def quote_verified(self):
        """None when the document's text is not stored, else whether the quote occurs in it."""
        if not self.document.full_text:
            return None
        return quote_found(self.quote, self.document.full_text)
