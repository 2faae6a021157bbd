"""Two documents side by side: the questions both address in their published claims, where
they agree and where they disagree, and a small matrix of the most-quoted documents.

Whether two documents disagree on a question is the dispute rule's own answer
(``disputes.is_contested``) over just their two sets of stances, so this page and the
disagreement list never judge differently. They agree when the rule finds nothing contested
and they give at least one same answer; otherwise both address it, neither clearly agreeing
nor disagreeing ("It depends" next to a "Yes", say).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from evidence import extensions
from evidence.constants import Stance
from evidence.disputes import SIDE_STANCES, is_contested
from evidence.models import Claim, Question, Source
from evidence.models.claims import STRENGTH_ORDER
from evidence.pages.questions import COLUMN_ORDER

# Documents in the matrix (and offered on a source page): the most-quoted few keep it
# readable on a phone and its cost fixed.
MATRIX_SIZE = 6
QUESTIONS_PER_PAGE = 10
# Quotes shown for each answer a document gives; the question page holds the rest.
QUOTES_PER_ANSWER = 1

DISAGREE, AGREE, NEITHER = "disagree", "agree", "neither"
# In the order the page lists them, with their headings.
RELATIONS = {
    DISAGREE: "Where they disagree",
    AGREE: "Where they agree",
    NEITHER: "Where both speak, neither clearly agreeing nor disagreeing",
}


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


def most_quoted_documents(limit=MATRIX_SIZE):
    """The ``limit`` documents with the most published claims on questions, most first.
    A claim is public only when its document is published, so all of these are. Counted
    on the claims alone (an index scan), then the few documents read: grouping the join
    by every source column cost four times as long at 100,000 claims."""
    counts = (
        Claim.objects.published()
        .filter(question__isnull=False)
        .values_list("document_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "document_id")[:limit]
    )
    ids = [document_id for document_id, _ in counts]
    documents = Source.objects.defer("full_text", "abstract").in_bulk(ids)
    return [documents[pk] for pk in ids]


def _stances(document_ids, *question_fields):
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


def _relations(stances_a, stances_b):
    """{question id: relation} for the questions both documents address."""
    common = stances_a.keys() & stances_b.keys()
    return {pk: relation(stances_a[pk], stances_b[pk]) for pk in common}


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
    disagree on. Three queries, however many claims or pairs."""
    documents = most_quoted_documents()
    by_document, _ = _stances([d.pk for d in documents])
    counts = {}
    for a, b in combinations(documents, 2):
        found = Counter(_relations(by_document[a.pk], by_document[b.pk]).values())
        counts[a.pk, b.pk] = counts[b.pk, a.pk] = (found[AGREE], found[DISAGREE])
    return [
        MatrixRow(a, [Cell(b, *counts[a.pk, b.pk]) if a != b else None for b in documents])
        for a in documents
    ]


def comparable_with(source):
    """The other most-quoted documents to set beside ``source``; none when it answers no
    question in its published claims, as every comparison would be empty."""
    documents = most_quoted_documents(MATRIX_SIZE + 1)
    others = [d for d in documents if d.pk != source.pk]
    if len(others) == len(documents):
        quoted = Claim.objects.published().filter(document=source, question__isnull=False)
        if not quoted.exists():
            return []
    return others[: MATRIX_SIZE - 1]


@dataclass
class Side:
    source: Source
    claims: list  # the strongest QUOTES_PER_ANSWER for each answer it gives
    total: int  # its published claims on the question


@dataclass
class Row:
    question: Question
    relation: str
    sides: list  # two Sides, in the order the reader asked for


@dataclass
class Group:
    relation: str
    heading: str
    total: int  # on every page
    rows: list  # on this page


@dataclass
class Comparison:
    sources: list
    counts: Counter  # questions by relation
    page: object  # a Paginator page of Rows

    @property
    def shared(self):
        return sum(self.counts.values())

    @property
    def groups(self):
        """This page's rows under their relation's heading."""
        return [
            Group(name, heading, self.counts[name], rows)
            for name, heading in RELATIONS.items()
            if (rows := [row for row in self.page if row.relation == name])
        ]


_ORDER = list(RELATIONS)


def between(a, b, page_number):
    """Every question ``a`` and ``b`` both address, a page at a time: disagreements first,
    then agreements, then the rest, each in the questions' own order (priority, text).
    Four queries: the stances, the page's questions, their quotes and those quotes'
    routes (``with_related``)."""
    by_document, order = _stances([a.pk, b.pk], "question__priority", "question__text")
    relations = _relations(by_document[a.pk], by_document[b.pk])

    def place(pk):
        priority, text = order[pk]
        return _ORDER.index(relations[pk]), priority is None, priority or 0, text

    page = Paginator(sorted(relations, key=place), QUESTIONS_PER_PAGE).get_page(page_number)
    questions = Question.objects.in_bulk(page.object_list)
    quotes = _strongest_quotes([a.pk, b.pk], page.object_list)
    page.object_list = [
        Row(
            questions[pk],
            relations[pk],
            [
                Side(source, quotes[pk, source.pk], sum(by_document[source.pk][pk].values()))
                for source in (a, b)
            ],
        )
        for pk in page.object_list
    ]
    return Comparison([a, b], Counter(relations.values()), page)


def _strongest_quotes(document_ids, question_ids):
    """{(question id, document id): claims}: each document's strongest QUOTES_PER_ANSWER
    published claims for each answer it gives, answers in the question page's order."""
    ranked = (
        extensions.annotate_claims(Claim.objects.published().with_related())
        .filter(document_id__in=document_ids, question_id__in=question_ids)
        .order_by()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("question_id"), F("document_id"), F("stance")],
                order_by=STRENGTH_ORDER,
            )
        )
        .filter(rank__lte=QUOTES_PER_ANSWER)
    )
    found = defaultdict(list)
    for claim in sorted(ranked, key=lambda c: (COLUMN_ORDER.index(c.stance), c.strength, c.pk)):
        found[claim.question_id, claim.document_id].append(claim)
    return found
