"""The strength legend: what each evidence level and certainty grade means."""

from collections import defaultdict

from evidence.constants import (
    CERTAINTY_MEANING,
    LEVEL_BY_KIND,
    Certainty,
    EvidenceLevel,
    SourceKind,
)


def legend():
    """Each level with the designs that carry it, and each certainty grade with its meaning."""
    kinds = defaultdict(list)
    for kind, level in LEVEL_BY_KIND.items():
        if level is not None:
            kinds[level].append(SourceKind(kind).label)
    return {
        "levels": [{"label": level.label, "kinds": kinds[level]} for level in EvidenceLevel],
        "not_stated": SourceKind.NOT_STATED.label,
        "certainty": [
            {"label": grade.label, "meaning": CERTAINTY_MEANING[grade]} for grade in Certainty
        ],
    }
