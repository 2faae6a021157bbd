"""Error answers: branded pages, a 503 while the database is unreachable, JSON under /api/.

The 500 and 503 pages render without the request's context processors, which read the session
and the user from the database: they must render when nothing else does.
"""

import json
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

# What a lost or refused database connection raises (psycopg's and sqlite3's, wrapped by Django).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Seconds a client is asked to wait; PostgreSQL restarts in a few.
RETRY_AFTER_SECONDS = 10


def is_api(request):
    return request.path.startswith("/api/")


def database_unavailable():
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this inside its ``except`` block, so the exception is at hand: a database
    # error raised by a middleware (a session saved, say) is an outage too, not a bug.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable()
    return HttpResponse(render_to_string("500.html"), status=500)


class ErrorMiddleware:
    """A view that loses the database answers 503 (logged with its traceback); an error under
    /api/ answers JSON ``{"error": ...}`` with its status, whichever layer produced it (a 404, a
    405 from ``require_GET``, a 403 from the CSRF check, a 500 or a 503)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not is_api(request) or response.streaming:
            return response
        if not response.get("Content-Type", "").startswith("application/json"):
            # Rewritten in place: headers, cookies and Django's note that it was logged stay.
            response.content = json.dumps({"error": response.reason_phrase})
            response["Content-Type"] = "application/json"
            if "Content-Length" in response:
                response["Content-Length"] = str(len(response.content))
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        response = database_unavailable()
        log_response(
            "Database unavailable: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response
