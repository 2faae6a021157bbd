"""The browse tables (django-tables2): sortable, paginated, exportable to CSV."""

import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html

from evidence.constants import Severity
from evidence.models import AdverseEffectReport, Claim, Source

# Every cell names its column: on a phone browse.css lays each row out as a card, and a
# value must not appear there without what it is.
NAMED_CELL = {"data-label": lambda bound_column: bound_column.header}
TABLE_ATTRS = {"class": "data-table stack", "td": NAMED_CELL}


def by_source_name(queryset, is_descending, prefix=""):
    """Sources in the order of their names (``Source.sort_name``, indexed with the id)."""
    keys = [f"{prefix}sort_name", f"{prefix}id" if prefix else "pk", "pk"]
    return queryset.order_by(*(f"-{key}" if is_descending else key for key in keys)), True


class ClaimTable(tables.Table):
    # The claim's number goes to the CSV only, to match the API; on the page the quote is
    # the link to the claim.
    id = tables.Column(verbose_name="Claim", visible=False)
    quote = tables.Column(linkify=True, attrs={"td": {"class": "quote-cell", **NAMED_CELL}})
    document = tables.Column(linkify=True, verbose_name="Source")
    question = tables.Column(linkify=True, order_by="question__text")
    answer = tables.Column(verbose_name="Answer", order_by="stance", empty_values=("",))
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
            "answer",
            "routes",
            "setting",
            "certainty",
            "number",
        ]
        order_by = "document"
        attrs = TABLE_ATTRS

    def render_quote(self, value):
        return format_html("“{}”", value)

    def value_quote(self, value):
        return value

    def order_document(self, queryset, is_descending):
        return by_source_name(queryset, is_descending, "document__")


class SourceTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Source")
    claim_count = tables.Column(verbose_name="Claims quoted")
    cited_count = tables.Column(verbose_name="Findings cited")

    class Meta:
        model = Source
        fields = [
            "name",
            "title",
            "kind",
            "year",
            "evidence_level",
            "conflict",
            "claim_count",
            "cited_count",
        ]
        order_by = "name"
        attrs = TABLE_ATTRS

    def order_name(self, queryset, is_descending):
        return by_source_name(queryset, is_descending)

    def order_evidence_level(self, queryset, is_descending):
        # A source whose design is not stated claims no level: last either way.
        level = F("evidence_level")
        order = level.desc(nulls_last=True) if is_descending else level.asc(nulls_last=True)
        return queryset.order_by(order, "pk"), True


class ReportTable(tables.Table):
    effect = tables.Column(linkify=True, order_by="effect__name")
    organ_system = tables.Column(accessor="effect__organ_system", verbose_name="Organ system")
    observed = tables.Column(verbose_name="Finding")
    route = tables.Column(default="—")
    document = tables.Column(linkify=True, verbose_name="Source")
    certainty = tables.Column(default="—")

    class Meta:
        model = AdverseEffectReport
        fields = [
            "effect",
            "organ_system",
            "observed",
            "route",
            "dose_context",
            "frequency",
            "severity",
            "document",
            "certainty",
        ]
        order_by = "effect"
        attrs = TABLE_ATTRS

    def order_document(self, queryset, is_descending):
        return by_source_name(queryset, is_descending, "document__")

    def render_organ_system(self, record):
        return record.effect.get_organ_system_display()

    def render_severity(self, record, value):
        return value if record.severity != Severity.NOT_STATED else "—"

    def render_observed(self, value):
        # Not observed: the source looked for the effect and did not see it.
        return "Reported" if value else "Not observed"

    def value_observed(self, value):
        return self.render_observed(value)
