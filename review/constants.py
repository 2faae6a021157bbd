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
