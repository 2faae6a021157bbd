"""How documents relate question by question, and the most-quoted few kept on write.

Whether two documents disagree on a question is the dispute rule's own answer
(``disputes.is_contested``) over just their two sets of stances, so the matrix, the
comparison page and the disagreement list never judge differently. They agree when the
rule finds nothing contested and they give at least one same answer; otherwise both
address it, neither clearly agreeing nor disagreeing ("It depends" next to a "Yes", say).

The most-quoted documents and their pairwise counts are stored (``QuotedDocument``) by
``store()``, which ``evidence.disagreements`` calls in the same transaction whenever a
question's public claims may have changed, and on a rebuild. Cost: a refresh counts the
public claims on questions per document (one index scan, O(C) for C public claims) and
groups the kept documents' stances (O(c) for their c claims); the sources page reads
MATRIX_SIZE rows and a source page KEPT rows, whatever the number of claims.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count

from evidence.constants import Stance
from evidence.disputes import SIDE_STANCES, is_contested
from evidence.models import Claim, QuotedDocument, Source

# Documents in the matrix: the most-quoted few keep it readable on a phone. One more is
# kept so a source page among them still has MATRIX_SIZE - 1 others to compare with.
MATRIX_SIZE = 6
KEPT = MATRIX_SIZE + 1

DISAGREE, AGREE, NEITHER = "disagree", "agree", "neither"


def relation(stances_a, stances_b):
    """How two documents' stances on one question relate: DISAGREE, AGREE or NEITHER."""
    both = {"a": set(stances_a), "b": set(stances_b)}
    supporting = {side for side, stances in both.items() if Stance.SUPPORTS in stances}
    opposing = {side for side, stances in both.items() if Stance.OPPOSES in stances}
    if is_contested(supporting, opposing):
        return DISAGREE
    if both["a"] & both["b"] & set(SIDE_STANCES):
        return AGREE
    return NEITHER


def stances(document_ids, *question_fields):
    """{document id: {question id: Counter(stance: claims)}} over the documents' published
    claims on questions, in one grouped query; and {question id: ``question_fields``}."""
    rows = (
        Claim.objects.published()
        .filter(document_id__in=document_ids, question__isnull=False)
        .order_by()
        .values_list("document_id", "question_id", "stance", *question_fields)
        .annotate(n=Count("pk"))
    )
    by_document = defaultdict(lambda: defaultdict(Counter))
    fields = {}
    for document_id, question_id, stance, *extra, n in rows:
        by_document[document_id][question_id][stance] = n
        fields[question_id] = extra
    return by_document, fields


def relations(stances_a, stances_b):
    """{question id: relation} for the questions both documents address."""
    common = stances_a.keys() & stances_b.keys()
    return {pk: relation(stances_a[pk], stances_b[pk]) for pk in common}


# Kept on write -------------------------------------------------------------------------


def count():
    """[(source id, rank, claims, relations)] as ``QuotedDocument`` stores them: the KEPT
    documents with the most published claims on questions, most first. A claim is public
    only when its document is published, so all of these are."""
    counts = list(
        Claim.objects.published()
        .filter(question__isnull=False)
        .values_list("document_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "document_id")[:KEPT]
    )
    by_document, _ = stances([pk for pk, _ in counts])
    pairs = defaultdict(dict)
    for (a, _), (b, _) in combinations(counts, 2):
        found = Counter(relations(by_document[a], by_document[b]).values())
        pairs[a][str(b)] = pairs[b][str(a)] = [found[AGREE], found[DISAGREE]]
    return [(pk, rank, n, pairs[pk]) for rank, (pk, n) in enumerate(counts)]


def state():
    """What is stored, as ``count()`` gives it (the consistency test)."""
    return [
        (kept.source_id, kept.rank, kept.claims, kept.relations)
        for kept in QuotedDocument.objects.all()
    ]


def store():
    """Recount the most-quoted documents and write them if they changed."""
    found = count()
    if state() == found:
        return
    QuotedDocument.objects.all().delete()
    QuotedDocument.objects.bulk_create(
        QuotedDocument(source_id=pk, rank=rank, claims=n, relations=pairs)
        for pk, rank, n, pairs in found
    )


# What pages read -----------------------------------------------------------------------


def _kept(limit):
    shown = QuotedDocument.objects.select_related("source")
    return list(shown.defer("source__full_text", "source__abstract")[:limit])


def most_quoted_documents(limit=MATRIX_SIZE):
    """The ``limit`` (at most KEPT) documents with the most published claims on
    questions, most first."""
    return [kept.source for kept in _kept(limit)]


@dataclass
class Cell:
    other: Source
    agree: int
    disagree: int


@dataclass
class MatrixRow:
    source: Source
    cells: list  # a Cell per document, None where the row meets itself


def matrix():
    """The most-quoted documents × themselves: per pair, the questions they agree and
    disagree on. One query, however many claims or pairs."""
    kept = _kept(MATRIX_SIZE)
    return [
        MatrixRow(
            a.source,
            [Cell(b.source, *a.relations[str(b.pk)]) if a != b else None for b in kept],
        )
        for a in kept
    ]
