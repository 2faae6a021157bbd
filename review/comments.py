"""What reviewers and curators do with comments: post, reply, edit, resolve, hide.

Views call these and turn the exceptions into responses; the rules live here.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from review.constants import COMMENT_LIMIT, COMMENT_LIMIT_WINDOW, EDIT_WINDOW
from review.models import OPEN_THREAD, Comment, target_field
from review.ratelimit import RateLimited


def _post(author, **fields):
    """Save a new comment unless the author has reached the posting limit.

    The author's row is locked before counting, so one person's parallel posts queue up and
    each counts those before it: the limit holds however many arrive at once (SQLite, which
    ignores the lock, lets one writer in at a time anyway)."""
    comment = Comment(author=author, **fields)
    comment.full_clean()
    with transaction.atomic():
        get_user_model().objects.select_for_update().only("pk").get(pk=author.pk)
        if Comment.objects.recent_by(author).count() >= COMMENT_LIMIT:
            minutes = int(COMMENT_LIMIT_WINDOW.total_seconds() // 60)
            raise RateLimited(
                f"You have posted {COMMENT_LIMIT} comments in the last {minutes} minutes, the "
                "most allowed. Your text is kept below: post it again in a few minutes."
            )
        comment.save()
    return comment


def start_thread(author, target, *, kind, body, suggested_correction=""):
    return _post(
        author,
        kind=kind,
        body=body,
        suggested_correction=suggested_correction,
        **{target_field(target): target},
    )


def reply(author, parent, *, body):
    """A reply joins its parent's thread, on the same record; threads are one level deep."""
    if parent.parent_id is not None:
        raise ValidationError("Reply to the first comment of the thread, not to a reply.")
    if not parent.is_open:
        raise ValidationError("This thread is closed: start a new comment instead.")
    return _post(
        author, parent=parent, kind=parent.kind, body=body, **{parent.target_type: parent.target}
    )


def check_editable(user, comment):
    """The one edit-window rule, with the words that explain a refusal."""
    if not comment.editable_by(user):
        minutes = int(EDIT_WINDOW.total_seconds() // 60)
        raise PermissionDenied(f"Only its author can edit a comment, within {minutes} minutes.")


def edit(user, comment, **fields):
    check_editable(user, comment)
    for name, value in fields.items():
        setattr(comment, name, value)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save()


def resolve(curator, comment, note):
    if comment.parent_id is not None:
        raise ValidationError("Resolve the thread from its first comment.")
    if not comment.is_open:
        raise ValidationError("This comment is already closed.")
    _close(comment, "resolved", curator, resolution_note=note)


def hide(curator, comment, reason):
    if comment.hidden_at:
        raise ValidationError("This comment is already hidden.")
    _close(comment, "hidden", curator, hidden_reason=reason)


def _close(comment, how, curator, **why):
    """Resolve or hide: when, by whom and why, checked, then saved."""
    setattr(comment, f"{how}_at", timezone.now())
    setattr(comment, f"{how}_by", curator)
    for name, value in why.items():
        setattr(comment, name, value)
    comment.full_clean()
    comment.save()


def with_open_thread_counts(claims):
    """Annotate each claim with ``open_review_comments``, in the same query: the public
    sees that count and an "under review" badge on every claim card."""
    open_threads = (
        Comment.objects.filter(OPEN_THREAD, claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return claims.annotate(open_review_comments=Coalesce(Subquery(open_threads), 0))
