"""Citations in (BibTeX, RIS, MEDLINE: de-duplicated, completing, one transaction) and out
(BibTeX, RIS, CSL-JSON), on files shaped like real reference-manager exports."""

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from evidence.citations import export
from evidence.citations.formats import UnknownFormat
from evidence.citations.importer import import_citations
from evidence.constants import SourceKind, Status
from evidence.models import Revision, Source
from evidence.pages.brief import vancouver
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "data" / "citations"
COMPARED = ["title", "authors", "year", "venue", "volume", "issue", "pages", "abstract"]
COMPARED += ["doi", "pmid", "url", "kind"]


def imported(name, **options):
    return import_citations((FILES / name).read_bytes(), **options)


def outcomes(report):
    return {entry.line: entry.outcome for entry in report.entries}


def said(report, line):
    return next(str(entry) for entry in report.entries if entry.line == line)


def stored():
    return {s.pk: {f: getattr(s, f) for f in [*COMPARED, "version"]} for s in Source.objects.all()}


def test_zotero_bibtex_is_read_with_latex_names_notes_and_every_fault_named():
    report = imported("zotero.bib")
    assert report.format == "BibTeX"
    assert outcomes(report) == {
        3: "created",
        16: "created",
        25: "duplicate",
        31: "rejected",
        36: "rejected",
        40: "rejected",
    }
    trial = Source.objects.get(pmid="90000001")
    assert trial.authors == "Lasoń W, Müller HJ, et al."
    assert trial.name == "Lasoń et al., 2019"
    assert (trial.doi, trial.kind, trial.status) == ("10.5555/kt.2019.001", SourceKind.RCT, "draft")
    review = Source.objects.get(doi="10.5555/KT.2020.002")  # the https://doi.org/ prefix is dropped
    assert review.authors == "García-López M, Østergaard S"
    assert review.kind == SourceKind.SYSTEMATIC_REVIEW
    assert "same title and year as line 3" in said(report, 25)
    assert "it has no title" in said(report, 31)
    assert "BibTeX is broken" in said(report, 36)
    assert '"10.55/x" is not a DOI' in said(report, 40)


def test_mendeley_bibtex_with_windows_lines_and_a_repeated_key_completes_an_existing_source(make):
    existing = make.source(
        title="Consequences of chronic ketamine self-administration",
        doi="10.5555/existing.2010",
        year=2010,
        label="Morgan et al., 2010",
        status=Status.DRAFT,
    )
    report = imported("mendeley.bib")
    assert outcomes(report) == {1: "created", 9: "created", 16: "completed"}
    existing.refresh_from_db()
    assert existing.authors == "Morgan CJA, Curran HV"
    assert (existing.venue, existing.url) == ("Addiction", "https://example.org/morgan-2010")
    assert existing.label == "Morgan et al., 2010"  # a curator's value is never replaced
    assert existing.kind == SourceKind.RCT
    assert Source.objects.get(title__startswith="Esketamine").kind == SourceKind.OBSERVATIONAL


def test_endnote_ris_names_an_entry_without_its_end_line_and_reads_the_rest():
    report = imported("endnote.ris")
    assert report.format == "RIS"
    assert outcomes(report) == {1: "created", 16: "created", 27: "rejected", 31: "created"}
    assert "no end line (ER  -) before line 31" in said(report, 27)
    series = Source.objects.get(pmid="90000003")  # read from the PubMed link
    assert series.title == "Intravenous ketamine in older adults: a case series"
    assert (series.authors, series.kind) == ("Okafor CE, Nguyễn TL", SourceKind.CASE_REPORT)
    assert Source.objects.get(pmid="90000001").venue == "Journal of Affective Disorders"


def test_zotero_ris_names_a_stray_line_and_an_entry_without_title():
    report = imported("zotero.ris")
    assert outcomes(report) == {1: "created", 13: "rejected", 15: "created", 22: "rejected"}
    assert "line 13 is outside any reference" in said(report, 13)
    assert Source.objects.get(doi="10.5555/kt.2020.002").pmid == "90000002"
    page = Source.objects.get(url="https://example.org/pricing")
    assert (page.kind, page.evidence_level) == (SourceKind.NOT_STATED, None)


def test_pubmed_medline_maps_publication_types_to_designs_and_rejects_broken_records():
    report = imported("pubmed.nbib")
    assert report.format == "MEDLINE"
    assert outcomes(report) == {
        1: "created",
        22: "created",
        38: "created",
        45: "rejected",
        48: "rejected",
    }
    meta = Source.objects.get(pmid="90000004")
    assert meta.kind == SourceKind.META_ANALYSIS
    assert meta.authors == "Kowalczyk Z, Zarate CA Jr, Ketamine Trials Collaboration"
    assert meta.url == "https://pubmed.ncbi.nlm.nih.gov/90000004/"
    assert Source.objects.get(pmid="90000005").kind == SourceKind.PRACTITIONER_GUIDE
    assert "does not start with its PMID line" in said(report, 45)


ZARATE_DOI = "10.5555/archpsyc.63.8.856"
ZARATE_CONTEXT = "CONTEXT: Existing therapies for major depression have a lag of onset of action"


@pytest.mark.parametrize(
    "name, pages, ending",
    [
        # PubMed shortens the last page; its abstract wraps over indented lines.
        ("pubmed_volumes.nbib", "856-64", "depression within 110 minutes."),
        ("endnote_volumes.ris", "856-864", "of several weeks."),  # SP and EP
        ("zotero_volumes.bib", "856-864", "in 50% of subjects & more."),  # 856--864, \%, \&
    ],
)
def test_volume_issue_pages_and_abstract_are_kept_from_each_format(name, pages, ending):
    assert imported(name).count("created") == 2
    trial = Source.objects.get(doi=ZARATE_DOI)
    assert (trial.volume, trial.issue, trial.pages) == ("63", "8", pages)
    assert trial.abstract.startswith(ZARATE_CONTEXT) and trial.abstract.endswith(ending)
    assert "\n" not in trial.abstract and "  " not in trial.abstract


def test_odd_page_and_issue_forms_are_read_as_files_write_them():
    imported("pubmed_volumes.nbib")
    cohort = Source.objects.get(pmid="91000002")
    assert (cohort.volume, cohort.issue, cohort.pages) == ("84", "Suppl 1", "e0123")
    imported("endnote_volumes.ris")
    berman = Source.objects.get(pmid="91000003")  # the whole range in SP, the abstract in N2
    assert berman.pages == "351-354"
    assert berman.abstract.startswith("Seven subjects completed two test days")
    imported("zotero_volumes.bib")
    murrough = Source.objects.get(pmid="91000004")
    assert (murrough.volume, murrough.issue, murrough.pages) == ("74", "4", "250-256")


def test_a_known_source_gets_only_its_empty_volume_issue_pages_and_abstract(make):
    known = make.source(
        title="A randomized trial of an N-methyl-D-aspartate antagonist",
        doi=ZARATE_DOI,
        year=2006,
        volume="63",
        pages="856-864",
        status=Status.DRAFT,
    )
    report = imported("pubmed_volumes.nbib")
    assert "filled authors, venue or publisher, issue, abstract, URL, PMID" in said(report, 1)
    known.refresh_from_db()
    assert (known.volume, known.issue, known.pages) == ("63", "8", "856-864")
    assert known.abstract.startswith(ZARATE_CONTEXT)


def test_the_same_study_from_three_managers_is_one_source_completed_by_each():
    imported("zotero.bib")
    ris = imported("endnote.ris")
    assert "same DOI as" not in said(ris, 1) and "same DOI" in said(ris, 1)
    assert outcomes(ris)[1] == "duplicate"
    medline = imported("pubmed.nbib")
    assert outcomes(medline)[1] == "completed"  # EndNote gave no DOI; PubMed does
    series = Source.objects.get(pmid="90000003")
    assert series.doi == "10.5555/ect.2022.003"
    assert series.venue == "Journal of ECT"  # already filled by EndNote: kept
    assert Source.objects.filter(pmid="90000001").count() == 1


def test_a_second_run_of_every_file_changes_nothing():
    for name in sorted(p.name for p in FILES.iterdir()):
        imported(name)
    before, history = stored(), Source.history.count()
    for name in sorted(p.name for p in FILES.iterdir()):
        report = imported(name)
        assert report.count("created") == report.count("completed") == 0, name
    assert (stored(), Source.history.count()) == (before, history)


def test_a_dry_run_reports_exactly_and_writes_nothing():
    report = imported("pubmed.nbib", dry_run=True)
    assert report.count("created") == 3
    assert "would give" in report.summary
    assert not Source.objects.exists()


def test_a_failure_part_way_leaves_nothing_half_imported(monkeypatch):
    save = Source.save

    def failing_save(self, *args, **kwargs):
        if Source.objects.count() == 2:
            raise RuntimeError("disk full")
        save(self, *args, **kwargs)

    monkeypatch.setattr(Source, "save", failing_save)
    with pytest.raises(RuntimeError):
        imported("pubmed.nbib")
    assert not Source.objects.exists()


def test_filling_a_published_source_waits_for_a_second_curator(make, curator):
    published = make.source(title="Nasal ketamine at home", doi="10.5555/KT.2019.001", year=2019)
    anonymous = imported("endnote.ris")
    assert outcomes(anonymous)[1] == "duplicate" and "needs a curator's name" in said(anonymous, 1)
    report = imported("endnote.ris", user=curator)
    assert outcomes(report)[1] == "completed" and "waiting for a second curator" in said(report, 1)
    published.refresh_from_db()
    assert published.authors == "" and published.version == 1
    waiting = Revision.objects.of(published).pending().get()
    assert waiting.changes["fields"]["authors"] == "Lasoń W, Müller H"
    again = imported("endnote.ris", user=curator)
    assert "this change already waits" in said(again, 1)


def test_a_file_in_no_known_format_is_refused_with_nothing_written(tmp_path):
    odd = tmp_path / "refs.bib"
    odd.write_text("Just some notes about ketamine.\n")
    with pytest.raises(UnknownFormat):
        import_citations(odd.read_bytes())
    with pytest.raises(CommandError, match="not BibTeX, RIS or PubMed"):
        call_command("import_citations", str(odd))


def test_the_command_reads_the_format_from_the_content_and_prints_each_outcome(tmp_path):
    misnamed = tmp_path / "references.bib"
    shutil.copy(FILES / "zotero.ris", misnamed)
    out = io.StringIO()
    call_command("import_citations", str(misnamed), "--dry-run", stdout=out)
    printed = out.getvalue()
    assert "4 RIS entries would give: 2 created, 0 completed, 0 duplicate, 2 rejected." in printed
    assert "Line 22: rejected: it has no title." in printed
    assert not Source.objects.exists()


def test_a_curator_uploads_a_file_in_the_admin_and_reads_the_report(client_as):
    client = client_as("curator")
    url = reverse("admin:evidence_source_import_citations")
    assert "Import citations" in client.get(reverse("admin:evidence_source_changelist")).text
    with open(FILES / "pubmed.nbib", "rb") as upload:
        response = client.post(url, {"file": upload})
    assert "3 created, 0 completed, 0 duplicate, 2 rejected" in response.text
    assert Source.objects.filter(status=Status.DRAFT).count() == 3


def test_a_reviewer_cannot_reach_the_import_page(client_as):
    response = client_as("reviewer").get(reverse("admin:evidence_source_import_citations"))
    assert response.status_code == 302


@pytest.mark.parametrize("name", sorted(path.name for path in FILES.iterdir()))
@pytest.mark.parametrize("written", [export.bibtex, export.ris])
def test_export_then_import_gives_back_every_field(name, written):
    imported(name)
    before = sorted(tuple(getattr(s, f) for f in COMPARED) for s in Source.objects.all())
    text = written(Source.objects.all())
    Source.objects.all().delete()
    report = import_citations(text)
    assert report.count("created") == len(before)
    after = sorted(tuple(getattr(s, f) for f in COMPARED) for s in Source.objects.all())
    kept = [f for f in COMPARED if f != "kind"]  # no export format carries the design
    assert [row[:-1] for row in after] == [row[:-1] for row in before], kept


def test_bibtex_export_writes_accents_as_latex_and_keeps_links_verbatim(make):
    source = make.source(
        title="Ketamine & 50% responders", authors="Lasoń W, Zarate CA Jr, et al.", year=2019
    )
    source.url = "https://example.org/a%20b"
    written = export.bibtex([source])
    assert r"Laso\'n, W. and Zarate, Jr, C. A. and others" in written
    assert r"Ketamine \& 50\% responders" in written
    assert "https://example.org/a%20b" in written


def test_csl_json_names_people_and_links_pubmed(make):
    source = make.source(
        title="T", authors="Scott Alexander", pmid="123", year=2021, venue="Astral Codex Ten"
    )
    (item,) = json.loads(export.csl_json([source]))
    assert item["author"] == [{"literal": "Scott Alexander"}]
    assert item["issued"] == {"date-parts": [[2021]]}
    assert (item["PMID"], item["URL"]) == ("123", "https://pubmed.ncbi.nlm.nih.gov/123/")


def test_volume_issue_pages_and_abstract_are_written_in_every_format(make):
    source = make.source(
        title="Trial",
        venue="Arch Gen Psychiatry",
        year=2006,
        volume="63",
        issue="8",
        pages="856-64",
        abstract="Rapid effects in 50% of subjects.",
    )
    bib = export.bibtex([source])
    for field in ["volume = {63}", "number = {8}", "pages = {856--64}"]:
        assert field in bib
    assert r"abstract = {Rapid effects in 50\% of subjects.}" in bib
    ris = export.ris([source]).splitlines()
    for line in ["VL  - 63", "IS  - 8", "SP  - 856", "EP  - 64", f"AB  - {source.abstract}"]:
        assert line in ris
    (item,) = json.loads(export.csl_json([source]))
    assert [item[key] for key in ["volume", "issue", "page", "abstract"]] == [
        "63",
        "8",
        "856-64",
        source.abstract,
    ]


def test_the_brief_cites_volume_issue_and_pages_in_vancouver_style(make):
    source = make.source(
        authors="Zarate CA Jr, Singh JB",
        title="A randomized trial of an N-methyl-D-aspartate antagonist.",
        venue="Arch Gen Psychiatry",
        year=2006,
        volume="63",
        issue="8",
        pages="856-64",
        doi=ZARATE_DOI,
    )
    assert vancouver(source) == (
        "Zarate CA Jr, Singh JB. A randomized trial of an N-methyl-D-aspartate antagonist. "
        f"Arch Gen Psychiatry. 2006;63(8):856-64. doi:{ZARATE_DOI}"
    )
    source.volume = source.issue = ""
    assert "Arch Gen Psychiatry. 2006:856-64. doi:" in vancouver(source)


def test_source_and_claim_pages_offer_each_citation_format(client, make):
    claim = make.claim()
    source_page = client.get(claim.document.get_absolute_url()).text
    for fmt in ["bib", "ris", "json"]:
        assert reverse("evidence:source-cite", args=[claim.document.pk, fmt]) in source_page
    assert "Cite the document" in client.get(claim.get_absolute_url()).text
    response = client.get(reverse("evidence:source-cite", args=[claim.document.pk, "ris"]))
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert f'filename="{claim.document.slug}.ris"' in response["Content-Disposition"]
    assert response.content.decode().startswith("TY  - GEN")


def test_the_source_list_downloads_as_filtered_and_hides_drafts(client, make):
    make.source(title="A trial", kind=SourceKind.RCT)
    make.source(title="A review", kind=SourceKind.NARRATIVE_REVIEW)
    make.source(title="A draft", kind=SourceKind.RCT, status=Status.DRAFT)
    url = reverse("evidence:source-list-cite", args=["json"])
    titles = [item["title"] for item in client.get(url, {"kind": "rct"}).json()]
    assert titles == ["A trial"]
    assert len(client.get(url).json()) == 2
    assert client.get(url, {"kind": "nonsense"}).status_code == 400
    assert client.post(url).status_code == 405


def test_a_draft_source_cannot_be_cited_by_the_public(client, make):
    draft = make.source(status=Status.DRAFT)
    assert client.get(reverse("evidence:source-cite", args=[draft.pk, "bib"])).status_code == 404


def test_the_seed_already_holds_every_identifier_its_documents_state(seeded):
    """The documents give DOIs and PMIDs only inside links; each is on its seed source, so
    importing them (as RIS) completes nothing, and the seed re-imported changes nothing."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS}")
    text = " ".join(path.read_text() for path in SEEDS.glob("*.txt"))
    dois = set(re.findall(r"10\.\d{4,9}/[^\s)\]\\]+", text))
    pmids = set(re.findall(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)", text))
    entries = [f"TY  - JOUR\nTI  - cited\nDO  - {doi}\nER  - \n" for doi in dois]
    entries += [f"TY  - JOUR\nTI  - cited\nAN  - {pmid}\nDB  - PubMed\nER  - \n" for pmid in pmids]
    before = stored()
    report = import_citations("\n".join(entries))
    assert report.count("duplicate") == len(dois) + len(pmids) > 10
    again = import_citations(export.ris(Source.objects.all()))
    assert again.count("duplicate") == Source.objects.count()
    assert stored() == before
