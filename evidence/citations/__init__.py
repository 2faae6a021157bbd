"""Citations in and out: BibTeX, RIS and PubMed's MEDLINE text read into sources
(``importer``), and sources written as BibTeX, RIS and CSL-JSON (``export``)."""
