"""Where published sources disagree, computed from the data and never hand-set.

- Stance disagreement: on one question, published claims from at least two different
  documents take opposite stances (supports against opposes). Mixed claims are shown
  as a side of their own but never make a disagreement alone.
- Numeric disagreement: published claims giving the same quantity, in the same unit,
  for the same route and population, whose ranges fall into separate clusters of
  overlapping ranges, two of which each hold a document the other does not.
- A document never disagrees with itself; one that takes both stances on a question
  is flagged as contradicting itself.

Rows are read with ``values()`` in a fixed number of queries and grouped in linear or
n log n time, so the cost grows with the number of claims, never with its square.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from evidence import ranges
from evidence.constants import (
    CERTAINTY_RANK,
    QUANTITY_TOPIC,
    Certainty,
    Population,
    Quantity,
    Stance,
    Topic,
)
from evidence.models import Claim, DisputeExplanation, Question, Route

_NO_LEVEL = 6  # a design not stated ranks after every level (1 strongest, 5 weakest)
SIDE_STANCES = [Stance.SUPPORTS, Stance.OPPOSES, Stance.MIXED]
_ANSWERS = ("question__answer_supports", "question__answer_opposes", "question__answer_mixed")
_FIELDS = ["pk", "document_id", "certainty", "cites_id"]
_FIELDS += ["document__evidence_level", "cites__evidence_level"]


@dataclass
class Side:
    label: str  # the answer in plain words (stance sides) or the range (numeric sides)
    stance: str = ""  # the stance code, for stance sides
    claim_ids: list = field(default_factory=list)
    source_ids: list = field(default_factory=list)
    best_level: int | None = None
    best_certainty: str | None = None
    low: float | None = None
    high: float | None = None
    best_claim_id: int | None = None  # the side's strongest claim, shown as its gist
    best_claim: object = None  # brought by the stored side, or by attach_records()
    sources: list = field(default_factory=list)  # the first SOURCES_SHOWN, by attach_records()
    more_sources: int = 0  # how many more the side has
    _source_rank: dict = field(default_factory=dict, repr=False, compare=False)

    def add(self, row):
        self.claim_ids.append(row["pk"])
        # A cited study's design decides; one whose design is not stated claims no level.
        level = row["cites__evidence_level" if row["cites_id"] else "document__evidence_level"]
        self._rank_source(row["document_id"], level)
        if level is not None and (self.best_level is None or level < self.best_level):
            self.best_level = level
        best = CERTAINTY_RANK.get(self.best_certainty, -1)
        if CERTAINTY_RANK[row["certainty"]] > best:
            self.best_certainty = row["certainty"]
            self.best_claim_id = row["pk"]

    def _rank_source(self, source_id, level):
        rank = _NO_LEVEL if level is None else level
        self._source_rank[source_id] = min(rank, self._source_rank.get(source_id, rank))

    def rank_sources(self):
        """Order ``source_ids`` strongest first (best level, then first seen): pages name
        only the first few sources of a side. Call once all rows are added."""
        self.source_ids = sorted(self._source_rank, key=self._source_rank.get)
        return self

    @property
    def best_certainty_label(self):
        return Certainty(self.best_certainty).label if self.best_certainty else ""


@dataclass
class Dispute:
    kind: str  # "stance" or "numeric"
    key: str
    title: str
    topic: str
    sides: list
    question_id: int | None = None
    route_slugs: set = field(default_factory=set)
    question: Question | None = None
    explanation: DisputeExplanation | None = None
    reasons: list = field(default_factory=list)  # the published explanation's reasons
    # Identity fields: the question (stance), or the measure (numeric); and the routes the
    # claims name, for the route filter.
    measure: tuple | None = None  # (quantity, unit, route id, population)
    route_ids: set = field(default_factory=set)
    plot: object = None  # a numeric disagreement's range plot, where a page draws one

    @property
    def topic_label(self):
        return Topic(self.topic).label

    @property
    def explanation_status(self):
        return self.explanation.explanation_status if self.explanation else "unexplained"


@dataclass
class SelfContradiction:
    question_id: int
    source_id: int
    supporting: list
    opposing: list


def stance_key(question_slug):
    return f"stance:{question_slug}"


def numeric_key(quantity, unit, route, population):
    return f"numeric:{quantity}:{unit}:{route}:{population}"


def is_contested(supporting: set, opposing: set) -> bool:
    """Opposite stances exist, and not only from one and the same document."""
    return bool(supporting and opposing and len(supporting | opposing) >= 2)


def _stance_rows(claims):
    return (
        claims.exclude(question=None)
        .filter(stance__in=SIDE_STANCES)
        .values(
            *_FIELDS,
            *("question_id", "question__slug", "question__text", "question__topic", "stance"),
            *_ANSWERS,
        )
    )


def _question_routes(claims, question_ids):
    """Route ids per question, among ``claims``. ``filter(routes__isnull=False)``, not
    ``exclude(routes=None)``: the latter is a correlated anti-join the PostgreSQL planner
    runs in quadratic time."""
    routes = defaultdict(set)
    rows = claims.filter(question_id__in=question_ids, routes__isnull=False)
    for question_id, route_id in rows.values_list("question_id", "routes__id"):
        routes[question_id].add(route_id)
    return routes


def stance_disputes(claims=None, with_routes=True):
    """(disputes, self-contradictions) among the published claims with a stance; each
    dispute's route ids too, unless the caller needs only the contradictions."""
    claims = Claim.objects.published() if claims is None else claims
    by_question = defaultdict(lambda: defaultdict(list))
    for row in _stance_rows(claims).order_by("question__text", "pk"):
        by_question[row["question_id"]][row["stance"]].append(row)
    disputes, contradictions = [], []
    for question_id, by_stance in by_question.items():
        supporting = {r["document_id"] for r in by_stance[Stance.SUPPORTS]}
        opposing = {r["document_id"] for r in by_stance[Stance.OPPOSES]}
        for source_id in supporting & opposing:
            contradictions.append(
                SelfContradiction(
                    question_id,
                    source_id,
                    [r["pk"] for r in by_stance[Stance.SUPPORTS] if r["document_id"] == source_id],
                    [r["pk"] for r in by_stance[Stance.OPPOSES] if r["document_id"] == source_id],
                )
            )
        if not is_contested(supporting, opposing):
            continue
        sides = []
        for stance in SIDE_STANCES:
            if by_stance[stance]:
                answers = [by_stance[stance][0][name] for name in _ANSWERS]
                side = Side(Question.answer_for(stance, *answers), stance=stance)
                for row in by_stance[stance]:
                    side.add(row)
                sides.append(side.rank_sources())
        first = by_stance[Stance.SUPPORTS][0]
        disputes.append(
            Dispute(
                kind="stance",
                key=stance_key(first["question__slug"]),
                title=first["question__text"],
                topic=first["question__topic"],
                sides=sides,
                question_id=question_id,
            )
        )
    if not with_routes:
        return disputes, contradictions
    routes = _question_routes(claims, [d.question_id for d in disputes])
    for dispute in disputes:
        dispute.route_ids = routes[dispute.question_id]
    return disputes, contradictions


def _bounds(row):
    return ranges.bounds(row["value_low"], row["value_high"])


def _clusters(rows):
    """Group ranges into clusters of (transitively) overlapping ranges, low to high."""
    clusters = []
    for row in sorted(rows, key=_bounds):
        low, high = _bounds(row)
        if clusters and low <= clusters[-1][1]:
            first, last, members = clusters[-1]
            clusters[-1] = (first, max(last, high), members + [row])
        else:
            clusters.append((low, high, [row]))
    return clusters


def _documents_split(clusters):
    """Two clusters each hold a document the other lacks: a document that gives both
    ranges (a usual dose and an escalation, say) disagrees with no one by itself."""
    documents = [{r["document_id"] for r in members} for _, _, members in clusters]
    return any(a - b and b - a for i, a in enumerate(documents) for b in documents[i + 1 :])


def numeric_disputes(claims=None):
    """Disagreements between published numbers for the same quantity, route and population."""
    claims = Claim.objects.published() if claims is None else claims
    groups = defaultdict(list)
    rows = claims.numeric().filter(routes__isnull=False)  # see _question_routes
    routes = Route.objects.in_bulk()
    for row in rows.values(
        *_FIELDS, "quantity", "unit", "population", "value_low", "value_high", "routes__id"
    ).order_by("pk"):
        key = (row["quantity"], row["unit"], row["routes__id"], row["population"])
        groups[key].append(row)
    disputes = []
    for (quantity, unit, route_id, population), group in sorted(groups.items()):
        route = routes[route_id]
        clusters = _clusters(group)
        if not _documents_split(clusters):
            continue
        sides = []
        for low, high, members in clusters:
            side = Side(ranges.label(low, high, unit), low=low, high=high)
            for row in members:
                side.add(row)
            sides.append(side.rank_sources())
        title = f"{Quantity(quantity).label}, {route.name} ({Population(population).label})"
        disputes.append(
            Dispute(
                kind="numeric",
                key=numeric_key(quantity, unit, route.slug, population),
                title=title,
                topic=QUANTITY_TOPIC[quantity],
                sides=sides,
                route_slugs={route.slug},
                measure=(quantity, unit, route_id, population),
                route_ids={route_id},
            )
        )
    return disputes
