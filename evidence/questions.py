"""What a question page shows: its claims by stance, its disagreement, its numbers."""

from collections import defaultdict
from dataclasses import dataclass

from evidence import disputes
from evidence.constants import Stance
from evidence.models import Claim
from review.comments import with_open_thread_counts

# The two sides first, next to each other; mixed and neutral claims follow.
COLUMN_ORDER = [Stance.SUPPORTS, Stance.OPPOSES, Stance.MIXED, Stance.NEUTRAL]


@dataclass
class Column:
    stance: str
    label: str
    claims: list


def columns(claims):
    """One column per stance present, in ``COLUMN_ORDER``."""
    by_stance = defaultdict(list)
    for claim in claims:
        by_stance[claim.stance].append(claim)
    return [Column(s, Stance(s).label, by_stance[s]) for s in COLUMN_ORDER if by_stance[s]]


def question_dispute(question):
    """The question's stance disagreement (or None) and its self-contradictions."""
    published = Claim.objects.published().filter(question=question)
    found, contradictions = disputes.stance_disputes(published)
    disputes.attach_records(disputes.attach_explanations(found))
    return (found[0] if found else None), disputes.attach_sources(contradictions)


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
    return with_open_thread_counts(claims)
