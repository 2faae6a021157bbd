"""The project without the peer-review app: evidence must stand on its own (review builds
on evidence, never the reverse). Used by test_architecture.py in a separate process."""

from ketamine_ref.settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "review"]  # noqa: F405
ROOT_URLCONF = "tests.evidence_only_urls"
