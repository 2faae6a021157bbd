"""One reference read from a file, whatever its format, and the identifiers it carries."""

import re
import unicodedata
from dataclasses import dataclass, field

from evidence.constants import SourceKind

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_IN_URL = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
PMID_IN_URL = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d{1,10})/?$"
)
PMID_IN_NOTE = re.compile(r"\bPMID:\s*(\d{1,10})\b")
# A page range's dash as files write it: "856--864" (BibTeX), "856 – 864", "856-64".
PAGE_DASH = re.compile(r"\s*(?:-+|\u2013|\u2014)\s*")


class Unreadable(ValueError):
    """An entry that cannot be imported; the message says why, in plain words."""


@dataclass
class Citation:
    """A reference as read: ``line`` is where its entry starts in the file."""

    line: int
    title: str = ""
    authors: list[str] = field(default_factory=list)  # Vancouver: "Lasoń W"
    more_authors: bool = False  # the file itself cut the list ("and others", "et al.")
    year: int | None = None
    venue: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""  # "856-864", "856-64" (PubMed shortens the last page) or "e123"
    abstract: str = ""
    kind: str = SourceKind.NOT_STATED

    def identify(self):
        """Take a DOI or PMID from the URL when the entry gives none, then check their shape."""
        self.doi = DOI_PREFIX.sub("", self.doi.strip())
        if not self.doi and (found := DOI_IN_URL.search(self.url)):
            self.doi = found.group(1)
        if not self.pmid and (found := PMID_IN_URL.search(self.url)):
            self.pmid = found.group(1)
        if self.doi and not DOI_SHAPE.match(self.doi):
            raise Unreadable(f'"{self.doi}" is not a DOI (a DOI looks like 10.1234/abc)')
        if self.pmid and not self.pmid.isdigit():
            raise Unreadable(f'"{self.pmid}" is not a PMID (a PMID is digits only)')
        if not self.title:
            raise Unreadable("it has no title")
        return self


def year_of(text):
    """The first four-digit year in ``text`` ("2019///", "2019 Mar 4", "{2019}"), or None."""
    found = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", text or "")
    return int(found.group(1)) if found else None


def title_key(title):
    """A title reduced to its letters and digits, so case, accents and punctuation do not
    hide a duplicate."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def page_range(first, last=""):
    """One page range from a file's pages: "856--864" (BibTeX) or a first and last page
    (RIS SP and EP) → "856-864"; a first page that is already a range keeps its own end."""
    first, last = clean(first), clean(last)
    if first and last and last != first and not PAGE_DASH.search(first):
        first = f"{first}-{last}"
    return PAGE_DASH.sub("-", first or last)


def clean(text):
    """One line of text: runs of whitespace (line breaks within a field) made one space."""
    return " ".join((text or "").split())
