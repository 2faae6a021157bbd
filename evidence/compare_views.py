"""Two sources side by side (the rules are in evidence.pages.compare)."""

from django.shortcuts import redirect, render

from evidence.access import visible_or_404
from evidence.models import Source
from evidence.pages import compare


def compare_sources(request, a, b):
    """Symmetric, not redirected to one canonical order: the page keeps the order the
    reader chose, the source they came from (a source page, a matrix row) on the left;
    both orders show the same questions and counts, mirrored."""
    sources = Source.objects.defer("full_text", "abstract")
    first = visible_or_404(sources, request.user, slug=a)
    if a == b:
        # Nothing to compare: the source's own page says what it says.
        return redirect(first)
    second = visible_or_404(sources, request.user, slug=b)
    comparison = compare.between(first, second, request.GET.get("page"))
    context = {"comparison": comparison, "a": first, "b": second}
    return render(request, "evidence/compare.html", context)
