"""A study's design from the publication types a file names (PubMed's, which EndNote and
Zotero pass on), and the reference type each export format gives a source's kind."""

from evidence.constants import SourceKind

# Strongest design first: PubMed tags a meta-analysis "Review" too, and a trial "Journal
# Article". Names are PubMed's publication types, compared in lower case.
DESIGNS = [
    ("meta-analysis", SourceKind.META_ANALYSIS),
    ("systematic review", SourceKind.SYSTEMATIC_REVIEW),
    ("randomized controlled trial", SourceKind.RCT),
    ("randomised controlled trial", SourceKind.RCT),
    ("practice guideline", SourceKind.GUIDELINE),
    ("guideline", SourceKind.GUIDELINE),
    ("consensus development conference", SourceKind.GUIDELINE),
    ("observational study", SourceKind.OBSERVATIONAL),
    ("case reports", SourceKind.CASE_REPORT),
    ("case report", SourceKind.CASE_REPORT),
    ("review", SourceKind.NARRATIVE_REVIEW),
    ("editorial", SourceKind.PRACTITIONER_GUIDE),
]


def design(types):
    """The SourceKind the strongest named type implies; not stated when none is known."""
    named = {" ".join(t.casefold().split()) for t in types}
    return next((kind for name, kind in DESIGNS if name in named), SourceKind.NOT_STATED)


WEB_KINDS = {
    SourceKind.CLINIC_PAGE,
    SourceKind.FORUM_POST,
    SourceKind.REGULATORY_LABEL,
    SourceKind.OTHER,
}


def is_article(source):
    """Whether reference managers should file the source as a journal article."""
    return bool(source.venue) and source.kind not in WEB_KINDS
