"""``/healthz`` for load balancers and uptime checks."""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """200 "ok" when the database answers a trivial query. A lost database raises, and
    ``ErrorMiddleware`` answers 503. Reads no session, so it sets no cookie."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")
