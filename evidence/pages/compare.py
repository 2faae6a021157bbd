"""Two documents side by side: the questions both address in their published claims, where
they agree and where they disagree (``evidence.source_matrix`` decides which), and the
most-quoted documents' matrix.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from evidence import extensions, source_matrix
from evidence.models import Claim, Question, Source
from evidence.models.strength import STRENGTH_ORDER
from evidence.pages.questions import COLUMN_ORDER
from evidence.source_matrix import AGREE, DISAGREE, MATRIX_SIZE, NEITHER

QUESTIONS_PER_PAGE = 10
# Quotes shown for each answer a document gives; the question page holds the rest.
QUOTES_PER_ANSWER = 1

# In the order the page lists them, with their headings.
RELATIONS = {
    DISAGREE: "Where they disagree",
    AGREE: "Where they agree",
    NEITHER: "Where both speak, neither clearly agreeing nor disagreeing",
}


def comparable_with(source):
    """The other most-quoted documents to set beside ``source``; none when it answers no
    question in its published claims, as every comparison would be empty."""
    documents = source_matrix.most_quoted_documents(source_matrix.KEPT)
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
    by_document, order = source_matrix.stances([a.pk, b.pk], "question__priority", "question__text")
    relations = source_matrix.relations(by_document[a.pk], by_document[b.pk])

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
