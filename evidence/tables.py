"""The browse tables (django-tables2): sortable, paginated, exportable to CSV."""

import django_tables2 as tables
from django.utils.html import format_html

from evidence.models import AdverseEffectReport, Claim, Source


class ClaimTable(tables.Table):
    id = tables.Column(linkify=True, verbose_name="Claim")
    quote = tables.Column(attrs={"td": {"class": "quote-cell"}})
    document = tables.Column(linkify=True, verbose_name="Source", order_by="document__title")
    question = tables.Column(linkify=True, order_by="question__text")
    routes = tables.ManyToManyColumn(verbose_name="Routes", orderable=False)
    number = tables.Column(
        accessor="value_display", verbose_name="Number", orderable=False, empty_values=("",)
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "quote",
            "document",
            "question",
            "stance",
            "routes",
            "setting",
            "certainty",
            "number",
        ]
        order_by = "document"
        attrs = {"class": "data-table"}

    def render_quote(self, value):
        return format_html("“{}”", value)

    def value_quote(self, value):
        return value


class SourceTable(tables.Table):
    title = tables.Column(linkify=True)
    claim_count = tables.Column(verbose_name="Claims quoted")
    cited_count = tables.Column(verbose_name="Findings cited")

    class Meta:
        model = Source
        fields = [
            "title",
            "kind",
            "year",
            "evidence_level",
            "conflict",
            "claim_count",
            "cited_count",
        ]
        order_by = "title"
        attrs = {"class": "data-table"}


class ReportTable(tables.Table):
    effect = tables.Column(linkify=True, order_by="effect__name")
    organ_system = tables.Column(accessor="effect__organ_system", verbose_name="Organ system")
    route = tables.Column(default="Not stated")
    document = tables.Column(linkify=True, verbose_name="Source", order_by="document__title")
    certainty = tables.Column(default="Not assessed")

    class Meta:
        model = AdverseEffectReport
        fields = [
            "effect",
            "organ_system",
            "route",
            "dose_context",
            "frequency",
            "severity",
            "document",
            "certainty",
        ]
        order_by = "effect"
        attrs = {"class": "data-table"}

    def render_organ_system(self, record):
        return record.effect.get_organ_system_display()
