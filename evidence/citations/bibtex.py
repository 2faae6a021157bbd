"""BibTeX (Zotero, Mendeley, JabRef, Google Scholar) read with bibtexparser 2."""

import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock
from pylatexenc.latex2text import LatexNodes2Text

from evidence.citations import kinds, names
from evidence.citations.records import (
    PMID_IN_NOTE,
    Citation,
    Unreadable,
    clean,
    page_range,
    year_of,
)

LATEX = LatexNodes2Text()
VENUE_FIELDS = ["journal", "journaltitle", "booktitle", "publisher", "institution", "howpublished"]


def parse(text):
    """[(line, Citation | Unreadable)] for every entry; a block that does not parse is
    named by the line it starts on."""
    library, read = _library(text), []
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            # Same key twice (Mendeley does this): read it anyway, de-duplication decides.
            read += [(line + i, _entry(e, line + i)) for i, e in _entries(block.raw)]
        else:
            read.append((line, Unreadable(f"the BibTeX is broken: {_reason(block.error)}")))
    read += [(e.start_line + 1, _entry(e, e.start_line + 1)) for e in library.entries]
    return sorted(read, key=lambda pair: pair[0])


def _library(text):
    return bibtexparser.parse_string(
        text,
        append_middleware=[
            # Names are split before LaTeX is decoded, so a braced group name stays whole;
            # the decoding middleware leaves split names alone, so _person decodes them.
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.LatexDecodingMiddleware(),
        ],
    )


def _entries(raw):
    return [(e.start_line, e) for e in _library(raw).entries]


def _entry(entry, line):
    fields = {key.casefold(): field.value for key, field in entry.fields_dict.items()}
    try:
        citation = Citation(
            line=line,
            title=clean(_text(fields.get("title"))).rstrip("."),
            year=year_of(_text(fields.get("year") or fields.get("date"))),
            venue=clean(next((_text(fields[f]) for f in VENUE_FIELDS if fields.get(f)), "")),
            doi=clean(_text(fields.get("doi"))),
            pmid=clean(_text(fields.get("pmid")) or _pmid_in(fields)),
            url=clean(_text(fields.get("url"))),
            volume=clean(_text(fields.get("volume"))),
            issue=clean(_text(fields.get("number") or fields.get("issue"))),
            pages=page_range(_text(fields.get("pages"))),
            abstract=clean(_text(fields.get("abstract"))),
            kind=kinds.design(
                [_text(fields.get("type")), *re.split(r"[;,]", _text(fields.get("keywords")))]
            ),
        )
        for person in fields.get("author") or []:
            if person.last == ["others"]:
                citation.more_authors = True
            else:
                citation.authors.append(_person(person))
        return citation.identify()
    except Unreadable as error:
        return error


def _person(parts):
    family, given, suffix = (
        _decoded(words) for words in (parts.von + parts.last, parts.first, parts.jr)
    )
    return " ".join(filter(None, [names.vancouver(family, given), suffix]))


def _decoded(words):
    return LATEX.latex_to_text(" ".join(words)).strip()


def _pmid_in(fields):
    """A PMID given as an e-print (biblatex) or in a note ("PMID: 123", as Zotero writes)."""
    if _text(fields.get("eprinttype")).casefold() == "pubmed":
        return _text(fields.get("eprint"))
    found = PMID_IN_NOTE.search(_text(fields.get("note")) + " " + _text(fields.get("annote")))
    return found.group(1) if found else ""


def _text(value):
    return value if isinstance(value, str) else ""


def _reason(error):
    """bibtexparser's own words on why a block failed, without its code quotes."""
    said = getattr(error, "abort_reason", "") or str(error)
    return said.replace("`", '"').strip() or "the entry could not be read"
