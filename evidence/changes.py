"""What changed in a curated record, in plain words, for curators in the admin: between two
of its history rows (a refused stale save names what the other curator changed), or between
the live record and a change waiting for a second curator.

Values are compared as stored (a foreign key's id, a list of ids for a many-to-many field)
and shown as a curator reads them: choices by label, related records by name.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.text import Truncator
from simple_history.utils import get_m2m_reverse_field_name

from evidence.constants import AuditFault

EMPTY = "—"
SHOWN_CHARACTERS = 160
# JSON lists of codes, shown by their labels.
CODED_LISTS = {"audit_faults": AuditFault}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str

    def __str__(self):
        return f"{self.label}: {self.old} → {self.new}"


def content_fields(model):
    """The fields a curator edits, outside the publishing workflow (status) and bookkeeping
    (the version, timestamps, drafter and derived values are not editable)."""
    fields = model._meta.concrete_fields
    return [f for f in fields if f.editable and not f.primary_key and f.name != "status"]


def m2m_fields(model):
    return [f for f in model._meta.many_to_many if f.editable]


def describe(model, changed):
    """``changed`` is [(field name, old value, new value)] as stored; returns [Change]."""
    fields = [(model._meta.get_field(name), old, new) for name, old, new in changed]
    names = _names(fields)
    return [
        Change(str(f.verbose_name).capitalize(), _shown(f, old, names), _shown(f, new, names))
        for f, old, new in fields
    ]


@dataclass(frozen=True)
class Since:
    """Who changed a record after a version, when they last did, and what changed."""

    who: list
    when: object
    changes: list


def since(record, version):
    """From the record's history rows: the changes after ``version`` (django-simple-history
    diffs the row saved at that version against the newest)."""
    rows = list(
        record.history.filter(version__gte=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    at_version = [row for row in rows if row.version == version]
    base = at_version[-1] if at_version else None
    later = rows[rows.index(base) + 1 :] if base else rows
    if not later:
        return Since([], None, [])
    newest = later[-1]
    changes = []
    if base is not None:
        delta = newest.diff_against(base)
        changes = describe(type(record), [_stored(record, c) for c in delta.changes])
    who = list(dict.fromkeys(_who(row) for row in later))
    return Since(who, newest.history_date, changes)


def stale_message(record, version):
    """The form-level refusal of a save from ``version``: who changed the record, when, what."""
    noun = record._meta.verbose_name
    if version is None:
        return (
            f"This page did not say which version of the {noun} it was opened at, so it was "
            "not saved. Check the values below against the record, then save again."
        )
    found = since(record, version)
    who = " and ".join(found.who) or "Another curator"
    when = f" on {timezone.localtime(found.when):%-d %B %Y at %H:%M}" if found.when else ""
    what = "; ".join(map(str, found.changes)) or "no field you can edit here"
    return (
        f"{who} changed this {noun}{when}, after you opened it. They changed: {what}. "
        "Nothing was saved and nothing of theirs was overwritten. Your input is kept below: "
        "compare it with their changes, then save again to keep what the form now shows."
    )


def _stored(record, change):
    """A simple-history change as (name, old, new); m2m rows become lists of ids."""
    f = record._meta.get_field(change.field)
    if not f.many_to_many:
        return change.field, change.old, change.new
    target = get_m2m_reverse_field_name(f)
    return change.field, *([row[target] for row in rows] for rows in (change.old, change.new))


def _who(row):
    user = row.history_user
    if user is None:  # a command, such as the seed load, which names itself
        return row.history_change_reason or "a command"
    return user.get_full_name() or user.get_username()


def _names(fields):
    """{(model, pk): name} for every related record the values point at."""
    wanted = {}
    for f, old, new in fields:
        if f.is_relation:
            ids = [*(old or []), *(new or [])] if f.many_to_many else [old, new]
            wanted.setdefault(f.related_model, set()).update(ids)
    return {
        (model, pk): str(record)
        for model, ids in wanted.items()
        for pk, record in model._base_manager.in_bulk(ids - {None}).items()
    }


def _shown(f, value, names):
    if value in (None, "", []):
        return EMPTY
    if f.many_to_many:
        return ", ".join(sorted(names.get((f.related_model, pk), f"#{pk}") for pk in value))
    if f.is_relation:
        return names.get((f.related_model, value), f"a deleted record (#{value})")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.name in CODED_LISTS:
        return ", ".join(CODED_LISTS[f.name](code).label for code in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return f"“{Truncator(str(value)).chars(SHOWN_CHARACTERS)}”"
