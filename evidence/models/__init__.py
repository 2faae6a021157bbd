from evidence.models.claims import Claim, Question
from evidence.models.disagreements import (
    Disagreement,
    DisagreementKind,
    DisagreementSide,
    QuotedDocument,
    RouteQuestionCount,
    RouteTopicCell,
    SelfContradiction,
)
from evidence.models.effects import AdverseEffect, AdverseEffectReport
from evidence.models.explanations import DisputeExplanation, DisputeReason
from evidence.models.factors import PatientFactor
from evidence.models.generation import Generation
from evidence.models.revisions import Revision, RevisionState
from evidence.models.search import SynonymGroup
from evidence.models.sources import Route, Source

__all__ = [
    "AdverseEffect",
    "AdverseEffectReport",
    "Claim",
    "Disagreement",
    "DisagreementKind",
    "DisagreementSide",
    "DisputeExplanation",
    "DisputeReason",
    "Generation",
    "PatientFactor",
    "Question",
    "QuotedDocument",
    "Revision",
    "RevisionState",
    "Route",
    "RouteQuestionCount",
    "RouteTopicCell",
    "SelfContradiction",
    "Source",
    "SynonymGroup",
]
