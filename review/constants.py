"""Choices and limits of peer review."""

from datetime import timedelta

from django.db import models


class CommentKind(models.TextChoices):
    """What a reviewer says is wrong with a record."""

    MISQUOTE = "misquote", "Misquote or out of context"
    WRONG_STANCE = "wrong_stance", "Wrong stance"
    MISSING_EVIDENCE = "missing_evidence", "Missing evidence"
    OUTDATED = "outdated", "Outdated"
    WRONG_NUMBERS = "wrong_numbers", "Wrong numbers"
    OTHER = "other", "Other"


class CommentState(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    HIDDEN = "hidden", "Hidden"


# An author may correct a comment for this long; after that, the record of what was said stands.
EDIT_WINDOW = timedelta(minutes=15)

# At most COMMENT_LIMIT comments (replies included) per person per COMMENT_LIMIT_WINDOW.
COMMENT_LIMIT = 10
COMMENT_LIMIT_WINDOW = timedelta(minutes=10)

# Longest comment body, suggestion or note a form accepts: a review, not a document.
MAX_TEXT = 10_000


class Limited(models.TextChoices):
    """Actions limited per address, email or curator (review.ratelimit); labels read in a
    sentence: "Only 10 password reset requests from one address are allowed in 1 hour"."""

    RESET_FROM_ADDRESS = "reset_from_address", "password reset requests from one address"
    RESET_FOR_EMAIL = "reset_for_email", "password reset requests for one email address"
    INVITATION = "invitation", "invitations from one curator"


# How many of each action per how long.
RATE_LIMITS = {
    Limited.RESET_FROM_ADDRESS: (10, timedelta(hours=1)),
    Limited.RESET_FOR_EMAIL: (5, timedelta(hours=1)),
    Limited.INVITATION: (20, timedelta(days=1)),
}
