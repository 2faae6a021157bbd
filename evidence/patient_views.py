"""The patient lens (the rules are in evidence.pages.patient). Nothing about the patient is
kept: the factors travel in the query string only, and the request log records the path
without it (ketamine_ref.logs)."""

from django.shortcuts import render
from django.utils import timezone

from evidence.pages import patient


def patient_lens(request):
    choice = patient.choose(request.GET.getlist("factor"))
    context = {
        "choice": choice,
        "findings": patient.findings(choice.chosen),
        "note": patient.NOT_A_RECOMMENDATION,
        "today": timezone.localdate(),
        "permalink": request.build_absolute_uri(choice.url),
    }
    return render(request, "evidence/patient.html", context)
