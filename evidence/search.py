"""Search across questions, claims, sources and adverse effects, for questions typed the way
a clinician asks them.

The query's words become terms (evidence.synonyms): stop words dropped, each word standing
for its synonym group. A record matches when it holds any term, stemmed, and ranks by how
well it matches (more terms, rarer terms, in weightier fields): bm25 over FTS5 on SQLite,
ts_rank over the weighted search vectors on PostgreSQL (evidence.search_index). Groups are
listed best answer first, each with its count (up to COUNTED_UP_TO, then "more than";
evidence.search_results). A misspelt word gets a
"did you mean" (evidence.spelling). A broad search of claims or sources (more matches than
counted) ranks none of them: it lists those holding every word first, then the rest, each
strongest evidence first (claims) or by name (sources) (``_broad_page``).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, When
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact, In
from django.urls import reverse

from evidence import search_results as results
from evidence import spelling, synonyms
from evidence.models import AdverseEffect, Claim, Question, Source
from evidence.models.strength import STRENGTH_ORDER
from evidence.paging import count_up_to, counts_up_to
from evidence.planner import Unindexed, planned_for_their_values
from evidence.search_results import Group, Hit

# The overview shows each group's best ten, each with a link to the rest: four groups of
# twenty were eighty results to scan, and rendering them a quarter of the page's time.
OVERVIEW_PER_GROUP = 10
MAX_QUERY_LENGTH = 200


@dataclass
class Target:
    label: str
    kind: str
    queryset: object  # what the user may see
    title: str  # attribute shown as the hit's title
    snippet: str  # attribute shown under it
    source: str = ""  # attribute naming who says it
    # How a broad search orders its records, through an index (None: by relevance, every
    # match ranked), and how the page says so.
    broad_order: tuple = None
    broad_label: str = ""
    # Whether a broad search's rest is looked for record by record first (_holding_soonest):
    # claims, whose match sets run to tens of thousands; a source's take a millisecond.
    walked: bool = False

    @property
    def table(self):
        return self.queryset.model._meta.db_table


def _targets(user=None):
    def visible(model):
        records = model.objects.visible_to(user) if user else model.objects.published()
        return records.defer("search_vector")  # read by the database alone

    return [
        Target("Questions", "questions", visible(Question), "text", "summary"),
        Target(
            "Claims",
            "claims",
            visible(Claim)
            .select_related("document")
            .defer("document__full_text", "document__search_vector"),
            "quote",
            "paraphrase",
            source="document",
            broad_order=STRENGTH_ORDER,
            broad_label="strongest evidence first",
            walked=True,
        ),
        # A source is named by its short name; its full title, searched too, explains it.
        # Ranking the 2,568 of 10,000 sources that mention "infusion" or "cost" took 12 ms.
        Target(
            "Sources",
            "sources",
            visible(Source).defer("full_text"),
            "name",
            "title",
            broad_order=("sort_name", "pk"),
            broad_label="by name",
        ),
        Target(
            "Adverse effects",
            "adverse-effects",
            AdverseEffect.objects.defer("search_vector"),
            "name",
            "description",
        ),
    ]


def _fts_expression(terms, every=False):
    """An FTS5 query: any (``every``: all) of the terms, each any of its phrases, every word
    quoted so that nothing typed is read as FTS5 syntax."""
    groups = [
        "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in term.alternatives) + ")"
        for term in terms
    ]
    return (" AND " if every else " OR ").join(groups)


def _pg_query(terms, every=False):
    """One tsquery for the terms: any (``every``: all) of them, each any of its phrases.
    Written as to_tsquery's text rather than a tree of plainto_tsquery calls: one parameter
    instead of one per word, which the ORM compiled in 15 ms for a three-word question.
    Words are letters, digits and underscores (synonyms.tokens), never tsquery syntax; stemming
    and stop words are to_tsquery's, as they were plainto_tsquery's."""
    text = (" & " if every else " | ").join(
        "(" + " | ".join(" <-> ".join(phrase) for phrase in term.alternatives) + ")"
        for term in terms
    )
    return SearchQuery(text, search_type="raw", config="english")


def _matching(target, terms, ranked=True, every=False):
    """The target's records holding any term (``every``: all of them), each with its
    ``relevance`` (unordered) when ``ranked``: counting them must not rank every match."""
    if connection.vendor == "postgresql":
        query = _pg_query(terms, every)
        matching = target.queryset.filter(search_vector=query)
        return (
            matching.annotate(relevance=SearchRank(F("search_vector"), query))
            if ranked
            else matching
        )
    return _joined(target.queryset, terms, every, ranked)


def _joined(records, terms, every=False, ranked=False):
    """SQLite: ``records`` holding any term (``every``: all of them), joined to their row
    of the FTS5 index by rowid (the ORM has no join to a virtual table), with their
    ``relevance`` when ``ranked``. The join names the id through the ORM: a subquery renames
    its tables, and other joins may bring an "id" of their own."""
    fts = f"{records.model._meta.db_table}_fts"
    joined = records.extra(
        tables=[fts], where=[f"{fts} MATCH %s"], params=[_fts_expression(terms, every)]
    ).filter(Exact(RawSQL(f"{fts}.rowid", (), output_field=IntegerField()), F("pk")))
    if ranked:
        return joined.annotate(relevance=RawSQL(f"-{fts}.rank", (), output_field=FloatField()))
    return joined


def _holding(model, terms, every=False):
    """A condition for ``model``'s records holding any term (``every``: all of them),
    unranked, for an order of their own. On SQLite as membership of the match set, checked
    row by row (planner.Unindexed): the query walks its order's index and stops at a page
    rather than driving from the matches (9 ms, not 89 ms, for the strongest 20 of 44,000
    claims matching "nasal")."""
    if connection.vendor == "postgresql":
        return Q(search_vector=_pg_query(terms, every))
    fts = f"{model._meta.db_table}_fts"
    matches = RawSQL(
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [_fts_expression(terms, every)]
    )
    return In(Unindexed("id"), matches)


# A check of one record against the index costs about 30 µs a phrase on SQLite: the first
# page of a broad search's rest checks this many phrases' worth of its first records one by
# one before it reads the whole match set (_holding_soonest).
WALKED_LOOKUPS = 200


def _holding_soonest(target, terms, holding):
    """``holding`` (_holding) for the first page of a broad search's rest. On SQLite, the
    first records in the type's broad order are each checked in the index, and the match
    set is read only past them, if the page is not full by then: reading all 44,000
    matches of "nasal" took 9.5 ms at 100,000 claims, checking the strongest claims 2.3 ms.
    A question of many phrases checks none (it would cost more than it spares)."""
    walked = WALKED_LOOKUPS // sum(len(term.alternatives) for term in terms)
    if connection.vendor != "sqlite" or not target.walked or walked < results.PER_GROUP:
        return holding
    fts = f"{target.table}_fts"
    first = target.queryset.order_by(*target.broad_order).values("pk")[:walked]
    checked = RawSQL(
        f"EXISTS (SELECT 1 FROM {fts} WHERE {fts}.rowid = {target.table}.id AND {fts} MATCH %s)",
        [_fts_expression(terms)],
        output_field=BooleanField(),
    )
    return Case(When(pk__in=first, then=checked), default=holding, output_field=BooleanField())


# Best match first; ties oldest first, so that pages neither repeat nor skip a record.
BEST_FIRST = ["-relevance", "pk"]


def _page_of(target, terms, page, size):
    """(the first ``size`` records on ``page``, how many match (up to COUNTED_UP_TO + 1),
    the page): a page past the end becomes the last one."""
    matching = _matching(target, terms, ranked=False)
    holding_every = 0  # at most how many a broad search lists first, up to this page's end
    if len(terms) > 1 and target.broad_order:
        # Counted with the matches: on the first page, only whether any record holds every
        # word (the page starts with them, whatever their number); past it, how many do,
        # as far as the page reaches.
        every = _matching(target, terms, ranked=False, every=True)
        reach = 0 if page == 1 else page * results.PER_GROUP
        count, holding_every = counts_up_to((matching, results.COUNTED_UP_TO), (every, reach))
        holding_every = size if page == 1 and holding_every else holding_every
    else:
        count = count_up_to(matching, results.COUNTED_UP_TO)
    page = min(page, max(1, -(-count // results.PER_GROUP)))
    offset = (page - 1) * results.PER_GROUP
    if count > results.COUNTED_UP_TO and target.broad_order:
        return _broad_page(target, terms, offset, size, holding_every), count, page
    return _ranked_page(target, terms, offset, size), count, page


def _ranked_page(target, terms, offset, size):
    """A page of the matching records, best match first: their ids ranked first, carrying
    nothing else through the sort of every match (at 100,000 claims, three times faster
    than sorting whole rows), then their rows read."""
    ids = _matching(target, terms).order_by(*BEST_FIRST).values("pk")[offset : offset + size]
    return list(_matching(target, terms).filter(pk__in=ids).order_by(*BEST_FIRST))


def _broad_page(target, terms, offset, size, holding_every):
    """A page of a broad search, none of it ranked: first the records holding every word
    (when the query has several; ``holding_every``: at most how many, as far as this page
    reaches), then the others, each in the type's broad order, through its index. Ranking
    the 2,189 claims holding "infusion" and "cost" at 100,000 claims took 12 ms on SQLite
    (bm25 over eleven phrases a row), most of that page's time. One query when the page is
    all of one kind or the other, as the first page mostly is."""
    model = target.queryset.model
    every = _holding(model, terms, every=True) if holding_every else None
    records = []
    if holding_every > offset:
        first = target.queryset.filter(every).order_by(*target.broad_order)
        records = list(first[offset : offset + size])
        if len(records) == size:
            return records
        holding_every = offset + len(records)  # the page did not fill: all of them, exactly
    # Where those holding every word end, the others begin: before this page, all of them
    # (exactly counted, as they end before the page does) or those on the page so far.
    start = max(0, offset - holding_every)
    holding = _holding(model, terms)
    if start == 0:
        holding = _holding_soonest(target, terms, holding)
    rest = target.queryset.filter(holding)
    if holding_every:
        rest = rest.exclude(every)
    rest = rest.order_by(*target.broad_order)
    return records + list(rest[start : start + size - len(records)])


def newest_holding_every_word(records, query, limit):
    """A condition for the newest ``limit`` of ``records`` holding every word of ``query``
    (as ``holding_every_word``), for a list shown newest first that pages no further than
    ``limit``: the admin's. On SQLite they are read from the full-text index newest first,
    which stops at ``limit``: testing each claim against every match read and sorted all
    44,000 matches of "nasal" at 100,000 claims, twice (count and page: 21 ms, 8 now).
    PostgreSQL tests each row as it walks them newest first: there it is every match.
    None when the query holds no searchable word."""
    terms = synonyms.terms(clean(query))
    if not terms or connection.vendor == "postgresql":
        return _holding(records.model, terms, every=True) if terms else None
    fts = f"{records.model._meta.db_table}_fts"
    # The index's own order, read backwards.
    newest = _joined(records.order_by(), terms, every=True).extra(order_by=[f"-{fts}.rowid"])
    return Q(pk__in=newest.values("pk")[:limit])


def holding_every_word(model, query):
    """A condition for ``model``'s records holding every word of ``query`` (each word, or
    its synonyms, stemmed): the admin's search. None when it holds no searchable word."""
    terms = synonyms.terms(clean(query))
    return _holding(model, terms, every=True) if terms else None


def clean(query):
    # PostgreSQL text cannot hold a NUL character: it would be a database error, not a search.
    return query.replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]


def search(query, kind=None, page=1, user=None, overview=None, terms=None):
    """Groups of hits for ``query``, best answers first, each with its full count; empty
    when the query holds no searchable word. With ``kind``, that group alone, at ``page``;
    without, each group's first ``overview`` hits (PER_GROUP when None). ``user``: whose
    view (None: the public's). ``terms``: the query's, when already read."""
    query = clean(query)
    terms = synonyms.terms(query) if terms is None else terms
    if not terms:
        return []
    # Every word and phrase the query stands for, to mark where found.
    words = sorted({phrase for term in terms for phrase in term.alternatives})
    groups = []
    for target in _targets(user):
        if kind and target.kind != kind:
            continue
        size = results.PER_GROUP if kind else overview or results.PER_GROUP
        records, count, shown_page = _page_of(target, terms, page if kind else 1, size)
        hits = [Hit(record, target, words) for record in records]
        # A broad search's records carry no relevance.
        best = getattr(records[0], "relevance", 0.0) if records else 0.0
        group = Group(target.label, target.kind, query, hits, count, shown_page, best)
        group.broad_label, group.several_terms = target.broad_label, len(terms) > 1
        groups.append(group)
    # Best answers first: a question matching well comes above the claims answering it.
    return sorted(groups, key=lambda group: (not group.hits, -group.relevance))


def _page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def page_context(params, user=None, overview=OVERVIEW_PER_GROUP):
    """What a search shows for its GET parameters: ``q``, and ``type`` and ``page`` to read
    one group beyond its first page; a spelling suggestion when a word looks misspelt.
    ``overview``: how many hits each group shows when no ``type`` is chosen (None: a
    page's worth)."""
    query = clean(params.get("q", ""))
    kinds = {target.kind for target in _targets()}
    kind = params.get("type") if params.get("type") in kinds else ""
    page = _page_number(params.get("page"))
    terms = synonyms.terms(query) if query else []
    with planned_for_their_values():
        groups = search(query, kind, page, user, overview, terms) if terms else []
        suggestion = spelling.did_you_mean(query, terms) if groups else ""
    total = sum(group.counted for group in groups)
    suggestion_url = f"{reverse('evidence:search')}?{urlencode({'q': suggestion})}"
    return {
        "query": query,
        "groups": groups,
        "total": total,
        "total_label": f"{total:,}",  # "2,210"
        "total_is_exact": all(group.count_is_exact for group in groups),
        "kind": kind,
        "suggestion": suggestion,
        "suggestion_url": suggestion_url if suggestion else "",
    }
