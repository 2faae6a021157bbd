"""On PostgreSQL, a query run again and again is prepared and planned once, except a
search's, whose best plan depends on its words (evidence.planner.planned_for_their_values)."""

import pytest
from django.db import connection

from evidence.models import Claim
from evidence.planner import planned_for_their_values


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's: this run is on SQLite")


def _prepared(words):
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [sql for (sql,) in cursor.fetchall() if words in sql]


def test_a_page_asked_for_again_and_again_is_planned_once(postgresql, client, make):
    question = make.question()
    for _ in range(7):
        assert client.get(question.get_absolute_url()).status_code == 200
    assert _prepared('FROM "evidence_question"')


def test_a_search_asked_for_again_and_again_is_planned_for_its_words_each_time(
    postgresql, client, make
):
    make.claim(quote="Intranasal ketamine was given at home.")
    for _ in range(7):
        assert client.get("/search/", {"q": "nasal"}).status_code == 200
        assert client.get("/api/v1/search/", {"q": "nasal"}).status_code == 200
    assert not _prepared("search_vector")


def test_the_block_restores_preparing_after_it(postgresql):
    connection.ensure_connection()
    before = connection.connection.prepare_threshold
    with planned_for_their_values():
        assert connection.connection.prepare_threshold is None
    assert connection.connection.prepare_threshold == before == 5


def test_a_bulk_write_larger_than_one_statement_may_carry_is_sent_in_batches(postgresql, make):
    # The server binds at most 65,535 parameters a statement; these are ~70,000.
    document = make.source()
    fields = {"document": document, "quote": "Quoted.", "status": "draft"}
    claims = [Claim(key=f"bulk-{n}", **fields) for n in range(2_000)]
    Claim.objects.bulk_create(claims)
    Claim.objects.bulk_update(claims, ["quote", "locator", "paraphrase", "certainty_reason"])
    assert Claim.objects.filter(key__startswith="bulk-").count() == 2_000
