"""``make bench``: build (or reuse) the corpora, time every page at 1k and 100k claims on
SQLite and PostgreSQL, load the main pages under gunicorn, and write bench/results/."""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

from bench import databases, load, measure, postgres, report
from bench.databases import ROOT, SIZES, bench_env

RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"  # shows the latest full run (report.summary)


def say(text):
    print(text, flush=True)


def _load_average():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _commit():
    """The commit measured; ``BENCH_COMMIT`` names it when the tree is not a checkout."""
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        return done.stdout.strip() + (" + uncommitted changes" if dirty else "")
    except OSError:
        return "?"


def _code_fingerprint():
    """What the pages run: the app's Python and templates (committed or not)."""
    patterns = ["evidence/**/*.py", "review/**/*.py", "ketamine_ref/*.py", "templates/**/*.html"]
    return databases._fingerprint(patterns)


# Each size's runs are split into rounds taken in turn, 1k, 100k, 1k, 100k, ...: this
# machine's speed drifts by a third over minutes (the baseline took 7.6 ms while 1k was
# timed and 10.2 ms while 100k was, right after), and a drift must slow both sizes alike.
ROUNDS = 3


def _measure(url, runs):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    try:
        command = [sys.executable, "-m", "bench.measure", path, f"--runs={runs}", "--samples"]
        done = subprocess.run(command, cwd=ROOT, env=bench_env(url), text=True)
        if done.returncode:
            raise RuntimeError(f"bench.measure failed on {url} (exit {done.returncode})")
        with open(path) as result:
            return json.load(result)
    finally:
        os.unlink(path)


def run_engine(engine, description, args):
    record = {"name": engine.name, "description": description, "builds": {}, "measure": {}}
    for size in args.sizes:
        built = databases.prepare(engine, size, rebuild=args.rebuild, say=say)
        record["builds"][size] = built.as_dict()
    rounds = {size: [] for size in args.sizes}
    per_round = -(-args.runs // ROUNDS)
    for number in range(1, ROUNDS + 1):
        for size in args.sizes:
            say(
                f"  {engine.name} {size}: timing pages, round {number} of {ROUNDS} "
                f"({per_round} runs, interleaved with the baseline)"
            )
            began = time.perf_counter()
            rounds[size].append(_measure(engine.url(size), per_round))
            say(f"  {engine.name} {size}: timed in {time.perf_counter() - began:.0f} s")
    for size, results in rounds.items():
        record["measure"][size] = measure.merged(results)
    large = record["measure"].get(report.LARGE)
    if args.wrk_seconds <= 0:
        record["throughput_skipped"] = "turned off (--wrk-seconds 0)"
    elif large is None:
        record["throughput_skipped"] = "the 100k corpus was not measured"
    else:
        urls = {page["name"]: page["url"] for page in large["pages"]}
        targets = [(name, urls[name]) for name in report.THROUGHPUT_PAGES if name in urls]
        slow = {p["name"] for p in large["pages"] if p.get("median_ms", 0) > 1000}
        say(f"  {engine.name} 100k: gunicorn + wrk, {args.wrk_seconds} s per URL")
        try:
            for key, kept in (("throughput", True), ("throughput_rendered", False)):
                say(f"  pages kept for the public: {'on' if kept else 'off'}")
                record[key] = load.throughput(
                    engine.url(report.LARGE), targets, args.wrk_seconds, say, slow, kept
                )
            record["throughput_seconds"] = args.wrk_seconds
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            record["throughput_skipped"] = str(error)
            say(f"  throughput skipped: {error}")
    return record


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--wrk-seconds", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the corpora.")
    args = parser.parse_args(argv)
    args.sizes = [s for s in args.sizes.split(",") if s]
    engines = [e for e in args.engines.split(",") if e]

    import django

    started = time.perf_counter()
    result = {
        "started": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "code": _code_fingerprint(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": _load_average(),
            "python": platform.python_version(),
            "django": django.get_version(),
        },
        "parameters": {"sizes": {s: SIZES[s] for s in args.sizes}, "runs": args.runs},
        "engines": {},
    }
    for name in engines:
        say(f"== {name}")
        if name == "sqlite":
            import sqlite3

            engine = databases.SQLite()
            description = f"SQLite {sqlite3.sqlite_version}"
        elif name == "postgres":
            base_url, why = postgres.server()
            if base_url is None:
                say(f"  PostgreSQL skipped: {why}")
                result["engines"][name] = {
                    "name": name,
                    "description": "PostgreSQL",
                    "skipped": why,
                }
                continue
            engine = postgres.PostgreSQL(base_url)
            description = postgres.describe(base_url)
        else:
            parser.error(f"unknown engine {name!r}: use sqlite and/or postgres")
        result["engines"][name] = report.evaluate(run_engine(engine, description, args))

    result["machine"]["load_after"] = _load_average()
    if _code_fingerprint() != result["code"]:
        result["code_changed"] = (
            f"the app's code changed during the run (commit {result['commit']} at the start, "
            f"{_commit()} at the end): rows measured before and after the change differ"
        )
        say(f"WARNING: {result['code_changed']}")
    result["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    # Only a full run (both engines, both sizes, throughput) replaces latest.*.
    full = set(engines) == {"sqlite", "postgres"} and set(args.sizes) == set(SIZES)
    name = "latest" if full and args.wrk_seconds > 0 else "partial"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    text = report.markdown(result)
    (RESULTS / f"{name}.md").write_text(text)
    if name == "latest":
        report.update_readme(README, result)
    say("")
    say(text)
    say(f"Wrote bench/results/{name}.md and .json in {result['seconds'] / 60:.1f} min.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
