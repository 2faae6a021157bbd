"""The evidence brief of a question: what it says, who may see it, what it costs."""

import pytest
from django.urls import reverse

from evidence.constants import Status
from evidence.models import Claim
from evidence.pages.brief import vancouver

pytestmark = pytest.mark.django_db


def brief_url(question):
    return reverse("evidence:question-brief", args=[question.slug])


@pytest.fixture
def disputed(make):
    question = make.question(answer_supports="Yes — at home", answer_opposes="No — clinic only")
    study = make.source(
        authors="Lee A, Khan B", title="A trial", venue="J Psych", year=2020, doi="10.1000/x.1"
    )
    make.claim(
        question=question,
        stance="supports",
        quote="Home use worked.",
        cites=study,
        locator="Results",
    )
    make.claim(question=question, stance="opposes", quote="Only in a clinic.")
    make.explanation(f"stance:{question.slug}", what_would_settle="A trial at home.")
    return question


def test_the_brief_gives_each_answer_with_its_claims_quoted_and_numbered_citations(
    client, disputed
):
    html = client.get(brief_url(disputed)).content.decode()
    assert "Yes — at home" in html and "No — clinic only" in html
    assert "“Home use worked.”" in html and "“Only in a clinic.”" in html
    assert "Lee A, Khan B. A trial. J Psych. 2020. doi:10.1000/x.1" in html
    assert "A trial at home." in html
    assert disputed.get_absolute_url() in html and "css/brief.css" in html


def test_a_reference_is_written_in_vancouver_style(make):
    source = make.source(authors="Ng C", title="Cohort.", year=2019, pmid="123")
    assert vancouver(source) == "Ng C. Cohort. 2019. PMID: 123"


def test_the_question_page_links_to_its_brief(client, disputed):
    html = client.get(disputed.get_absolute_url()).content.decode()
    assert f'href="{brief_url(disputed)}"' in html


def test_a_draft_questions_brief_is_hidden_from_the_public_and_shown_to_curators(
    client, make, curator
):
    draft = make.question(status=Status.DRAFT)
    assert client.get(brief_url(draft)).status_code == 404
    client.force_login(curator)
    assert client.get(brief_url(draft)).status_code == 200


def test_a_draft_claim_is_not_quoted_to_the_public(client, disputed, make):
    make.claim(question=disputed, stance="supports", quote="Draft words.", status=Status.DRAFT)
    assert "Draft words." not in client.get(brief_url(disputed)).content.decode()


def test_a_renamed_questions_old_brief_link_redirects(client, disputed):
    old = brief_url(disputed)
    disputed.slug = "renamed-question"
    disputed.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == brief_url(disputed)


@pytest.mark.parametrize("size", [2, 15])
def test_the_brief_answers_in_bounded_queries(client, make, size, django_assert_max_num_queries):
    make.evidence_of_size(size)
    question = Claim.objects.exclude(question=None).first().question
    for _ in range(size):
        make.claim(question=question, stance="supports", cites=make.source())
    with django_assert_max_num_queries(12):
        response = client.get(brief_url(question))
    assert response.status_code == 200
