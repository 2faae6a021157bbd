"""An evidence brief: a question's sides in plain words, their strongest claims quoted, and
the sources behind them as numbered citations in Vancouver style."""

from dataclasses import dataclass

# Claims quoted for each side: a brief is read in a minute, not browsed.
QUOTED_PER_SIDE = 3
VANCOUVER_AUTHORS = 6  # more than six: the first six, then "et al."


@dataclass
class QuotedClaim:
    claim: object
    citations: list  # numbers of the document and, if any, the study it cites


@dataclass
class Side:
    answer: str
    total: int
    claims: list


def vancouver(source):
    """A source as a Vancouver reference: authors. title. venue. year;volume(issue):pages.
    identifier."""
    names = [n.strip() for n in source.authors.replace(";", ",").split(",") if n.strip()]
    authors = ", ".join(names[:VANCOUVER_AUTHORS]) + (", et al" if len(names) > 6 else "")
    parts = [authors, source.title, source.venue, _published_in(source)]
    text = ". ".join(p.strip().rstrip(".") for p in parts if p.strip()) + "."
    if source.doi:
        return f"{text} doi:{source.doi}"
    if source.pmid:
        return f"{text} PMID: {source.pmid}"
    return f"{text} Available from: {source.url}" if source.url else text


def _published_in(source):
    """ "2006;63(8):856-64": the year, then where in the journal, each part when known."""
    issue = f"({source.issue})" if source.issue else ""
    dated = ";".join(part for part in (str(source.year or ""), source.volume + issue) if part)
    return ":".join(part for part in (dated, source.pages) if part)


def sides_and_references(columns):
    """Each column of ``questions.sides()`` as a Side, and the references its quoted
    claims rest on, numbered in order of first citation: ([Side], [(number, reference)])."""
    numbers, references = {}, []

    def cite(source):
        if source.pk not in numbers:
            numbers[source.pk] = len(numbers) + 1
            references.append((numbers[source.pk], vancouver(source)))
        return numbers[source.pk]

    sides = []
    for column in columns:
        quoted = [
            QuotedClaim(claim, [cite(s) for s in (claim.document, claim.cites) if s is not None])
            for claim in column.claims[:QUOTED_PER_SIDE]
        ]
        sides.append(Side(column.label, column.total, quoted))
    return sides, references
