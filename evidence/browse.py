"""Browse pages: search and the filterable, exportable tables."""

from django.db.models import Count
from django.shortcuts import render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from evidence import search
from evidence.filters import ClaimFilter, ReportFilter, SourceFilter
from evidence.models import AdverseEffect, AdverseEffectReport, Claim, Source
from evidence.tables import ClaimTable, ReportTable, SourceTable


def search_page(request):
    return render(request, "evidence/search.html", search.page_context(request.GET))


class TableView(ExportMixin, SingleTableMixin, FilterView):
    """A filterable table of published records; ``?_export=csv`` downloads what is shown."""

    template_name = "evidence/table_page.html"
    paginate_by = 25
    export_formats = ["csv"]
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
    intro = "Every published claim, with its verbatim quote. Filter, sort, or download as CSV."

    def get_queryset(self):
        return Claim.objects.published().with_related()


class SourceTableView(TableView):
    table_class = SourceTable
    filterset_class = SourceFilter
    export_name = "ketamine-sources"
    title = "Sources"
    intro = "Documents and the primary studies they cite, with evidence level and conflicts."

    def get_queryset(self):
        return (
            Source.objects.published()
            .order_by("title")
            .annotate(
                claim_count=Count("claims", distinct=True),
                cited_count=Count("cited_by_claims", distinct=True),
            )
        )


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
