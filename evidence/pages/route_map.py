"""The route × topic evidence map: how much published evidence each cell has, and whether
the claims in it disagree (the stance rule of ``evidence.disputes``, applied to the claims
about that route only), as ``evidence.route_cells`` keeps it."""

import textwrap
from dataclasses import dataclass

from django.db import models

from evidence.constants import Topic
from evidence.models import Route, RouteTopicCell

CELL = 56  # SVG size of one cell
LABEL_WIDTH, HEADER_HEIGHT = 230, 150
LABEL_CHARACTERS = 26  # a route's name wraps at this width to fit LABEL_WIDTH at 14px
LINE_HEIGHT = 16


class CellState(models.TextChoices):
    """What a cell of the map says; one source alone neither agrees nor disagrees."""

    NONE = "none", "No claims"
    SINGLE = "single", "One source only"
    AGREED = "agreed", "Sources agree"
    DISPUTED = "disputed", "Sources disagree"


@dataclass
class Cell:
    route: Route
    topic: str
    claim_count: int = 0
    source_count: int = 0
    disputed: bool = False  # on some question, the claims about this route disagree
    x: int = 0  # centre of the cell in the SVG
    y: int = 0

    @property
    def state(self):
        if not self.claim_count:
            return CellState.NONE
        if self.disputed:
            return CellState.DISPUTED
        return CellState.AGREED if self.source_count >= 2 else CellState.SINGLE

    @property
    def state_label(self):
        return CellState(self.state).label

    @property
    def summary(self):
        """The cell in words, e.g. "4 claims, 3 sources, all agree"."""
        n, s = self.claim_count, self.source_count
        claims = f"{n} claim{'s' * (n != 1)}"
        return {
            CellState.NONE: "No claims",
            CellState.SINGLE: f"{claims}, one source only",
            CellState.AGREED: f"{claims}, {s} sources, all agree",
            CellState.DISPUTED: f"{claims}, {s} sources, disputed",
        }[self.state]

    @property
    def radius(self):
        """Grows with the number of sources, capped to stay inside the cell."""
        return min(8 + 4 * self.source_count, CELL // 2 - 6)

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
    label_lines: list  # (baseline y, text): the route's name, wrapped, never cut


@dataclass
class EvidenceMap:
    topics: list  # (topic, x of its column centre), only topics with claims
    rows: list

    @property
    def width(self):
        return LABEL_WIDTH + CELL * len(self.topics) + 90  # room for the last slanted label

    @property
    def height(self):
        return HEADER_HEIGHT + CELL * len(self.rows)


def _label_lines(name, centre_y):
    """``name`` wrapped into lines centred on the row."""
    lines = textwrap.wrap(name, LABEL_CHARACTERS) or [name]
    first = centre_y + 5 - (len(lines) - 1) * LINE_HEIGHT // 2
    return [(first + i * LINE_HEIGHT, line) for i, line in enumerate(lines)]


def route_topic_matrix():
    """The map from its stored cells (kept on write by ``evidence.route_cells``): two
    small queries whatever the number of claims."""
    routes = list(Route.objects.all())
    grid = {(r.pk, t): Cell(r, Topic(t)) for r in routes for t in Topic.values}
    for stored in RouteTopicCell.objects.all():
        cell = grid[(stored.route_id, stored.topic)]
        cell.claim_count, cell.source_count = stored.claim_count, stored.source_count
        cell.disputed = stored.disputed
    # A column no source speaks to is noise: only topics with claims are shown.
    topics = [Topic(t) for t in Topic.values if any(grid[(r.pk, t)].claim_count for r in routes)]
    map_rows = []
    for i, route in enumerate(routes):
        cells = [grid[(route.pk, topic.value)] for topic in topics]
        centre_y = HEADER_HEIGHT + i * CELL + CELL // 2
        for j, cell in enumerate(cells):
            cell.x = LABEL_WIDTH + j * CELL + CELL // 2
            cell.y = centre_y
        map_rows.append(Row(route, cells, _label_lines(route.name, centre_y)))
    columns = [(topic, LABEL_WIDTH + j * CELL + CELL // 2) for j, topic in enumerate(topics)]
    return EvidenceMap(columns, map_rows)
