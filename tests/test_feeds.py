"""Atom feeds of public changes: every disagreement, one question, one source."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from evidence.constants import Status
from evidence.models import Claim

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SIZES = [2, 15]


def atom(response):
    """The feed as {feed's fields, entries}, failing unless it is Atom with what readers need."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Ketamine Evidence Reference"
    entries = []
    for element in root.findall(f"{ATOM}entry"):
        entry = {name: element.find(f"{ATOM}{name}").text for name in ("id", "title", "updated")}
        entry["link"] = element.find(f"{ATOM}link").get("href")
        entry["summary"] = element.find(f"{ATOM}summary").text
        assert all(entry.values()), entry
        entries.append(entry)
    assert len({entry["id"] for entry in entries}) == len(entries)
    return root, entries


def question_feed(client, question):
    return atom(client.get(reverse("evidence:feed-question", args=[question.slug])))


def test_a_question_feed_has_an_entry_for_each_kind_of_change(client, make):
    q = make.question(
        slug="home", text="Is home use safe?", answer_supports="Yes", answer_opposes="No"
    )
    published = make.claim(question=q, stance="supports", document=make.source(label="Home study"))
    retracted = make.claim(question=q, stance="opposes", document=make.source(label="Clinic A"))
    replaced = make.claim(question=q, stance="opposes", document=make.source(label="Clinic B"))
    explanation = make.explanation(dispute_key="stance:home")
    make.move(published, Status.PUBLISHED, stance="opposes")
    make.move(retracted, Status.RETRACTED)
    make.move(replaced, Status.SUPERSEDED, superseded_by=published)
    make.move(explanation, Status.PUBLISHED, explanation_status="explained")
    root, entries = question_feed(client, q)
    titles = [entry["title"] for entry in entries]
    assert titles == [
        "Explanation changed: Is home use safe?",
        "Superseded: Clinic B",
        "Retracted: Clinic A",
        "Answer changed: Home study",
        "Explanation changed: Is home use safe?",
        "Published: Clinic B",
        "Published: Clinic A",
        "Published: Home study",
    ]
    answer = entries[3]
    assert answer["link"] == f"http://testserver{published.get_absolute_url()}"
    assert (
        answer["summary"]
        == "On “Is home use safe?”: A claim from Home study now answers “No”, no longer “Yes”."
    )
    # Claims the public no longer sees lead to the question.
    assert entries[1]["link"] == entries[2]["link"] == f"http://testserver{q.get_absolute_url()}"
    assert all(entry["id"].startswith("urn:uuid:") for entry in entries)
    assert root.find(f"{ATOM}updated").text == entries[0]["updated"]
    assert root.find(f"{ATOM}link").get("href") == f"http://testserver{q.get_absolute_url()}"


def test_an_entry_keeps_its_id_as_more_changes_arrive(client, make):
    q = make.question()
    claim = make.claim(question=q, stance="supports")
    _, before = question_feed(client, q)
    make.move(claim, Status.RETRACTED)
    _, after = question_feed(client, q)
    assert after[1]["id"] == before[0]["id"] != after[0]["id"]


def test_a_draft_question_has_no_feed_and_its_drafts_make_no_entries(client, make):
    hidden = make.question(status=Status.DRAFT)
    assert client.get(reverse("evidence:feed-question", args=[hidden.slug])).status_code == 404
    q = make.question()
    draft = make.claim(question=q, stance="supports", status=Status.DRAFT)
    make.move(draft, Status.REVIEW, stance="opposes")
    _, entries = question_feed(client, q)
    assert entries == []


def test_the_disputes_feed_follows_disputed_questions_and_every_explanation(client, make):
    disputed = make.question(text="Does it work?")
    make.claim(question=disputed, stance="supports")
    make.claim(question=disputed, stance="opposes")
    make.claim(question=make.question(text="Is it calm?"), stance="supports")
    route = make.route(slug="iv", name="Intravenous")
    make.explanation(dispute_key="numeric:dose:mg_per_kg:iv:general")
    _, entries = atom(client.get(reverse("evidence:feed-disputes")))
    summaries = " ".join(entry["summary"] for entry in entries)
    assert "Does it work?" in summaries and "Is it calm?" not in summaries
    numeric = entries[0]
    assert (
        numeric["title"].startswith("Explanation changed: ") and "Intravenous" in numeric["title"]
    )
    assert numeric["link"] == f"http://testserver{route.get_absolute_url()}"


def test_a_source_feed_lists_the_claims_read_in_it_or_citing_it(client, make):
    study = make.source(label="Berman et al., 2000")
    make.claim(document=study)
    make.claim(cites=study, document=make.source(label="A review"))
    make.claim(document=make.source(label="Someone else"))
    response = client.get(reverse("evidence:feed-source", args=[study.pk]))
    root, entries = atom(response)
    assert [entry["title"] for entry in entries] == [
        "Published: A review",
        "Published: Berman et al., 2000",
    ]
    assert root.find(f"{ATOM}title").text.startswith("Berman et al., 2000")
    hidden = make.source(status=Status.DRAFT)
    assert client.get(reverse("evidence:feed-source", args=[hidden.pk])).status_code == 404


def test_every_page_names_the_disputes_feed_for_feed_readers(client, make):
    html = client.get(reverse("evidence:home")).content.decode()
    feed = reverse("evidence:feed-disputes")
    assert (
        f'type="application/atom+xml" title="Where sources disagree: changes" href="{feed}"' in html
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("feed", ["disputes", "question", "source"])
def test_feeds_answer_in_bounded_queries(client, make, size, feed, django_assert_max_num_queries):
    make.evidence_of_size(size)
    for claim in Claim.objects.all():
        make.move(claim, Status.RETRACTED)
    claim = Claim.objects.exclude(question=None).first()
    url = {
        "disputes": reverse("evidence:feed-disputes"),
        "question": reverse("evidence:feed-question", args=[claim.question.slug]),
        "source": reverse("evidence:feed-source", args=[claim.document_id]),
    }[feed]
    with django_assert_max_num_queries(5):
        _, entries = atom(client.get(url))
    assert entries
