"""Throughput under gunicorn (2 sync workers) measured by wrk, on loopback only.

Each URL is loaded for a fixed time by one wrk thread over 4 connections (so both workers
always have a request waiting), with a hard stop (``timeout``) in case wrk hangs; the
baseline is loaded first, and again briefly at the end to show whether the machine
changed meanwhile (both are reported; pages are compared with the first). gunicorn runs
in its own session and is stopped by its process group id afterwards.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.databases import ROOT, bench_env

WORKERS = 2
CONNECTIONS = 4


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url, timeout):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
        response.read()
        return response.status


def _parse(output):
    def number(pattern, default=None, cast=float):
        found = re.search(pattern, output)
        return cast(found.group(1)) if found else default

    def ms(text):
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    latency = {}
    for percent in ("50", "99"):
        found = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.M)
        if found:
            latency[f"p{percent}_ms"] = round(ms(found.group(1)), 1)
    return {
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)", 0.0),
        "requests": number(r"(\d+) requests in", 0, int),
        "non_2xx": number(r"Non-2xx or 3xx responses:\s+(\d+)", 0, int),
        "timeouts": number(r"Socket errors:.*timeout (\d+)", 0, int),
        **latency,
    }


def throughput(database_url, targets, seconds=15, say=print, slow=(), kept=True):
    """{name: wrk figures} for ``targets`` [(name, path)] and the baseline, or raises
    RuntimeError when gunicorn or wrk is not there. Pages named in ``slow`` (seconds per
    request) are not warmed: their first request costs little beside the others. ``kept``:
    as production serves them, pages kept for readers not signed in (ketamine_ref.page_cache);
    otherwise every request rendered."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install -y wrk)")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        raise RuntimeError("gunicorn is not installed (pip install -r requirements-dev.txt)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = bench_env(database_url)
    env["PYTHONWARNINGS"] = "ignore:No directory at"  # WhiteNoise: no collectstatic here
    env["DJANGO_PAGE_CACHE_SECONDS"] = "300" if kept else "0"
    log = open(ROOT / "bench" / ".data" / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(gunicorn),
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "ketamine_ref.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    results = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/bench/baseline/", timeout=5)
                break
            except OSError as error:
                if server.poll() is not None or time.monotonic() > deadline:
                    why = "gunicorn did not start: see bench/.data/gunicorn.log"
                    raise RuntimeError(why) from error
                time.sleep(0.5)
        baseline = "/bench/baseline/"
        # The baseline again at the end, briefly: did the machine change meanwhile?
        plan = [("baseline", baseline, seconds), *((n, p, seconds) for n, p in targets)]
        plan.append(("baseline (again)", baseline, max(3, seconds // 3)))
        for name, path, duration in plan:
            url = f"{base}{path}"
            if name not in slow:  # warm both workers (templates, connections)
                for _ in range(WORKERS):
                    _get(url, timeout=120)
            done = subprocess.run(
                [
                    wrk,
                    "-t1",
                    f"-c{CONNECTIONS}",
                    f"-d{duration}s",
                    "--timeout",
                    "60s",
                    "--latency",
                    url,
                ],
                capture_output=True,
                text=True,
                timeout=duration + 90,
            )
            figures = _parse(done.stdout)
            figures["path"] = path
            results[name] = figures
            say(f"    {name}: {figures['requests_per_s']:.1f} req/s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    first, again = results.pop("baseline"), results.pop("baseline (again)")
    results["baseline"] = {
        "requests_per_s": first["requests_per_s"],
        "again_requests_per_s": again["requests_per_s"],
        "path": first["path"],
        "p50_ms": first.get("p50_ms"),
    }
    return results
