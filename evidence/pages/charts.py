"""Geometry for the server-rendered range plots: each source's low–high on a shared axis.

Each bar has its label on a line of its own above it, so a label never competes with the
axis for width; browse.css sizes the text by the plot's width (a container query), which
keeps it readable when a phone shrinks the whole drawing. The rows are tall enough for the
largest of those sizes.
"""

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from evidence.constants import Quantity, Unit
from evidence.models import Claim

WIDTH = 600  # of the viewBox
# The axis, with room either side for half of a tick's label at the largest text size.
PLOT_LEFT, PLOT_RIGHT = 32, 560
LINE = 34  # one line of label text, at the largest size (1.2em of 28)
BAR = 12
GAP = 10  # between one bar and the next row's label
LABEL_CHARACTERS = 38  # a label wraps at this width, so it fits at the largest text size


def _coordinate(value):
    """A coordinate as the drawing writes it, to a tenth (as ``floatformat:1`` did, which
    with the locale's number formatting took half of a plot's rendering time)."""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class Bar:
    claim: object
    label: str  # the value, e.g. "0.5–1 mg/kg"
    name: str  # who gives it
    x1: float
    x2: float
    y: float  # top of the bar
    lines: list = field(default_factory=list)  # (dy, text): the label, lines spaced in em

    height = BAR

    @property
    def label_y(self):
        """Baseline of the label's first line before its dy: just above the bar."""
        return self.y - 5

    @property
    def is_point(self):
        """A single value, drawn as a dot rather than a bar too short to see."""
        low, high = self.claim.value_bounds
        return low == high

    @property
    def centre_y(self):
        return self.y + BAR / 2

    @property
    def width(self):
        return self.x2 - self.x1

    @property
    def x1_text(self):
        return _coordinate(self.x1)

    @property
    def width_text(self):
        return _coordinate(self.width)

    @property
    def title(self):
        return f"{self.name}: {self.label}"


@dataclass
class RangePlot:
    title: str
    unit: str
    dom_id: str
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (x as written, label)
    axis_y: float = 0
    axis_left = PLOT_LEFT
    axis_right = PLOT_RIGHT

    @property
    def height(self):
        return self.axis_y + LINE + 4

    @property
    def tick_y(self):
        return self.axis_y + LINE - 6


def _nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _plot(quantity, unit, members, dom_id):
    unit_label = Unit(unit).label
    finite = [v for c in members for v in c.value_bounds if not math.isinf(v)]
    top = _nice_max(max(finite))
    scale = (PLOT_RIGHT - PLOT_LEFT) / top
    plot = RangePlot(
        title=f"{Quantity(quantity).label} ({unit_label})", unit=unit_label, dom_id=dom_id
    )
    y = 0
    for claim in sorted(members, key=lambda c: c.value_bounds):
        low, high = claim.value_bounds
        name = claim.document.name
        text = textwrap.wrap(f"{name}: {claim.value_display}", LABEL_CHARACTERS)
        # Lines are spaced in em and end just above the bar, so that whatever size the text
        # is drawn at, the label sits on its own bar; the row has room for the largest.
        first_dy = f"{-1.2 * (len(text) - 1):g}em"
        lines = [(first_dy if i == 0 else "1.2em", line) for i, line in enumerate(text)]
        y += LINE * len(text)
        # An open lower end ("up to 5 mg") starts at zero; an open upper end runs to the
        # axis end; a single value is a short mark.
        x1 = PLOT_LEFT + max(low, 0) * scale
        x2 = PLOT_RIGHT if math.isinf(high) else PLOT_LEFT + high * scale
        plot.bars.append(Bar(claim, claim.value_display, name, x1, max(x2, x1 + 4), y, lines))
        y += BAR + GAP
    plot.axis_y = y
    plot.ticks = [
        (_coordinate(PLOT_LEFT + top * i / 4 * scale), f"{top * i / 4:g}") for i in range(5)
    ]
    return plot


def range_plots(claims, id_prefix="plot"):
    """One plot per (quantity, unit) among claims that carry numbers; ``id_prefix`` keeps
    element ids unique where several sets of plots share a page."""
    groups = defaultdict(list)
    for claim in claims:
        if claim.quantity:
            groups[(claim.quantity, claim.unit)].append(claim)
    return [
        _plot(quantity, unit, members, f"{id_prefix}-{quantity}-{unit}")
        for (quantity, unit), members in sorted(groups.items())
    ]


def attach_dispute_plots(disputes):
    """Give each numeric disagreement (``dispute.plot``) the range plot of all its claims,
    loaded in a fixed number of queries whatever the number of disagreements."""
    numeric = [d for d in disputes if d.kind == "numeric"]
    ids = {pk for d in numeric for side in d.sides for pk in side.claim_ids}
    claims = Claim.objects.plotted_rows().prefetch_related("routes").in_bulk(ids) if ids else {}
    for n, dispute in enumerate(numeric, start=1):
        members = [claims[pk] for side in dispute.sides for pk in side.claim_ids]
        # One quantity, unit, route and population per disagreement: exactly one plot.
        (dispute.plot,) = range_plots(members, id_prefix=f"dispute-{n}")
    return disputes
