"""The route × topic map's cells and each route's claims per question, kept on write
(called from ``evidence.disagreements``, in the same transaction as the disagreements): a
write recounts the topic columns and questions it may have changed, so the map page and a
route page read small tables whatever the number of claims. Cost: O(c) per write for the c
public claims of the touched questions (or of no question, when a write touches one).

A cell is disputed when, on some question of its topic, the public claims about its route
disagree: ``disputes.is_contested`` (supporters and opposers, and not only one document)
counted per route and question in SQL.
"""

from django.db.models import Count, Q, Sum

from evidence.constants import Stance
from evidence.models import Claim, RouteQuestionCount, RouteTopicCell


def _documents(*stances):
    return Count("document", distinct=True, filter=Q(stance__in=stances))


def count(topics=None):
    """{(route id, topic): (claims, sources, disputed)} for ``topics`` (None: all)."""
    about = Claim.objects.published().exclude(question=None).filter(routes__isnull=False)
    if topics is not None:
        about = about.filter(question__topic__in=topics)
    cells = about.values("routes", "question__topic").annotate(
        n=Count("pk", distinct=True), sources=Count("document", distinct=True)
    )
    found = {
        (row["routes"], row["question__topic"]): [row["n"], row["sources"], False]
        for row in cells.order_by()
    }
    contested = (
        about.values("routes", "question_id", "question__topic")
        .annotate(
            yes=_documents(Stance.SUPPORTS),
            no=_documents(Stance.OPPOSES),
            both=_documents(Stance.SUPPORTS, Stance.OPPOSES),
        )
        .filter(yes__gt=0, no__gt=0, both__gte=2)
        .order_by()
    )
    for row in contested:
        found[(row["routes"], row["question__topic"])][2] = True
    return {key: tuple(value) for key, value in found.items()}


def _write(model, stored, keys, values, found):
    """Make ``stored`` ({key: row}) say ``found`` ({key: values}), writing only what
    changed: rows no longer found deleted, new ones added, changed ones updated. ``keys``
    and ``values`` name the fields of a key and of its values."""
    model.objects.filter(
        pk__in=[row.pk for key, row in stored.items() if key not in found]
    ).delete()
    changed, new = [], []
    for key, counted in found.items():
        row = stored.get(key)
        if row is None:
            new.append(
                model(
                    **dict(zip(keys, key, strict=True)), **dict(zip(values, counted, strict=True))
                )
            )
        elif tuple(getattr(row, field) for field in values) != counted:
            for field, value in zip(values, counted, strict=True):
                setattr(row, field, value)
            changed.append(row)
    model.objects.bulk_create(new)
    model.objects.bulk_update(changed, values)


def store(topics=None):
    """Recount the cells of ``topics`` (None: every cell) and write what changed."""
    stored = RouteTopicCell.objects.all()
    if topics is not None:
        stored = stored.filter(topic__in=topics)
    _write(
        RouteTopicCell,
        {(cell.route_id, cell.topic): cell for cell in stored},
        ["route_id", "topic"],
        ["claim_count", "source_count", "disputed"],
        count(topics),
    )


def share(route):
    """``route``'s share of the claims on the map (a claim about two routes counts for
    each): how common claims about it are."""
    totals = RouteTopicCell.objects.aggregate(
        route=Sum("claim_count", filter=Q(route=route)), every=Sum("claim_count")
    )
    return (totals["route"] or 0) / (totals["every"] or 1)


def state():
    """Every stored cell and count, comparable with a rebuild (the consistency test)."""
    cells = RouteTopicCell.objects.values_list(
        "route_id", "topic", "claim_count", "source_count", "disputed"
    )
    counts = RouteQuestionCount.objects.values_list("route_id", "question_id", "claim_count")
    # None sorts with no other question id: -1 stands for it.
    return sorted(cells) + sorted((r, -1 if q is None else q, n) for r, q, n in counts)


# A route's claims per question ------------------------------------------------------------


def _scope(question_ids, unattached):
    scope = Q(question_id__in=question_ids)
    return scope | Q(question__isnull=True) if unattached else scope


def count_per_question(scope):
    """{(route id, question id or None): (public claims about the route answering it,)}."""
    about = Claim.objects.published().filter(scope, routes__isnull=False)
    rows = about.values_list("routes", "question_id").annotate(n=Count("pk")).order_by()
    return {(route_id, question_id): (n,) for route_id, question_id, n in rows}


def store_per_question(question_ids=(), unattached=False, everything=False):
    """Recount the routes' claims on ``question_ids`` (and on no question, when
    ``unattached``; every count, when ``everything``) and write what changed."""
    scope = Q() if everything else _scope(question_ids, unattached)
    _write(
        RouteQuestionCount,
        {(c.route_id, c.question_id): c for c in RouteQuestionCount.objects.filter(scope)},
        ["route_id", "question_id"],
        ["claim_count"],
        count_per_question(scope),
    )


def per_question(route):
    """[{"question_id", "n"}] for ``route``'s public claims, as the live count gives them
    (``pages.questions.grouped_by_question``)."""
    rows = RouteQuestionCount.objects.filter(route=route).values_list("question_id", "claim_count")
    return [{"question_id": question_id, "n": n} for question_id, n in rows]
