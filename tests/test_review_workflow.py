"""The publishing workflow: allowed moves, four eyes on publishing, and the admin using it."""

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from evidence import publishing
from evidence.models import Question
from tests.factories import claim_admin_form

pytestmark = pytest.mark.django_db


def test_a_record_moves_from_draft_through_review_to_published(make, curator, admin_user):
    question = make.question(status="draft", created_by=curator)
    publishing.move(question, "review", curator)
    publishing.publish(question, admin_user)
    question.refresh_from_db()
    assert question.status == "published"
    assert [h.status for h in question.history.order_by("history_date")][-2:] == [
        "review",
        "published",
    ]


def test_a_curator_cannot_publish_what_they_drafted(make, curator):
    claim = make.claim(status="review", created_by=curator)
    with pytest.raises(publishing.TransitionRefused, match="another curator must publish"):
        publishing.publish(claim, curator)
    claim.refresh_from_db()
    assert claim.status == "review"


@override_settings(REVIEW_ALLOW_SELF_PUBLISH=True)
def test_a_one_person_team_may_publish_its_own_drafts(make, curator):
    claim = make.claim(status="review", created_by=curator)
    publishing.publish(claim, curator)
    assert claim.status == "published"


@pytest.mark.parametrize("kind", ["claim", "question", "explanation"])
def test_superseding_needs_a_replacement(make, curator, kind):
    build = {
        "claim": make.claim,
        "question": make.question,
        "explanation": lambda: make.explanation(dispute_key=f"stance:{make.question().slug}"),
    }[kind]
    old = build()
    with pytest.raises(publishing.TransitionRefused, match="naming its replacement"):
        publishing.move(old, "superseded", curator)
    old.superseded_by = build()
    publishing.move(old, "superseded", curator)
    old.refresh_from_db()
    assert old.status == "superseded"


def test_a_retracted_record_cannot_be_published_directly(make, curator):
    explanation = make.explanation(dispute_key="stance:x", status="retracted")
    with pytest.raises(publishing.TransitionRefused, match="cannot become published"):
        publishing.publish(explanation, curator)


def test_the_bulk_publish_action_changes_nothing_when_one_record_is_refused(client, curator, make):
    mine = make.claim(status="review", created_by=curator)
    theirs = make.claim(status="review")
    client.force_login(curator)
    response = client.post(
        reverse("admin:evidence_claim_changelist"),
        {"action": "mark_published", "_selected_action": [mine.pk, theirs.pk]},
    )
    notes = [m.message for m in get_messages(response.wsgi_request)]
    assert any("another curator must publish" in note for note in notes)
    assert any("nothing was changed" in note for note in notes)
    for claim in (mine, theirs):
        claim.refresh_from_db()
        assert claim.status == "review"


def test_the_change_form_refuses_self_publishing_and_keeps_the_edits(client, curator, make):
    claim = make.claim(status="review", created_by=curator)
    client.force_login(curator)
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    response = client.post(url, claim_admin_form(claim, status="published", locator="Section 4"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "another curator must publish" in html and 'value="Section 4"' in html
    claim.refresh_from_db()
    assert claim.status == "review" and claim.locator == ""


def test_another_curator_publishes_from_the_change_form(client, curator, admin_user, make):
    claim = make.claim(status="review", created_by=curator)
    client.force_login(admin_user)
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    assert client.post(url, claim_admin_form(claim, status="published")).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "published"


def test_adding_a_record_in_the_admin_records_its_drafter(client, curator):
    client.force_login(curator)
    data = {"slug": "new-q", "text": "Is it new?", "topic": "efficacy", "status": "draft"}
    data |= {f"claims-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
    response = client.post(reverse("admin:evidence_question_add"), data)
    assert response.status_code == 302
    assert Question.objects.get(slug="new-q").created_by == curator


def test_adding_a_record_as_published_counts_as_self_publishing(client, curator):
    client.force_login(curator)
    data = {"slug": "new-q", "text": "Is it new?", "topic": "efficacy", "status": "published"}
    data |= {f"claims-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
    response = client.post(reverse("admin:evidence_question_add"), data)
    assert response.status_code == 200
    assert "another curator must publish" in response.content.decode()
