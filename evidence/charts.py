"""Geometry for the server-rendered range plots: each source's low–high on a shared axis."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from evidence.constants import Quantity, Unit

PLOT_LEFT, PLOT_RIGHT = 220, 580  # SVG x range of the axis, in a 600-wide viewBox
ROW_HEIGHT = 28


@dataclass
class Bar:
    claim: object
    label: str
    x1: float
    x2: float
    y: float

    @property
    def width(self):
        return self.x2 - self.x1

    @property
    def text_y(self):
        return self.y + 12


@dataclass
class RangePlot:
    title: str
    unit: str
    dom_id: str
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (x, label)

    @property
    def height(self):
        return 40 + ROW_HEIGHT * len(self.bars)

    @property
    def axis_y(self):
        return self.height - 22


def _nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def range_plots(claims):
    """One plot per (quantity, unit) among claims that carry numbers."""
    groups = defaultdict(list)
    for claim in claims:
        if claim.quantity:
            groups[(claim.quantity, claim.unit)].append(claim)
    plots = []
    for (quantity, unit), members in sorted(groups.items()):
        unit_label = Unit(unit).label
        finite = [v for c in members for v in c.value_bounds if not math.isinf(v)]
        top = _nice_max(max(finite))
        scale = (PLOT_RIGHT - PLOT_LEFT) / top
        plot = RangePlot(
            title=f"{Quantity(quantity).label} ({unit_label})",
            unit=unit_label,
            dom_id=f"plot-{quantity}-{unit}",
        )
        members.sort(key=lambda c: c.value_bounds)
        for row, claim in enumerate(members):
            low, high = claim.value_bounds
            x1 = PLOT_LEFT + low * scale
            # An open upper end runs to the axis end; a single value is a short mark.
            x2 = PLOT_RIGHT if math.isinf(high) else PLOT_LEFT + high * scale
            plot.bars.append(
                Bar(
                    claim=claim,
                    label=claim.value_display,
                    x1=x1,
                    x2=max(x2, x1 + 4),
                    y=24 + row * ROW_HEIGHT,
                )
            )
        plot.ticks = [(PLOT_LEFT + top * i / 4 * scale, f"{top * i / 4:g}") for i in range(5)]
        plots.append(plot)
    return plots
