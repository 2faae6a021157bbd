"""Users by role, evidence builders and the seed data, shared by every test."""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import override_settings

from evidence.roles import CURATOR_GROUP, REVIEWER_GROUP
from evidence.seed import SeedLoader
from tests import factories
from tests.seed_rows import SeedRows

IN_CI = os.environ.get("CI", "").lower() == "true"
# Playwright's sync API runs an event loop in the test thread; the ORM calls that
# fixtures make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SEEDS = Path(settings.SEED_DOCUMENTS_DIR)


def need(condition: bool, why: str):
    """Skip locally when a tool is missing; in CI a missing tool is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this: {why}")
    pytest.skip(why)


def need_seed_documents():
    need(SEEDS.is_dir(), f"the seed documents are not at {SEEDS}")


def need_chromium():
    need(shutil.which("chromium") is not None, "Debian's Chromium (/usr/bin/chromium) is absent")


def _ensure_roles():
    """Browser tests flush the database, data-migration rows included: put the roles back."""
    if Group.objects.filter(name__in=[CURATOR_GROUP, REVIEWER_GROUP]).count() != 2:
        importlib.import_module("evidence.migrations.0002_roles").assign_roles(django_apps)
        # And the permissions later migrations gave them.
        grant = importlib.import_module("evidence.migrations.0013_search_everywhere").grant_curators
        for model in ("synonymgroup", "patientfactor"):
            grant(django_apps, model)


@pytest.fixture
def roles(db):
    _ensure_roles()


def _user(username, group=None, **flags):
    user = User.objects.create_user(username, f"{username}@example.org", "pw-for-tests", **flags)
    if group:
        _ensure_roles()
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def reviewer(db):
    return _user("reviewer", REVIEWER_GROUP)


@pytest.fixture
def curator(db):
    return _user("curator", CURATOR_GROUP, is_staff=True)


@pytest.fixture
def second_curator(db):
    """Another curator: four eyes need two people."""
    return _user("second-curator", CURATOR_GROUP, is_staff=True)


@pytest.fixture
def admin_user(db):
    return _user("admin", is_staff=True, is_superuser=True)


ROLES = ["anonymous", "reviewer", "curator", "admin"]


@pytest.fixture
def client_as(client, request):
    """``client_as("curator")``: a test client signed in as that role."""

    def sign_in(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue("admin_user" if role == "admin" else role))
        return client

    return sign_in


def load_seed():
    return SeedLoader(settings.BASE_DIR / "fixtures", SEEDS if SEEDS.is_dir() else None).load()


@pytest.fixture(scope="session")
def _seed_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return SeedRows.read(load_seed)


@pytest.fixture
def seeded(db, _seed_rows):
    """The curated seed evidence, with the documents' text when it is available: the rows
    the loader writes (tests/seed_rows.py; tests/test_seed.py runs the loader itself)."""
    _seed_rows.copy_in()


@pytest.fixture
def make():
    return factories


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download its browsers here: drive Debian's Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Hashing a password properly takes a good part of a second; tests make hundreds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _served_over_plain_http_without_collectstatic():
    """The test client and the live server speak plain HTTP, and nothing runs collectstatic:
    production's HTTPS redirect, Secure cookies and hashed static names are off here
    (tests/test_serving.py checks they are on when nothing opts out)."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True, scope="session")
def _pages_rendered_afresh():
    """Every test rolls its writes back, and with them the evidence's generation: a page
    kept by one test could be served to the next. Pages are kept only where a test asks
    (tests/test_page_cache.py)."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield
