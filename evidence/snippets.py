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


@lru_cache(maxsize=64)  # each hit of a page marks the same words: read them once
def _phrases(words):
    """Each word, or phrase (a tuple of words), as a tuple of stems, by its first stem."""
    found = {}
    for phrase in words:
        stems = tuple(stem(w) for w in ((phrase,) if isinstance(phrase, str) else phrase))
        found.setdefault(stems[0], set()).add(stems)
    return found


def _marked(keys, phrases):
    """Which tokens (given as their stems, ``keys``) to mark: a phrase's words only where
    they stand in a row, so "year" of "18-year-old" leaves "years of suicidality" alone,
    and "16" leaves "every 16 days"."""
    marked = set()
    for i, key in enumerate(keys):
        for phrase in phrases.get(key, ()):
            if tuple(keys[i : i + len(phrase)]) == phrase:
                marked.update(range(i, i + len(phrase)))
    return marked


def excerpt(text, words, limit=300):
    """``text`` cut to about ``limit`` characters around the first of ``words`` (each a word
    or a phrase, a tuple of words) found."""
    return _centred(text, _phrases(tuple(words)), limit)


def _centred(text, phrases, limit):
    if len(text) <= limit:
        return text
    tokens = list(_TOKEN.finditer(text))
    marked = _marked([stem(token.group()) for token in tokens], phrases)
    found = tokens[min(marked)].start() if marked else 0
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
    found) and wrap each word found in <mark>; ``words`` as for ``excerpt``. The standard
    library's escape, as Django's own is, without its lazy-text wrapper: a search page
    escapes a few thousand pieces."""
    phrases = _phrases(tuple(words))
    text = _centred(text, phrases, limit)
    tokens = list(_TOKEN.finditer(text))
    marked = _marked([stem(token.group()) for token in tokens], phrases)
    pieces, last = [], 0
    for i in sorted(marked):
        token = tokens[i]
        found = html.escape(token.group())
        pieces += [html.escape(text[last : token.start()]), f"<mark>{found}</mark>"]
        last = token.end()
    pieces.append(html.escape(text[last:]))
    return mark_safe("".join(pieces))
