"""The route × topic evidence map: how much published evidence each cell has, and whether
the claims in it disagree (the stance rule of ``evidence.disputes``, applied to the claims
about that route only). One query over claims, grouped in linear time."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from evidence import disputes
from evidence.constants import Stance, Topic
from evidence.models import Claim, Route

CELL = 56  # SVG size of one cell
LABEL_WIDTH, HEADER_HEIGHT = 190, 120


@dataclass
class Cell:
    route: Route
    topic: str
    claims: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    # question id -> stance -> documents, for the claims in this cell
    stances: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    x: int = 0  # centre of the cell in the SVG
    y: int = 0

    @cached_property
    def disputed(self):
        return any(
            disputes.is_contested(by[Stance.SUPPORTS], by[Stance.OPPOSES])
            for by in self.stances.values()
        )

    @property
    def state(self):
        if not self.claims:
            return "none"
        return "disputed" if self.disputed else "agreed"

    @property
    def summary(self):
        if not self.claims:
            return "No claims"
        n, s = len(self.claims), len(self.sources)
        text = f"{n} claim{'s' * (n != 1)}, {s} source{'s' * (s != 1)}"
        return f"{text}, disputed" if self.disputed else f"{text}, not disputed"

    @property
    def radius(self):
        """Grows with the number of sources, capped to stay inside the cell."""
        return min(8 + 4 * len(self.sources), CELL // 2 - 6)

    @property
    def side(self):
        """Side of the disputed-cell diamond, as big as the circle would be."""
        return 2 * round(self.radius * 0.8)

    @property
    def neg_half_side(self):
        return -self.side // 2


@dataclass
class Row:
    route: Route
    cells: list
    y: int  # baseline of the route's label in the SVG


@dataclass
class EvidenceMap:
    topics: list  # (topic, x of its column centre)
    rows: list

    @property
    def width(self):
        return LABEL_WIDTH + CELL * len(self.topics) + 60  # room for the last slanted label

    @property
    def height(self):
        return HEADER_HEIGHT + CELL * len(self.rows)


def route_topic_matrix():
    routes = list(Route.objects.all())
    topics = [Topic(value) for value in Topic.values]
    grid = {(r.pk, t.value): Cell(r, t) for r in routes for t in topics}
    rows = (
        Claim.objects.published()
        .exclude(question=None)
        .filter(routes__isnull=False)
        .values_list("pk", "document_id", "question_id", "stance", "question__topic", "routes")
    )
    for claim_id, source_id, question_id, stance, topic, route_id in rows:
        cell = grid[(route_id, topic)]
        cell.claims.add(claim_id)
        cell.sources.add(source_id)
        cell.stances[question_id][stance].add(source_id)
    map_rows = []
    for i, route in enumerate(routes):
        cells = [grid[(route.pk, topic.value)] for topic in topics]
        for j, cell in enumerate(cells):
            cell.x = LABEL_WIDTH + j * CELL + CELL // 2
            cell.y = HEADER_HEIGHT + i * CELL + CELL // 2
        map_rows.append(Row(route, cells, HEADER_HEIGHT + i * CELL + CELL // 2 + 4))
    columns = [(topic, LABEL_WIDTH + j * CELL + CELL // 2) for j, topic in enumerate(topics)]
    return EvidenceMap(columns, map_rows)
