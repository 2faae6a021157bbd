"""On PostgreSQL, a query run again and again is prepared and planned once, except a
search's, whose best plan depends on its words (evidence.planner.planned_for_their_values)."""

import pytest
from django.db import connection

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
