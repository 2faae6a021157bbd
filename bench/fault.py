"""Load with a fault: reviewers post comments and readers browse through gunicorn on a real
PostgreSQL, which is restarted once in the middle (``make load-fault``; about 90 s).

1. A fresh database ``ketamine_fault`` (the local cluster and the ``ketamine`` role as
   bench/postgres.py sets them up): migrate, collectstatic, the seed evidence, reviewer
   accounts.
2. gunicorn, 3 sync workers on a free loopback port, DEBUG off, connections kept open
   (``DJANGO_CONN_MAX_AGE``) and health-checked, as in production.
3. Readers and reviewers for ``BEFORE`` s; the cluster is stopped (fast), down for ``DOWN``
   s, started again; the load goes on for ``AFTER`` s.
4. Every request is sorted by when it ran: *before* (ended before the stop), *after* (began
   once the cluster was back), *during* (the rest). Every comment answered with a redirect
   must be in the database (matched by the token in its body); no 5xx may happen outside the
   restart window; recovery is the time from the cluster being back to the first good answer.

Exits 1 when an acknowledged comment is missing, a 5xx or a failed request falls outside the
window, or the site never recovered. gunicorn is stopped and the cluster started again
whatever happens.
"""

import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

from bench.databases import DATA, ROOT
from bench.fault_clients import TIMEOUT, run_clients
from bench.load import _free_port, _get
from bench.postgres import _connect, server

DATABASE = "ketamine_fault"
WORKERS = 3
READERS = 3
REVIEWERS = 3
ACCOUNTS_PER_REVIEWER = 12
BEFORE, DOWN, AFTER = 15, 5, 15
PAUSE = 0.3  # seconds between a reviewer's comments
PUBLIC_PAGES = ["/", "/disputes/", "/claims/", "/sources/", "/routes/", "/api/v1/claims/"]
# The opt-out of HTTPS redirects and Secure cookies when DEBUG is off: this run is plain
# HTTP on loopback.
PLAIN_HTTP = {"DJANGO_PLAIN_HTTP": "true"}

ACCOUNTS_SCRIPT = """
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from evidence.roles import REVIEWER_GROUP
password = make_password({password!r})  # hashed once: hashing is slow on purpose
users = User.objects.bulk_create(
    User(username=name, email=name + "@example.org", password=password) for name in {names!r}
)
Group.objects.get(name=REVIEWER_GROUP).user_set.add(*users)
"""


def say(message):
    print(message, flush=True)


def _cluster(port):
    """(version, name) of the local cluster listening on ``port``."""
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    for line in listed.stdout.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == str(port):
            return version, name
    raise RuntimeError(f"no local cluster listens on port {port}: this run restarts it")


def _cluster_online(cluster):
    listed = subprocess.run(
        ["pg_lsclusters", "--no-header", *cluster], capture_output=True, text=True
    )
    return "online" in listed.stdout


def _ctl(cluster, action, *options):
    subprocess.run(["pg_ctlcluster", *cluster, action, *options], check=True, timeout=120)


def _manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}{done.stderr}")


def prepare(base_url, env, accounts, password):
    with _connect(base_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    _manage(env, "load_seed_evidence")
    _manage(env, "shell", "-c", ACCOUNTS_SCRIPT.format(password=password, names=accounts))
    with _connect(base_url, DATABASE) as db:
        claims = db.execute(
            "SELECT id FROM evidence_claim WHERE status = 'published' ORDER BY id LIMIT 20"
        ).fetchall()
    return [row[0] for row in claims]


def start_gunicorn(env, port, log):
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    command = [gunicorn, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    command += ["--timeout", "30", "ketamine_ref.wsgi:application"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"http://127.0.0.1:{port}/", timeout=TIMEOUT)
            return process
        except OSError as error:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: see {log.name}") from error
            time.sleep(0.5)


def stop_gunicorn(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def window(answer, stopped, back):
    if answer.ended < stopped:
        return "before"
    return "after" if answer.started >= back else "during"


def _failed(counts):
    return sum(n for status, n in counts.items() if status[0] not in "23")


def report(log, acknowledged, stored, restart):
    """Prints the figures; returns the list of failures (empty when all held). ``restart``:
    when the stop was issued, when it returned (the database down), when the start returned."""
    stopped, down, back = restart
    windows = {"before": Counter(), "during": Counter(), "after": Counter()}
    for answer in log:
        status = "no answer" if answer.status is None else str(answer.status)
        windows[window(answer, stopped, back)][status] += 1
    say(f"requests: {len(log)}")
    for name, counts in windows.items():
        detail = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        say(
            f"  {name:<7}{sum(counts.values()):>6} requests, {_failed(counts):>5} failed ({detail})"
        )
    good_after = [a.ended for a in log if a.started >= back and a.good]
    recovery = min(good_after) - back if good_after else None
    acknowledged = set(acknowledged)
    missing = sorted(acknowledged - stored)
    say(
        f"comments acknowledged: {len(acknowledged)}, of which stored: {len(acknowledged & stored)}"
    )
    say(f"  stored without an acknowledgement: {len(stored - acknowledged)}")
    say(
        f"restart: stop took {down - stopped:.1f} s, down {DOWN} s, "
        f"start took {back - down - DOWN:.1f} s"
    )
    typical = statistics.median(a.ended - a.started for a in log if a.good and a.ended < stopped)
    say(
        "recovery: "
        + (f"{recovery:.2f} s to the first good answer" if good_after else "never")
        + f" (a good answer took {typical:.2f} s, median, before the restart)"
    )
    failures = [f"acknowledged comment missing: {token}" for token in missing]
    for name in ("before", "after"):
        if _failed(windows[name]):
            failures.append(f"{_failed(windows[name])} failed requests {name} the restart window")
    if recovery is None:
        failures.append("no good answer after the database came back")
    return failures


def main():
    base_url, why = server()
    if base_url is None:
        sys.exit(f"PostgreSQL is needed for this run: {why}")
    cluster = _cluster(urlsplit(base_url).port or 5432)
    DATA.mkdir(parents=True, exist_ok=True)
    run = secrets.token_hex(3)
    password = secrets.token_urlsafe(16)
    names = [f"fault-{run}-r{i}" for i in range(REVIEWERS * ACCOUNTS_PER_REVIEWER)]
    env = {
        **os.environ,
        **PLAIN_HTTP,
        "DJANGO_SETTINGS_MODULE": "ketamine_ref.settings",
        "DATABASE_URL": f"{base_url}/{DATABASE}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_CONN_MAX_AGE": "60",
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    started = time.monotonic()
    say(f"preparing {DATABASE} on cluster {'/'.join(cluster)}…")
    claim_ids = prepare(base_url, env, names, password)
    gunicorn, failures = None, []
    log_file = open(DATA / "fault-gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    try:
        port = _free_port()
        gunicorn = start_gunicorn(env, port, log_file)
        say(f"setup took {time.monotonic() - started:.0f} s; load for {BEFORE + DOWN + AFTER} s")
        groups = [names[i::REVIEWERS] for i in range(REVIEWERS)]
        paths = PUBLIC_PAGES + [f"/claims/{pk}/" for pk in claim_ids[:3]]
        log, acknowledged, stop, threads = run_clients(
            port,
            readers=READERS,
            reviewer_accounts=groups,
            password=password,
            claim_ids=claim_ids,
            paths=paths,
            run=run,
            pause=PAUSE,
        )
        time.sleep(BEFORE)
        stopped = time.monotonic()
        _ctl(cluster, "stop", "-m", "fast")
        down = time.monotonic()
        time.sleep(DOWN)
        _ctl(cluster, "start")
        back = time.monotonic()
        time.sleep(AFTER)
        stop.set()
        for thread in threads:
            thread.join(TIMEOUT + 5)
        with _connect(base_url, DATABASE) as db:
            rows = db.execute(
                "SELECT body FROM review_comment WHERE body LIKE %s", [f"Load check fault-{run}-%"]
            )
            stored = {body.removeprefix("Load check ").removesuffix(".") for (body,) in rows}
        failures = report(log, acknowledged, stored, (stopped, down, back))
    finally:
        if gunicorn is not None:
            stop_gunicorn(gunicorn)
        log_file.close()
        if not _cluster_online(cluster):
            _ctl(cluster, "start")
    say(f"total {time.monotonic() - started:.0f} s; gunicorn's log: {log_file.name}")
    for failure in failures:
        say(f"FAILED: {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
