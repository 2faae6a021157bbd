"""The baseline: the cheapest useful Django page, 50 rows of one table through a template.
Every page's time is reported as a multiple of this one's, measured alongside it."""

from django.shortcuts import render

from evidence.models import Claim

BASELINE_ROWS = 50


def baseline(request):
    rows = Claim.objects.only("pk", "key", "stance", "certainty", "quote").order_by("pk")
    return render(request, "bench/baseline.html", {"rows": rows[:BASELINE_ROWS]})
