"""Search across sources, claims, questions and adverse effects.

PostgreSQL: full-text search over trigger-maintained search vectors (GIN-indexed,
migration 0005), ranked. SQLite: every word must occur in one of the searched fields,
ordered by the model's default ordering. Either way, results are grouped by type and
the query's words are highlighted.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
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


@dataclass
class Group:
    label: str
    hits: list = field(default_factory=list)


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


# (label, queryset, fields searched on SQLite, title attribute, snippet attribute)
def _targets():
    return [
        ("Questions", Question.objects.published(), ["text", "summary"], "text", "summary"),
        (
            "Claims",
            Claim.objects.published().select_related("document"),
            ["quote", "paraphrase", "locator"],
            "quote",
            "paraphrase",
        ),
        ("Sources", Source.objects.published(), ["title", "authors", "venue"], "title", "venue"),
        (
            "Adverse effects",
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
    return queryset.filter(reduce(and_, per_word))


def search(query):
    """Groups of hits for ``query``; empty when it holds no searchable word."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    words = _words(query)
    if not words:
        return []
    groups = []
    for label, queryset, fields, title, snippet in _targets():
        records = _matching(queryset, fields, query, words)[:PER_GROUP]
        hits = [
            Hit(
                title=highlight(getattr(r, title), words),
                url=r.get_absolute_url(),
                snippet=highlight(getattr(r, snippet) or "", words),
            )
            for r in records
        ]
        groups.append(Group(label, hits))
    return groups
