"""Which format a file is in, told from its content (an extension can lie), and reading it."""

import re

from evidence.citations import bibtex, medline, ris

FORMATS = [
    # The first that matches wins; each looks for what only its format has near the start.
    ("MEDLINE", re.compile(r"^PMID- ?\d", re.MULTILINE), medline.parse),
    ("RIS", re.compile(r"^\ufeff?TY  - ", re.MULTILINE), ris.parse),
    ("BibTeX", re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE), bibtex.parse),
]


class UnknownFormat(ValueError):
    pass


def decode(data):
    """Text from uploaded bytes: UTF-8 (with or without a byte-order mark), else Windows-1252,
    which older EndNote and Mendeley exports use."""
    if b"\x00" in data:
        raise UnknownFormat("This is not a text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read(text):
    """(format name, [(line, Citation | Unreadable)]) for ``text``."""
    for name, signature, parse in FORMATS:
        if signature.search(text):
            return name, parse(text)
    raise UnknownFormat(
        "This file is not BibTeX, RIS or PubMed (MEDLINE) text: no entry starting "
        '"@article{", "TY  - " or "PMID- " was found.'
    )
