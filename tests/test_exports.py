"""Downloads: the claim, source and adverse-effect tables as CSV and XLSX, each holding the
rows of the current filter; the disagreements a row per side; the source list's citations."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evidence import ranges
from evidence.constants import EvidenceLevel, ExplanationStatus, SourceKind, Stance, Topic
from evidence.models import Disagreement, Source

pytestmark = pytest.mark.django_db

SIZES = [2, 15]
TABLES = {
    "/claims/": ["Claim", "Quote", "Source", "Question", "Answer", "Routes", "Setting"],
    "/sources/": ["Source", "Title", "Kind", "Year", "Evidence level", "Conflict of interest"],
    "/adverse-effects/": ["Effect", "Organ system", "Finding", "Route", "Dose context"],
}
DISAGREEMENT_HEADERS = [
    "Question or measure",
    "Topic",
    "Answer or range",
    "Sources on this side",
    "Claims",
    "Strongest evidence level (1 strongest, 5 weakest)",
    "Highest certainty (GRADE)",
    "Why they differ",
]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def downloaded(response):
    """(header row, [row dicts]) of a CSV or XLSX download, every value as text."""
    assert response.status_code == 200
    if response["Content-Type"] == CONTENT_TYPES["csv"]:
        header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    else:
        assert response["Content-Type"] == CONTENT_TYPES["xlsx"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        header, *rows = [
            ["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def offered_formats(html):
    return re.findall(r'href="[^"]*_export=(\w+)"', html)


@pytest.mark.parametrize("url", [*TABLES, "/disputes/"])
def test_each_list_offers_csv_and_xlsx_and_nothing_else(client, make, url):
    question = make.question()
    make.claim(question=question, stance="supports")
    make.claim(question=question, stance="opposes")
    make.report()
    html = client.get(url).text
    assert offered_formats(html) == ["csv", "xlsx"]
    assert "Download XLSX (Excel)" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_claims_download_holds_the_header_and_the_rows_of_the_filter(client, make, fmt):
    iv, oral = make.route(slug="iv"), make.route(slug="oral")
    make.claim(routes=[iv], quote="Given by IV.")
    make.claim(routes=[oral], quote="Given by mouth.")
    make.claim(routes=[iv], quote="A draft by IV.", status="draft")
    header, rows = downloaded(client.get("/claims/", {"route": "iv", "_export": fmt}))
    assert header[: len(TABLES["/claims/"])] == TABLES["/claims/"]
    assert [row["Quote"] for row in rows] == ["Given by IV."]
    assert rows[0]["Routes"] == iv.name


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_sources_download_holds_the_rows_of_the_filter(client, make, fmt):
    make.source(title="A trial", kind=SourceKind.RCT, year=2019)
    make.source(title="A guide", kind=SourceKind.PRACTITIONER_GUIDE)
    response = client.get("/sources/", {"kind": SourceKind.RCT, "_export": fmt})
    assert f'filename="ketamine-sources.{fmt}"' in response["Content-Disposition"]
    header, rows = downloaded(response)
    assert header[: len(TABLES["/sources/"])] == TABLES["/sources/"]
    assert [(row["Title"], row["Year"]) for row in rows] == [("A trial", "2019")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_adverse_effects_download_holds_the_rows_of_the_filter(client, make, fmt):
    bladder = make.effect(name="Cystitis", organ_system="urinary")
    make.report(effect=bladder, dose_context="recreational", frequency="common in heavy users")
    make.report(effect=bladder, dose_context="clinical", frequency="not seen")
    response = client.get("/adverse-effects/", {"dose_context": "clinical", "_export": fmt})
    header, rows = downloaded(response)
    assert header[: len(TABLES["/adverse-effects/"])] == TABLES["/adverse-effects/"]
    assert [(row["Effect"], row["Frequency"]) for row in rows] == [("Cystitis", "not seen")]


@pytest.mark.parametrize("fmt", ["ods", "yaml", "xls", "json", "latex"])
def test_a_format_not_offered_shows_the_page_instead(client, make, fmt):
    make.claim(quote="Shown on the page.")
    response = client.get("/claims/", {"_export": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Shown on the page." in response.text


def test_the_xlsx_keeps_a_quote_that_looks_like_a_formula_as_its_words(client, make):
    make.claim(quote='=HYPERLINK("http://example.org","1 in 3 responded")')
    make.claim(quote="Page one\x0cpage two: a form feed from a PDF.")
    response = client.get("/claims/", {"_export": "xlsx", "sort": "quote"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    quote = sheet["B2"]
    assert quote.value == '=HYPERLINK("http://example.org","1 in 3 responded")'
    assert quote.data_type == "s"  # text, never run as a formula
    # XLSX cannot hold control characters: only they are dropped.
    assert sheet["B3"].value == "Page onepage two: a form feed from a PDF."


def test_the_sources_page_links_to_the_citations_of_its_filtered_list(client, make):
    make.source(title="A trial", kind=SourceKind.RCT)
    make.source(title="A guide", kind=SourceKind.PRACTITIONER_GUIDE)
    html = client.get("/sources/", {"kind": SourceKind.RCT}).text
    assert "Cite these sources" in html
    for fmt in ["bib", "ris", "json"]:
        link = reverse("evidence:source-list-cite", args=[fmt]) + f"?kind={SourceKind.RCT}"
        assert f'href="{link}"' in html
    cited = client.get(reverse("evidence:source-list-cite", args=["json"]), {"kind": "rct"})
    assert [item["title"] for item in cited.json()] == ["A trial"]
    assert "source-list-cite" not in client.get("/claims/").text
    assert reverse("evidence:source-list-cite", args=["bib"]) not in client.get("/claims/").text


@pytest.fixture
def argued(make):
    """A question answered both ways: two sources say yes, one whose design is not stated
    says no; explained."""
    question = make.question(
        slug="home-nasal",
        text="Is nasal ketamine at home acceptable?",
        topic=Topic.ROUTE_SETTING,
        answer_supports="Yes — at home",
        answer_opposes="No — only in a clinic",
    )
    trial = make.source(label="Lasoń et al., 2019", kind=SourceKind.RCT)
    guide = make.source(label="A clinician's guide", kind=SourceKind.PRACTITIONER_GUIDE)
    clinic = make.source(label="A clinic's page", kind=SourceKind.NOT_STATED)
    make.claim(question=question, stance=Stance.SUPPORTS, document=guide, certainty="low")
    make.claim(question=question, stance=Stance.SUPPORTS, document=trial, certainty="moderate")
    make.claim(question=question, stance=Stance.OPPOSES, document=clinic, certainty="very_low")
    make.explanation(dispute_key="stance:home-nasal", explanation_status="explained")
    return question


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_disagreements_download_a_row_per_side_in_plain_words(client, argued, fmt):
    response = client.get("/disputes/", {"_export": fmt})
    assert f'filename="ketamine-disagreements.{fmt}"' in response["Content-Disposition"]
    header, rows = downloaded(response)
    assert header == DISAGREEMENT_HEADERS
    assert [list(row.values()) for row in rows] == [
        [
            argued.text,
            "Route and setting",
            "Yes — at home",
            "Lasoń et al., 2019; A clinician's guide",  # strongest first
            "2",
            EvidenceLevel.TRIAL.label,
            "Moderate",
            "Explained",
        ],
        [
            argued.text,
            "Route and setting",
            "No — only in a clinic",
            "A clinic's page",
            "1",
            "Design not stated",
            "Very low",
            "Explained",
        ],
    ]


def test_the_disagreements_download_names_every_source_of_a_side_not_the_first_few(client, make):
    question = make.question()
    sayers = [make.source(label=f"Source number {n}") for n in range(6)]
    for source in sayers:
        make.claim(question=question, stance=Stance.SUPPORTS, document=source)
    make.claim(question=question, stance=Stance.OPPOSES)
    _, rows = downloaded(client.get("/disputes/", {"_export": "csv"}))
    assert rows[0]["Sources on this side"].split("; ") == [s.label for s in sayers]
    assert "more source" not in rows[0]["Sources on this side"]


def test_the_disagreements_download_follows_the_filters_and_refuses_bad_ones(client, argued, make):
    iv = make.route(slug="iv")
    for low, high in [(800, 800), (300, 600)]:
        make.claim(
            quantity="cost_per_treatment",
            unit="usd",
            value_low=low,
            value_high=high,
            routes=[iv],
            population="general",
        )
    _, everything = downloaded(client.get("/disputes/", {"_export": "csv"}))
    assert len(everything) == 4
    _, costs = downloaded(client.get("/disputes/", {"topic": "cost_access", "_export": "csv"}))
    assert {row["Answer or range"] for row in costs} == {"800 USD", "300–600 USD"}
    assert {row["Topic"] for row in costs} == {"Cost and access"}
    assert {row["Why they differ"] for row in costs} == {"Unexplained"}
    refused = client.get("/disputes/", {"topic": "nonsense", "_export": "csv"})
    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")


def stored_side(record, side):
    """A side as the download should give it, read from the stored table one by one."""
    if record.question:
        answer = record.question.answer(side.stance)
    else:
        answer = ranges.label(side.low, side.high, record.unit)
    names = "; ".join(Source.objects.get(pk=pk).name for pk in side.source_ids)
    return [record.title, record.get_topic_display(), answer, names, str(side.claim_count)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_seed_disagreements_download_as_stored_in_plain_words(client, seeded, fmt):
    expected = [
        stored_side(record, side)
        for record in Disagreement.objects.active()
        for side in record.sides.all()
    ]
    _, rows = downloaded(client.get("/disputes/", {"_export": fmt}))
    assert len(rows) == len(expected) > 20
    assert sorted(list(row.values())[:5] for row in rows) == sorted(expected)
    assert {row["Why they differ"] for row in rows} <= set(ExplanationStatus.labels)
    assert not {"supports", "opposes", "mixed"} & {row["Answer or range"] for row in rows}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "url",
    [
        "/claims/?_export=xlsx",
        "/sources/?_export=xlsx",
        "/adverse-effects/?_export=xlsx",
        "/disputes/?_export=csv",
        "/disputes/?_export=xlsx",
        "/sources/?kind=rct",
    ],
)
def test_every_download_answers_in_bounded_queries(
    client, make, size, url, django_assert_max_num_queries
):
    make.evidence_of_size(size)
    for _ in range(size):
        make.report()
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
