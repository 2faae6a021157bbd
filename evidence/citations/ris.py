"""RIS (EndNote, Zotero, Mendeley, most publishers) read with rispy, one entry at a time so
a broken entry is named by its line and does not hide the others."""

import re

import rispy

from evidence.citations import kinds, names
from evidence.citations.records import (
    PMID_IN_NOTE,
    Citation,
    Unreadable,
    clean,
    page_range,
    year_of,
)

TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
VENUE_KEYS = ["alternate_title3", "secondary_title", "journal_name", "alternate_title2"]
# How a reference manager marks an author list it cut short.
CUT_LIST = {names.ET_AL, "et al", "others"}
VENUE_KEYS += ["alternate_title1", "publisher"]


def parse(text):
    """[(line, Citation | Unreadable)]: entries run from a ``TY  -`` line to an ``ER  -`` line."""
    read, start, lines = [], None, []
    for number, line in enumerate(text.splitlines(), 1):
        tag = TAG.match(line.strip("\ufeff"))
        if tag and tag.group(1) == "TY":
            if start is not None:
                read.append((start, Unreadable(f"it has no end line (ER  -) before line {number}")))
            start, lines = number, []
        if start is not None:
            lines.append(line.strip("\ufeff"))
            if tag and tag.group(1) == "ER":
                read.append((start, _entry(lines, start)))
                start = None
        elif line.strip():
            read.append(
                (number, Unreadable(f'line {number} is outside any reference: "{line[:60]}"'))
            )
    if start is not None:
        read.append((start, Unreadable("it has no end line (ER  -): the file stops inside it")))
    return read


def _entry(lines, line):
    try:
        (fields,) = rispy.loads("\n".join(lines))
    except Exception as error:  # rispy raises bare IOError/ValueError on odd input
        return Unreadable(f"the RIS is broken: {error}")
    try:
        people = _all(fields, "authors", "first_authors")
        return Citation(
            line=line,
            title=clean(fields.get("title") or fields.get("primary_title")).rstrip("."),
            authors=[names.from_inverted(a) for a in people if a not in CUT_LIST],
            more_authors=any(a in CUT_LIST for a in people),
            year=year_of(
                fields.get("year") or fields.get("publication_year") or fields.get("date")
            ),
            venue=clean(next((fields[key] for key in VENUE_KEYS if fields.get(key)), "")),
            doi=clean(fields.get("doi")),
            pmid=_pmid(fields),
            url=clean(next(iter(fields.get("urls") or []), "")),
            volume=clean(fields.get("volume")),
            issue=clean(fields.get("number")),
            pages=page_range(fields.get("start_page"), fields.get("end_page")),
            # AB, or N2 where older EndNote and some publishers put the abstract.
            abstract=clean(fields.get("abstract") or fields.get("notes_abstract")),
            kind=kinds.design(re.split(r"[;,]", fields.get("type_of_work") or "")),
        ).identify()
    except Unreadable as error:
        return error


def _all(fields, *keys):
    return [clean(value) for key in keys for value in fields.get(key) or [] if clean(value)]


def _pmid(fields):
    """The accession number when the database is PubMed or MEDLINE, else a "PMID: 123" note."""
    database = f"{fields.get('name_of_database', '')} {fields.get('database_provider', '')}"
    accession = clean(fields.get("accession_number"))
    if re.search(r"pubmed|medline|nlm", database, re.IGNORECASE) and accession.isdigit():
        return accession
    notes = " ".join(fields.get("notes") or []) + " " + clean(fields.get("note"))
    found = PMID_IN_NOTE.search(notes)
    return found.group(1) if found else ""
