"""A question's "what changed since" page: the public changes (``evidence.follow``) from a
chosen day on."""

from datetime import date, timedelta

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from evidence import follow, history
from evidence.access import Renamed, visible_by_slug_or_404
from evidence.models import Question

DEFAULT_SPAN = timedelta(days=30)


class DayInput(forms.DateInput):
    """A date picker, which cannot hold what is not a day: a mistyped one is shown empty,
    with the error saying what to enter."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class SinceForm(forms.Form):
    since = forms.DateField(
        label="Changes since",
        widget=DayInput(format="%Y-%m-%d"),
        error_messages={
            "required": "Choose a day.",
            "invalid": "Enter the day as year-month-day, for example 2025-03-01.",
        },
    )

    def clean_since(self):
        day = self.cleaned_data["since"]
        if day > timezone.localdate():
            raise forms.ValidationError("Choose a day no later than today.")
        return day


@require_GET
def changes_since(request, slug):
    try:
        question = visible_by_slug_or_404(Question, request.user, slug)
    except Renamed as renamed:
        url = reverse("evidence:question-changes", args=[renamed.record.slug])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    since = timezone.localdate() - DEFAULT_SPAN
    form = SinceForm(request.GET if "since" in request.GET else None, initial={"since": since})
    entries, status = [], 200
    if form.is_bound and not form.is_valid():
        since, status = None, 400
    else:
        since = form.cleaned_data["since"] if form.is_bound else since
        entries = follow.for_question(question, since=follow.start_of(since))
    context = {
        "question": question,
        "form": form,
        "since": since,
        "entries": entries,
        "counts": follow.counts(entries),
        "limit": follow.LIMIT,
        "history_url": history.history_url(question),
    }
    return render(request, "evidence/changes_since.html", context, status=status)
