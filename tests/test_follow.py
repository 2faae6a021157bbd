"""What changed that the public may see (evidence.follow), and a question's "what changed
since" page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence import follow
from evidence.constants import Status
from evidence.follow import Kind
from evidence.models import Claim

pytestmark = pytest.mark.django_db
SIZES = [2, 15]


def age(record, days):
    """Date every history row of ``record`` ``days`` back, as if it were made then."""
    when = timezone.now() - timedelta(days=days)
    record.history.update(history_date=when)


def kinds(entries):
    return [entry.kind for entry in entries]


def test_a_claim_going_public_is_listed_as_published_naming_its_source_and_answer(make):
    q = make.question(text="Does ketamine help within a day?", answer_supports="Yes, often")
    claim = make.claim(
        question=q,
        stance="supports",
        status=Status.REVIEW,
        document=make.source(label="Zarate et al., 2006"),
        paraphrase="Most patients improved within hours.",
    )
    assert follow.for_question(q) == []
    make.move(claim, Status.PUBLISHED)
    [entry] = follow.for_question(q)
    assert entry.kind == Kind.PUBLISHED
    assert (
        entry.sentence == "A claim from Zarate et al., 2006 was published: it answers “Yes, often”."
    )
    assert entry.in_context == f"On “Does ketamine help within a day?”: {entry.sentence}"
    assert entry.detail == "Most patients improved within hours."
    assert entry.url == claim.get_absolute_url()
    assert entry.source == claim.document and entry.question == q


def test_a_drafts_edits_never_appear(make):
    q = make.question()
    claim = make.claim(question=q, stance="supports", status=Status.DRAFT)
    make.move(claim, Status.DRAFT, stance="opposes")
    make.move(claim, Status.REVIEW, stance="mixed")
    assert follow.for_question(q) == []


def test_retracting_and_superseding_a_published_claim_are_listed_and_link_to_the_question(make):
    q = make.question(answer_opposes="No — in a clinic only")
    retracted = make.claim(question=q, stance="opposes")
    replaced = make.claim(question=q, stance="supports")
    newer = make.claim(question=q, stance="supports")
    make.move(retracted, Status.RETRACTED)
    make.move(replaced, Status.SUPERSEDED, superseded_by=newer)
    entries = follow.for_question(q)
    assert kinds(entries) == [Kind.SUPERSEDED, Kind.RETRACTED] + [Kind.PUBLISHED] * 3
    superseded, withdrawn = entries[:2]
    assert "was replaced by a newer claim" in superseded.sentence
    assert withdrawn.sentence.endswith(
        "was retracted: its answer “No — in a clinic only” no longer counts."
    )
    # The public no longer sees either claim: the entries lead to the question.
    assert superseded.url == withdrawn.url == q.get_absolute_url()
    assert superseded.link_label == "See the question"


def test_a_published_claim_changing_its_answer_says_what_it_answered_before(make):
    q = make.question(answer_supports="Yes", answer_opposes="No")
    claim = make.claim(question=q, stance="supports", document=make.source(label="Clinic guide"))
    make.move(claim, Status.PUBLISHED, stance="opposes")
    entry = follow.for_question(q)[0]
    assert entry.kind == Kind.ANSWER
    assert entry.sentence == "A claim from Clinic guide now answers “No”, no longer “Yes”."


def test_an_edit_that_leaves_status_and_answer_alone_is_not_a_change(make):
    q = make.question()
    claim = make.claim(question=q, stance="supports")
    make.move(claim, Status.PUBLISHED, paraphrase="Reworded.")
    assert kinds(follow.for_question(q)) == [Kind.PUBLISHED]


def test_an_explanation_made_public_and_its_status_changing_are_listed(make):
    q = make.question(slug="home-use", text="Is home use safe?")
    explanation = make.explanation(dispute_key="stance:home-use", status=Status.DRAFT)
    assert follow.for_question(q) == []
    make.move(explanation, Status.PUBLISHED)
    make.move(explanation, Status.PUBLISHED, explanation_status="explained")
    changed, published = follow.for_question(q)
    assert kinds([changed, published]) == [Kind.EXPLANATION, Kind.EXPLANATION]
    assert published.sentence == (
        "The curators’ account of why sources disagree is public: “Unexplained”."
    )
    assert changed.sentence == (
        "The curators’ account of why sources disagree changed: "
        "now “Explained”, before “Unexplained”."
    )
    assert changed.url == q.get_absolute_url() and changed.link_label == "See the disagreement"


def test_claims_whose_source_or_question_the_public_cannot_see_are_left_out(make):
    hidden_question = make.question(status=Status.DRAFT)
    make.claim(question=hidden_question, stance="supports")
    q = make.question()
    make.claim(question=q, stance="supports", document=make.source(status=Status.DRAFT))
    make.claim(question=q, stance="supports", cites=make.source(status=Status.REVIEW))
    assert follow.for_question(hidden_question) == []
    assert follow.for_question(q) == []


def test_since_lists_only_later_changes_compared_with_the_row_before_it(make):
    q = make.question()
    old = make.claim(question=q, stance="supports")
    age(old, 40)
    make.move(old, Status.PUBLISHED, stance="opposes")
    since = timezone.now() - timedelta(days=30)
    # Published 40 days ago, changed today: only the change, and as a change of answer.
    assert kinds(follow.for_question(q, since=since)) == [Kind.ANSWER]
    assert kinds(follow.for_question(q)) == [Kind.ANSWER, Kind.PUBLISHED]
    assert follow.for_question(q, since=since, until=since) == []


def test_a_sources_changes_cover_claims_read_in_it_and_claims_citing_it(make):
    study = make.source(label="Berman et al., 2000")
    read = make.claim(document=study)
    cited = make.claim(cites=study)
    make.claim()
    entries = follow.for_source(study)
    assert {entry.record.id for entry in entries} == {read.pk, cited.pk}


def test_the_disputes_list_holds_disputed_questions_even_once_the_dispute_ended(make):
    disputed, calm = make.question(), make.question()
    yes = make.claim(question=disputed, stance="supports")
    make.claim(question=disputed, stance="opposes")
    make.claim(question=calm, stance="supports")
    make.move(yes, Status.RETRACTED)  # the disagreement ends here
    entries = follow.for_disputes()
    assert {entry.question for entry in entries} == {disputed}
    assert entries[0].kind == Kind.RETRACTED


def test_the_newest_come_first_and_the_list_stops_at_its_limit(make):
    q = make.question()
    claims = [make.claim(question=q, stance="supports") for _ in range(4)]
    entries = follow.for_question(q, limit=3)
    assert [entry.record.id for entry in entries] == [c.pk for c in claims[::-1][:3]]
    assert len({entry.uid for entry in follow.for_question(q)}) == 4


def test_counts_name_each_kind_once(make):
    q = make.question()
    claim = make.claim(question=q, stance="supports")
    make.claim(question=q, stance="supports")
    make.move(claim, Status.RETRACTED)
    assert follow.counts(follow.for_question(q)) == [("Published", 2), ("Retracted", 1)]


@pytest.mark.parametrize("size", SIZES)
def test_listing_changes_takes_three_queries_however_long_the_history(
    make, size, django_assert_max_num_queries
):
    make.evidence_of_size(size)
    for claim in Claim.objects.exclude(question=None):
        make.move(claim, Status.PUBLISHED, stance="mixed")
    q = Claim.objects.exclude(question=None).first().question
    with django_assert_max_num_queries(3):
        assert follow.for_question(q)
    with django_assert_max_num_queries(3):
        assert len(follow.for_disputes()) == min(4 * size, follow.LIMIT)


# The "what changed since" page.


def changes_url(question, since=None):
    url = reverse("evidence:question-changes", args=[question.slug])
    return f"{url}?since={since}" if since else url


def test_the_changes_page_lists_the_last_30_days_by_default(client, make):
    q = make.question()
    old = make.claim(question=q, stance="supports", document=make.source(label="Old source"))
    age(old, 40)
    make.claim(question=q, stance="opposes", document=make.source(label="New source"))
    response = client.get(changes_url(q))
    html = response.content.decode()
    assert response.status_code == 200
    day = (timezone.localdate() - timedelta(days=30)).strftime("%-d %B %Y")
    assert f"What changed since {day}" in html
    assert "A claim from New source was published" in html
    assert "Old source" not in html
    assert "1 change — published: 1." in html


def test_the_changes_page_shows_changes_since_the_day_chosen(client, make):
    q = make.question()
    old = make.claim(question=q, stance="supports", document=make.source(label="Old source"))
    age(old, 40)
    since = (timezone.localdate() - timedelta(days=60)).isoformat()
    html = client.get(changes_url(q, since)).content.decode()
    assert "A claim from Old source was published" in html
    assert f'value="{since}"' in html


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2025-13-45", "Enter the day as year-month-day, for example 2025-03-01."),
        ("yesterday", "Enter the day as year-month-day, for example 2025-03-01."),
        ("", "Choose a day."),
        ("2999-01-01", "Choose a day no later than today."),
    ],
)
def test_a_bad_day_is_refused_with_a_plain_message(client, make, since, message):
    q = make.question()
    make.claim(question=q, stance="supports")
    response = client.get(reverse("evidence:question-changes", args=[q.slug]), {"since": since})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "Please correct the following" in html
    assert "was published" not in html


def test_a_question_the_reader_may_not_see_has_no_changes_page(client, make):
    q = make.question(status=Status.DRAFT)
    assert client.get(changes_url(q)).status_code == 404


def test_the_question_page_links_to_its_changes_and_feed(client, make):
    q = make.question()
    html = client.get(q.get_absolute_url()).content.decode()
    assert changes_url(q) in html
    feed = reverse("evidence:feed-question", args=[q.slug])
    assert f'type="application/atom+xml" title="Changes to this question" href="{feed}">' in html


@pytest.mark.parametrize("size", SIZES)
def test_the_changes_page_answers_in_bounded_queries(
    client, make, size, django_assert_max_num_queries
):
    make.evidence_of_size(size)
    q = Claim.objects.exclude(question=None).first().question
    for claim in Claim.objects.filter(question=q):
        make.move(claim, Status.RETRACTED)
    with django_assert_max_num_queries(6):
        response = client.get(changes_url(q))
    assert response.status_code == 200
    assert response.content.decode().count('class="change change-') == 4
