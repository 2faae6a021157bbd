"""The route × topic map's cells, kept on write (called from ``evidence.disagreements``,
in the same transaction as the disagreements): a write recounts the topic columns it may
have changed, so the map page reads one small table whatever the number of claims.

A cell is disputed when, on some question of its topic, the public claims about its route
disagree: ``disputes.is_contested`` (supporters and opposers, and not only one document)
counted per route and question in SQL.
"""

from django.db.models import Count, Q, Sum

from evidence.constants import Stance
from evidence.models import Claim, RouteTopicCell


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


def store(topics=None):
    """Recount the cells of ``topics`` (None: every cell) and write what changed."""
    found = count(topics)
    stored = RouteTopicCell.objects.all()
    if topics is not None:
        stored = stored.filter(topic__in=topics)
    stored = {(cell.route_id, cell.topic): cell for cell in stored}
    gone = [cell.pk for key, cell in stored.items() if key not in found]
    RouteTopicCell.objects.filter(pk__in=gone).delete()
    changed, new = [], []
    for (route_id, topic), (claims, sources, disputed) in found.items():
        cell = stored.get((route_id, topic))
        if cell is None:
            new.append(RouteTopicCell(route_id=route_id, topic=topic))
            cell = new[-1]
        elif (cell.claim_count, cell.source_count, cell.disputed) == (claims, sources, disputed):
            continue
        else:
            changed.append(cell)
        cell.claim_count, cell.source_count, cell.disputed = claims, sources, disputed
    RouteTopicCell.objects.bulk_create(new)
    RouteTopicCell.objects.bulk_update(changed, ["claim_count", "source_count", "disputed"])


def share(route):
    """``route``'s share of the claims on the map (a claim about two routes counts for
    each): how common claims about it are."""
    totals = RouteTopicCell.objects.aggregate(
        route=Sum("claim_count", filter=Q(route=route)), every=Sum("claim_count")
    )
    return (totals["route"] or 0) / (totals["every"] or 1)


def state():
    """Every stored cell, comparable with a rebuild (the consistency test)."""
    return sorted(
        RouteTopicCell.objects.values_list(
            "route_id", "topic", "claim_count", "source_count", "disputed"
        )
    )
