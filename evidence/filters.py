"""Filters for the browse tables (django-filter); each maps a clinician's question to a query."""

import django_filters
from django import forms

from evidence import disagreements, planner
from evidence.constants import (
    Certainty,
    Conflict,
    DoseContext,
    OrganSystem,
    Severity,
    SourceKind,
    Stance,
    Topic,
)
from evidence.models import AdverseEffect, AdverseEffectReport, Claim, PatientFactor, Route, Source


class ContestedOnly(django_filters.BooleanFilter):
    """Ticked: only records on a question the published evidence disputes."""

    def __init__(self, path, **kwargs):
        self.path = path
        super().__init__(label="Contested only", widget=forms.CheckboxInput, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        contested = disagreements.contested_question_ids()
        if "__" in self.path:
            # Only a path through a join repeats rows (a source once per claim); DISTINCT
            # elsewhere would sort every row for nothing.
            return qs.filter(**{f"{self.path}__in": contested}).distinct()
        # Checked row by row, so a page in another order need not read every match first.
        return qs.alias(contested_question=planner.Unindexed(self.path)).filter(
            contested_question__in=contested
        )


class ChosenSourceOnly:
    """A FilterSet's ``source`` filter, offered only once a link has chosen one (the patient
    lens links to a source's claims and reports): a list of every source to choose from
    would run to thousands."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.data.get("source"):
            chosen = Source.objects.published().defer("full_text")
            # A new filter, not a new queryset on the copied one: a filter keeps the form
            # field it first built, choices and all (the fuzz tests build them from the class).
            chosen_filter = by_source(chosen.filter(slug=self.data["source"]))
            chosen_filter.model, chosen_filter.parent = self.queryset.model, self
            self.filters["source"] = chosen_filter
        else:
            del self.filters["source"]


def by_source(queryset=None):
    # Its choices are set by ChosenSourceOnly, request by request.
    return django_filters.ModelChoiceFilter(
        field_name="document",
        to_field_name="slug",
        queryset=Source.objects.none() if queryset is None else queryset,
        label="Source",
    )


def by_factor():
    return django_filters.ModelChoiceFilter(
        field_name="factors",
        to_field_name="slug",
        queryset=PatientFactor.objects.all(),
        label="Patient factor",
    )


class ClaimFilter(ChosenSourceOnly, django_filters.FilterSet):
    route = django_filters.ModelChoiceFilter(
        field_name="routes", to_field_name="slug", queryset=Route.objects.all(), label="Route"
    )
    topic = django_filters.ChoiceFilter(field_name="question__topic", choices=Topic.choices)
    kind = django_filters.ChoiceFilter(
        field_name="document__kind", choices=SourceKind.choices, label="Source kind"
    )
    certainty = django_filters.ChoiceFilter(choices=Certainty.choices)
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    contested = ContestedOnly("question_id")
    factor = by_factor()
    source = by_source()

    class Meta:
        model = Claim
        fields = ["route", "topic", "kind", "certainty", "stance", "contested", "factor", "source"]


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    conflict = django_filters.ChoiceFilter(choices=Conflict.choices, label="Conflict of interest")
    route = django_filters.ModelChoiceFilter(
        field_name="claims__routes",
        to_field_name="slug",
        queryset=Route.objects.all(),
        label="Route",
        distinct=True,
    )
    topic = django_filters.ChoiceFilter(
        field_name="claims__question__topic",
        choices=Topic.choices,
        distinct=True,
        label="Topic of its claims",
    )
    contested = ContestedOnly("claims__question_id")

    class Meta:
        model = Source
        fields = ["kind", "conflict", "route", "topic", "contested"]


class ReportFilter(ChosenSourceOnly, django_filters.FilterSet):
    effect = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=AdverseEffect.objects.all()
    )
    organ_system = django_filters.ChoiceFilter(
        field_name="effect__organ_system",
        choices=OrganSystem.choices,
        label="Organ system",
    )
    route = django_filters.ModelChoiceFilter(to_field_name="slug", queryset=Route.objects.all())
    dose_context = django_filters.ChoiceFilter(choices=DoseContext.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    kind = django_filters.ChoiceFilter(
        field_name="document__kind", choices=SourceKind.choices, label="Source kind"
    )
    factor = by_factor()
    source = by_source()

    class Meta:
        model = AdverseEffectReport
        fields = [
            *("effect", "organ_system", "route", "dose_context", "severity", "kind"),
            *("factor", "source"),
        ]
