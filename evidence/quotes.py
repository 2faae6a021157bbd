"""Does a claim's quote occur in its document?

Curators copy quotes from web pages, so typography differs from the stored text:
curly against straight quotes, dashes, non-breaking spaces, Markdown link and
emphasis syntax, and mis-encoded characters such as a stray ``Â`` before a space.
Normalisation touches only those; the words themselves must match exactly.
An ellipsis (``...`` or ``…``) in a quote marks an omission: the parts on either
side must occur in order.
"""

import functools
import re

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)
# UTF-8 read as Latin-1 turns a non-breaking space into "Â\xa0"; drop the Â.
_MOJIBAKE = re.compile("\u00c2(?=[\\s\u00a0])")
# [text](url) -> text; the URL is not part of what a reader sees.
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# Markdown emphasis markers and backslash escapes ("1\." -> "1.").
_MD_MARKS = re.compile(r"\\(?=[^\w\s])|(?<![\w*])[*_]+|[*_]+(?![\w*])")
_ELLIPSIS = re.compile(r"\s*(?:\.{3,}|\u2026+)\s*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = _MOJIBAKE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = text.translate(_CHAR_MAP)
    text = _MD_MARKS.sub("", text)
    return _SPACE.sub(" ", text).strip()


def quote_parts(quote: str) -> list[str]:
    """The pieces of a quote between omission marks, normalised."""
    return [normalise(p) for p in _ELLIPSIS.split(quote) if normalise(p)]


def quote_found(quote: str, document_text: str) -> bool:
    """True when every piece of ``quote`` occurs in ``document_text``, in order."""
    parts = quote_parts(quote)
    if not parts or not document_text:
        return False
    haystack = _normalised_document(document_text)
    position = 0
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@functools.lru_cache(maxsize=16)
def _normalised_document(text: str) -> str:
    # Documents are long and few; their quotes are many: normalise each document once.
    return normalise(_ELLIPSIS.sub(" ... ", text))
