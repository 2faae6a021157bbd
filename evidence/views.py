"""Public pages. Views only fetch and hand over: the rules live in models and modules."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from evidence import disagreements, extensions, history, roles, route_cells
from evidence.access import Renamed, visible_by_slug_or_404, visible_or_404
from evidence.forms import DisputeFilterForm
from evidence.models import AdverseEffect, Claim, Question, Route, Source
from evidence.pages import charts, compare, dose_columns, questions, route_map, strength
from evidence.tables import DisagreementSideTable, Export

# Questions the home page lists besides the disputed ones; search finds the rest.
OTHER_QUESTIONS = 40


def _page(request):
    """The ``?page=`` number asked for; anything else is the first page."""
    page = request.GET.get("page", "1")
    # isdecimal, not isdigit: int() refuses "²", which isdigit() accepts, and thousands of digits.
    return int(page) if page.isdecimal() and len(page) < 20 else 1


def home(request):
    contested, contested_count = disagreements.contested_questions()
    others = Question.objects.published().exclude(pk__in=disagreements.contested_question_ids())
    context = {
        "contested": contested,
        "contested_count": contested_count,
        "others": others[:OTHER_QUESTIONS],
    }
    return render(request, "evidence/home.html", context)


def strength_legend(request):
    return render(request, "evidence/strength.html", strength.legend())


def dispute_list(request):
    form = DisputeFilterForm(request.GET or None)
    found, page = [], None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        status = 200
        filters = form.cleaned_data if form.is_bound else {}
        topic, route = filters.get("topic"), filters.get("route")
        download = request.GET.get("_export")
        if Export.is_valid_format(download):
            found = disagreements.current(topic, route, with_records=False)
            return _disputes_download(download, found)
        found, page = disagreements.current_page(topic, route, _page(request))
        found = charts.attach_dispute_plots(found)
    context = {"form": form, "disputes": found, "page": page, "formats": Export.OFFERED}
    return render(request, "evidence/dispute_list.html", context, status=status)


def _disputes_download(export_format, found):
    """Every side of the disagreements as filtered, a row each; all pages, not one."""
    table = DisagreementSideTable.of(found)
    export = Export(export_format, table, dataset_kwargs={"title": "Disagreements"})
    return export.response(filename=f"ketamine-disagreements.{export_format}")


def question_detail(request, slug):
    try:
        question = visible_by_slug_or_404(Question, request.user, slug)
    except Renamed as renamed:
        return redirect(renamed.record, permanent=True)
    claims = Claim.objects.visible_to(request.user).filter(question=question)
    dispute, contradictions = disagreements.for_question(question)
    sides, numbers = questions.sides_and_numbers(question, claims, _page(request))
    context = {
        "question": question,
        "sides": sides,
        "dispute": dispute,
        "contradictions": contradictions,
        "plots": charts.range_plots(numbers),
        "permalink": request.build_absolute_uri(question.get_absolute_url()),
    }
    return render(request, "evidence/question_detail.html", context)


def claim_detail(request, pk):
    claim = visible_or_404(
        extensions.annotate_claims(Claim.objects.with_related()), request.user, pk=pk
    )
    context = {
        "claim": claim,
        "opposing": questions.opposing_claims(claim),
        "permalink": request.build_absolute_uri(claim.get_absolute_url()),
    }
    return render(request, "evidence/claim_detail.html", context)


def source_detail(request, pk):
    source = visible_or_404(Source.objects, request.user, pk=pk)
    quoted, cited_by = questions.quoted_and_cited(
        Claim.objects.visible_to(request.user), source, _page(request)
    )
    context = {
        "source": source,
        "quoted": quoted,
        "cited_by": cited_by,
        "compare_with": compare.comparable_with(source),
    }
    return render(request, "evidence/source_detail.html", context)


def route_list(request):
    evidence_map = route_map.route_topic_matrix()
    return render(request, "evidence/route_list.html", {"map": evidence_map})


def route_detail(request, slug):
    try:
        route = visible_by_slug_or_404(Route, request.user, slug)
    except Renamed as renamed:
        return redirect(renamed.record, permanent=True)
    claims = Claim.objects.visible_to(request.user)
    # The public's counts are kept; reviewers and curators also see unpublished claims.
    kept = roles.sees_published_only(request.user)
    counts = route_cells.per_question(route) if kept else None
    context = {
        "route": route,
        "grouped": questions.grouped_by_question(
            claims.filter(routes=route), _page(request), counts, questions.PER_ROUTE_GROUP
        ),
        "plots": charts.range_plots(questions.plotted_about(claims, route)),
    }
    return render(request, "evidence/route_detail.html", context)


def adverse_effect_detail(request, slug):
    effect = visible_or_404(AdverseEffect.objects, request.user, slug=slug)
    reports = effect.reports.visible_to(request.user).select_related("document", "cites", "route")
    reports = reports.defer("document__full_text", "cites__full_text")
    shown = dose_columns.by_dose_context(reports, _page(request))
    context = {
        "effect": effect,
        "shown": shown,
        "mixed_doses": dose_columns.dose_warning(shown.columns),
    }
    return render(request, "evidence/adverse_effect_detail.html", context)


def _history_page(request, record):
    context = {"record": record, "entries": history.entries(record)}
    return render(request, "evidence/history.html", context)


@require_GET
def claim_history(request, pk):
    claim = visible_or_404(Claim.objects.select_related("document"), request.user, pk=pk)
    return _history_page(request, claim)


@require_GET
def question_history(request, slug):
    return _history_page(request, visible_or_404(Question.objects, request.user, slug=slug))
