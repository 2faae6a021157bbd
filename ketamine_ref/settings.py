"""Settings for the Ketamine Evidence Reference; everything deployment-specific comes
from the environment (see ``ketamine_ref.env``)."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ketamine_ref.env import (
    env_admins,
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
)
from ketamine_ref.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key" if DEBUG else None)
if not DEBUG and SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a real secret when DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# HTTPS only, behind a proxy that terminates TLS and sets X-Forwarded-Proto (replacing any the
# client sent). DJANGO_PLAIN_HTTP=true is the explicit opt-out for a plain-HTTP intranet.
_PLAIN_HTTP = env_bool("DJANGO_PLAIN_HTTP", False)
_HTTPS = not DEBUG and not _PLAIN_HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _HTTPS else None
SECURE_SSL_REDIRECT = _HTTPS
# Load balancers probe /healthz over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only consent: a domain joins browsers' preload list when its owner submits it.
SECURE_HSTS_PRELOAD = True
if _PLAIN_HTTP:
    # Honest warnings that plain HTTP cannot fix (no HSTS, no redirect, no Secure cookies):
    # the operator chose it, so `check --deploy` stays quiet about exactly these.
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]

# No inline script or style anywhere (the admin's scripts are files too); no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "evidence",
    "review",
]

MIDDLEWARE = [
    # First: every log line of the request, the HTTPS redirect's included, carries its id.
    "ketamine_ref.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that can fail: a lost database answers 503, errors under /api/ JSON.
    "ketamine_ref.errors.ErrorMiddleware",
    # Before sessions and users: a kept page is served without reading either.
    "ketamine_ref.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ketamine_ref.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "evidence.context_processors.user_roles",
            ],
        },
    },
]

WSGI_APPLICATION = "ketamine_ref.wsgi.application"

DATABASES = {
    # Seconds a connection is kept open; 0 closes each after its request (as tests want).
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        env_int("DJANGO_CONN_MAX_AGE", 60),
        prepared=env_bool("DATABASE_PREPARED_STATEMENTS", True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses sign-ins that are locked out, then Django checks passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# axes records sign-ins; ketamine_ref/throttle.py decides who waits (per account with back-off,
# per address), so axes' own count-and-lock is off.
AXES_HANDLER = "ketamine_ref.throttle.SignInHandler"
AXES_LOCK_OUT_AT_FAILURE = False
# Failures are kept this long: the longest window a rule in ketamine_ref/throttle.py reads.
AXES_COOLOFF_TIME = timedelta(days=1)
# Attempts refused while waiting do not count, so hammering lengthens nobody's wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in clears that account's failures from that address only.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ketamine_ref.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "ketamine_ref.throttle.throttled_page"
# Reverse proxies in front of the site; 0: the client is REMOTE_ADDR, X-Forwarded-For ignored.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be 0 or more.")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "evidence:home"
LOGOUT_REDIRECT_URL = "evidence:home"

# Invitations and password resets. Tests swap in the in-memory backend by themselves.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "review@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = env_admins("DJANGO_ADMINS")

# One JSON object per line on stderr, with the request's id (ketamine_ref/logs.py); each server
# error with its traceback, also mailed to ADMINS when there are some.
LOGGING = logging_config(mail_admins=bool(ADMINS) and not DEBUG)

# True lets a curator publish what they drafted themselves: for a one-person team only.
REVIEW_ALLOW_SELF_PUBLISH = env_bool("REVIEW_ALLOW_SELF_PUBLISH", False)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, with the content's hash in each name (`make serve` runs collectstatic): pages
    # link to the current file, served with a far-future cache header. It needs the manifest
    # collectstatic writes, except with DEBUG on (`make run` links plain names, served from the
    # app folders); tests/conftest.py swaps in the unhashed storage, so tests need no collect.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Where the seed documents live, for attaching their text so quotes can be verified.
SEED_DOCUMENTS_DIR = Path(env_str("SEED_DOCUMENTS_DIR", str(BASE_DIR.parent / "shared" / "seeds")))

# Pages kept for readers who are not signed in, per process, filed under the evidence's
# generation (ketamine_ref/page_cache.py); at most this long, 0: none. About 300 pages of
# 10-250 KB each per process.
# Off with DEBUG, so that an edited template shows at once.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 0 if DEBUG else 300)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 600},  # two per page: its headers, then the page
    },
}

# Records per page in the JSON API.
API_PAGE_SIZE = 100

# Filter drop-downs read "Any" rather than a row of dashes.
FILTERS_EMPTY_CHOICE_LABEL = "Any"
