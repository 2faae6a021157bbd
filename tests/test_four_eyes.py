"""Four eyes on published records: a content change waits as a revision, the public keeps
the published version, and a curator other than its author publishes it."""

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from evidence import publishing, revisions
from evidence.models import Claim, Disagreement, Revision
from tests.factories import claim_admin_form

pytestmark = pytest.mark.django_db

NEW_QUOTE = "Home nasal ketamine is an acceptable alternative."


def edit(client, user, claim, **changes):
    client.force_login(user)
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    return client.post(url, claim_admin_form(claim, **changes))


def decide(client, user, claim, decision):
    client.force_login(user)
    revision = Revision.objects.of(claim).pending().get()
    url = reverse("admin:evidence_claim_revision", args=[claim.pk, revision.pk, decision])
    response = client.post(url)
    return [str(m.message) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def disputed(make):
    """A published question on which two documents take opposite stances."""
    question = make.question()
    make.claim(question=question, stance="supports")
    opposing = make.claim(question=question, stance="opposes")
    return opposing


def stance_dispute(claim):
    return Disagreement.objects.get(question=claim.question_id).active


def public_page(client, claim):
    client.logout()
    return client.get(reverse("evidence:claim-detail", args=[claim.pk])).content.decode()


def test_an_edit_of_a_published_claim_waits_until_another_curator_publishes_it(
    client, curator, second_curator, disputed
):
    assert stance_dispute(disputed)
    response = edit(client, curator, disputed, quote=NEW_QUOTE, stance="supports")
    assert response.status_code == 302
    assert NEW_QUOTE not in public_page(client, disputed)
    assert stance_dispute(disputed)  # the disagreement table did not move either
    assert Claim.objects.get(pk=disputed.pk).stance == "opposes"

    assert decide(client, second_curator, disputed, "publish") == ["The change was published."]
    assert NEW_QUOTE in public_page(client, disputed)
    assert not stance_dispute(disputed)
    published = Claim.objects.get(pk=disputed.pk)
    assert (published.stance, published.version) == ("supports", disputed.version + 1)
    assert published.history.first().history_user == curator


def test_the_change_page_shows_what_a_waiting_change_changes_and_by_whom(
    client, curator, second_curator, disputed
):
    edit(client, curator, disputed, quote=NEW_QUOTE, stance="supports")
    client.force_login(second_curator)
    page = client.get(reverse("admin:evidence_claim_change", args=[disputed.pk])).content
    page = page.decode()
    assert "A change waits for another curator" in page
    assert "curator proposed it" in page
    assert "Stance" in page and "Supports" in page and NEW_QUOTE in page
    assert "Publish this change" in page and "Withdraw this change" not in page


def test_the_author_cannot_publish_their_own_change(client, curator, disputed):
    edit(client, curator, disputed, quote=NEW_QUOTE)
    notes = decide(client, curator, disputed, "publish")
    assert any("another curator must publish it" in note for note in notes)
    assert Claim.objects.get(pk=disputed.pk).quote != NEW_QUOTE
    assert Revision.objects.of(disputed).pending().exists()


@override_settings(REVIEW_ALLOW_SELF_PUBLISH=True)
def test_a_one_person_team_may_publish_its_own_change(client, curator, disputed):
    edit(client, curator, disputed, quote=NEW_QUOTE)
    assert "The change was published." in decide(client, curator, disputed, "publish")
    assert Claim.objects.get(pk=disputed.pk).quote == NEW_QUOTE


def test_a_change_written_against_an_older_version_cannot_be_published(
    client, curator, second_curator, admin_user, disputed
):
    edit(client, curator, disputed, quote=NEW_QUOTE)
    publishing.move(Claim.objects.get(pk=disputed.pk), "review", admin_user)
    notes = decide(client, second_curator, disputed, "publish")
    assert any("changed after this change was written" in note for note in notes)
    assert Claim.objects.get(pk=disputed.pk).quote != NEW_QUOTE


def test_only_its_author_can_withdraw_a_change(client, curator, second_curator, disputed):
    edit(client, curator, disputed, quote=NEW_QUOTE)
    refused = decide(client, second_curator, disputed, "withdraw")
    assert "Only the curator who made a change can withdraw it." in refused
    assert "The change was withdrawn." in decide(client, curator, disputed, "withdraw")
    assert not Revision.objects.of(disputed).pending().exists()
    assert Claim.objects.get(pk=disputed.pk).quote != NEW_QUOTE


def test_another_curators_waiting_change_is_not_replaced(client, curator, second_curator, make):
    claim = make.claim()
    edit(client, curator, claim, quote=NEW_QUOTE)
    response = edit(client, second_curator, claim, locator="Section 2")
    assert "by curator already waits to be published" in response.content.decode()
    assert Revision.objects.of(claim).pending().get().changes["fields"] == {"quote": NEW_QUOTE}


def test_the_author_saving_again_replaces_their_own_waiting_change(client, curator, make):
    claim = make.claim()
    edit(client, curator, claim, quote=NEW_QUOTE)
    edit(client, curator, claim, locator="Section 2")
    assert Revision.objects.of(claim).pending().get().changes["fields"] == {"locator": "Section 2"}


def test_a_pure_status_move_of_a_published_claim_applies_at_once(client, curator, make):
    claim = make.claim()
    assert edit(client, curator, claim, status="review").status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == "review"
    assert not Revision.objects.of(claim).exists()


def test_a_changed_route_waits_and_is_applied_with_the_change(
    client, curator, second_curator, make
):
    nasal, oral = make.route(), make.route()
    claim = make.claim(routes=[nasal])
    edit(client, curator, claim, routes=[oral.pk])
    assert list(claim.routes.all()) == [nasal]
    decide(client, second_curator, claim, "publish")
    assert list(claim.routes.all()) == [oral]


def test_a_published_sources_citation_change_waits_too(client, curator, second_curator, make):
    source = make.source(year=2019)
    client.force_login(curator)
    data = {"slug": source.slug, "title": source.title, "kind": source.kind, "year": 2021}
    data |= {"conflict": source.conflict, "status": "published"}
    data |= {"opened_at_version": source.version, "claims-TOTAL_FORMS": 0}
    data |= {"claims-INITIAL_FORMS": 0}
    url = reverse("admin:evidence_source_change", args=[source.pk])
    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.year == 2019
    revision = Revision.objects.of(source).pending().get()
    revisions.publish(revision, second_curator)
    source.refresh_from_db()
    assert source.year == 2021


def test_a_published_claims_stance_cannot_be_changed_inline_on_its_question(
    client, curator, disputed
):
    question = disputed.question
    client.force_login(curator)
    data = {"slug": question.slug, "text": question.text, "topic": question.topic}
    data |= {"status": "published", "opened_at_version": question.version}
    data |= {"claims-TOTAL_FORMS": 1, "claims-INITIAL_FORMS": 1, "claims-0-id": disputed.pk}
    data |= {"claims-0-question": question.pk, "claims-0-stance": "supports"}
    data |= {"claims-0-certainty": "low", "claims-0-opened_at_version": disputed.version}
    response = client.post(reverse("admin:evidence_question_change", args=[question.pk]), data)
    assert "change it from its own page" in response.content.decode()
    assert Claim.objects.get(pk=disputed.pk).stance == "opposes"


@pytest.mark.parametrize("waiting", [False, True])
def test_the_change_page_answers_in_bounded_queries(
    client, curator, second_curator, make, waiting, django_assert_max_num_queries
):
    claim = make.claim(routes=[make.route()], question=make.question(), stance="supports")
    if waiting:
        edit(client, curator, claim, quote=NEW_QUOTE, routes=[make.route().pk])
    client.force_login(second_curator)
    # Measured: 14 queries (among them the claim's routes and patient factors, and the lists
    # they are ticked from), and 2 more for a waiting change.
    with django_assert_max_num_queries(16 if waiting else 14):
        response = client.get(reverse("admin:evidence_claim_change", args=[claim.pk]))
    assert response.status_code == 200


def test_sending_a_published_claim_back_to_review_and_editing_it_there_needs_other_eyes(
    client, curator, second_curator, disputed
):
    assert edit(client, second_curator, disputed, status="review").status_code == 302
    claim = Claim.objects.get(pk=disputed.pk)
    assert edit(client, second_curator, claim, quote=NEW_QUOTE).status_code == 302
    claim = Claim.objects.get(pk=disputed.pk)
    with pytest.raises(publishing.TransitionRefused, match="since it was last published"):
        publishing.publish(claim, second_curator)
    publishing.publish(claim, curator)  # who neither drafted nor changed it
    assert Claim.objects.get(pk=disputed.pk).status == "published"


def test_a_curator_may_publish_a_record_they_only_moved_back_to_review(
    client, curator, second_curator, disputed
):
    edit(client, second_curator, disputed, status="review")
    publishing.publish(Claim.objects.get(pk=disputed.pk), second_curator)
    assert Claim.objects.get(pk=disputed.pk).status == "published"
