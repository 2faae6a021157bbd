"""The benchmark's corpus databases: built once per engine and size, reused while what
they were built from is unchanged.

Each database is the seed evidence (migrate + load_seed_evidence, kept as a template that
is copied) plus ``generate_corpus`` at one size. A manifest in bench/.data/ records the
parameters and fingerprints of the files the data came from:

- seed (fixtures, seed loader, seed documents), generator (generate_corpus) or
  parameters changed: rebuilt (the seed template only when the seed or migrations did);
- migrations changed: ``migrate`` on the existing database;
- the disagreement rule changed: ``rebuild_disagreements`` on the existing database.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
SEED_DOCUMENTS = Path(os.environ.get("SEED_DOCUMENTS_DIR", ROOT.parent / "shared" / "seeds"))

SIZES = {
    "1k": {"claims": 1_000, "sources": 100, "seed": 1},
    "100k": {"claims": 100_000, "sources": 10_000, "seed": 1},
}

_SEED_FILES = ["evidence/seed.py", "evidence/seed_files.py", "fixtures/*.json"]
_GENERATOR_FILES = ["review/management/commands/generate_corpus.py"]
_MIGRATION_FILES = ["evidence/migrations/*.py", "review/migrations/*.py"]
_RULE_FILES = ["evidence/disagreements.py", "evidence/disputes.py", "evidence/ranges.py"]


def _fingerprint(patterns, extra=()):
    digest = hashlib.sha256()
    paths = sorted({p for pattern in patterns for p in ROOT.glob(pattern)}) + sorted(extra)
    for path in paths:
        digest.update(path.name.encode())  # not its folder: a moved file makes the same data
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprints():
    documents = SEED_DOCUMENTS.glob("*.txt") if SEED_DOCUMENTS.is_dir() else []
    return {
        "seed": _fingerprint(_SEED_FILES, documents),
        "generator": _fingerprint(_GENERATOR_FILES),
        "migrations": _fingerprint(_MIGRATION_FILES),
        "rules": _fingerprint(_RULE_FILES),
    }


def bench_env(database_url):
    """The environment every benchmark process runs with."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "DJANGO_DEBUG"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="bench-only-not-a-secret-" + "x" * 24,
        BENCH_DATABASE=database_url,
        PYTHONHASHSEED="0",  # the same disagreement ids on every build
        # In process, every request is rendered: the cost of a page after each change.
        # Throughput is measured both ways (bench.load).
        DJANGO_PAGE_CACHE_SECONDS="0",
    )
    return env


def manage(database_url, *args, log=None):
    """Run ``manage.py`` on this database; its output is returned (and kept in ``log``)."""
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(
        command, cwd=ROOT, env=bench_env(database_url), capture_output=True, text=True
    )
    if log is not None:
        log.append(f"$ manage.py {' '.join(args)}\n{done.stdout}{done.stderr}")
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Built:
    engine: str
    size: str
    url: str
    reused: bool
    seconds: float
    steps: list
    generate_output: str = ""

    def as_dict(self):
        return {
            "engine": self.engine,
            "size": self.size,
            "reused": self.reused,
            "seconds": round(self.seconds, 1),
            "steps": self.steps,
            "generate_output": self.generate_output,
        }


class SQLite:
    name = "sqlite"

    def path(self, label):
        return DATA / f"sqlite-{label}.sqlite3"

    def url(self, label):
        return f"sqlite:///{self.path(label)}"

    def exists(self, label):
        return self.path(label).is_file()

    def drop(self, label):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path(label)}{suffix}").unlink(missing_ok=True)

    def create_empty(self, label):
        """Nothing: ``migrate`` makes the file."""

    def copy(self, template, label):
        self.drop(label)
        shutil.copyfile(self.path(template), self.path(label))

    def claim_count(self, label):
        import sqlite3

        with sqlite3.connect(self.path(label)) as connection:
            return connection.execute("SELECT count(*) FROM evidence_claim").fetchone()[0]

    def after_load(self, label):
        """Nothing: generate_corpus gathers the planner's statistics and compacts the search
        index, as the app does after every bulk load (evidence.planner, search_index)."""


def _manifest_path(engine, label):
    return DATA / f"{engine.name}-{label}.json"


def _read_manifest(engine, label):
    path = _manifest_path(engine, label)
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _write_manifest(engine, label, manifest):
    _manifest_path(engine, label).write_text(json.dumps(manifest, indent=2) + "\n")


def _seed_template(engine, prints, steps, rebuild):
    """The migrated database holding the seed evidence only, copied for each size."""
    label = "seed"
    manifest = _read_manifest(engine, label)
    wanted = {"seed": prints["seed"], "migrations": prints["migrations"]}
    if (
        not rebuild
        and manifest
        and {k: manifest.get(k) for k in wanted} == wanted
        and engine.exists(label)
    ):
        return
    _manifest_path(engine, label).unlink(missing_ok=True)
    engine.drop(label)
    engine.create_empty(label)
    started = time.perf_counter()
    url = engine.url(label)
    manage(url, "migrate", "--no-input", "-v", "0")
    manage(url, "load_seed_evidence")
    steps.append(f"seed template built in {time.perf_counter() - started:.1f} s")
    _write_manifest(engine, label, {**wanted, "claims": engine.claim_count(label)})


def prepare(engine, size, rebuild=False, say=print):
    """The database for ``size`` on ``engine``, built or reused (see the module doc)."""
    DATA.mkdir(parents=True, exist_ok=True)
    params = SIZES[size]
    prints = fingerprints()
    manifest = _read_manifest(engine, size)
    started = time.perf_counter()
    steps = []
    url = engine.url(size)
    reusable = (
        not rebuild
        and manifest is not None
        and manifest.get("params") == params
        and manifest.get("seed") == prints["seed"]
        and manifest.get("generator") == prints["generator"]
        and engine.exists(size)
    )
    if reusable:
        try:
            reusable = engine.claim_count(size) == manifest.get("claims")
        except Exception:  # a half-built or foreign database
            reusable = False
    if reusable:
        if manifest.get("migrations") != prints["migrations"]:
            say(f"  {engine.name} {size}: migrations changed, migrating the kept corpus")
            manage(url, "migrate", "--no-input", "-v", "0")
            steps.append("migrated")
        if manifest.get("rules") != prints["rules"] or "migrated" in steps:
            say(f"  {engine.name} {size}: disagreement rule changed, rebuilding disagreements")
            steps.append(manage(url, "rebuild_disagreements").strip())
        if steps:
            manifest.update(migrations=prints["migrations"], rules=prints["rules"])
            _write_manifest(engine, size, manifest)
        say(f"  {engine.name} {size}: reusing {engine.url(size)}")
        return Built(engine.name, size, url, True, time.perf_counter() - started, steps)

    say(f"  {engine.name} {size}: building ({params['claims']} claims on the seed)…")
    _manifest_path(engine, size).unlink(missing_ok=True)
    _seed_template(engine, prints, steps, rebuild)
    engine.copy("seed", size)
    generate = [
        "generate_corpus",
        f"--claims={params['claims']}",
        f"--sources={params['sources']}",
        f"--seed={params['seed']}",
    ]
    began = time.perf_counter()
    output = manage(url, *generate)
    steps.append(f"generate_corpus took {time.perf_counter() - began:.1f} s (wall)")
    engine.after_load(size)
    _write_manifest(
        engine,
        size,
        {"params": params, **prints, "claims": engine.claim_count(size)},
    )
    seconds = time.perf_counter() - started
    say(f"  {engine.name} {size}: built in {seconds:.0f} s")
    return Built(engine.name, size, url, False, seconds, steps, output)
