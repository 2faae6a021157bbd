"""Planner statistics, gathered after bulk writes (a seed load, a generated corpus, a
rebuild). PostgreSQL's autovacuum gathers them soon enough by itself; SQLite never does,
and without them it scans and sorts every claim for one page of the claims table (100,000
claims: 215 ms without statistics, 8 ms with). And, on PostgreSQL, which queries are planned
for the values they run with rather than once (``planned_for_their_values``)."""

from contextlib import contextmanager

from django.db import connection
from django.db.models import Func, IntegerField


def gather_statistics():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Unindexed(Func):
    """A column SQLite should test row by row rather than drive the query from: written
    "+column", which no index matches. Filtering the claims table to contested questions
    (31,000 of 100,000 claims) SQLite otherwise reads every one through the question index
    and sorts them all for a page by source name (200 ms); with it, it walks the sources
    in name order and stops at a page (under 1 ms). Other databases get the bare column."""

    template = "%(expressions)s"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


@contextmanager
def planned_for_their_values():
    """Queries in this block are planned for the values they are run with. On PostgreSQL,
    psycopg prepares a query run five times on a connection (ketamine_ref.env), and
    PostgreSQL may then keep one plan for any value: good for a page's id, bad for a
    search's words, where a word in half the claims and a word in ten need different plans
    (counting the claims for a misspelt question took 25 ms, not 9, on such a plan)."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    driver = connection.connection
    threshold, driver.prepare_threshold = driver.prepare_threshold, None
    try:
        yield
    finally:
        driver.prepare_threshold = threshold
