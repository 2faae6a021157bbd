"""`manage.py backup` and `restore`: a backup restored into an empty database holds every row
of every table, history included; a restore never overwrites data by accident."""

import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from evidence.backup import PG_DUMP_MAGIC, SQLITE_MAGIC, restore, summarise
from evidence.models import Claim
from review import comments
from review.constants import CommentKind
from tests.conftest import need

# Transactional: pg_dump reads the database from another process, so the data is committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def engine_tools():
    if connection.vendor == "postgresql":
        for tool in ("pg_dump", "pg_restore"):
            need(shutil.which(tool) is not None, f"{tool} is not installed")


def _drop(name):
    # Without FORCE: PostgreSQL stops an autovacuum worker in the database by itself, but
    # FORCE must be allowed to end it, and the test role may not (a CI run failed on it).
    # Nothing else is connected: the test closes its own connection first.
    return f'DROP DATABASE IF EXISTS "{name}"'


@pytest.fixture
def empty_database(tmp_path):
    """A second database with nothing in it, on the same engine: a Django connection to it."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        settings["NAME"] = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(_drop(settings["NAME"]))
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    other = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias="restored")
    yield other
    other.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_drop(settings["NAME"]))


@pytest.fixture
def reviewed(seeded, reviewer):
    """The seed evidence (claims with routes: m2m and its history) plus a comment thread."""
    claim = Claim.objects.order_by("pk").first()
    thread = comments.start_thread(
        reviewer, claim, kind=CommentKind.MISQUOTE, body="Check **p. 4**."
    )
    comments.reply(reviewer, thread, body="And the dose.")


def every_row(database):
    """{table: its rows in a stable order}, for every table Django sees."""
    with database.cursor() as cursor:
        tables = database.introspection.table_names(cursor)
        found = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {database.ops.quote_name(table)}")  # noqa: S608
            found[table] = sorted(cursor.fetchall(), key=repr)
    return found


def test_a_backup_restored_into_an_empty_database_holds_every_row_of_every_table(
    reviewed, engine_tools, empty_database, tmp_path
):
    backup_file = tmp_path / "site.backup"
    call_command("backup", backup_file)
    assert summarise(empty_database).total == 0

    restored = restore(empty_database, backup_file)

    source = every_row(connection)
    assert every_row(empty_database) == source
    history = [t for t in source if "historical" in t]
    assert history and all(source[t] for t in history)
    assert source["review_comment"] and source["evidence_claim_routes"]
    assert restored.total == sum(len(rows) for rows in source.values())


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(
    reviewed, engine_tools, tmp_path
):
    backup_file = tmp_path / "site.backup"
    call_command("backup", backup_file)
    before = every_row(connection)

    with pytest.raises(CommandError, match="already holds data.*--force"):
        call_command("restore", backup_file)
    assert every_row(connection) == before


def test_restore_with_force_replaces_what_the_database_holds(
    reviewed, engine_tools, empty_database, tmp_path
):
    backup_file = tmp_path / "site.backup"
    call_command("backup", backup_file)
    restore(empty_database, backup_file)
    with empty_database.cursor() as cursor:
        cursor.execute("DELETE FROM review_comment WHERE parent_id IS NOT NULL")

    restore(empty_database, backup_file, force=True)
    assert every_row(empty_database) == every_row(connection)


def test_restore_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no backup file at"):
        call_command("restore", tmp_path / "nowhere.backup")


def test_restore_refuses_a_backup_from_the_other_engine(db, tmp_path):
    other = PG_DUMP_MAGIC if connection.vendor == "sqlite" else SQLITE_MAGIC
    wrong = tmp_path / "other-engine.backup"
    wrong.write_bytes(other + b"\0" * 100)
    engine = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    with pytest.raises(CommandError, match=f"this site runs on {engine}.*Nothing was restored"):
        call_command("restore", wrong)


def test_restore_refuses_a_file_that_is_no_backup(db, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a database.")
    with pytest.raises(CommandError, match="not a backup made by this site"):
        call_command("restore", notes)
