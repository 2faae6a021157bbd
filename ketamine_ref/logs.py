"""Structured logs: one JSON object per line on stderr, each carrying the id of the request it
belongs to, so an operator can follow one request (or one error) through every line."""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from ketamine_ref.env import env_choice

# The id of the request being served in this thread (or task); None outside a request.
request_id = contextvars.ContextVar("request_id", default=None)

# What proxies send (a UUID, nginx's $request_id) fits; anything else could forge log lines.
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# Attributes every LogRecord has; anything else on a record was passed as ``extra``.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
}

access_log = logging.getLogger("ketamine_ref.access")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record passing through the handler it is attached to. Django
    logs 4xx answers after the middleware has returned, but passes the request along."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra, "traceback"}``."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            # Plain values only: Django passes the request object itself as ``extra``.
            if key not in _STANDARD_ATTRIBUTES and isinstance(value, str | int | float | bool):
                line[key] = value
        line.setdefault("request_id", None)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)


def logging_config(mail_admins: bool = False) -> dict:
    """``dictConfig`` for Django's ``LOGGING`` and gunicorn's ``logconfig_dict``: every logger's
    lines on stderr as JSON from ``DJANGO_LOG_LEVEL`` up; server errors also mailed to
    ``ADMINS`` if asked."""
    level = env_choice("DJANGO_LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])
    handlers = {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
            "filters": ["request_id"],
            "level": level,
        }
    }
    if mail_admins:
        # Only then: gunicorn's master process has no Django settings to build it with.
        handlers["mail_admins"] = {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": handlers,
        "root": {"handlers": ["stderr"], "level": level},
        # Django's and gunicorn's own handlers are replaced: their lines reach stderr via root.
        "loggers": {
            "django": {"handlers": ["mail_admins"] if mail_admins else [], "level": "INFO"},
            "gunicorn.error": {"handlers": [], "level": "INFO", "propagate": True},
        },
    }


class RequestIdMiddleware:
    """Takes ``X-Request-ID`` from the client or proxy when well formed, else makes one; every log
    line written while serving the request carries it, and the response echoes it. Ends with one
    access line per request: method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        current = offered if _WELL_FORMED_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = current
        token = request_id.set(current)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)
