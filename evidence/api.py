"""The public, read-only JSON API: published records only, paginated."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from evidence import disagreements, search, serializers
from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    DisagreementKind,
    Question,
    Route,
    Source,
)
from evidence.pages import patient
from evidence.paging import count_up_to

# A list counts its records up to this many, then says so ("count_is_exact": false, as
# search does): counting all 75,758 public claims took 25 ms on SQLite, the first 10,001 3.
COUNTED_UP_TO = 10_000


# Past any list's end, and within what the databases take as an OFFSET.
LAST_PAGE = 1_000_000


def _page_number(value):
    """The page asked for, from 1, or the reason it is not one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None, "That page number is not an integer"
    if number < 1:
        return None, "That page number is less than 1"
    return (number, None) if number <= LAST_PAGE else (None, "That page contains no results")


def _bad_page(why):
    return JsonResponse({"error": f"Bad page: {why}"}, status=400)


def paginated(request, queryset, serialize, whole_page=False, per_page=None):
    """``{"count": n, "count_is_exact": bool, "next": url|null, "results": [...]}`` for
    ``?page=N``, ``per_page`` (API_PAGE_SIZE) a page. ``serialize`` takes one record, or
    with ``whole_page`` the page's records at once. Whether a next page exists is read with
    the page (one row more), not from the count."""
    per_page = per_page or settings.API_PAGE_SIZE
    number, error = _page_number(request.GET.get("page", 1))
    if error:
        return _bad_page(error)
    start = (number - 1) * per_page
    records = list(queryset[start : start + per_page + 1])
    if number > 1 and not records:
        return _bad_page("That page contains no results")
    next_url = None
    if len(records) > per_page:
        records = records[:per_page]
        query = request.GET.copy()
        query["page"] = number + 1
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    if whole_page:
        results = serialize(request, records)
    else:
        results = [serialize(request, item) for item in records]
    count = count_up_to(queryset, COUNTED_UP_TO)
    return JsonResponse(
        {
            "count": min(count, COUNTED_UP_TO),
            "count_is_exact": count <= COUNTED_UP_TO,
            "next": next_url,
            "results": results,
        }
    )


@require_GET
def source_list(request):
    return paginated(request, Source.objects.published(), serializers.source)


@require_GET
def claim_list(request):
    claims = Claim.objects.published().with_related().prefetch_related("factors").order_by("pk")
    return paginated(request, claims, serializers.claim)


@require_GET
def question_list(request):
    def serialize(request, records):
        # The disagreements of this page's questions only, not of every question.
        stance = disagreements.current(
            kind=DisagreementKind.STANCE, with_records=False, questions=records
        )
        by_question = {d.question_id: d for d in stance}
        return [serializers.question(request, r, by_question.get(r.pk)) for r in records]

    return paginated(request, Question.objects.published(), serialize, whole_page=True)


@require_GET
def route_list(request):
    return paginated(request, Route.objects.all(), serializers.route)


@require_GET
def adverse_effect_list(request):
    reports = (
        AdverseEffectReport.objects.published().select_related("route").prefetch_related("factors")
    )
    effects = AdverseEffect.objects.prefetch_related(
        Prefetch("reports", queryset=reports, to_attr="published_reports")
    )
    return paginated(request, effects, serializers.adverse_effect)


# Each disagreement carries its sides' sources and claims: 100 of them took 65 ms to
# answer at 100,000 claims on PostgreSQL, six times a plain list's page.
DISPUTES_PER_PAGE = 50


@require_GET
def dispute_list(request):
    """The current disagreements, a page at a time (408 of them at 100,000 claims made a
    563 KB answer)."""

    def serialize(request, records):
        found = disagreements.current(with_records=False, among=records)
        return [serializers.dispute(request, item) for item in found]

    return paginated(
        request, disagreements.listed(), serialize, whole_page=True, per_page=DISPUTES_PER_PAGE
    )


@require_GET
def search_results(request):
    """``?q=``: the search page's ranked groups, best first, each with its full count and
    first page of hits (``&type=claims&page=2`` reads further)."""
    # A group's first page whole (overview None): its "next" link reads the second page.
    found = search.page_context(request.GET, overview=None)
    groups = [
        {
            "type": group.kind,
            "label": group.label,
            # Past what is counted, "count" is a floor: "more than 1,000".
            "count": group.counted,
            "count_is_exact": group.count_is_exact,
            "page": group.page,
            "next": (
                request.build_absolute_uri(f"{request.path}?{group.next_query}")
                if group.next_query
                else None
            ),
            "results": [hit.as_json(request) for hit in group.hits],
        }
        for group in found["groups"]
    ]
    return JsonResponse(
        {"query": found["query"], "did_you_mean": found["suggestion"], "groups": groups}
    )


@require_GET
def patient_lens(request):
    """``?factors=young,older-adult``: what the patient lens shows for those factors."""
    choice = patient.choose(s for value in request.GET.getlist("factors") for s in value.split(","))
    if choice.unknown or not choice.chosen:
        unknown = ", ".join(choice.unknown)
        error = f"No patient factor is called {unknown}" if unknown else "Name a patient factor"
        known = [f.slug for f in choice.factors]
        return JsonResponse(
            {"error": f'{error}: "factors" lists them.', "factors": known}, status=400
        )
    return JsonResponse(patient.as_json(request, patient.findings(choice.chosen)))
