"""A local PostgreSQL server for the benchmark, set up as .ci/run sets it up for the tests.

``BENCH_POSTGRES_URL`` (``postgres://user:password@host:port``, a role with CREATEDB) uses
a server you already run. Otherwise the first local cluster (``pg_lsclusters``) is started
if it is down, and a role ``ketamine`` (password ``ketamine``, CREATEDB) is made if
missing, reached over TCP on 127.0.0.1. When none of that works, ``server()`` says why
and the benchmark skips PostgreSQL.
"""

import os
import subprocess
from urllib.parse import urlsplit

ROLE = "ketamine"
PREFIX = "ketamine_bench_"


def _connect(base_url, database="postgres"):
    import psycopg

    return psycopg.connect(f"{base_url}/{database}", autocommit=True, connect_timeout=5)


def _run(command):
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def server():
    """(base URL without a database name, None) or (None, why PostgreSQL is skipped)."""
    url = os.environ.get("BENCH_POSTGRES_URL", "").rstrip("/")
    if url:
        try:
            _connect(url).close()
        except Exception as error:
            return None, f"BENCH_POSTGRES_URL does not answer: {error}"
        return url, None
    try:
        listed = _run(["pg_lsclusters", "--no-header"])
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"no PostgreSQL server here (pg_lsclusters: {error})"
    clusters = [line.split() for line in listed.stdout.splitlines() if line.strip()]
    if not clusters:
        return None, "no PostgreSQL cluster (pg_lsclusters lists none)"
    version, name, port, status = clusters[0][:4]
    if status != "online":
        started = _run(["pg_ctlcluster", version, name, "start"])
        if started.returncode:
            why = (started.stderr or started.stdout).strip()
            return None, f"cluster {version}/{name} would not start: {why}"
    create_role = (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='{ROLE}') THEN "
        f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{ROLE}'; END IF; END $$;"
    )
    # As the postgres superuser over its Unix socket (peer authentication); no shell.
    made = _run(["runuser", "-u", "postgres", "--", "psql", "-q", "-p", port, "-c", create_role])
    if made.returncode:
        return None, f"could not make the role {ROLE}: {(made.stderr or made.stdout).strip()}"
    url = f"postgres://{ROLE}:{ROLE}@127.0.0.1:{port}"
    try:
        _connect(url).close()
    except Exception as error:
        return None, f"the role {ROLE} cannot connect over TCP: {error}"
    return url, None


class PostgreSQL:
    name = "postgres"

    def __init__(self, base_url):
        self.base_url = base_url

    def database(self, label):
        return f"{PREFIX}{label}"

    def url(self, label):
        return f"{self.base_url}/{self.database(label)}"

    def _admin(self, sql):
        with _connect(self.base_url) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def exists(self, label):
        rows = self._admin(
            f"SELECT 1 FROM pg_database WHERE datname = '{self.database(label)}'"  # noqa: S608
        )
        return bool(rows)

    def drop(self, label):
        self._admin(f'DROP DATABASE IF EXISTS "{self.database(label)}" WITH (FORCE)')

    def create_empty(self, label):
        self._admin(f'CREATE DATABASE "{self.database(label)}"')

    def copy(self, template, label):
        """A copy of the seed template: PostgreSQL copies files, faster than loading."""
        self.drop(label)
        # No session may be connected to a template while it is copied.
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608
            f"WHERE datname = '{self.database(template)}' AND pid <> pg_backend_pid()"
        )
        self._admin(
            f'CREATE DATABASE "{self.database(label)}" TEMPLATE "{self.database(template)}"'
        )

    def claim_count(self, label):
        with _connect(self.base_url, self.database(label)) as connection:
            return connection.execute("SELECT count(*) FROM evidence_claim").fetchone()[0]

    def after_load(self, label):
        """What autovacuum would soon do in production after a bulk load: fresh planner
        statistics and a visibility map, so plans and timings are those of a settled
        database."""
        with _connect(self.base_url, self.database(label)) as connection:
            connection.execute("VACUUM ANALYZE")


def describe(base_url):
    """The server's version, for the report."""
    try:
        with _connect(base_url) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
    except Exception:  # only informative
        return "PostgreSQL"
    host = urlsplit(base_url).hostname
    return f"PostgreSQL {version} on {host}"
