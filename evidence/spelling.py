"""'Did you mean': a query word that no record holds, as written, is replaced by the nearest
word the records do hold. Words as written, not stems: "ketamin" finds ketamine through
stemming, yet is still worth correcting. PostgreSQL ranks near words by pg_trgm similarity;
SQLite by edit distance among the indexed words of about the same length and first letter."""

import re

from django.db import connection

from evidence import generation
from evidence.search_index import PG_WORDS, WORDS
from evidence.synonyms import STOP_WORDS, tokens, understood

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


def _nearest(word, candidates):
    """The first of ``candidates`` (likeliest first) within the edit distance allowed."""
    return next((c for c in candidates if _distance(word, c) <= _allowed(word)), None)


# Each lookup answers for every word of the query at once: for each word the records do not
# hold as written, its candidates, likeliest first.


# The indexed words of each first letter, with how many records hold each, as last read for
# the evidence's generation (evidence.generation), which every write to a searched table
# moves: reading them walks each word's entries in the index (the 89 "e" words, 70,000
# entries at 100,000 claims: 2 ms; at 1,000 claims 0.2), yet they change only with the
# evidence. Each server process keeps its own.
_letters_read = {}  # {generation: {letter: [(word, records)]}}


def _candidates_sqlite(cursor, words):
    """For each word the records do not hold, the indexed words of its first letter near
    enough to it, nearest first, then the most common. First which words are known, with
    the generation (reading a range of the vocabulary walks each of its words' entries in
    the index, 27 ms for "infusion cost" at 100,000 claims: known words are not looked
    around), then the unknown words' letters, unless already read for this generation."""
    marks = ", ".join("%s" for _ in words)
    cursor.execute(
        f"SELECT 'word', term FROM {WORDS}_vocab WHERE term IN ({marks}) "
        f"UNION ALL SELECT 'generation', ({generation.CURRENT})",
        words,
    )
    known, current = set(), None
    for kind, value in cursor.fetchall():
        if kind == "word":
            known.add(value)
        else:
            current = value
    unknown = [w for w in words if w not in known]
    if not unknown:
        return {}
    letters = _letters(cursor, {w[0] for w in unknown}, current)
    found = {}
    for w in unknown:
        # Each distance once, and only where it can be near enough: never less than the
        # difference in length.
        near = [
            (distance, -records, term)
            for term, records in letters[w[0]]
            if abs(len(term) - len(w)) <= _allowed(w)
            and (distance := _distance(w, term)) <= _allowed(w)
        ]
        found[w] = [term for *_, term in sorted(near)]
    return found


def _letters(cursor, wanted, current):
    """{letter: [(word, records)]} for each of ``wanted``, read once per generation. Within a
    transaction the generation read may yet be rolled back, and the words with it: nothing
    read there is kept. A branch per letter (the vocabulary table's rows have no stable
    rowid, so an OR of two ranges, which SQLite merges by rowid, lost a third of them)."""
    keep = current is not None and not connection.in_atomic_block
    known = _letters_read.get(current, {}) if keep else {}
    missing = sorted(wanted - known.keys())
    if missing:
        branch = f"SELECT %s, term, doc FROM {WORDS}_vocab WHERE term >= %s AND term < %s"
        cursor.execute(
            " UNION ALL ".join(branch for _ in missing),
            [p for letter in missing for p in (letter, letter, chr(ord(letter) + 1))],
        )
        known = {**known, **{letter: [] for letter in missing}}
        for letter, term, records in cursor.fetchall():
            known[letter].append((term, records))
        if keep:
            _letters_read.clear()  # only the current generation's
            _letters_read[current] = known
    return known


def _candidates_pg(cursor, words):
    """The five most similar words (pg_trgm) to each word that no record holds. A branch per
    word, each with its word as a constant: joined laterally, the planner scanned every
    indexed word instead of using the trigram index (7 ms, not 1)."""
    branch = f"""(
        SELECT %s::text, word FROM {PG_WORDS}
        WHERE word %% %s AND word ~ '^[[:alpha:]]+$'
        AND NOT EXISTS (SELECT FROM {PG_WORDS} WHERE word = %s)
        ORDER BY similarity(word, %s) DESC, word LIMIT 5
    )"""
    cursor.execute(" UNION ALL ".join(branch for _ in words), [w for w in words for _ in range(4)])
    found = {}
    for typed, word in cursor.fetchall():  # each branch's rows in its order
        found.setdefault(typed, []).append(word)
    return found


def did_you_mean(query, terms=()):
    """``query`` with its misspelt words corrected, or "" when none is. ``terms``: the
    query's search terms, whose synonym groups' words are never corrected."""
    words = [
        w
        for w in dict.fromkeys(tokens(query))
        if len(w) >= _SHORTEST and w.isalpha() and w not in STOP_WORDS and not understood(w, terms)
    ]
    if not words:
        return ""
    candidates = {"sqlite": _candidates_sqlite, "postgresql": _candidates_pg}[connection.vendor]
    with connection.cursor() as cursor:
        unknown = candidates(cursor, words)
    fixes = {w: near for w, found in unknown.items() if (near := _nearest(w, found))}
    if not fixes:
        return ""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, fixes)) + r")\b", re.I)
    return pattern.sub(lambda m: fixes[m.group().lower()], query)
