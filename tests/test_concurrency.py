"""No silent overwrites: an admin form saved from a stale version is refused, saying who
changed what; two saves racing from one version cannot both win; comments posted at the
same moment are all kept."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from evidence import publishing
from evidence.models import Claim
from evidence.models.base import StaleRecord
from review import comments
from review.models import Comment
from tests.factories import claim_admin_form

pytestmark = pytest.mark.django_db


def post_claim(client, user, claim, opened_at, **changes):
    client.force_login(user)
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    return client.post(url, claim_admin_form(claim, opened_at_version=opened_at, **changes))


def refusal_of(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


def test_a_stale_save_is_refused_and_nothing_is_overwritten(client, curator, second_curator, make):
    claim = make.claim(status="review")
    opened_at = claim.version  # both curators open the claim
    assert post_claim(client, curator, claim, opened_at, locator="Section 4").status_code == 302
    response = post_claim(client, second_curator, claim, opened_at, paraphrase="Mine, unsaved.")
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.locator, claim.paraphrase) == ("Section 4", "")
    assert "Mine, unsaved." in response.content.decode()  # the curator's input stays


def test_the_refusal_says_who_changed_which_field_from_what_to_what(
    client, curator, second_curator, make
):
    curator.first_name, curator.last_name = "Ada", "Lovelace"
    curator.save()
    claim = make.claim(status="review", certainty="low")
    opened_at = claim.version
    post_claim(client, curator, claim, opened_at, certainty="high", locator="Section 4")
    refusal = refusal_of(post_claim(client, second_curator, claim, opened_at, locator="Intro"))
    assert "Ada Lovelace changed this claim on" in refusal
    assert "Certainty: Low → High" in refusal
    assert "Locator: — → “Section 4”" in refusal
    assert "nothing of theirs was overwritten" in refusal


def test_saving_again_after_reading_the_refusal_keeps_what_the_form_shows(
    client, curator, second_curator, make
):
    claim = make.claim(status="review")
    opened_at = claim.version
    post_claim(client, curator, claim, opened_at, locator="Section 4")
    refused = post_claim(client, second_curator, claim, opened_at, locator="Intro")
    now_at = refused.context["adminform"].form["opened_at_version"].value()
    assert post_claim(client, second_curator, claim, now_at, locator="Intro").status_code == 302
    claim.refresh_from_db()
    assert claim.locator == "Intro"


def test_a_form_that_does_not_say_its_version_is_refused(client, curator, make):
    claim = make.claim(status="review")
    response = post_claim(client, curator, claim, "", locator="Section 4")
    assert "did not say which version" in refusal_of(response)
    claim.refresh_from_db()
    assert claim.locator == ""


def test_a_stale_inline_row_is_refused_on_its_sources_page(client, curator, second_curator, make):
    source = make.source(status="review")
    claim = make.claim(document=source, status="review")
    opened_at = claim.version
    claim.locator = "Saved by the first curator"
    claim.save()
    client.force_login(second_curator)
    row = {"id": claim.pk, "key": claim.key, "quote": "Changed inline.", "certainty": "low"}
    row |= {"document": source.pk, "opened_at_version": opened_at}
    data = {"slug": source.slug, "title": source.title, "kind": source.kind}
    data |= {"conflict": source.conflict, "status": source.status}
    data |= {"opened_at_version": source.version, "claims-TOTAL_FORMS": 1}
    data |= {"claims-INITIAL_FORMS": 1} | {f"claims-0-{k}": v for k, v in row.items()}
    response = client.post(reverse("admin:evidence_source_change", args=[source.pk]), data)
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert "changed this claim" in str(inline.formset.errors)
    claim.refresh_from_db()
    assert claim.locator == "Saved by the first curator"
    assert claim.quote != "Changed inline."


def test_of_two_saves_from_the_same_version_exactly_one_wins(make):
    claim = make.claim(status="review")
    first, second = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)
    first.locator, second.paraphrase = "Section 4", "Second curator's summary"
    first.save()
    with pytest.raises(StaleRecord):
        second.save()
    claim.refresh_from_db()
    assert (claim.locator, claim.paraphrase, claim.version) == ("Section 4", "", first.version)


def test_a_status_move_from_a_stale_copy_is_refused(make, curator, admin_user):
    claim = make.claim(status="review", created_by=curator)
    stale = Claim.objects.get(pk=claim.pk)
    claim.locator = "Section 4"
    claim.save()
    with pytest.raises(StaleRecord):
        publishing.publish(stale, admin_user)
    claim.refresh_from_db()
    assert (claim.status, claim.locator) == ("review", "Section 4")


def _wait_until(condition):
    """Poll until ``condition()`` holds, for at most a few seconds; what it saw last."""
    for _ in range(500):
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _blocked_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_transactions_racing_from_one_version_cannot_both_win(make):
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL's row locks (DATABASE_URL)")
    claim = make.claim(status="review")
    copies = {"first": Claim.objects.get(pk=claim.pk), "second": Claim.objects.get(pk=claim.pk)}
    first_saved, release, outcome = threading.Event(), threading.Event(), {}

    def save(name, hold):
        try:
            with transaction.atomic():
                copies[name].locator = f"Saved by the {name}"
                copies[name].save()
                if hold:  # keep the row locked until the other save is waiting on it
                    first_saved.set()
                    release.wait(10)
            outcome[name] = "saved"
        except StaleRecord:
            outcome[name] = "refused"
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("first", True))
    second = threading.Thread(target=save, args=("second", False))
    first.start()
    assert first_saved.wait(10)
    second.start()
    assert _wait_until(_blocked_on_a_lock)
    release.set()
    first.join(10)
    second.join(10)
    assert outcome == {"first": "saved", "second": "refused"}
    claim.refresh_from_db()
    assert claim.locator == "Saved by the first"


def test_comments_posted_from_pages_opened_at_the_same_moment_are_all_kept(
    client_as, reviewer, curator, second_curator, make
):
    claim = make.claim()
    url = reverse("review:target", args=["claim", claim.pk])
    people = [reviewer, curator, second_curator]
    client = client_as("anonymous")
    for person in people:  # every page is opened before anyone posts
        client.force_login(person)
        assert client.get(url).status_code == 200
    for person in people:
        client.force_login(person)
        response = client.post(url, {"kind": "other", "body": f"Comment by {person}."})
        assert response.status_code == 302
    assert Comment.objects.on(claim).count() == len(people)


@pytest.mark.django_db(transaction=True)
def test_comments_posted_by_threads_at_the_same_moment_are_all_kept(
    reviewer, curator, second_curator, make
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (DATABASE_URL); SQLite serialises them")
    claim = make.claim()
    people = [reviewer, curator, second_curator]
    start, errors = threading.Barrier(len(people)), []

    def post(person):
        try:
            start.wait(10)
            comments.start_thread(person, claim, kind="other", body=f"By {person}.")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert Comment.objects.on(claim).count() == len(people)
