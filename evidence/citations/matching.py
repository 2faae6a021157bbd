"""Which stored source an imported reference is: same DOI (in any case, with or without
https://doi.org/), else same PMID, else the same title and year with no identifier that
says otherwise."""

from evidence.citations.records import title_key
from evidence.models import Source


def existing(citation):
    """(source, what matched) or (None, "")."""
    if citation.doi and (found := Source.objects.filter(doi__iexact=citation.doi).first()):
        return found, "DOI"
    if citation.pmid and (found := Source.objects.filter(pmid=citation.pmid).first()):
        return found, "PMID"
    wanted = title_key(citation.title)
    for source in Source.objects.filter(year=citation.year).defer("full_text"):
        if title_key(source.title) == wanted and not _conflicting(source, citation):
            return Source.objects.get(pk=source.pk), "title and year"
    return None, ""


def _conflicting(source, citation):
    """Different identifiers on both sides: two works sharing a title (an erratum, a reply)."""
    return (source.doi and citation.doi and source.doi.casefold() != citation.doi.casefold()) or (
        source.pmid and citation.pmid and source.pmid != citation.pmid
    )


def taken_elsewhere(source, field, value):
    """Whether another source already holds this DOI or PMID, so it cannot be filled in."""
    lookup = {f"{field}__iexact": value}
    return bool(value) and Source.objects.filter(**lookup).exclude(pk=source.pk).exists()
