"""Reviewers watch questions and get a daily email of their public changes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evidence.constants import Status
from evidence.roles import REVIEWER_GROUP
from review import digest
from review.models import Watch

pytestmark = pytest.mark.django_db
SITE = "https://ketamine.example.org"
# A reviewer's question page: the evidence, the review panel, and one query for the button.
QUESTION_PAGE_QUERIES = 14


def send():
    call_command("send_digests", "--site-url", SITE, stdout=StringIO())


def watch(user, question, days_ago=1):
    return Watch.objects.create(
        user=user, question=question, reported_until=timezone.now() - timedelta(days=days_ago)
    )


def test_a_watcher_gets_one_email_listing_each_change_with_its_link(make, reviewer, mailoutbox):
    q = make.question(text="Is home use safe?", answer_opposes="No")
    w = watch(reviewer, q)
    claim = make.claim(question=q, stance="opposes", document=make.source(label="Clinic guide"))
    make.move(claim, Status.RETRACTED)
    send()
    [mail] = mailoutbox
    assert mail.to == ["reviewer@example.org"]
    assert mail.subject == "What changed on the questions you watch · Ketamine Evidence Reference"
    assert "Is home use safe?" in mail.body
    assert "A claim from Clinic guide was retracted: its answer “No” no longer counts." in mail.body
    assert "A claim from Clinic guide was published" in mail.body
    assert f"{SITE}{q.get_absolute_url()}" in mail.body
    assert 'choose "Stop watching"' in mail.body  # plain text: nothing HTML-escaped
    w.refresh_from_db()
    assert timezone.now() - w.reported_until < timedelta(minutes=1)


def test_running_the_digest_twice_sends_once(make, reviewer, mailoutbox):
    q = make.question()
    watch(reviewer, q)
    make.claim(question=q, stance="supports")
    send()
    send()
    assert len(mailoutbox) == 1


def test_nothing_is_sent_when_nothing_changed(make, reviewer, mailoutbox):
    q = make.question()
    make.claim(question=q, stance="supports")
    w = watch(reviewer, q, days_ago=0)
    draft = make.claim(question=q, stance="supports", status=Status.DRAFT)
    draft.paraphrase = "A draft's edit."
    draft.save()
    reported = w.reported_until
    send()
    assert mailoutbox == []
    w.refresh_from_db()
    assert w.reported_until == reported


def test_a_later_change_is_sent_the_next_day_without_repeating_the_first(
    make, reviewer, mailoutbox
):
    q = make.question()
    watch(reviewer, q)
    first = make.claim(question=q, stance="supports", document=make.source(label="First source"))
    send()
    make.move(first, Status.RETRACTED)
    send()
    assert len(mailoutbox) == 2
    assert "was published" not in mailoutbox[1].body
    assert "A claim from First source was retracted" in mailoutbox[1].body


def test_several_watched_questions_come_in_one_email(make, reviewer, curator, mailoutbox):
    one, two, unwatched = make.question(text="One?"), make.question(text="Two?"), make.question()
    watch(reviewer, one)
    watch(reviewer, two)
    watch(curator, two)
    for q in (one, two, unwatched):
        make.claim(question=q, stance="supports")
    send()
    by_person = {mail.to[0]: mail.body for mail in mailoutbox}
    assert set(by_person) == {"reviewer@example.org", "curator@example.org"}
    assert (
        "One?" in by_person["reviewer@example.org"] and "Two?" in by_person["reviewer@example.org"]
    )
    assert "One?" not in by_person["curator@example.org"]
    assert unwatched.text not in by_person["reviewer@example.org"]


def test_someone_no_longer_a_reviewer_gets_no_email(make, reviewer, mailoutbox):
    q = make.question()
    watch(reviewer, q)
    reviewer.groups.clear()
    make.claim(question=q, stance="supports")
    send()
    assert mailoutbox == []


def test_a_failed_sending_keeps_the_changes_for_the_next_run(make, reviewer, mailoutbox, settings):
    q = make.question()
    w = watch(reviewer, q)
    reported = w.reported_until
    make.claim(question=q, stance="supports")
    settings.EMAIL_BACKEND = "tests.test_digest.RefusingBackend"
    with pytest.raises(ConnectionRefusedError):
        send()
    w.refresh_from_db()
    assert w.reported_until == reported
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send()
    assert len(mailoutbox) == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


# Watching and unwatching.


def test_a_reviewer_watches_and_unwatches_a_question_from_its_page(client_as, make):
    q = make.question()
    client = client_as("reviewer")
    html = client.get(q.get_absolute_url()).content.decode()
    assert "Watch this question" in html
    response = client.post(reverse("review:watch", args=[q.slug]))
    assert response.status_code == 302 and response.url == q.get_absolute_url()
    assert Watch.objects.filter(question=q, user__username="reviewer").exists()
    html = client.get(q.get_absolute_url()).content.decode()
    assert "Stop watching" in html and "You are watching this question" in html
    client.post(reverse("review:watch", args=[q.slug]))
    assert Watch.objects.count() == 1
    client.post(reverse("review:unwatch", args=[q.slug]))
    assert not Watch.objects.exists()


def test_anonymous_readers_see_no_watch_button_and_are_sent_to_sign_in(client, make):
    q = make.question()
    assert "Watch this question" not in client.get(q.get_absolute_url()).content.decode()
    response = client.post(reverse("review:watch", args=[q.slug]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Watch.objects.exists()


def test_watching_takes_a_post_with_its_csrf_token(make, reviewer):
    q = make.question()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    url = reverse("review:watch", args=[q.slug])
    assert client.post(url).status_code == 403
    # A GET (where signing in returns to) changes nothing and leads to the question.
    response = client.get(url)
    assert response.status_code == 302 and response.url == q.get_absolute_url()
    assert not Watch.objects.exists()


def test_signing_in_from_the_button_leads_back_to_the_question(client, make, reviewer):
    q = make.question()
    response = client.post(reverse("review:watch", args=[q.slug]), follow=True)
    login = response.redirect_chain[-1][0]
    response = client.post(login, {"username": "reviewer", "password": "pw-for-tests"}, follow=True)
    assert response.redirect_chain[-1][0] == q.get_absolute_url()
    assert "Watch this question" in response.content.decode()


def test_a_signed_in_reader_without_a_role_may_not_watch(client, make, roles):
    q = make.question()
    client.force_login(User.objects.create_user("reader", "reader@example.org", "pw"))
    assert "Watch this question" not in client.get(q.get_absolute_url()).content.decode()
    assert client.post(reverse("review:watch", args=[q.slug])).status_code == 403


def test_a_question_the_reviewer_may_not_see_cannot_be_watched(client_as, make):
    q = make.question(status=Status.DRAFT)
    assert client_as("reviewer").post(reverse("review:watch", args=[q.slug])).status_code == 404
    assert not Watch.objects.exists()


@pytest.mark.parametrize("size", [2, 15])
def test_the_question_page_with_the_watch_button_answers_in_bounded_queries(
    client_as, make, size, django_assert_max_num_queries
):
    make.evidence_of_size(size)
    q = make.question()
    for _ in range(size):
        make.claim(question=q, stance="supports")
    client = client_as("reviewer")
    client.get("/")  # the session and the reviewer's groups are read once signed in
    with django_assert_max_num_queries(QUESTION_PAGE_QUERIES):
        response = client.get(q.get_absolute_url())
    assert "Watch this question" in response.content.decode()


@pytest.mark.parametrize("watchers", [1, 4])
def test_finding_the_digests_due_asks_who_is_a_reviewer_once(
    make, watchers, django_assert_max_num_queries
):
    q = make.question()
    make.claim(question=q, stance="supports")
    group = Group.objects.get_or_create(name=REVIEWER_GROUP)[0]
    for n in range(watchers):
        user = User.objects.create_user(f"watcher{n}", email=f"w{n}@example.org")
        user.groups.add(group)
        watch(user, q)
    # The watches, their users' groups, then each watcher's changes (three queries).
    with django_assert_max_num_queries(2 + 3 * watchers):
        assert len(digest.due(timezone.now())) == watchers
