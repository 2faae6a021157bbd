"""The shape of the code: review builds on evidence, never the reverse; one module decides
roles."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Evidence's own tests, run again without the review app installed.
EVIDENCE_TESTS = [
    "tests/test_disputes.py",
    "tests/test_disagreements_kept.py",
    "tests/test_constraints.py",
    "tests/test_seed_refusals.py",
    "tests/test_api.py",
    "tests/test_pages.py",
]


def python_files(folder):
    return [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_evidence_imports_nothing_from_review():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in python_files("evidence")
        for module in imported_modules(path)
        if module == "review" or module.startswith("review.")
    ]
    assert offenders == []


def test_evidence_templates_include_nothing_from_review():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates" / "evidence").glob("*.html")
        if "review/" in path.read_text(encoding="utf-8") or "review_tags" in path.read_text()
    ]
    assert offenders == []


def test_only_the_roles_module_checks_staff_flags_or_names_the_groups():
    allowed = {ROOT / "evidence" / "roles.py"}
    offenders = []
    for path in python_files("evidence") + python_files("review"):
        text = path.read_text(encoding="utf-8")
        if path in allowed:
            continue
        for needle in (".is_staff", '"Curator"', '"Reviewer"'):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_evidence_tests_pass_with_the_review_app_removed():
    # Not as an xdist worker: the child must not take (and drop) this worker's test database.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    env["DJANGO_SETTINGS_MODULE"] = "tests.evidence_only_settings"
    env.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    command += ["-o", "addopts=", "--ds=tests.evidence_only_settings", *EVIDENCE_TESTS]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    summary = result.stdout.strip().splitlines()[-1:] or [result.stderr[-2000:]]
    assert result.returncode == 0, "\n".join(result.stdout.splitlines()[-40:])
    assert " passed" in summary[0] and "failed" not in summary[0]
