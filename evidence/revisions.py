"""Four eyes on published records.

A content change to a published record (anything but a status move through
``evidence.publishing``) does not go public at once: its proposed values wait in a
``Revision`` while the live row, which the public sees, stays as it was. A curator other
than the change's author (unless REVIEW_ALLOW_SELF_PUBLISH) publishes it: the values are
applied through the record's own save, so history, the version and the disagreement table
follow as for any edit, and only onto the version the change was written against. The
author may withdraw it. Drafts and records in review are edited in place.
"""

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from evidence import changes, publishing
from evidence.constants import Status
from evidence.models import Revision, RevisionState
from evidence.models.base import CuratedModel, StaleRecord

_json = DjangoJSONEncoder()


class RevisionRefused(ValidationError):
    """A revision that cannot be written, published or withdrawn; the message says why."""


def proposed(live, edited, m2m_ids):
    """The changes between ``live`` and ``edited`` (a copy carrying the form's values; its
    many-to-many values as ``m2m_ids``, {name: ids}), as a revision stores them."""
    model = type(live)
    fields = {
        f.name: _json.default(value) if _needs_text(value) else value
        for f in changes.content_fields(model)
        if (value := f.value_from_object(edited)) != f.value_from_object(live)
    }
    m2m = {
        f.name: sorted(m2m_ids[f.name])
        for f in changes.m2m_fields(model)
        if f.name in m2m_ids and set(m2m_ids[f.name]) != set(_ids(live, f))
    }
    return {"fields": fields, "m2m": m2m}


def needs_revision(live, new_status, proposal):
    """A published record that stays published, with content changes, waits for four eyes."""
    return (
        live.status == Status.PUBLISHED
        and new_status == Status.PUBLISHED
        and bool(proposal["fields"] or proposal["m2m"])
    )


def propose(live, base_version, proposal, author):
    """Store ``proposal`` as the waiting change to ``live``; the author's own waiting change
    is replaced, another curator's is not."""
    model = type(live)
    with transaction.atomic():
        current = model._base_manager.select_for_update().get(pk=live.pk)
        if current.version != base_version:
            raise StaleRecord(current, base_version)
        waiting = Revision.objects.of(current).pending().select_for_update().first()
        _refuse_if(_replacing_another(current, waiting, author))
        revision = waiting or Revision(record=current, author=author)
        revision.base_version, revision.changes = base_version, proposal
        revision.created_at = timezone.now()
        revision.save()
    return revision


def proposal_refusal(record, author):
    """Why ``author`` may not propose a change to ``record`` now, or None."""
    pending = Revision.objects.of(record).pending().select_related("author").first()
    return _replacing_another(record, pending, author)


def _replacing_another(record, pending, author):
    # Another curator's waiting change must not be silently replaced.
    if pending is None or pending.author_id == author.pk:
        return None
    return (
        f"A change to this {record._meta.verbose_name} by {_name(pending.author)} already "
        "waits to be published: publish it, or ask them to withdraw it, first."
    )


def waiting(record):
    """The change waiting on ``record``, with what it changes ([Change], the live values
    read afresh), and whether the record moved on since it was written; or None."""
    revision = Revision.objects.of(record).pending().select_related("author").first()
    if revision is None:
        return None
    live = type(record)._base_manager.get(pk=record.pk)
    return revision, shown(revision, live), live.version != revision.base_version


def shown(revision, live):
    """What ``revision`` changes, against the live values: [Change]."""
    model = type(live)
    values = _values(model, revision.changes)
    return changes.describe(
        model,
        [(name, _stored(live, model._meta.get_field(name)), new) for name, new in values.items()],
    )


def publishing_refusal(revision, user):
    """Why ``user`` may not publish ``revision``, or None."""
    if not revision.is_pending:
        return f"This change was already {RevisionState(revision.state).label.lower()}."
    if publishing.is_own_work(revision.author_id, user):
        return (
            "You made this change, so another curator must publish it "
            "(REVIEW_ALLOW_SELF_PUBLISH is off)."
        )
    return None


def withdrawing_refusal(revision, user):
    if not revision.is_pending:
        return f"This change was already {RevisionState(revision.state).label.lower()}."
    if revision.author_id != user.pk:
        return "Only the curator who made a change can withdraw it."
    return None


def publish(revision, user):
    """Apply ``revision`` to its record, atomically, as ``user`` approving it."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        _refuse_if(publishing_refusal(revision, user))
        model = revision.content_type.model_class()
        record = model._base_manager.select_for_update().filter(pk=revision.object_id).first()
        _refuse_if(record is None and "The record this change was made to is gone.")
        if record.version != revision.base_version:
            raise RevisionRefused(
                f"“{record}” changed after this change was written: "
                f"{changes.stale_message(record, revision.base_version)} "
                "Withdraw it and make the change again on the current version."
            )
        values = _values(model, revision.changes)
        m2m = {f.name: values.pop(f.name) for f in changes.m2m_fields(model) if f.name in values}
        for name, value in values.items():
            setattr(record, model._meta.get_field(name).attname, value)
        record.full_clean()
        record._history_user = revision.author  # whose words these are
        record._change_reason = f"Published by {_name(user)}"
        record.save()
        for name, ids in m2m.items():
            getattr(record, name).set(ids)
        _decide(revision, RevisionState.PUBLISHED, user)
    return record


def withdraw(revision, user):
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        _refuse_if(withdrawing_refusal(revision, user))
        _decide(revision, RevisionState.WITHDRAWN, user)


def inline_refusal(record, parent):
    """Why a change to ``record``, edited inline on ``parent``'s page, must not be saved
    there (None if it may): a published record changes only through its own page."""
    if isinstance(record, CuratedModel):
        if not record._state.adding and record.status == Status.PUBLISHED:
            return (
                f"“{record}” is published: change it from its own page, where the change "
                "waits for another curator."
            )
        return None
    if isinstance(parent, CuratedModel) and parent.status == Status.PUBLISHED:
        return (
            f"This {parent._meta.verbose_name} is published: send it back to review to change "
            f"its {record._meta.verbose_name_plural}."
        )
    return None


def _decide(revision, state, user):
    revision.state, revision.decided_by, revision.decided_at = state, user, timezone.now()
    revision.save()


def _refuse_if(reason):
    if reason:
        raise RevisionRefused(reason)


def _values(model, stored):
    """The stored JSON back as Python values (decimals, dates, ids)."""
    values = {
        name: model._meta.get_field(name).to_python(value)
        for name, value in stored["fields"].items()
    }
    return {**values, **stored["m2m"]}


def _stored(record, f):
    return _ids(record, f) if f.many_to_many else f.value_from_object(record)


def _ids(record, f):
    return sorted(related.pk for related in getattr(record, f.name).all())


def _needs_text(value):
    return not isinstance(value, (str, int, float, bool, list, dict, type(None)))


def _name(user):
    return user.get_full_name() or user.get_username()
