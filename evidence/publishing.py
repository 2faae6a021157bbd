"""The publishing workflow of curated records: which status changes are allowed, and who
may publish.

draft → in review → published; published records can be sent back to review, retracted,
or superseded by a replacement. Publishing straight from draft is allowed: the rule that
matters is that a second curator publishes (four eyes), unless the deployment has one
curator and sets REVIEW_ALLOW_SELF_PUBLISH.

Every path that changes a status (the admin's change form and its bulk actions) asks
``check`` first, so the rule lives here only. A content change to a published record is
not a status move: it waits as a revision (``evidence.revisions``), under the same rule.

Every save compares the version it read (``CuratedModel.save``): ``move_all`` reads and
locks the rows inside its transaction, so a bulk action never writes stale values.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from evidence.constants import Status

ALLOWED = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED, Status.RETRACTED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED, Status.RETRACTED},
    Status.PUBLISHED: {Status.REVIEW, Status.RETRACTED, Status.SUPERSEDED},
    Status.RETRACTED: {Status.DRAFT, Status.REVIEW},
    Status.SUPERSEDED: {Status.PUBLISHED},
}


class TransitionRefused(ValidationError):
    """A status change the workflow does not allow; the message says why."""


def _named(record):
    # A record being added may lack what its __str__ needs (a claim's document).
    return f"“{record}”" if record.pk else "This new record"


def is_own_work(author_id, user):
    """Whether four eyes stop ``user`` publishing what ``author_id`` wrote: a record they
    drafted, or a change they made to a published one (``evidence.revisions``)."""
    return not settings.REVIEW_ALLOW_SELF_PUBLISH and author_id is not None and author_id == user.pk


# What a save may change without changing what the record says.
_NOT_CONTENT = {"status", "version", "updated_at", "quote_check", "quote_checked_on"}


def editors_since_published(record):
    """Who changed what ``record`` says since it was last published (or ever, if it never
    was), from its history: sending a published record back to review, editing it there
    and publishing it oneself would otherwise pass four eyes."""
    if record.pk is None or not hasattr(record, "history"):
        return set()
    rows = list(record.history.order_by("-history_date", "-history_id"))
    editors = set()
    for newer, older in zip(rows, rows[1:], strict=False):
        if set(newer.diff_against(older).changed_fields) - _NOT_CONTENT:
            editors.add(newer.history_user_id)
        if older.status == Status.PUBLISHED:
            break
    return editors


def check(record, new_status, user):
    """Raise TransitionRefused unless ``user`` may move ``record`` from its current status to
    ``new_status``. ``record.created_by`` and ``superseded_by`` are read as they are now."""
    old_status = Status(record.status)
    new_status = Status(new_status)
    if old_status == new_status:
        return
    if new_status not in ALLOWED[old_status]:
        raise TransitionRefused(
            f"{_named(record)} is {old_status.label.lower()}; it cannot become "
            f"{new_status.label.lower()} directly."
        )
    if new_status == Status.PUBLISHED and is_own_work(record.created_by_id, user):
        raise TransitionRefused(
            f"You drafted {_named(record)}, so another curator must publish it "
            "(REVIEW_ALLOW_SELF_PUBLISH is off)."
        )
    if new_status == Status.PUBLISHED and any(
        is_own_work(editor, user) for editor in editors_since_published(record)
    ):
        raise TransitionRefused(
            f"You changed {_named(record)} since it was last published, so another curator "
            "must publish it (REVIEW_ALLOW_SELF_PUBLISH is off)."
        )
    if new_status == Status.SUPERSEDED and getattr(record, "superseded_by_id", None) is None:
        raise TransitionRefused(
            f"{_named(record)} can be superseded only by naming its replacement "
            "(only claims have one)."
        )


def move(record, new_status, user):
    check(record, new_status, user)
    record.status = new_status
    record._history_user = user  # history names who moved it, in a request or not
    record.save()


def publish(record, user):
    move(record, Status.PUBLISHED, user)


def move_all(records, new_status, user):
    """Move every record or none: all refusals are raised together. ``records`` may be a
    ``select_for_update`` queryset: it is read inside the transaction."""
    with transaction.atomic():
        records = list(records)
        refusals = []
        for record in records:
            try:
                check(record, new_status, user)
            except TransitionRefused as refusal:
                refusals.extend(refusal.messages)
        if refusals:
            raise TransitionRefused(refusals)
        changed = [record for record in records if record.status != new_status]
        for record in changed:
            record.status = new_status
            record._history_user = user
            record.save()
    return len(changed)
