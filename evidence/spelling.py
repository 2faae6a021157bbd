"""'Did you mean': a query word that no record holds, as written, is replaced by the nearest
word the records do hold. Words as written, not stems: "ketamin" finds ketamine through
stemming, yet is still worth correcting. PostgreSQL ranks near words by pg_trgm similarity;
SQLite by edit distance among the indexed words of about the same length and first letter."""

import re

from django.db import connection

from evidence.search_index import PG_WORDS, WORDS
from evidence.synonyms import STOP_WORDS, tokens

_SHORTEST = 4  # shorter words are too often right to correct


def _distance(a, b):
    """Levenshtein distance: insertions, deletions and substitutions."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _allowed(word):
    return 1 if len(word) < 7 else 2


def _known_sqlite(cursor, words):
    marks = ", ".join("%s" for _ in words)
    cursor.execute(f"SELECT term FROM {WORDS}_vocab WHERE term IN ({marks})", words)
    return {term for (term,) in cursor.fetchall()}


def _nearest_sqlite(cursor, word):
    cursor.execute(
        f"SELECT term, doc FROM {WORDS}_vocab WHERE term >= %s AND term < %s "
        "AND length(term) BETWEEN %s AND %s",
        [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2],
    )
    near = [(_distance(word, term), -doc, term) for term, doc in cursor.fetchall()]
    near = [n for n in near if n[0] <= _allowed(word)]
    return min(near)[2] if near else None


def _known_pg(cursor, words):
    cursor.execute(f"SELECT word FROM {PG_WORDS} WHERE word = ANY(%s)", [words])
    return {word for (word,) in cursor.fetchall()}


def _nearest_pg(cursor, word):
    cursor.execute(
        f"SELECT word FROM {PG_WORDS} WHERE word %% %s AND word ~ '^[[:alpha:]]+$' "
        "ORDER BY similarity(word, %s) DESC, word LIMIT 5",
        [word, word],
    )
    near = [w for (w,) in cursor.fetchall() if _distance(word, w) <= _allowed(word)]
    return near[0] if near else None


def did_you_mean(query):
    """``query`` with its misspelt words corrected, or "" when none is."""
    words = [
        w
        for w in dict.fromkeys(tokens(query))
        if len(w) >= _SHORTEST and w.isalpha() and w not in STOP_WORDS
    ]
    if not words:
        return ""
    known, nearest = {
        "sqlite": (_known_sqlite, _nearest_sqlite),
        "postgresql": (_known_pg, _nearest_pg),
    }[connection.vendor]
    with connection.cursor() as cursor:
        found = known(cursor, words)
        fixes = {w: near for w in words if w not in found and (near := nearest(cursor, w))}
    if not fixes:
        return ""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, fixes)) + r")\b", re.I)
    return pattern.sub(lambda m: fixes[m.group().lower()], query)
