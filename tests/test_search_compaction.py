"""Compacting the search index (after bulk loads, and nightly): the pieces writes leave are
merged into the index, and searches find what they found before."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from evidence import search_index
from evidence.search import search

pytestmark = pytest.mark.django_db


def _pieces():
    """SQLite: the rows of the claims index, one or more per segment (each write, in its own
    savepoint, leaves a segment). PostgreSQL: the pages waiting in the GIN indexes' pending
    lists, which cleaning them returns (and empties)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM evidence_claim_fts_data")
            return cursor.fetchone()[0]
        waiting = 0
        for statement in search_index.pg_compact():
            cursor.execute(statement)
            waiting += sum(pages for (pages,) in cursor.fetchall())
        return waiting


def _found(query):
    (group,) = search(query, kind="claims")
    return {hit.record.pk for hit in group.hits}


def test_compacting_merges_what_writes_left_and_finds_the_same(make):
    claims = {make.claim(quote=f"Dysphoria after dose {i}.").pk for i in range(12)}
    if connection.vendor == "sqlite":
        before = _pieces()
    call_command("compact_search_index", stdout=StringIO())
    if connection.vendor == "sqlite":
        assert _pieces() < before
    else:
        assert _pieces() == 0, "nothing left waiting once compacted"
    assert _found("dysphoria") == claims


def test_writes_leave_entries_waiting_that_compacting_would_merge(make):
    """PostgreSQL's counterpart of the check above, which would fail uncompacted: new
    claims wait in the pending list. (On SQLite that check compares before and after.)"""
    if connection.vendor != "postgresql":
        pytest.skip("GIN pending lists are PostgreSQL's")
    for i in range(12):
        make.claim(quote=f"Dysphoria after dose {i}.")
    assert _pieces() > 0
