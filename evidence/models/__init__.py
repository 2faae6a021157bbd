from evidence.models.claims import Claim, Question
from evidence.models.effects import AdverseEffect, AdverseEffectReport
from evidence.models.explanations import DisputeExplanation, DisputeReason
from evidence.models.sources import Route, Source

__all__ = [
    "AdverseEffect",
    "AdverseEffectReport",
    "Claim",
    "DisputeExplanation",
    "DisputeReason",
    "Question",
    "Route",
    "Source",
]
