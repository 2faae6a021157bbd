"""Pages kept for readers who are not signed in are filed under the evidence's generation,
which database triggers move on every write, however it is made: no kept page outlives
a change."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils.cache import get_cache_key

from evidence import generation
from evidence.constants import Status
from evidence.models import Claim, Question, Route

# Committed for real: on PostgreSQL the triggers run at commit, which a test's rolled-back
# transaction never reaches.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _raw_update():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE evidence_question SET summary = 'Raw.'")


WRITES = {
    "a save": lambda q, c: (setattr(q, "summary", "Saved."), q.save()),
    "a bulk update, which sends no signal": lambda q, c: Question.objects.update(summary="Bulk."),
    "raw SQL": lambda q, c: _raw_update(),
    "a many-to-many change": lambda q, c: c.routes.add(Route.objects.first()),
    "a deletion": lambda q, c: c.delete(),
    "a user's name": lambda q, c: get_user_model().objects.update(first_name="New"),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_kind_of_write_moves_the_generation(make, curator, write):
    claim = make.claim(question=make.question(), stance="supports", routes=[make.route()])
    before = generation.current()
    write(claim.question, claim)
    assert generation.current() != before


def test_a_rolled_back_write_leaves_the_generation_alone(make):
    question = make.question()
    before = generation.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(summary="Never.")
        raise RuntimeError
    assert generation.current() == before


def test_a_kept_page_is_served_in_one_query_until_the_evidence_changes(
    kept, client, make, django_assert_num_queries
):
    question = make.question(text="Is nasal as good as IV?")
    url = question.get_absolute_url()
    first = client.get(url).content
    with django_assert_num_queries(1):  # the generation
        assert client.get(url).content == first
    Question.objects.filter(pk=question.pk).update(text="Is oral as good as IV?")
    assert b"Is oral as good as IV?" in client.get(url).content


def test_a_publication_shows_at_once(kept, client, make):
    claim = make.claim(
        question=make.question(),
        stance="supports",
        quote="A draft about bladder pain.",
        status=Status.DRAFT,
    )
    url = claim.question.get_absolute_url()
    assert b"bladder pain" not in client.get(url).content
    Claim.objects.filter(pk=claim.pk).update(status=Status.PUBLISHED, public=True)
    assert b"bladder pain" in client.get(url).content


def test_signed_in_users_never_get_a_kept_page(
    kept, client_as, make, django_assert_max_num_queries
):
    url = make.question().get_absolute_url()
    client_as("anonymous").get(url)  # kept for the public
    curator = client_as("curator")
    curator.get(url)
    with django_assert_max_num_queries(40) as queries:
        page = curator.get(url)
    assert len(queries) > 1 and b"Sign out" in page.content


def test_a_page_that_sets_a_cookie_is_not_kept(kept, client, make):
    make.question()  # a generation to file pages under
    login = reverse("login")
    assert client.get(login).cookies.get("csrftoken")
    request = RequestFactory().get(login)
    assert get_cache_key(request, generation.current(), "GET", caches["pages"]) is None


def test_review_comments_are_watched_and_rate_limits_are_not():
    tables = generation.watched_tables()
    assert {"review_comment", "evidence_claim_routes", "auth_user"} <= set(tables)
    assert not {"review_ratelimitcounter", "review_watch", "django_session"} & set(tables)
