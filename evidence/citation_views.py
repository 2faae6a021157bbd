"""Sources as citations for reference managers: one source, or the source list as filtered."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_safe

from evidence.access import visible_or_404
from evidence.citations import export
from evidence.filters import SourceFilter
from evidence.models import Source

# The file type each format is served as, and the function that writes it.
FORMATS = {
    "bib": ("application/x-bibtex", export.bibtex),
    "ris": ("application/x-research-info-systems", export.ris),
    "json": ("application/vnd.citationstyles.csl+json", export.csl_json),
}


@require_safe
def source_citation(request, pk, fmt):
    source = visible_or_404(Source.objects.defer("full_text"), request.user, pk=pk)
    return _download([source], f"{source.slug}.{fmt}", fmt)


@require_safe
def source_list_citations(request, fmt):
    """The published sources the /sources/ page would list with the same filters."""
    filters = SourceFilter(request.GET, queryset=Source.objects.published().defer("full_text"))
    if not filters.is_valid():
        return HttpResponseBadRequest("These filters are not valid.", content_type="text/plain")
    return _download(filters.qs.order_by("title"), f"ketamine-sources.{fmt}", fmt)


def _download(sources, filename, fmt):
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(sources), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
