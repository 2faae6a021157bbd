"""Reviewer accounts and the comments they leave on curated records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from evidence.roles import is_curator, is_reviewer
from review.constants import (
    COMMENT_LIMIT_WINDOW,
    EDIT_WINDOW,
    CommentKind,
    CommentState,
    Limited,
)

# A comment is open until a curator resolves or hides it.
OPEN = Q(resolved_at__isnull=True, hidden_at__isnull=True)
# The threads the public counts and the queue lists: open first comments, not replies.
OPEN_THREAD = OPEN & Q(parent__isnull=True)


class ReviewerProfile(models.Model):
    """Who invited a reviewer, and what they declared, so readers can weigh their comments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    affiliation = models.CharField(max_length=300, blank=True)
    conflicts = models.TextField("declared conflicts of interest", blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-invited_at"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class CommentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(OPEN)

    def threads(self):
        return self.filter(parent__isnull=True)

    def on(self, target):
        return self.filter(**{target_field(target): target})

    def visible_to(self, user):
        """Curators see every comment, hidden ones too; reviewers all but hidden ones."""
        if is_curator(user):
            return self
        if is_reviewer(user):
            return self.filter(hidden_at__isnull=True)
        return self.none()

    def recent_by(self, user, now=None):
        """What counts towards the posting limit."""
        since = (now or timezone.now()) - COMMENT_LIMIT_WINDOW
        return self.filter(author=user, created_at__gte=since)


class Comment(models.Model):
    """A reviewer's comment on exactly one claim, question, explanation or source."""

    claim = models.ForeignKey(
        "evidence.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    question = models.ForeignKey(
        "evidence.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    explanation = models.ForeignKey(
        "evidence.DisputeExplanation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.ForeignKey(
        "evidence.Source", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # One level of replies only: ``review.comments.reply`` refuses a reply to a reply.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # Comments are the review record: an account with comments is deactivated, not deleted.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_comments"
    )
    kind = models.CharField(max_length=20, choices=CommentKind)
    body = models.TextField(help_text="Markdown.")
    suggested_correction = models.TextField(blank=True, help_text="Markdown.")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(blank=True)
    # Hiding keeps the text: curators can still read what was hidden, and why.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(claim__isnull=False, question=None, explanation=None, source=None)
                    | Q(claim=None, question__isnull=False, explanation=None, source=None)
                    | Q(claim=None, question=None, explanation__isnull=False, source=None)
                    | Q(claim=None, question=None, explanation=None, source__isnull=False)
                ),
                name="comment_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at=None, resolution_note="")
                | (Q(resolved_at__isnull=False) & ~Q(resolution_note="")),
                name="comment_resolution_has_note",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at=None, hidden_reason="")
                | (Q(hidden_at__isnull=False) & ~Q(hidden_reason="")),
                name="comment_hiding_has_reason",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="comment_not_its_own_parent"
            ),
        ]
        indexes = [
            # The review queue: open first comments, oldest first.
            models.Index(fields=["created_at"], condition=OPEN_THREAD, name="comment_queue_idx"),
            # The public count of open comments on a claim page.
            models.Index(fields=["claim"], condition=OPEN_THREAD, name="comment_open_claim_idx"),
            # The posting limit counts one author's recent comments.
            models.Index(fields=["author", "created_at"], name="comment_author_recent_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.target_type} #{self.target_id}"

    def get_absolute_url(self):
        url = reverse("review:target", args=[self.target_type, self.target_id])
        return f"{url}#comment-{self.pk}"

    def clean(self):
        # A CHECK constraint cannot see the parent's row, so depth is enforced here.
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "A reply cannot itself be replied to."})

    @property
    def target_type(self):
        return next(name for name in TARGET_TYPES if getattr(self, f"{name}_id"))

    @property
    def target_id(self):
        return getattr(self, f"{self.target_type}_id")

    @property
    def target(self):
        return getattr(self, self.target_type)

    @property
    def state(self):
        if self.hidden_at:
            return CommentState.HIDDEN
        if self.resolved_at:
            return CommentState.RESOLVED
        return CommentState.OPEN

    @property
    def is_open(self):
        return self.state == CommentState.OPEN

    def editable_by(self, user, now=None):
        """Its author may edit an open comment for EDIT_WINDOW after posting it."""
        return (
            self.author_id == user.pk
            and self.is_open
            and (now or timezone.now()) - self.created_at <= EDIT_WINDOW
        )


class RateLimitCounter(models.Model):
    """How many times one key (an address, an email, a curator) did one limited action in the
    current window. ``review.ratelimit.take`` counts under a lock on this row."""

    action = models.CharField(max_length=30, choices=Limited)
    # A SHA-256 digest of the key: the table does not collect the addresses people type in.
    key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)
    resets_at = models.DateTimeField()

    class Meta:
        constraints = [
            # take() finds and locks the one counter of an action and key.
            models.UniqueConstraint(fields=["action", "key"], name="ratelimit_one_per_key"),
        ]
        indexes = [
            # take() deletes the counters whose window has passed.
            models.Index(fields=["resets_at"], name="ratelimit_resets_at_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.count} until {self.resets_at:%Y-%m-%d %H:%M}"


# The kinds of record a comment can be about, read from Comment's own fields: each is a
# field pointing at an evidence record, and a URL segment.
def _points_at_evidence(field):
    model = field.remote_field.model  # a "app.Model" string until the apps are loaded
    label = model if isinstance(model, str) else model._meta.label
    return label.startswith("evidence.")


TARGET_TYPES = tuple(
    f.name for f in Comment._meta.concrete_fields if f.is_relation and _points_at_evidence(f)
)


def target_field(record):
    """The Comment field that points at records like ``record``."""
    fields = (Comment._meta.get_field(name) for name in TARGET_TYPES)
    return next(f.name for f in fields if isinstance(record, f.related_model))


class Watch(models.Model):
    """A reviewer following a question: its changes reach them in a daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    question = models.ForeignKey(
        "evidence.Question", on_delete=models.CASCADE, related_name="watches"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The digest reported every change up to this moment; the next one starts here.
    reported_until = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "question"]
        constraints = [
            # One watch per reviewer and question; the watch toggle looks it up by the pair.
            models.UniqueConstraint(fields=["user", "question"], name="watch_once_per_question")
        ]

    def __str__(self):
        return f"{self.user} watches {self.question}"
