"""Review pages: bounded queries at two data sizes, the public history, nothing private leaks."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence import publishing
from evidence.models import Claim
from review import comments
from review.models import Comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]
SIZES = [2, 12]


def discussed(make, reviewer, curator, size):
    """``size`` contested questions whose claims each carry an open thread with a reply and a
    resolved comment, and a claim edited ``size`` times. Built directly: the posting limit
    is not what these tests are about."""
    make.evidence_of_size(size)
    now = timezone.now()
    for claim in Claim.objects.all():
        thread = Comment.objects.create(
            author=curator, claim=claim, kind="other", body="Check *this*."
        )
        Comment.objects.create(
            author=reviewer, claim=claim, parent=thread, kind="other", body="Agreed."
        )
        Comment.objects.create(
            author=curator,
            claim=claim,
            kind="outdated",
            body="Old.",
            resolved_at=now,
            resolved_by=curator,
            resolution_note="Updated.",
        )
    claim = Claim.objects.exclude(question=None).first()
    for n in range(size):
        claim.locator = f"Section {n}"
        claim.save()
    return claim


def urls(claim):
    thread = Comment.objects.on(claim).threads().open().first()
    return {
        "claim": claim.get_absolute_url(),
        "question": claim.question.get_absolute_url(),
        "claim-history": reverse("evidence:claim-history", args=[claim.pk]),
        "question-history": reverse("evidence:question-history", args=[claim.question.slug]),
        "queue": reverse("review:queue"),
        "queue-filtered": reverse("review:queue") + "?kind=other&claim_status=published",
        "target": reverse("review:target", args=["claim", claim.pk]),
        "reply": reverse("review:reply", args=[thread.pk]),
        "resolve": reverse("review:resolve", args=[thread.pk]),
        "invite": reverse("review:invite"),
    }


@pytest.mark.parametrize("role", ["anonymous", "reviewer", "curator"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "page",
    [
        "claim",
        "question",
        "claim-history",
        "question-history",
        "queue",
        "queue-filtered",
        "target",
        "reply",
        "resolve",
        "invite",
    ],
)
def test_review_pages_answer_in_bounded_queries(
    client_as, make, reviewer, curator, role, size, page, django_assert_max_num_queries
):
    claim = discussed(make, reviewer, curator, size)
    url = urls(claim)[page]
    client = client_as(role)
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.status_code in {200, 302, 403}


def test_the_history_page_shows_what_changed_when_and_by_whom(client, make, curator):
    claim = make.claim(locator="Section 1")
    curator.first_name = "Cara Curator"
    curator.save()
    claim._history_user = curator
    claim.locator = "Section 2 <em>x</em>"
    claim.save()
    html = client.get(reverse("evidence:claim-history", args=[claim.pk])).content.decode()
    assert "Changed" in html and "Created" in html and "by Cara Curator" in html
    assert "Section 1" in html and "Section 2 &lt;em&gt;x&lt;/em&gt;" in html
    assert "Version" not in html


def test_the_history_page_shows_routes_and_patient_factors_changing(client, make):
    claim = make.claim(routes=[make.route(name="Intravenous")])
    claim.factors.add(make.factor(name="Older adult"))
    claim.factor_advice = "caution"
    claim.save()
    claim.factors.set([make.factor(name="Liver disease")])
    claim.save()
    html = client.get(reverse("evidence:claim-history", args=[claim.pk])).content.decode()
    assert "Intravenous" in html and "Older adult" in html and "Liver disease" in html
    assert "Patient factors" in html


def test_the_history_page_names_a_stance_by_the_answer_it_gives(client, make):
    q = make.question(answer_supports="Yes — at home", answer_opposes="No — in a clinic")
    claim = make.claim(question=q, stance="supports")
    claim.stance = "opposes"
    claim.save()
    html = client.get(reverse("evidence:claim-history", args=[claim.pk])).content.decode()
    assert "Yes — at home" in html and "No — in a clinic" in html
    assert "Supports" not in html and "Opposes" not in html


def test_the_history_page_does_not_name_unpublished_records(client, make):
    draft = make.claim(status="draft", document=make.source(title="Secret draft study"))
    claim = make.claim()
    claim.superseded_by = draft
    claim.save()
    html = client.get(reverse("evidence:claim-history", args=[claim.pk])).content.decode()
    assert "Secret draft study" not in html and "an unpublished record" in html


def test_the_claim_page_says_when_it_was_last_reviewed_and_links_its_history(
    client, make, curator, admin_user
):
    claim = make.claim(status="review", created_by=curator)
    publishing.publish(claim, admin_user)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Last reviewed" in html
    assert reverse("evidence:claim-history", args=[claim.pk]) in html


def test_no_private_comment_reaches_a_public_page_or_the_api(client, make, reviewer, curator):
    claim = discussed(make, reviewer, curator, 2)
    comments.start_thread(reviewer, claim, kind="other", body="PRIVATE-BODY")
    hidden = comments.start_thread(reviewer, claim, kind="other", body="PRIVATE-HIDDEN")
    comments.hide(curator, hidden, "PRIVATE-REASON")
    public = [
        claim.get_absolute_url(),
        claim.question.get_absolute_url(),
        claim.document.get_absolute_url(),
        reverse("evidence:claim-history", args=[claim.pk]),
        reverse("evidence:question-history", args=[claim.question.slug]),
        reverse("evidence:home"),
        reverse("evidence:dispute-list"),
        reverse("evidence:api-claims"),
        reverse("evidence:api-questions"),
        reverse("evidence:api-sources"),
        reverse("evidence:api-disputes"),
    ]
    for url in public:
        text = client.get(url).content.decode()
        for private in ["PRIVATE-", "Check *this*", "Check <em>this</em>", "Agreed.", "Updated."]:
            assert private not in text, (url, private)


def test_no_unpublished_record_reaches_a_public_review_page(client, make):
    claim = make.claim()
    draft = make.claim(status="draft", quote="DRAFT-QUOTE")
    claim.superseded_by = draft
    claim.save()
    for url in [
        reverse("evidence:claim-history", args=[claim.pk]),
        reverse("evidence:question-history", args=[make.question().slug]),
    ]:
        assert "DRAFT-QUOTE" not in client.get(url).content.decode()
    assert client.get(reverse("evidence:claim-history", args=[draft.pk])).status_code == 404


def test_every_claim_card_on_a_question_page_shows_its_open_review_comments(
    client, make, reviewer, curator
):
    q = make.question()
    discussed = make.claim(question=q, stance="supports", quote="Discussed words.")
    make.claim(question=q, stance="opposes", quote="Quiet words.")
    thread = comments.start_thread(reviewer, discussed, kind="other", body="Private words.")
    html = client.get(q.get_absolute_url()).content.decode()
    assert html.count("Under review: 1 open comment") == 1
    assert "Private words." not in html
    comments.resolve(curator, thread, note="Checked.")
    assert "Under review" not in client.get(q.get_absolute_url()).content.decode()
