"""Browse pages: search and the filterable, exportable tables."""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.utils.functional import cached_property
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from evidence import search, source_matrix
from evidence.filters import ClaimFilter, ReportFilter, SourceFilter
from evidence.models import AdverseEffect, AdverseEffectReport, Claim, Source
from evidence.tables import ClaimTable, Export, ReportTable, SourceTable


def search_page(request):
    return render(request, "evidence/search.html", search.page_context(request.GET, request.user))


class BoundedPaginator(Paginator):
    """Pages up to MAX_PAGES only: a deeper page costs the database a walk past every row
    before it (OFFSET), and nobody reads page 3,000 of a list; filters narrow it instead.
    So rows are counted only as far as the pages reach, and one more: counting all 75,758
    public claims took 32 ms on SQLite, the first 1,001 about 1."""

    MAX_PAGES = 40
    # Rows on a page, whatever ``?per_page=`` asks: below one left no page to show (a 500),
    # and no upper bound would render a whole large table at once.
    MAX_PER_PAGE = 100

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(per_page, 1), self.MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)

    @property
    def reach(self):
        return self.MAX_PAGES * self.per_page

    @cached_property
    def _records(self):
        """The queryset under a table's rows, or None for other lists."""
        records = getattr(getattr(self.object_list, "data", None), "data", None)
        return records if isinstance(records, QuerySet) else None

    @cached_property
    def count(self):
        if self._records is not None:  # any rows will do for a count, in no order
            return self._records.order_by()[: self.reach + 1].count()
        return min(super().count, self.reach + 1)

    def page(self, number):
        """The page's rows, their ids found first through only what orders them: reading
        whole rows, joined to their sources, before sorting sorted every public report
        for a page of adverse effects (33 ms at 50,000 reports on PostgreSQL)."""
        page = super().page(number)
        rows = page.object_list
        if self._records is not None and isinstance(getattr(rows, "data", None), QuerySet):
            rows.data = self._records.filter(pk__in=list(rows.data.values_list("pk", flat=True)))
        return page

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.MAX_PAGES)

    @property
    def is_bounded(self):
        return self.count > self.reach

    @property
    def count_label(self):
        """ "60 results", or "More than 1,000 results" past what the pages reach."""
        if self.is_bounded:
            return f"More than {self.reach:,} results"
        return f"{self.count:,} result{pluralize(self.count)}"


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
