"""What changed that the public may see, read from history: the Atom feeds, a question's
"what changed since" page and the watchers' daily digest all list these entries.

An entry is one history row compared with the record's row before it:

- a claim published (it became published, whatever it was before), retracted or superseded
  (it had been published), or answering its question differently while published;
- a curator's account of a disagreement made public, changed (its status) while public, or
  withdrawn.

Neither row of a draft's edit is published, so drafts never appear. An entry names only
what the public may see now: the claim's document, cited study and question, the
disagreement's question. Each list holds the newest ``LIMIT`` entries, read in three
queries however long the history.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from evidence.constants import ExplanationStatus, Status
from evidence.models import (
    Claim,
    Disagreement,
    DisagreementKind,
    DisputeExplanation,
    Question,
    Source,
)

LIMIT = 50
PUBLISHED = Status.PUBLISHED
WITHDRAWN = [Status.RETRACTED, Status.SUPERSEDED]


class Kind(models.TextChoices):
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"
    SUPERSEDED = "superseded", "Superseded"
    ANSWER = "answer", "Answer changed"
    EXPLANATION = "explanation", "Explanation changed"


@dataclass(frozen=True)
class Entry:
    when: datetime
    kind: Kind
    record: object  # the history row
    question: Question | None
    source: Source | None
    title: str
    sentence: str  # read under its question (a page's heading, a digest's)
    detail: str  # the claim's paraphrase, when it has one
    url: str
    link_label: str  # what the link leads to, e.g. "See the claim"
    uid: str  # unique among all entries, for feed ids and page anchors

    @property
    def in_context(self):
        """The sentence read alone (a feed entry): with its question."""
        return f"On “{self.question.text}”: {self.sentence}" if self.question else self.sentence


def start_of(day):
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def for_question(question, since=None, until=None, limit=LIMIT):
    return _entries(
        Q(question_id=question.pk), Q(disagreement__question_id=question.pk), since, until, limit
    )


def for_questions(question_ids, since=None, until=None, limit=LIMIT):
    """Changes to any of the questions (a reviewer's watched ones)."""
    claims, explanations = (
        Q(question_id__in=question_ids),
        Q(disagreement__question_id__in=question_ids),
    )
    return _entries(claims, explanations, since, until, limit)


def for_source(source, since=None, until=None, limit=LIMIT):
    """Changes to the claims read in the source or attributed to it."""
    return _entries(Q(document_id=source.pk) | Q(cites_id=source.pk), None, since, until, limit)


def for_disputes(since=None, until=None, limit=LIMIT):
    """Changes to the claims on questions sources answer both ways, and to the curators'
    account of every disagreement (numbers that do not overlap too). Disagreements that
    ended count: the retraction that ended one is news."""
    disputed = Disagreement.objects.filter(kind=DisagreementKind.STANCE).values("question_id")
    return _entries(Q(question_id__in=disputed), Q(), since, until, limit)


def counts(entries):
    """[(kind's label, how many)] in the order of Kind, for a summary line."""
    found = Counter(entry.kind for entry in entries)
    return [(kind.label, found[kind]) for kind in Kind if found[kind]]


def _entries(claim_scope, explanation_scope, since, until, limit):
    found = _claim_entries(claim_scope, since, until, limit)
    if explanation_scope is not None:
        found += _explanation_entries(explanation_scope, since, until, limit)
    found.sort(key=lambda entry: entry.when, reverse=True)
    return found[:limit]


def _rows(model, scope, since, until, watched, limit):
    """The newest ``limit`` history rows of ``model`` in ``scope`` where the public saw a
    change: published now and before it was not (or ``watched`` differs), or withdrawn from
    published. Each carries ``was_status`` and ``was_<watched>`` from the row before."""
    history = model.history.model
    rows = history.objects.filter(scope).exclude(history_type="-")
    if since is not None:
        rows = rows.filter(history_date__gte=since)
    if until is not None:
        rows = rows.filter(history_date__lt=until)
    # The row before, by a correlated subquery: a window function would see only the rows
    # the date filters leave, and so miss the row just before ``since``.
    earlier = (
        history.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
    )
    rows = rows.annotate(
        was_status=Subquery(earlier.values("status")[:1]),
        **{f"was_{watched}": Subquery(earlier.values(watched)[:1])},
    )
    not_shown_before = Q(was_status__isnull=True) | ~Q(was_status=PUBLISHED)
    shown = Q(status=PUBLISHED) & (not_shown_before | ~Q(**{watched: models.F(f"was_{watched}")}))
    withdrawn = Q(status__in=WITHDRAWN, was_status=PUBLISHED)
    return rows.filter(shown | withdrawn).order_by("-history_date", "-history_id")[:limit]


def _claim_entries(scope, since, until, limit):
    public_sources = Source.objects.published()
    names_public = Q(document__in=public_sources)
    names_public &= Q(cites__isnull=True) | Q(cites__in=public_sources)
    names_public &= Q(question__isnull=True) | Q(question__in=Question.objects.published())
    rows = list(
        _rows(Claim, scope & names_public, since, until, "stance", limit)
        .select_related("document", "question")
        .defer("document__full_text")
    )
    # A claim retracted since is no longer public: its entries link to its question instead.
    public = set(
        Claim.objects.published()
        .filter(pk__in={row.id for row in rows})
        .values_list("pk", flat=True)
    )
    return [_claim_entry(row, row.id in public) for row in rows]


def _claim_entry(row, public):
    if row.status != PUBLISHED:
        kind = Kind(row.status)
    else:
        kind = Kind.ANSWER if row.was_status == PUBLISHED else Kind.PUBLISHED
    source, question = row.document, row.question
    shown = Claim(pk=row.id) if public else (question or source)
    label = type(shown)._meta.verbose_name
    return Entry(
        when=row.history_date,
        kind=kind,
        record=row,
        question=question,
        source=source,
        title=f"{kind.label}: {source.name}",
        sentence=_claim_sentence(kind, source, question, row),
        detail=row.paraphrase,
        url=shown.get_absolute_url(),
        link_label=f"See the {label}",
        uid=f"claim-change-{row.history_id}",
    )


def _claim_sentence(kind, source, question, row):
    answer = question and f"“{question.answer(row.stance)}”"
    if kind == Kind.ANSWER:
        # A claim given a question while published had no answer before.
        before = row.was_stance and f", no longer “{question.answer(row.was_stance)}”"
        return f"A claim from {source.name} now answers {answer}{before or ''}."
    if kind == Kind.PUBLISHED:
        return f"A claim from {source.name} was published" + (
            f": it answers {answer}." if answer else "."
        )
    how = "was retracted" if kind == Kind.RETRACTED else "was replaced by a newer claim"
    return f"A claim from {source.name} {how}" + (
        f": its answer {answer} no longer counts." if answer else " and no longer counts."
    )


def _explanation_entries(scope, since, until, limit):
    names_public = Q(disagreement__question__isnull=True)
    names_public |= Q(disagreement__question__in=Question.objects.published())
    rows = _rows(
        DisputeExplanation, scope & names_public, since, until, "explanation_status", limit
    )
    rows = rows.select_related("disagreement__question", "disagreement__route")
    return [_explanation_entry(row) for row in rows]


def _explanation_entry(row):
    disagreement = row.disagreement
    # A disagreement about numbers has no question to stand under: it is named.
    about = "why sources disagree" + (
        "" if disagreement.question_id else f" on “{disagreement.title}”"
    )
    now = ExplanationStatus(row.explanation_status).label
    if row.status != PUBLISHED:
        sentence = f"The curators withdrew their account of {about}."
    elif row.was_status == PUBLISHED:
        before = ExplanationStatus(row.was_explanation_status).label
        sentence = f"The curators’ account of {about} changed: now “{now}”, before “{before}”."
    else:
        sentence = f"The curators’ account of {about} is public: “{now}”."
    # Its route's page shows a disagreement about numbers.
    question = disagreement.question
    return Entry(
        when=row.history_date,
        kind=Kind.EXPLANATION,
        record=row,
        question=question,
        source=None,
        title=f"{Kind.EXPLANATION.label}: {disagreement.title}",
        sentence=sentence,
        detail="",
        url=(question or disagreement.route).get_absolute_url(),
        link_label="See the disagreement",
        uid=f"explanation-change-{row.history_id}",
    )
