"""Public pages: what they show, and the same query bound at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Claim

pytestmark = pytest.mark.django_db
SIZES = [2, 15]


def pages(make):
    """One URL of each public page, over evidence built by ``evidence_of_size``."""
    claim = Claim.objects.exclude(question=None).first()
    route = claim.routes.first()
    report = make.report()
    return {
        "home": reverse("evidence:home"),
        "claim-list": reverse("evidence:claim-list") + "?contested=on",
        "claim-csv": reverse("evidence:claim-list") + "?_export=csv",
        "source-list": reverse("evidence:source-list"),
        "route-list": reverse("evidence:route-list"),
        "adverse-effect-list": reverse("evidence:adverse-effect-list"),
        "search": reverse("evidence:search") + "?q=quoted+words",
        "disputes": reverse("evidence:dispute-list"),
        "question": claim.question.get_absolute_url(),
        "claim": claim.get_absolute_url(),
        "source": claim.document.get_absolute_url(),
        "route": route.get_absolute_url(),
        "adverse-effect": report.effect.get_absolute_url(),
        "api-claims": reverse("evidence:api-claims"),
        "api-sources": reverse("evidence:api-sources"),
        "api-questions": reverse("evidence:api-questions"),
        "api-disputes": reverse("evidence:api-disputes"),
        "api-routes": reverse("evidence:api-routes"),
        "api-adverse-effects": reverse("evidence:api-adverse-effects"),
    }


PAGE_NAMES = [
    "home",
    "claim-list",
    "claim-csv",
    "source-list",
    "route-list",
    "adverse-effect-list",
    "search",
    "disputes",
    "question",
    "claim",
    "source",
    "route",
    "adverse-effect",
    "api-claims",
    "api-sources",
    "api-questions",
    "api-disputes",
    "api-routes",
    "api-adverse-effects",
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGE_NAMES)
def test_every_page_answers_in_bounded_queries(
    client, make, size, page, django_assert_max_num_queries
):
    make.evidence_of_size(size)
    url = pages(make)[page]
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_question_page_asks_as_many_queries_whether_or_not_it_is_explained(client, make):
    quiet, explained = make.question(slug="quiet"), make.question(slug="explained")
    for question in (quiet, explained):
        make.claim(question=question, stance="supports")
        make.claim(question=question, stance="opposes")
    expl = make.explanation(dispute_key="stance:explained", explanation_status="explained")
    expl.reasons.create(kind="dose", detail="Different doses.")
    assert "Different doses." in client.get(explained.get_absolute_url()).content.decode()
    assert _queries(client, quiet.get_absolute_url()) == _queries(
        client, explained.get_absolute_url()
    )


def test_a_source_page_asks_as_many_queries_whether_or_not_anything_cites_it(client, make):
    cited, uncited = make.source(title="Cited trial"), make.source(title="Uncited trial")
    question = make.question()
    for document in (cited, uncited):
        make.claim(question=question, document=document, stance="supports")
    make.claim(
        question=question, stance="supports", cites=cited, quote="The trial found a quick response."
    )
    assert (
        "The trial found a quick response." in client.get(cited.get_absolute_url()).content.decode()
    )
    assert _queries(client, cited.get_absolute_url()) == _queries(
        client, uncited.get_absolute_url()
    )


def test_the_home_page_lists_contested_questions_first(client, make):
    calm = make.question(text="Is the calm question calm?")
    contested = make.question(text="Is the fought-over question settled?")
    make.claim(question=contested, stance="supports")
    make.claim(question=contested, stance="opposes")
    make.claim(question=calm, stance="supports")
    html = client.get("/").content.decode()
    assert html.index(contested.text) < html.index("Other questions") < html.index(calm.text)


def test_the_question_page_shows_both_sides_with_quotes_and_the_explanation(client, make):
    q = make.question(slug="q")
    clinic = make.source(title="Clinic guide", kind="clinic_page", conflict="financial")
    make.claim(question=q, stance="supports", quote="Home use works as well.")
    make.claim(question=q, stance="opposes", quote="Home use is unsafe.", document=clinic)
    expl = make.explanation(
        dispute_key="stance:q",
        explanation_status="explained",
        what_would_settle="A head-to-head RCT.",
    )
    expl.reasons.create(kind="conflict_of_interest", detail="The clinic sells infusions.")
    html = client.get(q.get_absolute_url()).content.decode()
    for text in [
        "Home use works as well.",
        "Home use is unsafe.",
        "Commercial interest",
        "Conflict of interest",
        "The clinic sells infusions.",
        "A head-to-head RCT.",
        "Cite this",
    ]:
        assert text in html


def test_the_claim_page_lists_the_claims_opposing_it(client, make):
    q = make.question()
    mine = make.claim(question=q, stance="supports")
    theirs = make.claim(question=q, stance="opposes", quote="The opposite view.")
    own_other = make.claim(question=q, stance="opposes", document=mine.document, quote="Mine too.")
    html = client.get(mine.get_absolute_url()).content.decode()
    assert theirs.quote in html and own_other.quote not in html


def test_a_bad_filter_is_a_clear_400_that_keeps_the_form(client):
    response = client.get("/disputes/", {"topic": "astrology"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_numeric_claims_share_an_axis_on_the_route_page(client, make):
    route = make.route(name="IV infusion")
    make.claim(
        quantity="cost_per_treatment", unit="usd", value_low=800, value_high=800, routes=[route]
    )
    make.claim(
        quantity="cost_per_treatment", unit="usd", value_low=300, value_high=600, routes=[route]
    )
    html = client.get(route.get_absolute_url()).content.decode()
    assert html.count("<svg") == 1
    assert "300–600 USD" in html and "800 USD" in html


@pytest.mark.parametrize("common_from", [0.0, 1.1])
def test_a_route_page_plots_the_same_numbers_however_common_the_route(make, common_from):
    # A common route's numbers are found by walking every claim, a rare one's by its own.
    from evidence.models import Claim
    from evidence.pages import questions

    iv, oral = make.route(slug="iv"), make.route(slug="oral")
    for n in range(30):
        make.claim(
            quantity="cost_per_treatment",
            unit="usd",
            value_low=100 + n,
            value_high=100 + n,
            certainty=["high", "low", "moderate"][n % 3],
            routes=[iv] if n % 2 else [iv, oral],
        )
    make.claim(routes=[oral])  # no number
    claims = Claim.objects.published()
    expected = questions.plotted(claims.filter(routes=oral))
    assert len(expected) == 15
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(questions, "COMMON_ROUTE", common_from)
        assert questions.plotted_about(claims, oral) == expected


def test_unknown_questions_are_404(client):
    assert client.get("/questions/no-such-thing/").status_code == 404


def test_the_question_page_names_a_source_that_contradicts_itself(client, make):
    q = make.question()
    clinic = make.source(title="Clinic guide", label="Clinic guide")
    make.claim(question=q, stance="supports", document=clinic)
    make.claim(question=q, stance="opposes", document=clinic)
    html = client.get(q.get_absolute_url()).content.decode()
    assert "One source on both sides:</strong> <a" in html
    assert "Clinic guide</a> gives both answers" in html
