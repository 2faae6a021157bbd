"""What a search answers: its groups, one per type of record, each a page of hits and its
count (evidence.search finds them). A hit shows its text around the words found
(evidence.snippets)."""

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse

from evidence.snippets import excerpt, highlight

PER_GROUP = 20  # hits on a page of one group
# Past this many matches a group's count says "more than", and claims and sources are no
# longer all ranked by relevance: bm25 over 44,000 claims matching "nasal" took 70 ms, and relevance
# cannot tell thousands of mentions of one common word apart anyway.
COUNTED_UP_TO = 1_000


@dataclass
class Hit:
    record: object
    target: object
    words: list  # every word and phrase (a tuple of words) the query stands for, to mark

    @property
    def url(self):
        return self.record.get_absolute_url()

    # Cached: the template asks whether there is one, then shows it.
    @cached_property
    def source(self):
        """Who says it, for claims."""
        return getattr(self.record, self.target.source).name if self.target.source else ""

    def _text(self, attribute):
        return getattr(self.record, attribute) or ""

    @cached_property
    def title(self):
        return highlight(self._text(self.target.title), self.words)

    @cached_property
    def snippet(self):
        return highlight(self._text(self.target.snippet), self.words)

    def as_json(self, request):
        return {
            "title": excerpt(self._text(self.target.title), self.words),
            "snippet": excerpt(self._text(self.target.snippet), self.words),
            "source": self.source,
            "url": request.build_absolute_uri(self.url),
        }


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
    relevance: float = 0.0  # its best hit's, to list the best answers first
    broad_label: str = ""  # how its type orders a broad search, "by name"; "": by relevance
    several_terms: bool = False  # so a broad search lists those holding every word first

    @property
    def noun(self):
        return self.label.lower()

    @property
    def counted(self):
        """The count, or past what is counted, its floor (COUNTED_UP_TO)."""
        return min(self.count, COUNTED_UP_TO)

    @property
    def count_is_exact(self):
        return self.count <= COUNTED_UP_TO

    @property
    def count_label(self):
        """ "37", or "more than 1,000" past what is counted."""
        return f"{self.count:,}" if self.count_is_exact else f"more than {COUNTED_UP_TO:,}"

    @property
    def all_label(self):
        """The link to this group alone: "Show all 25 claims", or "Show more claims"."""
        if self.count_is_exact:
            return f"Show all {self.count} {self.noun}"
        return f"Show more {self.noun}"

    @property
    def listed_broadly(self):
        """A broad search of a type listed in its own order, unranked."""
        return not self.count_is_exact and bool(self.broad_label)

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
    def next_query(self):
        """The query string of this group's next page; empty on its last page."""
        if self.page * PER_GROUP >= self.count:
            return ""
        return urlencode({"q": self.query, "type": self.kind, "page": self.page + 1})

    @property
    def next_url(self):
        return f"{reverse('evidence:search')}?{self.next_query}" if self.next_query else ""
