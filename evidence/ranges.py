"""The one rule for a claim's numbers: open ends and how a range reads.

A claim may give one end only ("at least 3 sessions", "up to 5 mg"): the other end is
empty and reaches to infinity. Claims, disagreements, plots and the API all use these
two functions, so the same range reads the same everywhere.
"""

import math
from decimal import Decimal

from evidence.constants import Unit


def bounds(low, high):
    """(low, high) as floats, an empty end reaching to minus or plus infinity."""
    return (
        -math.inf if low is None else float(low),
        math.inf if high is None else float(high),
    )


def _number(value):
    return f"{Decimal(str(value)).normalize():f}"


def label(low, high, unit):
    """'800 USD', '0.5–1 mg/kg', '≥ 3 sessions' or '≤ 5 mg'; an infinite end is open."""
    low = None if low is None or math.isinf(low) else low
    high = None if high is None or math.isinf(high) else high
    if low is None and high is None:
        return ""
    if low is None:
        values = f"≤ {_number(high)}"
    elif high is None:
        values = f"≥ {_number(low)}"
    else:
        values = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    return f"{values} {Unit(unit).label}"
