"""The baseline: the cheapest useful Django page, 50 rows of one table through a template.
Every page's time is reported as a multiple of this one's, measured alongside it."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from evidence.models import Claim

BASELINE_ROWS = 50


# Rendered on every request, never a page kept for the public (ketamine_ref.page_cache):
# what the pages are compared with is the plain work of rendering one.
@never_cache
def baseline(request):
    rows = Claim.objects.only("pk", "key", "stance", "certainty", "quote").order_by("pk")
    return render(request, "bench/baseline.html", {"rows": rows[:BASELINE_ROWS]})
