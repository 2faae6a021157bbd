"""Serving in production: secure defaults, the content security policy, structured logs with a
request id, /healthz, branded error pages, 503 while the database is away, JSON under /api/."""

import io
import json
import logging
import os
import runpy
import subprocess
import sys
from unittest.mock import patch

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory, override_settings
from django.urls import path

from ketamine_ref import urls as project_urls
from ketamine_ref.errors import server_error
from ketamine_ref.logs import JsonFormatter
from tests.conftest import need_chromium

# A long dummy secret, as `check --deploy` wants; nothing is signed with it.
PRODUCTION_ENV = {"DJANGO_SECRET_KEY": "serving-test-only-" + "abcdefghij0123456789" * 3}


def boom(request):
    raise RuntimeError("boom for the test")


# This module doubles as a URLconf (``pytest.mark.urls(__name__)``): the site plus a failing view.
urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def production_settings(monkeypatch, **env):
    """The settings module as it reads this environment, DEBUG and every opt-out unset."""
    for name in ("DJANGO_DEBUG", "DJANGO_PLAIN_HTTP", "DJANGO_HSTS_SECONDS", "DJANGO_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "ketamine_ref" / "settings.py"))


def database_down():
    return patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")
    )


@pytest.fixture
def log_lines(monkeypatch):
    """What the configured stderr handler writes during the test, one parsed JSON object a line."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)
    )
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    return lambda: [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


def test_with_debug_off_and_no_opt_out_https_is_enforced_everywhere(monkeypatch):
    production = production_settings(monkeypatch)
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert "SILENCED_SYSTEM_CHECKS" not in production
    assert production["STORAGES"]["staticfiles"]["BACKEND"].endswith(
        "CompressedManifestStaticFilesStorage"
    )


def test_plain_http_opt_out_turns_off_https_only_settings(monkeypatch):
    plain = production_settings(monkeypatch, DJANGO_PLAIN_HTTP="true")
    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SESSION_COOKIE_SECURE"] is False
    assert plain["CSRF_COOKIE_SECURE"] is False
    assert plain["SECURE_PROXY_SSL_HEADER"] is None
    assert plain["SECURE_HSTS_SECONDS"] == 0


def test_admins_from_the_environment_are_mailed_server_errors(monkeypatch):
    production = production_settings(monkeypatch, DJANGO_ADMINS="Ann Lee <ann@example.org>")
    assert production["ADMINS"] == [("Ann Lee", "ann@example.org")]
    assert production["LOGGING"]["loggers"]["django"]["handlers"] == ["mail_admins"]
    assert production_settings(monkeypatch)["LOGGING"]["loggers"]["django"]["handlers"] == []


def test_deploy_check_is_silent_under_production_settings():
    env = {**os.environ, **PRODUCTION_ENV}
    for name in ("DJANGO_DEBUG", "DJANGO_PLAIN_HTTP", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_but_health_checks_are_not(client):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600):
        redirected = client.get("/disputes/")
        assert redirected.status_code == 301
        assert redirected["Location"] == "https://testserver/disputes/"
        assert client.get("/healthz").status_code == 200
        secure = client.get("/disputes/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=3600; includeSubDomains; preload"


@pytest.mark.django_db
def test_every_page_carries_a_policy_forbidding_inline_script_and_style_and_framing(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_a_well_formed_request_id_is_echoed_and_on_the_request_log_line(client, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-id-0123456789"})
    assert response["X-Request-ID"] == "proxy-id-0123456789"
    access = [line for line in log_lines() if line["logger"] == "ketamine_ref.access"]
    assert access == [
        {
            **access[0],
            "request_id": "proxy-id-0123456789",
            "method": "GET",
            "path": "/healthz",
            "status": 200,
        }
    ]


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced_by_a_fresh_one(client):
    response = client.get("/healthz", headers={"X-Request-ID": 'x" forged="yes'})
    assert response["X-Request-ID"] != 'x" forged="yes'
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_a_branded_page_and_a_logged_traceback(failing_client, log_lines):
    response = failing_client.get("/boom/", headers={"X-Request-ID": "trace-me-0123456789"})
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"Ketamine Evidence Reference" in response.content
    [error] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert error["logger"] == "django.request"
    assert error["request_id"] == "trace-me-0123456789"
    assert error["status_code"] == 500
    assert "RuntimeError: boom for the test" in error["traceback"]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_500_page_renders_while_the_database_is_down(failing_client):
    with database_down():
        response = failing_client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pytest.mark.django_db
def test_an_unknown_page_is_a_branded_404_logged_with_its_request_id(client, log_lines):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Search the evidence" in response.content
    [warning] = [line for line in log_lines() if line["level"] == "WARNING"]
    assert warning["message"] == "Not Found: /no-such-page/"
    assert warning["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_the_api_answers_errors_in_json(client):
    missing = client.get("/api/v1/no-such-endpoint/")
    assert (missing.status_code, missing.json()) == (404, {"error": "Not Found"})
    refused = client.post("/api/v1/claims/")
    assert (refused.status_code, refused.json()) == (405, {"error": "Method Not Allowed"})
    assert refused["Allow"] == "GET"


@pytest.mark.django_db
def test_health_check_answers_ok_uncached_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_health_check_answers_503_when_the_database_is_unreachable(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_lost_database_in_a_view_is_a_503_page_asking_to_retry_and_is_logged(client, log_lines):
    with database_down():
        response = client.get("/disputes/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert b"briefly unavailable" in response.content
    [error] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert error["message"] == "Database unavailable: /disputes/"
    assert "OperationalError: connection refused" in error["traceback"]


@pytest.mark.django_db
def test_a_lost_database_under_the_api_is_a_json_503(client):
    with database_down():
        response = client.get("/api/v1/claims/")
    assert (response.status_code, response.json()) == (503, {"error": "Service Unavailable"})
    assert response["Retry-After"] == "10"


def test_a_lost_database_outside_any_view_is_a_503_too():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_and_the_admin_run_under_the_policy_in_a_browser(
    page, live_server, make, curator
):
    need_chromium()
    claim = make.claim(quote="Ketamine works within hours.")
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + claim.get_absolute_url())
    page.goto(f"{live_server.url}/admin/evidence/claim/")
    page.goto(f"{live_server.url}/admin/evidence/claim/{claim.pk}/change/")
    page.wait_for_load_state("networkidle")
    # The admin's scripts are files, so they ran: its jQuery is there.
    assert page.evaluate("typeof django.jQuery === 'function'")
    assert [text for text in blocked if "Content Security Policy" in text] == []
