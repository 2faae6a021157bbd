"""Whole pages kept for readers who are not signed in, filed under the evidence's
generation (evidence.generation): the same page is rendered once per change of the
evidence, not once per reader, and no page outlives a change, whatever made it.

Each server process keeps its own pages (the "pages" cache), yet all read the generation
from the database, so several servers never disagree about what is current. A signed-in
user's page (or any request carrying a session or messages) is never kept nor served from
here, and neither is a response that sets a cookie, is not a 200, or says it is private.
``PAGE_CACHE_SECONDS`` (DJANGO_PAGE_CACHE_SECONDS; 0 turns it off) bounds how long a page
is kept at all: some pages say how long ago something happened.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.utils.cache import get_cache_key, learn_cache_key

from evidence import generation

_PRIVATE = ("private", "no-store", "no-cache")


def _for_anyone(request):
    """A read by someone with no session: every such reader gets the same page."""
    return request.method == "GET" and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _keepable(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in _PRIVATE)
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _for_anyone(request):
            return self.get_response(request)
        current = generation.current()
        if current is None:
            return self.get_response(request)
        cache = caches["pages"]
        key = get_cache_key(request, current, "GET", cache)
        kept = cache.get(key) if key else None
        if kept is not None:
            return kept
        response = self.get_response(request)
        if _keepable(response):
            cache.set(
                learn_cache_key(request, response, seconds, current, cache), response, seconds
            )
        return response
