"""The project's settings, with the benchmark's database, URLconf and baseline template.

``BENCH_DATABASE`` names the database: ``sqlite:///path/to/file.sqlite3`` or a
``postgres://`` URL. Everything else is production's: DEBUG off, the same middleware,
templates (cached loader), and connection reuse (``DJANGO_CONN_MAX_AGE``).
"""

import os

from ketamine_ref.env import database_from_url, env_int
from ketamine_ref.settings import *  # noqa: F403
from ketamine_ref.settings import ALLOWED_HOSTS, BASE_DIR, TEMPLATES

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

_database = os.environ.get("BENCH_DATABASE", "")
if _database.startswith("sqlite:///"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _database.removeprefix("sqlite:///"),
        }
    }
elif _database:
    DATABASES = {"default": database_from_url(_database, env_int("DJANGO_CONN_MAX_AGE", 60))}
