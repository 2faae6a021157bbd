"""What question, source and route pages show of their claims: strongest first, a page at a
time, so a page's cost does not grow with the evidence behind it."""

import math
from dataclasses import dataclass
from itertools import zip_longest

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, prefetch_related_objects

from evidence import extensions, route_cells
from evidence.constants import Stance
from evidence.models import Claim, Question
from evidence.models.strength import STRENGTH_ORDER
from evidence.pages.picking import Pick, first_of_each

# The two sides first, next to each other; mixed and neutral claims follow.
COLUMN_ORDER = [Stance.SUPPORTS, Stance.OPPOSES, Stance.MIXED, Stance.NEUTRAL]
# Claims of each side on one page of a question; questions on one page of a source or
# route, and claims shown for each.
PER_SIDE, GROUPS_PER_PAGE, PER_GROUP, PLOT_LIMIT = 6, 10, 5, 24
# A route page is a list of the questions asked about the route, each folded: its three
# strongest claims on each say where the evidence points, and the question's page has the
# rest. Five made the IV page 113 KB (80 KB now) and 51-55 ms to render at 100,000 claims
# on SQLite (42 ms now).
PER_ROUTE_GROUP = 3


@dataclass
class Column:
    stance: str
    label: str
    claims: list
    total: int


@dataclass
class Block:
    columns: list
    rows: list


@dataclass
class Sides:
    blocks: list
    page: int
    pages: int


def cards(claims):
    """``claims`` with what their cards show, but their routes: a page reads those for all
    its claims in one query. Only the claims shown are read so: the queries that pick them
    are built from the bare ``claims``, cheaper to compile."""
    return extensions.annotate_claims(claims.with_records())


def sides(question, claims, page):
    """The claims on ``question`` (that the reader may see) by stance, named by its
    answers, strongest first, as ``cards``: ``page`` (from 1) holds the next PER_SIDE of
    each side. Two queries: the counts; the page's claims. A question with thousands of
    claims costs what a small one does."""
    totals = dict(claims.order_by().values_list("stance").annotate(n=Count("pk")))
    pages = max(1, math.ceil(max(totals.values(), default=0) / PER_SIDE))
    page = min(max(page, 1), pages)
    stances = [stance for stance in COLUMN_ORDER if totals.get(stance)]
    # Each side's page through the stored strength order (claim_side_strength_idx).
    first = (page - 1) * PER_SIDE
    side_pages = Pick(claims, "stance", stances, first, PER_SIDE, STRENGTH_ORDER)
    shown = {stance: [] for stance in stances}
    for claim in cards(_picked(side_pages)).strongest_first():
        shown[claim.stance].append(claim)
    columns = [Column(s, question.answer(s), shown[s], totals[s]) for s in stances]
    return Sides(blocks(columns), page, pages)


def sides_and_numbers(question, claims, page):
    """A question page's ``sides()`` and ``plotted()`` claims, their routes read in one
    query for both."""
    found, numbers = sides(question, claims, page), plotted(claims)
    shown = [claim for block in found.blocks for column in block.columns for claim in column.claims]
    prefetch_related_objects([*shown, *numbers], "routes")
    return found, numbers


def blocks(columns):
    """The columns two by two (the two answers first, then mixed and neutral), each pair
    laid out row by row: side by side on a desk, interleaved on a phone, so a reader
    never scrolls through every claim of one side before seeing the other."""
    pairs = [columns[i : i + 2] for i in range(0, len(columns), 2)]
    return [
        Block(pair, [list(row) for row in zip_longest(*(c.claims for c in pair))]) for pair in pairs
    ]


@dataclass
class Group:
    question: object  # None for claims that answer no question
    claims: list
    total: int


def grouped_by_question(claims, page_number=1, counts=None, per_group=PER_GROUP):
    """A page of the questions ``claims`` answer, the most-addressed first (unattached
    claims last), each with its ``per_group`` strongest claims and its count: long source
    and route pages become a list of questions a reader opens one by one. Three queries,
    and one for the claims' routes. ``counts`` ([{"question_id", "n"}]), where they are
    kept, spare counting the claims."""
    listed = _page_of_groups(claims, page_number, counts, per_group)
    found = list(_with_routes(_picked(listed.pick)))
    return _filled(listed, found, _questions([listed]))


def quoted_and_cited(claims, source, page_number=1):
    """A source page's two lists, as ``grouped_by_question``: a page of the claims quoted
    from ``source`` and the first page of those citing it. Their claims, questions and
    routes are read together, so the page asks as many queries whether or not anything
    cites the source: two counts, the claims, their routes, their questions."""
    quoted = _page_of_groups(claims.filter(document=source), page_number)
    cited = _page_of_groups(claims.filter(cites=source), 1)
    found = list(_with_routes(_picked(quoted.pick, cited.pick)))
    questions = _questions([quoted, cited])
    # No claim is on both lists: none cites its own document (claim_cites_another_source).
    return (
        _filled(quoted, [claim for claim in found if claim.document_id == source.pk], questions),
        _filled(cited, [claim for claim in found if claim.cites_id == source.pk], questions),
    )


def _picked(*picks):
    return Claim.objects.filter(first_of_each(picks))


def _with_routes(claims):
    return cards(claims).prefetch_related("routes").strongest_first()


@dataclass
class _Listed:
    counts: list
    page: object
    pick: Pick  # each group's strongest few


def _page_of_groups(claims, page_number, counts=None, per_group=PER_GROUP):
    if counts is None:
        counts = claims.order_by().values("question_id").annotate(n=Count("pk"))
    counts = sorted(counts, key=lambda c: (c["question_id"] is None, -c["n"], c["question_id"]))
    page = Paginator(counts, GROUPS_PER_PAGE).get_page(page_number)
    ids = [c["question_id"] for c in page]
    pick = Pick(claims, "question", ids, 0, per_group, STRENGTH_ORDER)
    return _Listed(counts, page, pick)


def _questions(listed):
    ids = [c["question_id"] for one in listed for c in one.page]
    return Question.objects.in_bulk([pk for pk in ids if pk is not None])


def _filled(listed, found, questions):
    members = {c["question_id"]: [] for c in listed.page}
    for claim in found:
        members[claim.question_id].append(claim)
    groups = [
        Group(questions.get(c["question_id"]), members[c["question_id"]], c["n"])
        for c in listed.page
    ]
    return Grouped(groups, listed.page, sum(c["n"] for c in listed.counts))


@dataclass
class Grouped:
    groups: list
    page: object  # the Paginator page of groups
    claim_count: int


def opposing_claims(claim):
    """Published claims from other documents taking the opposite stance on the same question."""
    opposite = {Stance.SUPPORTS: Stance.OPPOSES, Stance.OPPOSES: Stance.SUPPORTS}.get(claim.stance)
    if not opposite or claim.question_id is None:
        return Claim.objects.none()
    claims = (
        Claim.objects.published()
        .with_related()
        .filter(question_id=claim.question_id, stance=opposite)
        .exclude(document_id=claim.document_id)
    )
    return extensions.annotate_claims(claims).strongest_first()[:PER_SIDE]


def plotted(claims):
    """The numbers a page plots, as ``Claim.objects.plotted_rows()`` without their routes:
    the strongest PLOT_LIMIT of them, their ids ranked first so the sort carries nothing
    else (a route page at 100,000 claims: 94 ms -> 20 ms)."""
    strongest = claims.numeric().strongest_first().values("pk")[:PLOT_LIMIT]
    return list(Claim.objects.plotted_rows().filter(pk__in=strongest).strongest_first())


# A route holding at least this share of the claims on the map is common enough that its
# strongest numbers come soonest by walking every claim in strength order.
COMMON_ROUTE = 0.05


def plotted_about(claims, route):
    """``plotted`` for the ``claims`` about ``route``, with their routes. SQLite keeps no
    statistics of how many claims each route has, so it always reads all of a route's
    claims and sorts them (32 ms for 35,000 at 100,000 claims); for a common route, walking
    the claims in strength order and checking each one's routes stops after a few hundred
    (1 ms). For a rare route that walk would pass most claims (118 ms): its own claims are
    read instead."""
    if route_cells.share(route) < COMMON_ROUTE:
        found = plotted(claims.filter(routes=route))
    else:
        about = Claim.routes.through.objects.filter(claim_id=OuterRef("pk"), route=route)
        found = plotted(claims.filter(Exists(about)))
    prefetch_related_objects(found, "routes")
    return found
