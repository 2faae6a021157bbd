"""A change to a published record that waits for a second curator (``evidence.revisions``)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RevisionState(models.TextChoices):
    PENDING = "pending", "Waiting for another curator"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn by its author"


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=RevisionState.PENDING)

    def of(self, record):
        content_type = ContentType.objects.get_for_model(record)
        return self.filter(content_type=content_type, object_id=record.pk)


class Revision(models.Model):
    """The proposed values of a published record's changed fields, kept apart from the live
    row (which the public keeps seeing) until another curator publishes them.

    ``changes`` is ``{"fields": {name: value}, "m2m": {name: [ids]}}`` in JSON terms; it is
    applied only to the version it was written against (``base_version``).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    base_version = models.PositiveIntegerField()
    changes = models.JSONField()
    state = models.CharField(max_length=10, choices=RevisionState, default=RevisionState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One waiting change per record: the change page looks it up by this index,
            # and a second curator's edit must not silently replace the first one's.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state=RevisionState.PENDING),
                name="revision_one_pending_per_record",
            ),
            models.CheckConstraint(
                condition=Q(state=RevisionState.PENDING, decided_at=None)
                | (~Q(state=RevisionState.PENDING) & Q(decided_at__isnull=False)),
                name="revision_decided_unless_pending",
            ),
        ]
        indexes = [
            # The admin's list of waiting changes, newest first.
            models.Index(
                fields=["created_at"],
                condition=Q(state=RevisionState.PENDING),
                name="revision_waiting_idx",
            ),
        ]

    def __str__(self):
        return f"Change to {self.content_type.name} #{self.object_id} by {self.author}"

    @property
    def is_pending(self):
        return self.state == RevisionState.PENDING
