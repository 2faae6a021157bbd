"""Sources written for reference managers: BibTeX, RIS and CSL-JSON (Zotero, EndNote,
Mendeley, pandoc and citeproc read them)."""

import json

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import unicode_to_latex

from evidence.citations import kinds, names

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"


def bibtex(sources):
    """Classic BibTeX: accents and special characters as LaTeX (Laso\\'n), so any BibTeX
    reads it; DOI and URL as written, since they are read verbatim."""
    entries = []
    for source in sources:
        fields = {
            "title": _latex(source.title),
            "author": " and ".join(_bibtex_names(source.authors)),
            "year": str(source.year or ""),
            "journal" if kinds.is_article(source) else "publisher": _latex(source.venue),
            "volume": _latex(source.volume),
            "number": _latex(source.issue),
            "pages": source.pages.replace("-", "--"),  # BibTeX's en dash
            "abstract": _latex(source.abstract),
            "doi": source.doi,
            "pmid": source.pmid,
            "url": source.url,
        }
        kept = [Field(key, value) for key, value in fields.items() if value]
        entries.append(Entry("article" if kinds.is_article(source) else "misc", source.slug, kept))
    return bibtexparser.write_string(bibtexparser.Library(entries))


def ris(sources):
    entries = [
        _without_empty(
            {
                "type_of_reference": "JOUR" if kinds.is_article(source) else "GEN",
                "authors": _ris_names(source.authors),
                "title": source.title,
                "year": str(source.year or ""),
                "secondary_title": source.venue,
                "volume": source.volume,
                "number": source.issue,
                **_first_and_last_page(source.pages),
                "abstract": source.abstract,
                "doi": source.doi,
                "urls": [source.url] if source.url else [],
                "accession_number": source.pmid,
                "name_of_database": "PubMed" if source.pmid else "",
            }
        )
        for source in sources
    ]
    return rispy.dumps(entries, implementation=_RisWriter)


def csl_json(sources):
    items = [
        _without_empty(
            {
                "id": source.slug,
                "type": "article-journal" if kinds.is_article(source) else "document",
                "title": source.title,
                "author": [_csl_name(person) for person in names.split(source.authors)[0]],
                "issued": {"date-parts": [[source.year]]} if source.year else None,
                "container-title": source.venue,
                "volume": source.volume,
                "issue": source.issue,
                "page": source.pages,
                "abstract": source.abstract,
                "DOI": source.doi,
                "PMID": source.pmid,
                "URL": source.url or (f"{PUBMED}{source.pmid}/" if source.pmid else ""),
            }
        )
        for source in sources
    ]
    return json.dumps(items, ensure_ascii=False, indent=2)


class _RisWriter(rispy.RisWriter):
    def set_header(self, count):
        return ""  # rispy numbers entries ("1."); reference managers expect none


def _first_and_last_page(pages):
    """RIS keeps a page range as its first (SP) and last (EP) page."""
    first, _, last = pages.partition("-")
    return {"start_page": first, "end_page": last}


def _bibtex_names(authors):
    people, more = names.split(authors)
    # "Family, Jr, G. H."; a name not split into parts is braced so BibTeX keeps it whole.
    written = [
        _latex(", ".join(filter(None, [family, suffix, _dotted(given)])))
        if given
        else f"{{{_latex(family)}}}"
        for family, given, suffix in people
    ]
    return written + (["others"] if more else [])


def _ris_names(authors):
    people, more = names.split(authors)
    return [_inverted(person) for person in people] + ([names.ET_AL] if more else [])


def _inverted(person):
    family, given, suffix = person
    return ", ".join(filter(None, [family, _dotted(given), suffix]))


def _csl_name(person):
    family, given, suffix = person
    if not given:
        return {"literal": family}
    return _without_empty({"family": family, "given": _dotted(given), "suffix": suffix})


def _dotted(initials):
    return " ".join(f"{letter}." for letter in initials)


def _latex(text):
    return unicode_to_latex(text, non_ascii_only=False, unknown_char_policy="keep")


def _without_empty(record):
    return {key: value for key, value in record.items() if value not in ("", None, [])}
