from functools import reduce
from operator import or_

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.db import connection, models
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from evidence import planner, search
from evidence.admin.actions import STATUS_ACTIONS
from evidence.admin.checks import AUDIT_FIELDSET, InlineQuoteCheckMixin, QuotedRecordAdminMixin
from evidence.admin.citations import CitationImportMixin
from evidence.admin.concurrency import VersionedInlineMixin
from evidence.admin.factors import ClaimAdminForm, PatientFactorAdmin  # noqa: F401  (registers it)
from evidence.admin.labels import CheckboxGroupMixin, LabelledInlineMixin
from evidence.admin.lists import LongListMixin
from evidence.admin.revisions import PublishedInlineGuard, RevisionAdminMixin
from evidence.admin.synonyms import SynonymGroupAdmin  # noqa: F401  (registers it)
from evidence.admin.workflow import WorkflowAdminMixin
from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    Disagreement,
    DisputeExplanation,
    DisputeReason,
    Question,
    Route,
    Source,
)

# Links to long lists (sources, claims, questions, disagreements) are raw-id fields: a labelled
# box with a lookup link. Django's autocomplete (select2) draws comboboxes with no accessible
# name and options the HTML checker rejects (tests/test_accessibility.py). Short reference
# lists (routes, adverse effects, patient factors) stay plain selects and checkboxes.


class ClaimInline(
    LabelledInlineMixin, VersionedInlineMixin, PublishedInlineGuard, admin.TabularInline
):
    model = Claim
    fk_name = "document"
    fields = ["key", "question", "stance", "quote", "locator", "certainty", "status"]
    # Status changes go through the claim's own form or the bulk actions (evidence.publishing).
    readonly_fields = ["status"]
    raw_id_fields = ["question"]
    show_change_link = True
    extra = 0


class StanceInline(
    LabelledInlineMixin, VersionedInlineMixin, PublishedInlineGuard, admin.TabularInline
):
    """Each claim's stance on the question, edited from the question."""

    model = Claim
    fk_name = "question"
    fields = ["document", "stance", "quote", "certainty", "status"]
    readonly_fields = ["document", "quote", "status"]
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")


class ReportInline(
    LabelledInlineMixin, VersionedInlineMixin, PublishedInlineGuard, admin.TabularInline
):
    model = AdverseEffectReport
    fields = ["key", "document", "quote", "route", "frequency", "severity", "dose_context"]
    fields += ["status"]
    readonly_fields = ["status"]
    raw_id_fields = ["document"]
    show_change_link = True
    extra = 0


class ReasonInline(LabelledInlineMixin, PublishedInlineGuard, admin.TabularInline):
    model = DisputeReason
    extra = 1


@admin.register(Source)
class SourceAdmin(
    LongListMixin,
    CitationImportMixin,
    RevisionAdminMixin,
    InlineQuoteCheckMixin,
    WorkflowAdminMixin,
    SimpleHistoryAdmin,
):
    list_display = ["title", "label", "kind", "year", "evidence_level", "has_conflict", "status"]
    list_filter = ["status", "kind", "evidence_level"]
    search_fields = ["title", "label", "authors", "doi", "pmid", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["evidence_level", "version"]
    # Links typed without a scheme are taken as https, as Django 6 will do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = STATUS_ACTIONS
    inlines = [ClaimInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "label", "authors", "kind"]}),
        ("Evidence level", {"fields": ["evidence_level_override", "evidence_level"]}),
        (
            "Citation",
            {"fields": ["year", "venue", ("volume", "issue", "pages"), "doi", "pmid", "url"]},
        ),
        ("Abstract and stored text", {"fields": ["abstract", "full_text"]}),
        (
            "Interests",
            {"fields": ["conflict", "conflict_of_interest", "funding", "point_of_view"]},
        ),
        ("Publication", {"fields": ["status", "version"]}),
    ]

    @admin.display(boolean=True, description="COI")
    def has_conflict(self, obj):
        return obj.has_conflict


@admin.register(Question)
class QuestionAdmin(RevisionAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["text", "topic", "priority", "status"]
    list_filter = ["status", "topic"]
    search_fields = ["text", "slug", "summary"]
    prepopulated_fields = {"slug": ["text"]}
    raw_id_fields = ["superseded_by"]
    readonly_fields = ["version"]
    actions = STATUS_ACTIONS
    inlines = [StanceInline]


def _key_starting_with(term):
    """Keys are slugs: on SQLite, a range of the keys' unique index, as typed or in lower
    case, rather than a LIKE over every key (8 ms at 100,000 claims). PostgreSQL's
    collation does not order a prefix's keys together, so there it is the LIKE."""
    if connection.vendor != "sqlite":
        return Q(key__istartswith=term)
    # No slug holds the last code point: every key starting with a prefix sorts before it.
    ranges = (Q(key__gte=prefix, key__lt=prefix + "\U0010ffff") for prefix in {term, term.lower()})
    return reduce(or_, ranges)


@admin.register(Claim)
class ClaimAdmin(
    LongListMixin,
    RevisionAdminMixin,
    CheckboxGroupMixin,
    QuotedRecordAdminMixin,
    WorkflowAdminMixin,
    SimpleHistoryAdmin,
):
    list_display = ["key", "document", "question", "stance", "certainty", "audit_outcome"]
    list_display += ["status"]
    list_filter = ["status", "audit_outcome", "stance", "certainty", "setting", "question__topic"]
    list_filter += ["routes", "factors"]
    list_select_related = ["document", "question"]
    # Newest first, through the primary key: curators work on what was just added, and the
    # model's order (by document title) sorted every claim for each page.
    ordering = ["-pk"]
    # Words through the full-text index (quote, paraphrase, locator, the source's name; see
    # get_search_results); "key" here only so the admin shows a search box.
    search_fields = ["key"]
    search_help_text = "Words in the quote, paraphrase or source's name, or the start of a key."
    raw_id_fields = ["document", "cites", "question", "superseded_by"]
    form = ClaimAdminForm

    def changelist_view(self, request, extra_context=None):
        """Rendered here, in the block: the rows are read as the template shows them."""
        with planner.planned_for_their_values():  # a search's words (get_search_results)
            response = super().changelist_view(request, extra_context)
            return response.render() if hasattr(response, "render") else response

    def get_search_results(self, request, queryset, search_term):
        """Every word found in the full-text index, or a key starting with the term: a
        LIKE over every quote took 260 ms at 100,000 claims. Listed newest first (no
        column chosen), only as many as the pages reach need be found."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if ORDER_VAR in request.GET:
            words = search.holding_every_word(Claim, term)
        else:
            words = search.newest_holding_every_word(queryset, term, self.reach + 1)
        by_key = _key_starting_with(term)
        return queryset.filter(by_key | words if words is not None else by_key), False

    readonly_fields = ["version"]
    actions = STATUS_ACTIONS
    fieldsets = [
        (None, {"fields": ["key", "document", "cites", "quote", "locator", "paraphrase"]}),
        ("Stance", {"fields": ["question", "stance", "certainty", "certainty_reason"]}),
        ("Scope", {"fields": ["routes", "setting", "population"]}),
        ("Patients", {"fields": ["factors", "factor_advice"]}),
        ("Number", {"fields": ["quantity", "value_low", "value_high", "unit"]}),
        ("Context note (public)", {"fields": ["context_note", "context_note_basis"]}),
        AUDIT_FIELDSET,
        ("Publication", {"fields": ["status", "superseded_by", "version"]}),
    ]


@admin.register(Route)
class RouteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "formulation", "usual_setting", "position"]
    list_filter = ["formulation", "usual_setting"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AdverseEffect)
class AdverseEffectAdmin(InlineQuoteCheckMixin, SimpleHistoryAdmin):
    list_display = ["name", "organ_system"]
    list_filter = ["organ_system"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReportInline]


@admin.register(AdverseEffectReport)
class AdverseEffectReportAdmin(
    LongListMixin,
    RevisionAdminMixin,
    CheckboxGroupMixin,
    QuotedRecordAdminMixin,
    WorkflowAdminMixin,
    SimpleHistoryAdmin,
):
    list_display = ["key", "effect", "document", "route", "observed", "dose_context"]
    list_display += ["audit_outcome", "status"]
    list_filter = ["status", "audit_outcome", "observed", "severity", "dose_context"]
    list_filter += ["effect__organ_system", "factors"]
    list_select_related = ["effect", "document", "route"]
    search_fields = ["key", "quote", "effect__name", "document__title", "document__label"]
    raw_id_fields = ["document", "cites"]
    readonly_fields = ["version"]
    actions = STATUS_ACTIONS
    fieldsets = [
        (None, {"fields": ["key", "effect", "document", "cites", "quote", "locator"]}),
        ("What the source reports", {"fields": ["observed", "frequency", "frequency_percent"]}),
        (None, {"fields": ["severity", "dose_context", "dose", "route", "certainty"]}),
        ("Patients", {"fields": ["factors"]}),
        AUDIT_FIELDSET,
        ("Publication", {"fields": ["status", "version"]}),
    ]


@admin.register(DisputeExplanation)
class DisputeExplanationAdmin(RevisionAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["disagreement", "explanation_status", "status"]
    list_filter = ["status", "explanation_status", "reasons__kind", "disagreement__active"]
    list_select_related = ["disagreement__question", "disagreement__route"]
    search_fields = ["disagreement__question__text", "note"]
    raw_id_fields = ["disagreement", "superseded_by"]
    readonly_fields = ["version"]
    actions = STATUS_ACTIONS
    inlines = [ReasonInline]


@admin.register(Disagreement)
class DisagreementAdmin(admin.ModelAdmin):
    """Kept from the claims by the disagreement rule: looked at and explained, never edited."""

    list_display = ["__str__", "kind", "topic", "active", "changed_at"]
    list_filter = ["active", "kind", "topic"]
    list_select_related = ["question", "route"]
    search_fields = ["question__text", "quantity"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
