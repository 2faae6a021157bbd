"""Back up and restore the whole database with the engine's own tools.

SQLite: the online backup API, which copies a live database page by page as one consistent
snapshot. PostgreSQL: ``pg_dump -Fc`` and ``pg_restore``. Not ``dumpdata``/``loaddata``:
django-simple-history writes history rows from its m2m signal while ``loaddata`` runs, and
they collide with the history rows being loaded, so nothing is restored.

Both functions take a Django database connection (``connections["default"]``, or a second
database in tests) and return a ``Summary`` of what the database holds afterwards.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

# The first bytes of each engine's backup file.
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
_KINDS = {"sqlite": SQLITE_MAGIC, "postgresql": PG_DUMP_MAGIC}
_KIND_NAMES = {
    SQLITE_MAGIC: "a SQLite database",
    PG_DUMP_MAGIC: "a PostgreSQL backup (pg_dump)",
}

# Rows that `migrate` writes by itself into a new database: a database holding only these
# is empty, so restoring over it loses nothing.
MIGRATE_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
}

# libpq reads these from the environment; a password on a command line would show in `ps`
# and in logs.
_PG_ENVIRONMENT = {
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",
    "NAME": "PGDATABASE",
}
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """The backup or restore was refused or failed; the message says why in plain words."""


@dataclass(frozen=True)
class Summary:
    rows: dict  # {table: row count}

    @property
    def total(self):
        return sum(self.rows.values())

    def __str__(self):
        return f"{len(self.rows)} tables, {self.total:,} rows"


def summarise(connection):
    """Row counts of every table Django sees in the database (history tables included)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = cursor.fetchone()[0]
    return Summary(rows)


def backup(connection, path):
    """Write a consistent copy of the database to ``path``; a failed backup leaves no file."""
    path = Path(path)
    partial = path.with_name(f"{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with closing(sqlite3.connect(partial)) as target:
                connection.connection.backup(target)
        else:
            _pg("pg_dump", connection, ["--format=custom", f"--file={partial}"])
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return summarise(connection)


def restore(connection, path, *, force=False):
    """Replace the database's contents with the backup at ``path``.

    Refused, with nothing changed, when the file is missing or of the wrong kind, or when
    the database already holds data and ``force`` is not given.
    """
    path = Path(path)
    _check_kind(connection.vendor, path)
    before = summarise(connection)
    held = {t: n for t, n in before.rows.items() if n and t not in MIGRATE_TABLES}
    if held and not force:
        biggest = ", ".join(f"{t} ({n:,})" for t, n in sorted(held.items(), key=_largest)[:3])
        raise BackupError(
            f"The database already holds data ({sum(held.values()):,} rows, e.g. {biggest}); "
            "nothing was restored. Add --force to replace it with the backup."
        )
    if connection.vendor == "sqlite":
        _restore_sqlite(connection, path)
    else:
        connection.close()  # hold no lock on a table that pg_restore drops
        # One transaction: a restore that fails half-way leaves the database as it was. An
        # empty --dbname connects (rather than printing SQL) to PGDATABASE from the environment.
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname="]
        _pg("pg_restore", connection, options, str(path))
    return summarise(connection)


def _largest(item):
    return -item[1], item[0]


def _check_kind(vendor, path):
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(_KINDS[vendor]):
        return
    found = next((name for magic, name in _KIND_NAMES.items() if head.startswith(magic)), None)
    engine = "SQLite" if vendor == "sqlite" else "PostgreSQL"
    raise BackupError(
        f"{path} is {found or 'not a backup made by this site'}; this site runs on {engine}, "
        f"so it needs {_KIND_NAMES[_KINDS[vendor]]}. Nothing was restored."
    )


def _restore_sqlite(connection, path):
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is a damaged SQLite database. Nothing was restored.")
        found = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if not found:
            raise BackupError(
                f"{path} is a SQLite database, but not this site's. Nothing restored."
            )
        connection.ensure_connection()
        # Copies every page into the live database in one step, replacing what was there.
        source.backup(connection.connection)


def _pg(tool, connection, arguments, *paths):
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed here (apt-get install postgresql-client).")
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in _PG_ENVIRONMENT.items():
        if settings.get(key):
            env[variable] = str(settings[key])
    for key, variable in _PG_OPTIONS.items():
        if key in settings.get("OPTIONS", {}):
            env[variable] = str(settings["OPTIONS"][key])
    done = subprocess.run([executable, *arguments, *paths], env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{tool} failed: {(done.stderr or done.stdout).strip()}")
