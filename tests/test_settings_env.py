"""Settings read the environment through validating helpers."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ketamine_ref.env import database_from_url, env_bool, env_int, env_list


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


def test_a_postgres_url_becomes_a_database_entry():
    db = database_from_url("postgres://u:p%40ss@db.local:5433/evidence?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("evidence", "u", "p@ss")
    assert (db["HOST"], db["PORT"], db["OPTIONS"]) == ("db.local", "5433", {"sslmode": "require"})


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h/"])
def test_a_bad_database_url_stops_start_up_with_a_clear_message(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_whole_numbers_are_checked(monkeypatch):
    monkeypatch.setenv("AGE", "0")
    assert env_int("AGE", 60) == 0
    monkeypatch.setenv("AGE", "a minute")
    with pytest.raises(ImproperlyConfigured, match="AGE"):
        env_int("AGE", 60)
