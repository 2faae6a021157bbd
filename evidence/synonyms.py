"""Words that mean the same thing to a clinician reading about ketamine, and how a query's
words become search terms: each word (or two- or three-word phrase) that belongs to a group
stands for the whole group, on both databases.

``CURATED`` is the list kept in the repository; curators add groups in the admin
(``SynonymGroup``), read with it on every search.
"""

import re
from dataclasses import dataclass

# Each group: words or phrases a clinician uses for one thing, the first its usual name.
# Drawn from the documents (teens, the 16- and 18-year-olds, S-ketamine, troches, cystitis).
CURATED = [
    ["intravenous", "iv", "infusion", "drip"],
    ["intranasal", "nasal", "spray", "nose", "snorted"],
    ["oral", "troche", "lozenge", "sublingual", "tablet", "by mouth", "under the tongue"],
    ["esketamine", "spravato", "s-ketamine"],
    [
        "adolescent",
        "teen",
        "teenager",
        "young",
        "youth",
        *(f"{age}-year-old" for age in range(13, 20)),
    ],
    ["addiction", "addictive", "addicted", "dependence", "dependent", "misuse", "abuse"],
    ["cost", "price", "expensive", "cheap", "afford", "charge", "dollars"],
    ["bladder", "urinary", "cystitis", "urine"],
    ["heart", "blood pressure", "hypertension", "hypertensive", "cardiovascular"],
    ["memory", "cognition", "cognitive", "thinking"],
    ["liver", "hepatic", "hepatotoxicity", "biliary"],
    ["suicidal", "suicide", "suicidality"],
    ["psychosis", "psychotic", "hallucinations"],
    ["anesthesiologist", "anaesthetist", "anesthetist"],
    ["home", "self-administered", "own supply"],
    ["supervision", "supervised", "monitored", "monitoring"],
    ["maintenance", "booster", "boosters", "long-term"],
    ["last", "lasts", "how long", "durable", "duration", "wear off"],
    ["course", "how many", "sessions", "treatments"],
    ["insurance", "insurer", "insurers", "covered", "coverage"],
    ["off-label", "off label", "unapproved"],
]

# Words a question is phrased with that say nothing about what it asks, and "ketamine",
# which nearly every record holds: left out of a query that has other words.
_STOP_WORDS = """
a about after all also am an and any are as at be been before being between both but by
can could did do does doing during each few for from had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor not of off on
once only or other our out over own same she should so some such than that the their
them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours much many
ketamine
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_TOKEN = re.compile(r"\w+")
MAX_PHRASE = 3  # the longest phrase in a group, in words


def tokens(text):
    """The words of ``text`` as the index splits them, in lower case ("S-ketamine": s, ketamine)."""
    return _TOKEN.findall(text.lower())


def _key(word):
    """A word without its plural ending, so "teenagers" finds the "teenager" group."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Term:
    """One thing the query asks for: its alternatives, each a phrase (a tuple of words)."""

    alternatives: tuple


def understood(word, terms):
    """Whether ``word`` (plural or not) is a word of a synonym group among ``terms``: such a
    word was understood, so it is never corrected ("teenagers" is not "teenager")."""
    return any(
        _key(word) in {_key(w) for phrase in term.alternatives for w in phrase}
        for term in terms
        if len(term.alternatives) > 1
    )


def all_groups():
    """The curated groups and the curators' additions, each a list of phrases."""
    from evidence.models import SynonymGroup

    return [*CURATED, *(group.phrases for group in SynonymGroup.objects.all())]


def _lookup(groups):
    """Phrase (as a tuple of keyed words) -> every phrase of its groups."""
    found = {}
    for group in groups:
        phrases = [tuple(tokens(phrase)) for phrase in group]
        for phrase in phrases:
            key = tuple(_key(w) for w in phrase)
            found.setdefault(key, []).extend(p for p in phrases if p not in found[key])
    return found


def terms(query, groups=None):
    """The query's terms: stop words dropped, each remaining word or known phrase standing
    for its synonym group. A query made only of stop words keeps them, so "how" still
    finds something rather than nothing."""
    words = tokens(query)
    lookup = _lookup(all_groups() if groups is None else groups)
    found, i = [], 0
    while i < len(words):
        for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            group = lookup.get(tuple(_key(w) for w in phrase))
            if group and (size > 1 or phrase[0] not in STOP_WORDS):
                found.append(Term(tuple(group)))
                i += size
                break
        else:
            if words[i] not in STOP_WORDS and len(words[i]) > 1:
                found.append(Term(((words[i],),)))
            i += 1
    if not found:
        found = [Term(((w,),)) for w in words if len(w) > 1]
    return list(dict.fromkeys(found))[:10]
