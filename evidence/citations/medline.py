"""PubMed's MEDLINE text (the .nbib or .txt that "Send to: Citation manager" and "Save:
PubMed format" write): four-letter tags, continuation lines indented by six spaces."""

import re

from evidence.citations import kinds, names
from evidence.citations.records import Citation, Unreadable, clean, page_range, year_of

TAG = re.compile(r"^([A-Z][A-Z0-9 ]{1,3})- (.*)$")
DOI_ID = re.compile(r"^(\S+) \[doi\]$")


def parse(text):
    """[(line, Citation | Unreadable)]: records are separated by blank lines, and each
    starts with its ``PMID-`` line."""
    blocks, current = [], None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip("\ufeff")
        if not line.strip():
            current = None
        elif current is None:
            current = (number, [(number, line)])
            blocks.append(current)
        else:
            current[1].append((number, line))
    return [(start, _entry(start, _fields(lines))) for start, lines in blocks]


def _fields(lines):
    """[[tag, value]] of a record, or Unreadable naming the line that is not PubMed text."""
    fields = []
    for number, line in lines:
        tag = TAG.match(line)
        if tag:
            fields.append([tag.group(1).strip(), tag.group(2)])
        elif fields and line.startswith("      "):
            fields[-1][1] += " " + line.strip()
        else:
            return Unreadable(f'line {number} is not PubMed text: "{line[:60]}"')
    if fields[0][0] != "PMID":
        return Unreadable("the record does not start with its PMID line")
    return fields


def _entry(line, fields):
    if isinstance(fields, Unreadable):
        return fields
    values = {}
    for tag, value in fields:
        values.setdefault(tag, []).append(clean(value))
    first = {tag: found[0] for tag, found in values.items()}
    pmid = first.get("PMID", "")
    try:
        return Citation(
            line=line,
            title=(first.get("TI") or first.get("BTI", "")).rstrip("."),
            authors=_authors(values),
            year=year_of(first.get("DP")),
            venue=first.get("JT") or first.get("TA", ""),
            doi=next((m.group(1) for v in values.get("AID", []) if (m := DOI_ID.match(v))), ""),
            pmid=pmid,
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else "",
            volume=first.get("VI", ""),
            issue=first.get("IP", ""),
            pages=page_range(first.get("PG")),
            abstract=first.get("AB", ""),
            kind=kinds.design(values.get("PT", [])),
        ).identify()
    except Unreadable as error:
        return error


def _authors(values):
    """PubMed's short names (already "Lasoń W"), else the full ones; then any group name."""
    people = values.get("AU") or [names.from_inverted(a) for a in values.get("FAU", [])]
    return people + values.get("CN", [])
