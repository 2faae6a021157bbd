"""What a question page shows: its claims by stance, its disagreement, its numbers."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import zip_longest

from evidence import disputes, extensions
from evidence.constants import Stance
from evidence.models import Claim

# The two sides first, next to each other; mixed and neutral claims follow.
COLUMN_ORDER = [Stance.SUPPORTS, Stance.OPPOSES, Stance.MIXED, Stance.NEUTRAL]


@dataclass
class Column:
    stance: str
    label: str
    claims: list


def columns(question, claims):
    """One column per stance present, in ``COLUMN_ORDER``, named by the question's answers;
    strongest claims first (evidence level, then certainty)."""
    by_stance = defaultdict(list)
    for claim in sorted(claims, key=strength):
        by_stance[claim.stance].append(claim)
    return [Column(s, question.answer(s), by_stance[s]) for s in COLUMN_ORDER if by_stance[s]]


@dataclass
class Block:
    columns: list
    rows: list


def blocks(columns):
    """The columns two by two (the two answers first, then mixed and neutral), each pair
    laid out row by row: side by side on a desk, interleaved on a phone, so a reader
    never scrolls through every claim of one side before seeing the other."""
    pairs = [columns[i : i + 2] for i in range(0, len(columns), 2)]
    return [
        Block(pair, [list(row) for row in zip_longest(*(c.claims for c in pair))]) for pair in pairs
    ]


def strength(claim):
    """Sort key: the strongest evidence first, claims without a level last."""
    level = claim.evidence_source.evidence_level
    return (level or 6, disputes.CERTAINTY_RANK.get(claim.certainty, 0) * -1, claim.pk)


@dataclass
class Group:
    question: object  # None for claims that answer no question
    claims: list


def grouped_by_question(claims):
    """Claims grouped by the question they answer, biggest group first, unattached last:
    long source and route pages become a list of questions a reader opens one by one."""
    groups = defaultdict(list)
    for claim in claims:
        groups[claim.question].append(claim)
    ordered = sorted(
        groups.items(), key=lambda item: (item[0] is None, -len(item[1]), str(item[0] or ""))
    )
    return [Group(question, sorted(members, key=strength)) for question, members in ordered]


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
    return extensions.annotate_claims(claims)
