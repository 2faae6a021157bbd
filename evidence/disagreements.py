"""Disagreement state kept on write, and read by every page and the API.

Any change that can alter a disagreement (a claim saved, deleted or re-routed; a source or
question published, retracted or re-graded) refreshes the disagreements it touches, in
the same transaction, by running the rule in ``evidence.disputes`` on those claims only.
``rebuild()`` runs it on everything; a test checks that both give the same state.

Cost: a write refreshes k disagreements at O(c log c) each, c being the published claims
of that question or measure (and the most-quoted documents are recounted, see
``evidence.source_matrix``); a page reads the active disagreements and their sides with
a fixed number of queries, whatever the number of claims. Nothing scans all claims per
request.
"""

import contextvars
import math
from contextlib import contextmanager

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Prefetch

from evidence import disputes, ranges, route_cells, source_matrix
from evidence.models import (
    AdverseEffectReport,
    Claim,
    Disagreement,
    DisagreementKind,
    DisagreementSide,
    DisputeReason,
    Question,
    SelfContradiction,
    Source,
)

# Inside batch(): the identities waiting to be refreshed when the batch ends; REBUILD
# inside batch(refresh=False), when there is nothing to note because a rebuild follows.
_pending = contextvars.ContextVar("pending_disagreements", default=None)
REBUILD = "rebuild"


@contextmanager
def batch(refresh=True):
    """Refresh once at the end, not after every write: bulk loads and imports. With
    ``refresh=False`` the caller promises a ``rebuild()`` instead (which also stores
    which claims the public sees, see ``Claim.public``)."""
    if _pending.get() is not None:  # already batching: the outer batch refreshes
        yield
        return
    token = _pending.set((set(), set(), set()) if refresh else REBUILD)
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    if refresh:
        questions, measures, topics = pending
        _refresh(questions, measures, topics=topics)


def watching():
    """Whether writes should note what they touch (not when a rebuild follows)."""
    return _pending.get() is not REBUILD


def touch(questions=(), measures=(), topics=()):
    """Note that these questions' and measures' disagreements may have changed, and the
    map cells of their topics (and of ``topics``: one a question has just left)."""
    pending = _pending.get()
    if pending is None:
        _refresh(questions, measures, topics=topics)
    elif pending is not REBUILD:
        pending[0].update(questions)
        pending[1].update(measures)
        pending[2].update(topics)


def _refresh(question_ids=(), measures=(), everything=False, topics=()):
    """Recompute the named disagreements from the published claims and store them, the
    route map's cells of the topics they bear on (``topics`` too) and the routes' claims
    per question (None among ``question_ids``: on no question).
    ``measures`` are (quantity, unit, route id, population) tuples. With ``everything``
    the rule runs once over all published claims instead of once per measure."""
    # None among the questions: a claim answering none was touched.
    unattached = None in question_ids
    question_ids = {pk for pk in question_ids if pk is not None}
    measures = set(measures)
    published = Claim.objects.published()
    # What is stored now, read once, with its sides and routes, for the comparison.
    stored = Disagreement.objects.prefetch_related("sides", "routes")
    with transaction.atomic():
        if question_ids:
            scoped = published if everything else published.filter(question_id__in=question_ids)
            found, contradictions = disputes.stance_disputes(scoped)
            _store_contradictions(question_ids, contradictions)
            found = {d.question_id: d for d in found}
            records = {
                r.question_id: r
                for r in stored.filter(kind=DisagreementKind.STANCE, question_id__in=question_ids)
            }
            live = Question.objects.filter(pk__in=question_ids).values_list("pk", "topic")
            for question_id, topic in live:
                identity = {"kind": DisagreementKind.STANCE, "question_id": question_id}
                _store(records.get(question_id), identity, topic, found.get(question_id))
                topics = {*topics, topic}
            # The most-quoted documents count public claims on questions, and only those.
            source_matrix.store()
        if everything:
            route_cells.store()
        elif topics:
            route_cells.store(topics)
        if everything or question_ids or unattached:
            route_cells.store_per_question(question_ids, unattached, everything)
        if not measures:
            return
        if everything:
            found = {d.measure: d for d in disputes.numeric_disputes(published)}
        else:
            found = {}
            for measure in sorted(measures):  # in one order: rows written in one order
                quantity, unit, route_id, population = measure
                scoped = published.filter(
                    quantity=quantity, unit=unit, population=population, routes=route_id
                )
                # Only this measure's: the scoped claims' other routes make partial groups
                # (a claim about IV and nasal, without the nasal-only claims), which must
                # not stand in for those measures' own refresh.
                found |= {
                    d.measure: d for d in disputes.numeric_disputes(scoped) if d.measure == measure
                }
        route_ids = {measure[2] for measure in measures}
        numeric = stored.filter(kind=DisagreementKind.NUMERIC, route_id__in=route_ids)
        records = {(r.quantity, r.unit, r.route_id, r.population): r for r in numeric}
        for measure in measures:
            quantity, unit, route_id, population = measure
            identity = {
                "kind": DisagreementKind.NUMERIC,
                "quantity": quantity,
                "unit": unit,
                "route_id": route_id,
                "population": population,
            }
            topic = disputes.QUANTITY_TOPIC[quantity]
            _store(records.get(measure), identity, topic, found.get(measure))


def rebuild():
    """Recompute every disagreement from scratch (management command rebuild_disagreements),
    after which claims and reports the public sees, as writes in ``batch(refresh=False)``
    skip that too."""
    with transaction.atomic():
        Claim.objects.refresh_public()
        AdverseEffectReport.objects.refresh_public()
        question_ids = set(Question.objects.values_list("pk", flat=True))
        measures = set(
            Claim.objects.numeric()
            .filter(routes__isnull=False)
            .values_list("quantity", "unit", "routes__id", "population")
        )
        known = Disagreement.objects.filter(kind=DisagreementKind.NUMERIC)
        measures |= set(known.values_list("quantity", "unit", "route_id", "population"))
        _refresh(question_ids, measures, everything=True)


def _store(record, identity, topic, found):
    """Write one disagreement's state (``record``: what is stored now, or None), touching
    the database only where it changed; a disagreement that is not current is kept,
    inactive, once it has ever existed."""
    if record is None and found is None:
        return
    if record is None:
        record = Disagreement(**identity, topic=topic)
    sides = [_side(position, side) for position, side in enumerate(found.sides if found else [])]
    if (
        record.pk is not None
        and record.active == (found is not None)
        and record.topic == topic
        and _state(record.sides.all()) == _state(sides)
        and {route.pk for route in record.routes.all()} == (found.route_ids if found else set())
    ):
        return
    record.active, record.topic = found is not None, topic
    record.save()
    record.sides.all().delete()
    for side in sides:
        side.disagreement = record
    DisagreementSide.objects.bulk_create(sides)
    record.routes.set(found.route_ids if found else [])


def _contradiction_state(records):
    return sorted(
        (c.question_id, c.source_id, list(c.supporting), list(c.opposing)) for c in records
    )


def _store_contradictions(question_ids, found):
    """Replace the questions' stored self-contradictions, where they changed."""
    stored = SelfContradiction.objects.filter(question_id__in=question_ids)
    if _contradiction_state(stored) == _contradiction_state(found):
        return
    stored.delete()
    SelfContradiction.objects.bulk_create(
        SelfContradiction(
            question_id=c.question_id,
            source_id=c.source_id,
            supporting=c.supporting,
            opposing=c.opposing,
        )
        for c in found
    )


def _side(position, side):
    return DisagreementSide(
        position=position,
        stance=getattr(side, "stance", "") or "",
        low=None if side.low is None or math.isinf(side.low) else side.low,
        high=None if side.high is None or math.isinf(side.high) else side.high,
        claim_count=len(side.claim_ids),
        claim_ids=side.claim_ids,
        source_ids=side.source_ids,
        best_level=side.best_level,
        best_certainty=side.best_certainty or "",
        best_claim_id=side.best_claim_id,
    )


_SIDE_FIELDS = ("position", "stance", "low", "high", "claim_ids", "source_ids", "best_level")
_SIDE_FIELDS += ("best_certainty", "best_claim_id")


def _state(sides):
    """What a list of sides says, for comparison: stored rows and fresh ones alike."""
    return [tuple(getattr(side, name) for name in _SIDE_FIELDS) for side in sides]


def state():
    """Every disagreement's whole state, the self-contradictions, the claims the public
    sees, the route map's cells and the most-quoted documents, comparable between
    incremental upkeep and a rebuild (the consistency test)."""
    records = Disagreement.objects.prefetch_related("sides", "routes").order_by(
        "kind", "question_id", "quantity", "unit", "route_id", "population"
    )
    return [
        (
            r.kind,
            r.question_id,
            r.quantity,
            r.unit,
            r.route_id,
            r.population,
            r.active,
            r.topic,
            sorted(route.pk for route in r.routes.all()),
            _state(r.sides.all()),
        )
        for r in records
    ] + [
        _contradiction_state(SelfContradiction.objects.all()),
        sorted(Claim.objects.published().values_list("pk", flat=True)),
        sorted(AdverseEffectReport.objects.published().values_list("pk", flat=True)),
        route_cells.state(),
        source_matrix.state(),
    ]


# What a write touches ------------------------------------------------------------------


def claim_identities(claims):
    """The questions (None: no question) and measures ``claims`` bear on, as stored now.
    ``claims``: ids, or a queryset of claims read as a subquery: a route's or a source's
    claims may be more than a query can carry as parameters (65,535 on PostgreSQL)."""
    rows = Claim.objects.filter(pk__in=claims)
    questions = set(rows.values_list("question_id", flat=True))
    measures = set(
        rows.numeric()
        .filter(routes__isnull=False)
        .values_list("quantity", "unit", "routes__id", "population")
    )
    return questions, measures


def question_identities(question_id):
    """Everything a question's claims bear on: the question, and the measures of those
    with numbers (publishing or retracting a question shows or hides its numbers too)."""
    questions, measures = claim_identities(Claim.objects.filter(question_id=question_id))
    return questions | {question_id}, measures


def source_identities(source_id):
    """Everything a source's claims, quoted or cited, bear on."""
    return claim_identities(Claim.objects.of_source(source_id))


# What pages read ------------------------------------------------------------------------


# Disagreements on one page of /disputes/; disputed questions on the home page.
PER_PAGE, HOME_LIMIT = 25, 12
# Sources named on a side, strongest first; the rest are counted.
SOURCES_SHOWN = 4
# Ends in the route's name and the pk so ties (routes share a position) never reorder pages.
LIST_ORDER = [
    "-kind",
    "question__text",
    "quantity",
    "route__position",
    "route__name",
    "population",
    "pk",
]


def _sides_with_best_claims():
    """Sides with their strongest claim (what pages show as a side's gist), in the same
    query; not the documents' stored text."""
    return Prefetch(
        "sides",
        DisagreementSide.objects.select_related(
            "best_claim__document", "best_claim__cites", "best_claim__question"
        ).defer("best_claim__document__full_text", "best_claim__cites__full_text"),
    )


def _active(topic=None, route=None, kind=None, best_claims=True):
    # Pages show each side's strongest claim; the API lists ids only.
    sides = _sides_with_best_claims() if best_claims else "sides"
    records = (
        Disagreement.objects.active()
        .select_related("question", "route", "explanation")
        .prefetch_related(sides, "routes", "explanation__reasons")
    )
    if topic:
        records = records.filter(topic=topic)
    if route:
        records = records.filter(routes__slug=route)
    if kind:
        records = records.filter(kind=kind)
    return records


def current(topic=None, route=None, kind=None, with_records=True, questions=None, among=None):
    """Every active disagreement, answers first then numbers, with their sides and
    published explanations; ``route`` is a route slug. ``questions`` limits it to those
    questions' disagreements, ``among`` to those disagreements (a page of the API, from
    ``listed()``). A fixed number of queries."""
    records = _active(topic, route, kind, best_claims=with_records)
    if questions is not None:
        records = records.filter(question__in=questions)
    if among is not None:
        records = records.filter(pk__in=[record.pk for record in among])
    found = [_dispute(record) for record in records.order_by(*LIST_ORDER)]
    return attach_records(found) if with_records else found


def listed():
    """The active disagreements in list order, bare, for an API page to fill (``among``)."""
    return Disagreement.objects.active().order_by(*LIST_ORDER).only("pk")


def current_page(topic=None, route=None, page_number=1):
    """One page of ``current()``, and the Paginator page (its count is one indexed query)."""
    page = Paginator(_active(topic, route).order_by(*LIST_ORDER), PER_PAGE).get_page(page_number)
    return attach_records([_dispute(record) for record in page]), page


def contested_questions(limit=None):
    """What the home page lists: the first ``limit`` questions sources answer both ways,
    in the curators' order (the questions psychiatrists ask most first), then by title;
    and how many there are in all."""
    records = _active(kind=DisagreementKind.STANCE).order_by(
        F("question__priority").asc(nulls_last=True), "question__text"
    )
    shown = records[: limit or HOME_LIMIT]
    return attach_records([_dispute(record) for record in shown]), records.count()


def contested_question_ids():
    """A subquery of the questions whose answers disagree, for filters."""
    stance = Disagreement.objects.active().filter(kind=DisagreementKind.STANCE)
    return stance.values("question_id")


def for_question(question):
    """The question's disagreement (or None) and its self-contradictions, as stored."""
    records = list(
        Disagreement.objects.active()
        .filter(question=question)
        .select_related("question", "explanation")
        .prefetch_related(_sides_with_best_claims())
    )
    # Read whether or not the disagreement is explained, so that a contested question's
    # page asks as many queries either way (a prefetch skips an unexplained one's).
    reasons = list(DisputeReason.objects.filter(explanation__disagreement__in=records))
    found = [
        _dispute(record, with_routes=False, reasons=reasons)  # the page names no routes
        for record in records
    ]
    attach_records(found)
    contradictions = question.self_contradictions.select_related("source").defer(
        "source__full_text"
    )
    return (found[0] if found else None), list(contradictions)


_BEST_CLAIM = DisagreementSide._meta.get_field("best_claim")


def _dispute(record, with_routes=True, reasons=None):
    """``reasons``: read already for these records (else prefetched with them)."""
    explanation = getattr(record, "explanation", None)
    if explanation is not None and not explanation.is_published:
        explanation = None
    if explanation is None:
        reasons = []
    elif reasons is None:
        reasons = list(explanation.reasons.all())
    else:
        reasons = [reason for reason in reasons if reason.explanation_id == explanation.pk]
    sides = [
        disputes.Side(
            label=_side_label(record, side),
            stance=side.stance,
            claim_ids=side.claim_ids,
            source_ids=side.source_ids,
            best_level=side.best_level,
            best_certainty=side.best_certainty or None,
            low=side.low,
            high=side.high,
            best_claim_id=side.best_claim_id,
            best_claim=side.best_claim if _BEST_CLAIM.is_cached(side) else None,
        )
        for side in record.sides.all()
    ]
    routes = record.routes.all() if with_routes else []
    return disputes.Dispute(
        kind=record.kind,
        key=record.key,
        title=record.title,
        topic=record.topic,
        sides=sides,
        question_id=record.question_id,
        question=record.question,
        explanation=explanation,
        reasons=reasons,
        route_ids={route.pk for route in routes},
        route_slugs={route.slug for route in routes},
    )


def _side_label(record, side):
    if record.kind == DisagreementKind.STANCE:
        return record.question.answer(side.stance)
    return ranges.label(side.low, side.high, record.unit)


def attach_records(found):
    """Attach each side's strongest claim (unless its side brought it along) and its
    strongest sources, in at most two queries: pages show a side's gist, never all of its
    claims, so the cost does not grow with the evidence."""
    missing = {s.best_claim_id for d in found for s in d.sides if s.best_claim is None}
    # A side shows its strongest claim's words and link, never its routes.
    claims = Claim.objects.with_records().in_bulk(missing)
    # Sides are named by their strongest few sources: a side of 3,000 would fill the page.
    source_ids = {pk for d in found for s in d.sides for pk in s.source_ids[:SOURCES_SHOWN]}
    sources = Source.objects.defer("full_text").in_bulk(source_ids)
    for dispute in found:
        for side in dispute.sides:
            if side.best_claim is None:
                side.best_claim = claims.get(side.best_claim_id)
            shown = side.source_ids[:SOURCES_SHOWN]
            side.sources = [sources[pk] for pk in shown if pk in sources]
            side.more_sources = len(side.source_ids) - len(shown)
    return found
