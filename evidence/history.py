"""A record's public change history, read from its django-simple-history rows.

Each entry says when, by which curator, and what changed (old → new, field by field).
Bookkeeping fields are left out; a related record is named only if it is published.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.urls import reverse

from evidence.constants import AuditFault, Status
from evidence.models import Claim, Question

# Kept on every row, but no reader cares: they change on every save, or are identifiers
# for imports and URLs (a key or slug is an internal code, never shown as text).
BOOKKEEPING = {"id", "version", "created_at", "updated_at", "created_by", "key", "slug"}
EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: str
    action: str
    changes: list = field(default_factory=list)


def history_url(record):
    """The public history page of a claim or question; None for other records."""
    if isinstance(record, Claim):
        return reverse("evidence:claim-history", args=[record.pk])
    if isinstance(record, Question):
        return reverse("evidence:question-history", args=[record.slug])
    return None


def last_published_by_second_curator(record):
    """When a curator other than the drafter last published the record (None if never):
    a publication is a review only when a second person made it, never a seed load."""
    rows = record.history.order_by("history_date", "history_id").values_list(
        "status", "history_date", "history_user_id"
    )
    published, previous = None, None
    for status, when, user_id in rows:
        became_published = status == Status.PUBLISHED and previous != Status.PUBLISHED
        if became_published and user_id is not None and user_id != record.created_by_id:
            published = when
        previous = status
    return published


def entries(record):
    """Newest first. Queries: the rows, their m2m rows, and one per related model named."""
    fields = [f for f in record._meta.concrete_fields if f.name not in BOOKKEEPING and f.editable]
    m2m = _m2m_accessors(record.history.model)
    rows = list(
        record.history.select_related("history_user")
        .prefetch_related(*(link.accessor for link in m2m.values()))
        .order_by("history_date", "history_id")
    )
    names = _related_names(rows, fields, m2m)
    result, previous = [], None
    for row in rows:
        changes = [
            Change(str(f.verbose_name).capitalize(), old, new)
            for f in fields
            if (old := _show(f, previous, names)) != (new := _show(f, row, names))
        ]
        changes += [
            Change(link.label, old, new)
            for link in m2m.values()
            if (old := _show_m2m(link, previous, names)) != (new := _show_m2m(link, row, names))
        ]
        who = row.history_user
        result.append(
            Entry(
                when=row.history_date,
                # No user means a command, such as the seed load, which names itself.
                who=(who.get_full_name() or who.get_username())
                if who
                else (row.history_change_reason or "not recorded"),
                action=row.get_history_type_display(),
                changes=changes,
            )
        )
        previous = row
    return result[::-1]


@dataclass(frozen=True)
class M2M:
    accessor: str  # the history row's reverse accessor to its link rows
    model: type  # what the links point at (Route, PatientFactor)
    attname: str  # the link row's column holding that record's id
    label: str  # the field's name for readers: "Patient factors"


def _m2m_accessors(history_model):
    """{field name: M2M} for the tracked many-to-many fields. A history row's ``routes`` is a
    manager prefetch_related cannot use; the reverse accessor it can."""
    accessors = {}
    for f in history_model._history_m2m_fields:
        through = getattr(history_model, f.name).model
        rel = next(r for r in history_model._meta.related_objects if r.related_model is through)
        target = next(
            t for t in through._meta.fields if getattr(t, "related_model", None) is f.related_model
        )
        label = str(f.verbose_name).capitalize()
        accessors[f.name] = M2M(rel.get_accessor_name(), f.related_model, target.attname, label)
    return accessors


def _related_names(rows, fields, m2m):
    """{(model, pk): record} for the related records the rows point at, published ones only."""
    wanted = {}
    for f in fields:
        if isinstance(f, models.ForeignKey):
            ids = {getattr(row, f.attname) for row in rows} - {None}
            wanted.setdefault(f.related_model, set()).update(ids)
    for link in m2m.values():
        ids = {getattr(row_link, link.attname) for row in rows for row_link in _links(row, link)}
        wanted.setdefault(link.model, set()).update(ids)
    names = {}
    for model, ids in wanted.items():
        queryset = model.objects.published()
        if model is Claim:
            queryset = queryset.select_related("document")
        names.update(((model, pk), record) for pk, record in queryset.in_bulk(ids).items())
    return names


def _show(f, row, names):
    if row is None:
        return EMPTY
    value = getattr(row, f.attname)
    if value in (None, ""):
        return EMPTY
    if isinstance(f, models.ForeignKey):
        record = names.get((f.related_model, value))
        return str(record) if record else f"an unpublished record (#{value})"
    if f.name == "stance" and (question := names.get((Question, row.question_id))):
        # A stance reads as the answer it gives to its question, never "Supports".
        return question.answer(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if f.name == "audit_faults":
        return ", ".join(AuditFault(code).label for code in value) or EMPTY
    return str(value)


def _links(row, link):
    return getattr(row, link.accessor).all()


def _show_m2m(link, row, names):
    if row is None:
        return EMPTY
    shown = sorted(
        str(names.get((link.model, getattr(r, link.attname)), "?")) for r in _links(row, link)
    )
    return ", ".join(shown) or EMPTY
