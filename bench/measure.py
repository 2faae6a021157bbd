"""Time every public page and API endpoint in-process, interleaved with the baseline.

    BENCH_DATABASE=sqlite:///… DJANGO_SETTINGS_MODULE=bench.settings \\
        python -m bench.measure OUT.json [--runs 15]

Each page is requested through Django's test Client (the whole middleware stack and
template rendering; no network): once to warm caches, once under CaptureQueriesContext to
count its queries, then ``runs`` timed times, each right after a timed baseline request, so
that both see the same machine. Slow pages are timed fewer times (see ``plan``), and the
report says so.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
import warnings

BASELINE = "/bench/baseline/"
ADMIN_USER = "bench-admin"


def pages():
    """(name, url, needs the admin) for every page the benchmark times, the large ones
    chosen from the data: the contested question, source, route and adverse effect with
    the most published evidence."""
    from django.db.models import Count, Q

    from evidence.constants import Stance, Status
    from evidence.models import AdverseEffect, Claim, Disagreement, Question, Route, Source

    published = Q(claims__status=Status.PUBLISHED)
    contested = Disagreement.objects.active().filter(kind="stance").values("question_id")
    question = (
        Question.objects.published()
        .filter(pk__in=contested)
        .annotate(n=Count("claims", filter=published))
        .order_by("-n", "pk")
        .first()
    )
    claim = (
        Claim.objects.published()
        .filter(question=question, stance=Stance.SUPPORTS)
        .order_by("pk")
        .first()
    )
    source = (
        Source.objects.published()
        .annotate(n=Count("claims", filter=published))
        .order_by("-n", "pk")
    ).first()
    route = Route.objects.annotate(n=Count("claims", filter=published)).order_by("-n", "pk").first()
    effect = (
        AdverseEffect.objects.annotate(
            n=Count("reports", filter=Q(reports__status=Status.PUBLISHED))
        )
        .order_by("-n", "pk")
        .first()
    )
    from evidence.paging import BoundedPaginator

    # The deepest page the table offers (it stops at MAX_PAGES; filters narrow it).
    last_page = max(1, math.ceil(Claim.objects.published().count() / 25))
    last_page = min(last_page, BoundedPaginator.MAX_PAGES)
    found = [
        ("home", "/", False),
        ("disputes", "/disputes/", False),
        ("question (largest contested)", question.get_absolute_url(), False),
        ("claim (on that question)", claim.get_absolute_url(), False),
        ("claims, first page", "/claims/", False),
        ("claims, deepest page", f"/claims/?page={last_page}", False),
        ("claims, contested only", "/claims/?contested=on", False),
        ("sources", "/sources/", False),
        ("source (most claims)", source.get_absolute_url(), False),
        ("routes", "/routes/", False),
        ("route (most claims)", route.get_absolute_url(), False),
        ("adverse effects", "/adverse-effects/", False),
        ("adverse effect (most reports)", effect.get_absolute_url(), False),
        ("search ?q=nasal", "/search/?q=nasal", False),
        ("search, a question", "/search/?q=how+much+does+an+infusion+cost", False),
        ("search, misspelt", "/search/?q=teenager+misusing+esketmine", False),
        ("api search ?q=nasal", "/api/v1/search/?q=nasal", False),
        ("api claims", "/api/v1/claims/", False),
        ("api questions", "/api/v1/questions/", False),
        ("api disputes", "/api/v1/disputes/", False),
        ("api sources", "/api/v1/sources/", False),
        ("evidence strength", "/evidence-strength/", False),
        ("admin claims", "/admin/evidence/claim/", True),
        ("admin claim search ?q=nasal", "/admin/evidence/claim/?q=nasal", True),
    ]
    sizes = {
        "question_claims": question.n,
        "source_claims": source.n,
        "route_claims": route.n,
        "effect_reports": effect.n,
        "published_claims": Claim.objects.published().count(),
        "claims": Claim.objects.count(),
        "sources": Source.objects.count(),
        "questions": Question.objects.count(),
        "active_disagreements": Disagreement.objects.active().count(),
    }
    return found, sizes


def _quantile(samples, q):
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[round(q * 100) - 1]


def _summary(samples):
    if not samples:
        return {"runs": 0}
    ms = [s * 1000 for s in samples]
    return {
        "runs": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(_quantile(ms, 0.95), 2),
        "min_ms": round(min(ms), 2),
    }


def plan(first_seconds, runs, slow, too_slow, budget):
    """How many timed runs a page gets, from its first request's time: ``runs`` below
    ``slow``; above it (already 50× a ~10 ms baseline, a sure fail of the ×10 target) as
    many as fit in ``budget`` seconds, at least 3; above ``too_slow`` none beyond the first
    request, which then is the one sample."""
    if first_seconds < slow:
        return runs
    if first_seconds < too_slow:
        return max(3, min(runs, int(budget / first_seconds)))
    return 0


def measure(runs, say, slow=0.5, too_slow=5.0, budget=5.0):
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    public, admin = Client(), Client()
    user = User.objects.filter(username=ADMIN_USER).first()
    if user is None:
        user = User.objects.create_superuser(ADMIN_USER, None, None)  # no usable password
    admin.force_login(user)

    found, sizes = pages()

    def timed(client, url):
        began = time.perf_counter()
        response = client.get(url)
        return time.perf_counter() - began, response

    def counted(client, url):
        with CaptureQueriesContext(connection) as captured:
            seconds, response = timed(client, url)
        return seconds, response, len(captured.captured_queries)

    rows, samples = [], {}
    for _ in range(3):
        timed(public, BASELINE)
    for name, url, needs_admin in found:
        client = admin if needs_admin else public
        row = {"name": name, "url": url, "admin": needs_admin}
        samples[name] = []
        try:
            first, response, queries = counted(client, url)
            row.update(first_ms=round(first * 1000, 1), first_queries=queries)
            row["planned_runs"] = plan(first, runs, slow, too_slow, budget)
            if row["planned_runs"] == 0:
                samples[name].append(first)  # too slow to repeat: the first request stands
            else:  # the count of a warmed page: nothing cached on first use is counted
                _, response, queries = counted(client, url)
            row.update(status=response.status_code, bytes=len(response.content), queries=queries)
            row["_client"] = client
        except Exception as error:  # a page that fails is reported, not fatal
            row.update(status="error", error=f"{type(error).__name__}: {error}")
        rows.append(row)
        say(
            f"    {name}: first request {row.get('first_ms', '-')} ms, "
            f"{row.get('queries', '-')} queries, {row.get('planned_runs', 0)} timed runs"
        )

    timed_rows = [r for r in rows if "_client" in r]
    baseline_samples = []
    for run in range(max((r["planned_runs"] for r in timed_rows), default=0)):
        for row in timed_rows:
            if run < row["planned_runs"]:
                baseline_samples.append(timed(public, BASELINE)[0])
                samples[row["name"]].append(timed(row["_client"], row["url"])[0])
    with CaptureQueriesContext(connection) as captured:
        public.get(BASELINE)
    baseline = {"queries": len(captured.captured_queries), "url": BASELINE}
    baseline["samples"] = baseline_samples
    for row in timed_rows:
        del row["_client"]
        row["samples"] = samples[row["name"]]
    return {"pages": rows, "baseline": baseline, "sizes": sizes, "vendor": connection.vendor}


def summarised(result):
    """``result`` with each page's and the baseline's ``samples`` (seconds) summarised."""
    baseline = result["baseline"]
    baseline.update(_summary(baseline.pop("samples")))
    for row in result["pages"]:
        if "samples" in row:
            row.update(_summary(row.pop("samples")))
            row["x_baseline"] = round(row["median_ms"] / baseline["median_ms"], 2)
    return result


def merged(results):
    """One result from several rounds' (``--samples``) on the same database: their samples
    pooled, then summarised; counts and first requests are the first round's."""
    first = results[0]
    for later in results[1:]:
        first["baseline"]["samples"] += later["baseline"]["samples"]
        rows = {row["name"]: row for row in later["pages"]}
        for row in first["pages"]:
            if "samples" in row and "samples" in rows.get(row["name"], {}):
                row["samples"] += rows[row["name"]]["samples"]
                row["planned_runs"] += rows[row["name"]]["planned_runs"]
    first["seconds"] = round(sum(result["seconds"] for result in results), 1)
    return summarised(first)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--samples", action="store_true", help="Keep every sample, for merged().")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    # WhiteNoise warns that no collectstatic was run; pages are timed without static files.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()

    def say(text):
        print(text, flush=True)

    started = time.perf_counter()
    result = measure(args.runs, say)
    if not args.samples:
        summarised(result)
    result["seconds"] = round(time.perf_counter() - started, 1)
    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
