"""Browse pages: search and the filterable, exportable tables."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from evidence import search, source_matrix
from evidence.filters import ClaimFilter, ReportFilter, SourceFilter
from evidence.models import AdverseEffect, AdverseEffectReport, Claim, Source
from evidence.paging import BoundedPaginator
from evidence.tables import ClaimTable, Export, ReportTable, SourceTable


def search_page(request):
    return render(request, "evidence/search.html", search.page_context(request.GET, request.user))


class TableView(ExportMixin, SingleTableMixin, FilterView):
    """A filterable table of published records; ``?_export=csv`` (or ``xlsx``) downloads
    every row the filters select."""

    template_name = "evidence/table_page.html"
    # The table pages itself; the list view must not page (and count) the rows again.
    paginate_by = None
    table_pagination = {"per_page": 25, "paginator_class": BoundedPaginator}
    export_class = Export
    export_formats = Export.OFFERED
    citable = False  # whether the page offers its list, as filtered, as citations
    title = ""
    intro = ""

    def get_export_filename(self, export_format):
        return f"{self.export_name}.{export_format}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, intro=self.intro, **kwargs)


class ClaimTableView(TableView):
    table_class = ClaimTable
    filterset_class = ClaimFilter
    export_name = "ketamine-claims"
    title = "Claims"
    intro = "Every published claim, with its verbatim quote. Filter, sort, or download (CSV, XLSX)."

    def get_queryset(self):
        return Claim.objects.published().with_related()


class SourceTableView(TableView):
    table_class = SourceTable
    filterset_class = SourceFilter
    export_name = "ketamine-sources"
    citable = True
    title = "Sources"
    intro = "Documents and the primary studies they cite, with evidence level and conflicts."

    def get_queryset(self):
        # Counted in subqueries: two counted joins multiply into a row per claim pair.
        return (
            Source.objects.published()
            .defer("full_text")
            .order_by("title")
            .annotate(claim_count=_count(Claim, "document"), cited_count=_count(Claim, "cites"))
        )

    def get_context_data(self, **kwargs):
        # The matrix is the same whatever the filters: shown once, on the list's first page
        # in any order, not recomputed for every filtered or later page.
        first_page = not self.request.GET.keys() - {"sort"}
        return super().get_context_data(
            matrix=source_matrix.matrix() if first_page else None, **kwargs
        )


def _count(model, field):
    """How many ``model`` rows point at the outer row through ``field``, as a subquery."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


class ReportTableView(TableView):
    table_class = ReportTable
    filterset_class = ReportFilter
    export_name = "ketamine-adverse-effects"
    title = "Adverse effects"
    intro = (
        "What each source reports about each adverse effect: how often, how severe, at what "
        "dose and route. Check the dose context: evidence from recreational doses is not "
        "evidence about clinical use."
    )

    def get_queryset(self):
        return AdverseEffectReport.objects.published().select_related("effect", "route", "document")

    def get_context_data(self, **kwargs):
        effects = AdverseEffect.objects.all()
        return super().get_context_data(effects=effects, **kwargs)
