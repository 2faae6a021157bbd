"""Small validating readers for settings taken from the environment.

A bad value stops start-up with a message naming the variable, rather than
running with a silently wrong configuration.
"""

import os
from email.utils import getaddresses

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set.")
    return value


_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
# SQLite reads the file through a memory map of up to this size rather than its own page
# cache of 2 MB a connection: the pages then stay in the operating system's cache, shared by
# every server process. At 100,000 claims (a 140 MB file), counting a search's first 1,001
# matching claims took 3.3 ms through the page cache, 1.0 ms through the map.
SQLITE_MMAP_BYTES = 256 * 1024 * 1024


def env_database(name: str, default: str, conn_max_age: int, prepared: bool = False) -> dict:
    """A DATABASES entry from a URL (dj-database-url): ``postgres://user:pass@host:5432/name``
    or ``sqlite:///path/to/file``. The message never repeats the URL: it holds a password.
    ``prepared``: on PostgreSQL, the server binds parameters and psycopg prepares a query
    run five times on a connection, so that PostgreSQL plans it once: planning was 6 of the
    10 ms of SQL behind a question page at 100,000 claims. A pooler in transaction mode
    (PgBouncer) cannot keep prepared statements: turn it off there."""
    url = os.environ.get(name) or default
    try:
        database = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a usable database URL: {error}") from None
    if database["ENGINE"] not in _DATABASE_ENGINES:
        raise ImproperlyConfigured(f"{name} must start with postgres:// or sqlite:///.")
    if database["NAME"] in {"", ":memory:"}:
        raise ImproperlyConfigured(
            f"{name} must name a database: postgres://…/NAME or sqlite:///PATH."
        )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {})["init_command"] = f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}"
    if prepared and database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
        # Django's backend, batching bulk writes within the server's parameter limit.
        database["ENGINE"] = "ketamine_ref.postgres"
    return database


def _is_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def env_admins(name: str) -> list[tuple[str, str]]:
    """``ADMINS`` from ``Ann Lee <ann@example.org>, bob@example.org``; every address is checked."""
    raw = os.environ.get(name, "")
    entries = [entry for entry in getaddresses([raw]) if entry != ("", "")]
    if raw.strip() and not (entries and all(_is_email(address) for _, address in entries)):
        raise ImproperlyConfigured(
            f"{name} must be addresses like 'Ann Lee <ann@example.org>, bob@example.org', "
            f"not {raw!r}."
        )
    return [(display_name or address, address) for display_name, address in entries]


def env_choice(name: str, default: str, choices: list[str]) -> str:
    """One of ``choices``, in any letter case."""
    raw = os.environ.get(name, default)
    by_lower = {choice.lower(): choice for choice in choices}
    try:
        return by_lower[raw.strip().lower()]
    except KeyError:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(choices)}, not {raw!r}."
        ) from None
