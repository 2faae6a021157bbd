"""The project's settings, with the benchmark's database, URLconf and baseline template.

``BENCH_DATABASE`` names the database: ``sqlite:///path/to/file.sqlite3`` or a
``postgres://`` URL. Everything else is production's: DEBUG off, the same middleware,
templates (cached loader), and connection reuse (``DJANGO_CONN_MAX_AGE``).
"""

import os

from ketamine_ref.env import env_bool, env_database, env_int
from ketamine_ref.settings import *  # noqa: F403
from ketamine_ref.settings import ALLOWED_HOSTS, BASE_DIR, TEMPLATES

DEBUG = False
# Measured over plain HTTP on loopback: production's redirect to HTTPS would answer every page.
SECURE_SSL_REDIRECT = False
# Nothing runs collectstatic here: production's hashed names need its manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

if os.environ.get("BENCH_DATABASE"):
    DATABASES = {
        "default": env_database(
            "BENCH_DATABASE",
            "",
            env_int("DJANGO_CONN_MAX_AGE", 60),
            prepared=env_bool("DATABASE_PREPARED_STATEMENTS", True),
        )
    }
