"""The evidence's generation: a number that moves whenever anything a public page shows
changes, read in one query, so that pages kept for the public (ketamine_ref.page_cache)
are filed under it and never outlive what they show.

Database triggers move it, not signals: bulk updates, the kept state's rebuilds, seed loads
and raw SQL skip signals, and a trigger misses nothing. On PostgreSQL the trigger is
deferred to commit and moves the number once per transaction: taken earlier, the row's lock
would be held through the transaction, and two writers could deadlock on it. SQLite has a
single writer, so each row's trigger moves it. Tables are (re)armed after every
``migrate`` (evidence.upgrades): SQLite drops a table's triggers when a migration remakes it.
"""

from django.apps import apps
from django.db import connection

from evidence import extensions

TABLE = "evidence_generation"
_ALSO = ("auth_user",)  # names shown on pages

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TABLE}_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: the setting is local to it.
    IF current_setting('evidence.generation_moved', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('evidence.generation_moved', 'on', true);
        INSERT INTO {TABLE} (id, value, epoch) VALUES (1, 1, md5(random()::text))
        ON CONFLICT (id) DO UPDATE SET value = {TABLE}.value + 1;
    END IF;
    RETURN NULL;
END $$
"""
_SQLITE_MOVE = (
    f"INSERT OR IGNORE INTO {TABLE} (id, value, epoch) VALUES (1, 0, lower(hex(randomblob(16)))); "
    f"UPDATE {TABLE} SET value = value + 1 WHERE id = 1;"
)


def watched_tables():
    """Every table public pages read: evidence's (many-to-many tables included), those of
    apps that add to its pages (extensions.watched_apps), and users' names; nothing that
    changes on every request (sessions, rate limits)."""
    tables, unwatched = set(_ALSO), {TABLE}
    for label, unread in [("evidence", set()), *extensions.watched_apps]:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
        unwatched |= unread
    return sorted(tables - unwatched)


def _statements(table):
    name = f"{table}_generation"
    if connection.vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TABLE}_move()",
        ]
    return [
        statement
        for event in ("insert", "update", "delete")
        for statement in (
            f"DROP TRIGGER IF EXISTS {name}_{event}",
            f"CREATE TRIGGER {name}_{event} AFTER {event.upper()} ON {table} "
            f"BEGIN {_SQLITE_MOVE} END",
        )
    ]


def arm():
    """Put the triggers on every watched table (again: it is idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in watched_tables():
            for statement in _statements(table):
                cursor.execute(statement)


def disarm():
    """Take every such trigger off (migrating back past the table they write to)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
                "WHERE tgname LIKE %s AND NOT tgisinternal",
                ["%\\_generation"],
            )
            statements = [f"DROP TRIGGER {name} ON {table}" for name, table in cursor.fetchall()]
            statements.append(f"DROP FUNCTION IF EXISTS {TABLE}_move()")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE %s",
                [f"%{TABLE}%"],
            )
            statements = [f"DROP TRIGGER {name}" for (name,) in cursor.fetchall()]
        for statement in statements:
            cursor.execute(statement)


# "epoch:value": no row before anything has been written. A query may read it with others.
CURRENT = f"SELECT epoch || ':' || value FROM {TABLE} WHERE id = 1"


def current():
    """ "epoch:value", or None before anything has been written."""
    with connection.cursor() as cursor:
        cursor.execute(CURRENT)
        row = cursor.fetchone()
    return row[0] if row else None
