"""What a search hit shows: a stretch of its text centred on the words found, those words
marked. Words match as the index matches them, loosely: "relapsing" marks "relapsed"."""

import html
import re
from functools import lru_cache

from django.utils.safestring import mark_safe

_TOKEN = re.compile(r"\w+")
_ENDINGS = ("ing", "ed", "es", "s", "e", "ly")


@lru_cache(maxsize=4096)  # a page of hits stems the same few hundred words again and again
def stem(word):
    """A word without a common ending: enough to mark what the stemmed index found."""
    word = word.lower()
    for ending in _ENDINGS:
        if len(word) - len(ending) >= 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _first_found(text, stems):
    for token in _TOKEN.finditer(text):
        if stem(token.group()) in stems:
            return token.start()
    return None


def excerpt(text, words, limit=300):
    """``text`` cut to about ``limit`` characters around the first of ``words`` found."""
    return _centred(text, {stem(w) for w in words}, limit)


def _centred(text, stems, limit):
    if len(text) <= limit:
        return text
    found = _first_found(text, stems) or 0
    start = max(0, found - limit // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + limit
    cut = text[start:end]
    if end < len(text):
        cut = cut.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + cut


def highlight(text, words, limit=300):
    """Escape ``text`` (a stretch of about ``limit`` characters centred on the first word
    found) and wrap each word found in <mark>. The standard library's escape, as Django's
    own is, without its lazy-text wrapper: a search page escapes a few thousand pieces."""
    stems = {stem(w) for w in words}
    text = _centred(text, stems, limit)
    pieces, last = [], 0
    for token in _TOKEN.finditer(text):
        if stem(token.group()) in stems:
            found = html.escape(token.group())
            pieces += [html.escape(text[last : token.start()]), f"<mark>{found}</mark>"]
            last = token.end()
    pieces.append(html.escape(text[last:]))
    return mark_safe("".join(pieces))
