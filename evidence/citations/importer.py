"""Import references into sources: new ones as drafts, known ones completed (empty fields
only, never a curator's value), in one transaction with one refresh of disagreements."""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from evidence import disagreements, revisions
from evidence.citations import formats, matching, names
from evidence.citations.records import Unreadable
from evidence.constants import SourceKind, Status
from evidence.models import Revision, Source

CREATED, COMPLETED, DUPLICATE, REJECTED = "created", "completed", "duplicate", "rejected"
FILLED = [
    "authors",
    "year",
    "venue",
    "volume",
    "issue",
    "pages",
    "abstract",
    "url",
    "doi",
    "pmid",
]


@dataclass
class Entry:
    """What happened to one entry of the file."""

    line: int
    outcome: str
    title: str = ""
    source: Source | None = None
    detail: str = ""

    def __str__(self):
        name = f'"{self.source.name}"' if self.source else ""
        said = {
            CREATED: f"created {name} as a draft",
            COMPLETED: f"completed {name}: {self.detail}",
            DUPLICATE: f"skipped, a duplicate of {name} ({self.detail})",
            REJECTED: f"rejected: {self.detail}",
        }[self.outcome]
        return f"Line {self.line}: {said}."


@dataclass
class Report:
    format: str
    dry_run: bool
    entries: list[Entry] = field(default_factory=list)

    def count(self, outcome):
        return sum(entry.outcome == outcome for entry in self.entries)

    @property
    def summary(self):
        counts = ", ".join(
            f"{self.count(o)} {o}" for o in (CREATED, COMPLETED, DUPLICATE, REJECTED)
        )
        verb = "would give" if self.dry_run else "gave"
        return f"{len(self.entries)} {self.format} entries {verb}: {counts}."


def import_citations(data, user=None, dry_run=False):
    """Read ``data`` (bytes or text) and import it; the Report says what each entry became.
    With ``dry_run`` everything is done and then rolled back, so the report is exact."""
    text = formats.decode(data) if isinstance(data, bytes) else data
    name, read = formats.read(text)
    report = Report(name, dry_run)
    with transaction.atomic():
        with disagreements.batch():
            created = {}  # source pk → the line of the entry that created it
            for line, citation in read:
                report.entries.append(_import_one(line, citation, user, created))
        transaction.set_rollback(dry_run)
    return report


def _import_one(line, citation, user, created):
    if isinstance(citation, Unreadable):
        return Entry(line, REJECTED, detail=str(citation))
    source, matched_by = matching.existing(citation)
    if source is None:
        return _create(line, citation, user, created)
    where = f"same {matched_by}" + (
        f" as line {created[source.pk]}" if source.pk in created else ""
    )
    values, conflicts = _fill(source, citation)
    if not values:
        return Entry(line, DUPLICATE, citation.title, source, "; ".join([where, *conflicts]))
    return _complete(line, citation, source, values, user, where)


def _create(line, citation, user, created):
    source = Source(
        title=citation.title,
        label=names.short_label(citation.authors, citation.more_authors, citation.year),
        **_offered(citation),
        kind=citation.kind,
        status=Status.DRAFT,
        created_by=user,
    )
    source.slug = _free_slug(source)
    try:
        source.full_clean()
    except ValidationError as error:
        return Entry(line, REJECTED, citation.title, detail=_said(error))
    source.save()
    created[source.pk] = line
    return Entry(line, CREATED, citation.title, source)


def _offered(citation):
    """{field: value} of every field an entry gives a source."""
    offered = {name: getattr(citation, name) for name in FILLED if name != "authors"}
    return {"authors": names.joined(citation.authors, citation.more_authors), **offered}


def _fill(source, citation):
    """({field: value} for the source's empty fields the entry can fill, [why some cannot])."""
    values, conflicts = {}, []
    for name, value in _offered(citation).items():
        if value in ("", None) or getattr(source, name) not in ("", None):
            continue
        if name in ("doi", "pmid") and matching.taken_elsewhere(source, name, value):
            conflicts.append(f"its {name.upper()} {value} belongs to another source")
            continue
        values[name] = value
    if source.kind == SourceKind.NOT_STATED and citation.kind != SourceKind.NOT_STATED:
        values["kind"] = citation.kind
    return values, conflicts


def _complete(line, citation, source, values, user, where):
    edited = copy.copy(source)
    for name, value in values.items():
        setattr(edited, name, value)
    try:
        edited.clean_fields(exclude=[f.name for f in Source._meta.fields if f.name not in values])
    except ValidationError as error:
        return Entry(line, REJECTED, citation.title, source, _said(error))
    filled = f"filled {', '.join(_label(name) for name in values)} ({where})"
    if source.status != Status.PUBLISHED:
        edited.save()
        return Entry(line, COMPLETED, citation.title, edited, filled)
    return _propose(line, citation, source, edited, user, filled, where)


def _propose(line, citation, source, edited, user, filled, where):
    """A published source is not changed at once: the filled fields wait for four eyes."""
    if user is None:
        note = f"{where}; it is published, so filling it needs a curator's name (--user)"
        return Entry(line, DUPLICATE, citation.title, source, note)
    proposal = revisions.proposed(source, edited, {})
    waiting = Revision.objects.of(source).pending().first()
    if waiting is not None and waiting.changes == proposal:
        return Entry(line, DUPLICATE, citation.title, source, f"{where}; this change already waits")
    try:
        revisions.propose(source, source.version, proposal, user)
    except revisions.RevisionRefused as refused:
        return Entry(line, DUPLICATE, citation.title, source, f"{where}; {_said(refused)}")
    return Entry(line, COMPLETED, citation.title, source, f"{filled}, waiting for a second curator")


def _free_slug(source):
    family = names.split(source.authors)[0][0][0] if source.authors else ""
    base = slugify(f"{family} {source.year or ''} {source.title}")[:72].strip("-") or "source"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _label(name):
    return Source._meta.get_field(name).verbose_name


def _said(error):
    return " ".join(str(m).rstrip(".") + "." for m in error.messages).rstrip(".")
