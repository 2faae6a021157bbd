"""The browse tables (django-tables2): sortable, paginated, downloadable as CSV or XLSX;
and the disagreements' download, a row per side."""

import io

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.utils.html import format_html
from django_tables2.export import TableExport
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from evidence.constants import EvidenceLevel, ExplanationStatus, Severity
from evidence.models import AdverseEffectReport, Claim, Source

# Every cell names its column: on a phone browse.css lays each row out as a card, and a
# value must not appear there without what it is.
NAMED_CELL = {"data-label": lambda bound_column: bound_column.header}
TABLE_ATTRS = {"class": "data-table stack", "td": NAMED_CELL}


# What a side's level says when none of its claims' designs is stated, as its pages say.
NO_LEVEL = "Design not stated"
# A column of an XLSX download is as wide as its longest value, up to this many characters.
XLSX_WIDEST = 80


class Export(TableExport):
    """The download formats the pages offer, and only those: tablib writes ods, xls or yaml
    only with packages that are not installed (asked for, they were a 500), so any other
    ``?_export=`` shows the page. A download holds every row the filters select, not one
    page: it is built in memory, as the CSV always was."""

    OFFERED = {TableExport.CSV: "CSV", TableExport.XLSX: "XLSX (Excel)"}

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in cls.OFFERED

    def export(self):
        return _workbook(self.dataset) if self.format == self.XLSX else super().export()


def _workbook(dataset):
    """The dataset as one sheet, written by openpyxl row by row (write-only: memory does
    not hold every cell), each text kept as text: tablib's own writer makes a quote that
    starts with "=" a formula, or with ``escape`` drops the "="."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(dataset.title)
    sheet.freeze_panes = "A2"
    for number, header in enumerate(dataset.headers, 1):
        longest = max([len(header), *(len(str(value)) for value in dataset.get_col(number - 1))])
        sheet.column_dimensions[get_column_letter(number)].width = min(longest, XLSX_WIDEST) + 2
    sheet.append([_cell(sheet, header, Font(bold=True)) for header in dataset.headers])
    for row in dataset:
        sheet.append([_cell(sheet, value) for value in row])
    written = io.BytesIO()
    book.save(written)
    return written.getvalue()


def _cell(sheet, value, font=None):
    if isinstance(value, str):
        # XLSX cannot hold control characters (a PDF's stray form feed): they are dropped.
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell = WriteOnlyCell(sheet, value)
    if font is not None:
        cell.font = font
    return cell


def by_source_name(queryset, is_descending, prefix=""):
    """Sources in the order of their names (``Source.sort_name``, indexed with the id)."""
    keys = [f"{prefix}sort_name", *([f"{prefix}id"] if prefix else []), "pk"]
    return queryset.order_by(*(f"-{key}" if is_descending else key for key in keys)), True


class RecordTable(tables.Table):
    """A table whose rows keep one order: ties in the chosen sort are broken by id, so pages
    (read by OFFSET) neither repeat nor skip a row, and a download lists its rows as the
    pages do. Without it PostgreSQL ordered claims of equal certainty differently from
    one query to the next."""

    @tables.Table.order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        records = getattr(self.data, "data", None)
        if isinstance(records, QuerySet) and records.query.order_by[-1:] not in (
            (),
            ("pk",),
            ("-pk",),
        ):
            self.data.data = records.order_by(*records.query.order_by, "pk")


class ClaimTable(RecordTable):
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


class SourceTable(RecordTable):
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


class ReportTable(RecordTable):
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


class DisagreementSideTable(tables.Table):
    """The current disagreements as a download: a row for each side."""

    disagreement = tables.Column(verbose_name="Question or measure")
    topic = tables.Column(verbose_name="Topic")
    side = tables.Column(verbose_name="Answer or range")
    sources = tables.Column(verbose_name="Sources on this side")
    claims = tables.Column(verbose_name="Claims")
    level = tables.Column(verbose_name="Strongest evidence level (1 strongest, 5 weakest)")
    certainty = tables.Column(verbose_name="Highest certainty (GRADE)")
    explanation = tables.Column(verbose_name="Why they differ")

    @classmethod
    def of(cls, found):
        """The rows of ``found`` (disputes of ``disagreements.current()``), every source of
        every side named in one query (batched only past SQLite's parameter limit)."""
        wanted = {pk for dispute in found for side in dispute.sides for pk in side.source_ids}
        shown = Source.objects.only("label", "authors", "year", "title").in_bulk(wanted)
        rows = [
            {
                "disagreement": dispute.title,
                "topic": dispute.topic_label,
                "side": side.label,
                "sources": "; ".join(shown[pk].name for pk in side.source_ids if pk in shown),
                "claims": len(side.claim_ids),
                "level": EvidenceLevel(side.best_level).label if side.best_level else NO_LEVEL,
                "certainty": side.best_certainty_label,
                "explanation": ExplanationStatus(dispute.explanation_status).label,
            }
            for dispute in found
            for side in dispute.sides
        ]
        return cls(rows)
