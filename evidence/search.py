"""Search across sources, claims, questions and adverse effects.

PostgreSQL: full-text search over trigger-maintained search vectors (GIN-indexed,
migration 0003_search), ranked. SQLite: every word must occur in one of the searched fields,
ordered by the model's default ordering. Either way, results are grouped by type and
the query's words are highlighted.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from evidence.models import AdverseEffect, Claim, Question, Source

PER_GROUP = 20
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w{2,}")


@dataclass
class Hit:
    title: str
    url: str
    snippet: str = ""
    source: str = ""  # who says it, for claims


@dataclass
class Group:
    """One type's results: a page of hits and how many there are in all, so a page never
    hides the rest of a group without saying so and linking to it."""

    label: str  # "Adverse effects"
    kind: str  # its ?type= value, "adverse-effects"
    query: str
    hits: list = field(default_factory=list)
    count: int = 0
    page: int = 1

    @property
    def noun(self):
        return self.label.lower()

    @property
    def more_than_shown(self):
        return self.count > len(self.hits)

    @property
    def first(self):
        return (self.page - 1) * PER_GROUP + 1

    @property
    def last(self):
        return self.first + len(self.hits) - 1

    def _url(self, **params):
        return f"{reverse('evidence:search')}?{urlencode({'q': self.query, **params})}"

    @property
    def all_url(self):
        """This group alone, a page at a time."""
        return self._url(type=self.kind)

    @property
    def overview_url(self):
        return self._url()

    @property
    def previous_url(self):
        return self._url(type=self.kind, page=self.page - 1) if self.page > 1 else ""

    @property
    def next_url(self):
        if self.page * PER_GROUP >= self.count:
            return ""
        return self._url(type=self.kind, page=self.page + 1)


def _words(query):
    return _WORD.findall(query)[:10]


def highlight(text, words, limit=300):
    """Escape ``text`` (cut to ``limit`` characters) and wrap each occurrence of a query
    word (prefix match) in <mark>."""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    escaped = escape(text)
    if not words:
        return mark_safe(escaped)
    pattern = re.compile(r"\b(" + "|".join(re.escape(escape(w)) for w in words) + r")", re.I)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))


@dataclass
class Target:
    label: str
    kind: str
    queryset: object
    fields: list  # searched on SQLite
    title: str  # attribute shown as the hit's title
    snippet: str  # attribute shown under it
    source: str = ""  # attribute naming who says it


def _targets():
    return [
        Target(
            "Questions",
            "questions",
            Question.objects.published(),
            ["text", "summary"],
            "text",
            "summary",
        ),
        Target(
            "Claims",
            "claims",
            Claim.objects.published().select_related("document"),
            ["quote", "paraphrase", "locator"],
            "quote",
            "paraphrase",
            source="document",
        ),
        # A source is named by its short name; its full title, searched too, explains it.
        Target(
            "Sources",
            "sources",
            Source.objects.published(),
            ["title", "label", "authors", "venue"],
            "name",
            "title",
        ),
        Target(
            "Adverse effects",
            "adverse-effects",
            AdverseEffect.objects.all(),
            ["name", "description"],
            "name",
            "description",
        ),
    ]


def _matching(queryset, fields, query, words):
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            queryset.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "pk")
        )
    per_word = [reduce(or_, [Q(**{f"{f}__icontains": w}) for f in fields]) for w in words]
    # The primary key breaks ties, so that pages of one group neither repeat nor skip.
    ordering = [*queryset.model._meta.ordering, "pk"]
    return queryset.filter(reduce(and_, per_word)).order_by(*ordering)


def _page_of(matching, page):
    """(records on ``page``, how many match in all, the page): a group that fits on its
    first page needs no count query; a page past the end becomes the last one."""
    if page == 1:
        records = list(matching[:PER_GROUP])
        count = len(records) if len(records) < PER_GROUP else matching.count()
        return records, count, 1
    count = matching.count()
    page = min(page, max(1, -(-count // PER_GROUP)))
    offset = (page - 1) * PER_GROUP
    return list(matching[offset : offset + PER_GROUP]), count, page


def _hit(target, record, words):
    source = getattr(record, target.source).name if target.source else ""
    return Hit(
        title=highlight(getattr(record, target.title), words),
        url=record.get_absolute_url(),
        snippet=highlight(getattr(record, target.snippet) or "", words),
        source=source,
    )


def search(query, kind=None, page=1):
    """Groups of hits for ``query``, each with its full count; empty when the query holds
    no searchable word. With ``kind``, that group alone, at ``page``."""
    # PostgreSQL text cannot hold a NUL character: it would be a database error, not a search.
    query = query.replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
    words = _words(query)
    if not words:
        return []
    groups = []
    for target in _targets():
        if kind and target.kind != kind:
            continue
        matching = _matching(target.queryset, target.fields, query, words)
        records, count, shown_page = _page_of(matching, page if kind else 1)
        hits = [_hit(target, r, words) for r in records]
        groups.append(Group(target.label, target.kind, query, hits, count, shown_page))
    return groups


def _page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def page_context(params):
    """What the search page shows for its GET parameters: ``q``, and ``type`` and
    ``page`` to read one group beyond its first page."""
    query = params.get("q", "").strip()[:MAX_QUERY_LENGTH]
    kinds = {target.kind for target in _targets()}
    kind = params.get("type") if params.get("type") in kinds else ""
    groups = search(query, kind, _page_number(params.get("page"))) if query else []
    total = sum(group.count for group in groups)
    return {"query": query, "groups": groups, "total": total, "kind": kind}
