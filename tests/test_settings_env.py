"""Settings read the environment through validating helpers."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from ketamine_ref.env import (
    SQLITE_MMAP_BYTES,
    env_admins,
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
)


def test_booleans_accept_the_usual_words_and_refuse_others(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_lists_split_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.org, b.org,,")
    assert env_list("HOSTS", []) == ["a.org", "b.org"]
    assert env_list("UNSET_LIST", ["x"]) == ["x"]


def test_a_postgres_url_becomes_a_database_entry_with_reused_checked_connections(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p%40ss@db.local:5433/evidence?sslmode=require")
    db = env_database("DATABASE_URL", "sqlite:///unused.sqlite3", conn_max_age=30)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("evidence", "u", "p@ss")
    assert (db["HOST"], db["PORT"], db["OPTIONS"]) == ("db.local", 5433, {"sslmode": "require"})
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (30, True)


def test_postgres_prepares_repeated_queries_unless_told_not_to(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.local:5432/evidence")
    db = env_database("DATABASE_URL", "sqlite:///unused.sqlite3", conn_max_age=30, prepared=True)
    assert db["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    assert db["ENGINE"] == "ketamine_ref.postgres"  # batches bulk writes within the limit
    db = env_database("DATABASE_URL", "sqlite:///unused.sqlite3", conn_max_age=30)
    assert "server_side_binding" not in db.get("OPTIONS", {})
    assert db["ENGINE"] == "django.db.backends.postgresql"


def test_sqlite_has_no_prepared_statements_to_configure(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = env_database("DATABASE_URL", "sqlite:////srv/k.sqlite3", conn_max_age=0, prepared=True)
    assert "server_side_binding" not in db.get("OPTIONS", {})


def test_a_sqlite_file_is_read_through_a_memory_map(monkeypatch, tmp_path, django_db_blocker):
    """Its pages stay in the system's cache, shared by every server process, instead of
    each connection's own 2 MB."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'k.sqlite3'}")
    entry = env_database("DATABASE_URL", "sqlite:///unused.sqlite3", conn_max_age=0)
    wrapper = ConnectionHandler({"default": entry})["default"]
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            assert cursor.fetchone()[0] == SQLITE_MMAP_BYTES > 0
    finally:
        wrapper.close()


def test_without_a_database_url_the_default_sqlite_file_is_used(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = env_database("DATABASE_URL", "sqlite:////srv/ketamine/db.sqlite3", conn_max_age=0)
    assert (db["ENGINE"], db["NAME"]) == ("django.db.backends.sqlite3", "/srv/ketamine/db.sqlite3")


@pytest.mark.parametrize(
    "url", ["mysql://u@h/db", "postgres://u@h/", "sqlite://", "postgres://u:secret@h:port/db"]
)
def test_a_bad_database_url_stops_start_up_with_a_clear_message_without_the_password(
    monkeypatch, url
):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as refused:
        env_database("DATABASE_URL", "sqlite:///unused.sqlite3", conn_max_age=0)
    assert "secret" not in str(refused.value)


def test_admins_are_read_as_names_and_checked_addresses(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMINS", 'Ann Lee <ann@example.org>, "Smith, J" <j@example.org>,')
    assert env_admins("DJANGO_ADMINS") == [
        ("Ann Lee", "ann@example.org"),
        ("Smith, J", "j@example.org"),
    ]
    monkeypatch.setenv("DJANGO_ADMINS", "ops@example.org")
    assert env_admins("DJANGO_ADMINS") == [("ops@example.org", "ops@example.org")]
    monkeypatch.delenv("DJANGO_ADMINS")
    assert env_admins("DJANGO_ADMINS") == []


@pytest.mark.parametrize("value", ["Ann Lee", "ann@example.org, not an address", "<>"])
def test_admins_that_are_not_addresses_stop_start_up(monkeypatch, value):
    monkeypatch.setenv("DJANGO_ADMINS", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ADMINS"):
        env_admins("DJANGO_ADMINS")


def test_a_choice_is_read_in_any_case_and_anything_else_is_refused(monkeypatch):
    monkeypatch.setenv("LEVEL", "warning")
    assert env_choice("LEVEL", "INFO", ["INFO", "WARNING"]) == "WARNING"
    monkeypatch.setenv("LEVEL", "loud")
    with pytest.raises(ImproperlyConfigured, match="LEVEL"):
        env_choice("LEVEL", "INFO", ["INFO", "WARNING"])


def test_whole_numbers_are_checked(monkeypatch):
    monkeypatch.setenv("AGE", "0")
    assert env_int("AGE", 60) == 0
    monkeypatch.setenv("AGE", "a minute")
    with pytest.raises(ImproperlyConfigured, match="AGE"):
        env_int("AGE", 60)
