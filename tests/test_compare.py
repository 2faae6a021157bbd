"""Two sources side by side, and the most-quoted documents' matrix on the sources page."""

import pytest
from django.urls import reverse

from evidence import source_matrix
from evidence.constants import Stance

pytestmark = pytest.mark.django_db
SIZES = [2, 15]


def compare_url(a, b):
    return reverse("evidence:compare", args=[a.slug, b.slug])


@pytest.fixture
def pair(make):
    """Two documents that disagree on one question, agree on another, and on a third
    give a plain answer against "it depends"; each addresses one question alone."""
    physician = make.source(title="Forum post", label="A physician's post", kind="forum_post")
    guide = make.source(title="Guide", label="A psychiatrist's guide", kind="practitioner_guide")
    home = make.question(
        text="Is home nasal ketamine acceptable?",
        answer_supports="Yes — home use is acceptable",
        answer_opposes="No — in a clinic only",
    )
    works = make.question(text="Does ketamine work?", answer_supports="Yes — it works")
    course = make.question(
        text="Are six sessions enough?", answer_mixed="It depends on the patient"
    )
    alone = make.question(text="Is esketamine better?")
    make.claim(document=physician, question=home, stance="opposes", quote="Only IV, please.")
    make.claim(document=guide, question=home, stance="supports", quote="Nasal at home is fine.")
    make.claim(document=physician, question=works, stance="supports", quote="It helps many.")
    make.claim(document=guide, question=works, stance="supports", quote="Most respond.")
    make.claim(document=physician, question=course, stance="supports", quote="Six is enough.")
    make.claim(document=guide, question=course, stance="mixed", quote="Some need more.")
    make.claim(document=guide, question=alone, stance="opposes", quote="Not better.")
    return physician, guide, {"home": home, "works": works, "course": course, "alone": alone}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({Stance.SUPPORTS}, {Stance.OPPOSES}, source_matrix.DISAGREE),
        ({Stance.SUPPORTS, Stance.MIXED}, {Stance.OPPOSES}, source_matrix.DISAGREE),
        # A document on both sides still disagrees with one on either side.
        ({Stance.SUPPORTS, Stance.OPPOSES}, {Stance.SUPPORTS}, source_matrix.DISAGREE),
        ({Stance.OPPOSES}, {Stance.OPPOSES}, source_matrix.AGREE),
        ({Stance.MIXED}, {Stance.MIXED}, source_matrix.AGREE),
        ({Stance.SUPPORTS}, {Stance.MIXED}, source_matrix.NEITHER),
        ({Stance.NEUTRAL}, {Stance.NEUTRAL}, source_matrix.NEITHER),
    ],
)
def test_two_documents_stances_agree_or_disagree_by_the_dispute_rule(a, b, expected):
    assert source_matrix.relation(a, b) == expected
    assert source_matrix.relation(b, a) == expected


def test_the_page_sorts_the_shared_questions_by_agreement(client, pair):
    physician, guide, questions = pair
    response = client.get(compare_url(physician, guide))
    assert response.status_code == 200
    groups = {
        g.relation: [r.question for r in g.rows] for g in response.context["comparison"].groups
    }
    assert groups == {
        source_matrix.DISAGREE: [questions["home"]],
        source_matrix.AGREE: [questions["works"]],
        source_matrix.NEITHER: [questions["course"]],
    }
    html = response.content.decode()
    assert "they disagree on 1 and agree on 1; on 1 neither clearly agrees" in html
    assert html.index("Where they disagree") < html.index("Where they agree")
    assert questions["alone"].text not in html


def test_the_quotes_stand_side_by_side_under_their_answers_in_plain_words(client, pair):
    physician, guide, questions = pair
    html = client.get(compare_url(physician, guide)).content.decode()
    home_url = questions["home"].get_absolute_url()
    home = html[html.index(home_url) : html.index(questions["works"].text)]
    assert questions["home"].text in home
    assert home.index("A physician&#x27;s post") < home.index("No — in a clinic only")
    assert home.index("Only IV, please.") < home.index("A psychiatrist&#x27;s guide")
    assert home.index("Yes — home use is acceptable") < home.index("Nasal at home is fine.")
    assert "It depends on the patient" in html
    assert "supports" not in html.replace("side-supports", "").replace("answer-supports", "")
    assert physician.slug not in html.replace(compare_url(guide, physician), "")


def test_each_side_is_named_with_its_kind_and_evidence_level(client, pair):
    physician, guide, _ = pair
    html = client.get(compare_url(physician, guide)).content.decode()
    assert "Forum post" in html and "Level 5 of 5, weakest" in html
    assert "Practitioner guide" in html
    assert reverse("evidence:strength") + "#levels" in html


def test_each_side_shows_its_strongest_quote_for_each_answer(client, make, pair):
    physician, guide, questions = pair
    make.claim(document=guide, question=questions["home"], stance="supports", quote="Weak one.")
    make.claim(
        document=guide,
        question=questions["home"],
        stance="supports",
        quote="The strongest.",
        certainty="high",
    )
    html = client.get(compare_url(physician, guide)).content.decode()
    assert "The strongest." in html
    assert "Weak one." not in html and "Nasal at home is fine." not in html
    assert "3 claims on this question" in html


def test_the_other_order_mirrors_the_same_comparison(client, pair):
    physician, guide, _ = pair
    forward = client.get(compare_url(physician, guide)).context["comparison"]
    backward = client.get(compare_url(guide, physician)).context["comparison"]
    assert backward.counts == forward.counts
    assert [s.source for s in backward.page[0].sides] == [guide, physician]


def test_draft_claims_never_count(client, make, pair):
    physician, guide, questions = pair
    make.claim(document=guide, question=questions["works"], stance="opposes", status="draft")
    comparison = client.get(compare_url(physician, guide)).context["comparison"]
    assert comparison.counts[source_matrix.DISAGREE] == 1


def test_sources_with_no_question_in_common_say_so(client, make):
    a, b = make.source(), make.source()
    make.claim(document=a, question=make.question(), stance="supports")
    html = client.get(compare_url(a, b)).content.decode()
    assert "address no question in common" in html


def test_the_same_source_twice_leads_to_its_page(client, pair):
    physician, _, _ = pair
    response = client.get(compare_url(physician, physician))
    assert response.status_code == 302
    assert response["Location"] == physician.get_absolute_url()


def test_a_source_the_user_may_not_see_is_not_found(client_as, make, pair):
    physician, _, _ = pair
    draft = make.source(status="draft")
    assert client_as("anonymous").get(compare_url(physician, draft)).status_code == 404
    assert client_as("anonymous").get(compare_url(draft, draft)).status_code == 404
    assert client_as("curator").get(compare_url(physician, draft)).status_code == 200


def test_an_unknown_slug_is_not_found(client, pair):
    physician, _, _ = pair
    url = reverse("evidence:compare", args=[physician.slug, "no-such-source"])
    assert client.get(url).status_code == 404


def test_a_page_out_of_range_shows_the_last_page(client, pair):
    physician, guide, _ = pair
    response = client.get(compare_url(physician, guide) + "?page=99999")
    assert response.status_code == 200
    assert response.context["comparison"].page.number == 1


def test_the_sources_page_counts_each_pair_and_links_each_cell(client, make, pair):
    physician, guide, _ = pair
    clinic = make.source(title="Clinic guide", label="An infusion clinic's guide")
    make.claim(document=clinic, question=pair[2]["home"], stance="opposes")
    response = client.get(reverse("evidence:source-list"))
    rows = {row.source: row for row in response.context["matrix"]}
    assert set(rows) == {physician, guide, clinic}
    cells = {cell.other: cell for cell in rows[physician].cells if cell}
    assert (cells[guide].disagree, cells[guide].agree) == (1, 1)
    assert (cells[clinic].disagree, cells[clinic].agree) == (0, 1)
    html = response.content.decode()
    assert "most-quoted documents" in html
    assert compare_url(physician, guide) in html and compare_url(guide, physician) in html
    assert "disagree on 1, agree on 1" in html


def test_the_matrix_keeps_to_the_most_quoted_documents(client, make):
    q = make.question()
    documents = [make.source() for _ in range(source_matrix.MATRIX_SIZE + 2)]
    for many, document in enumerate(documents):
        for _ in range(many + 1):
            make.claim(document=document, question=q, stance="supports")
    matrix = client.get(reverse("evidence:source-list")).context["matrix"]
    assert [row.source for row in matrix] == documents[::-1][: source_matrix.MATRIX_SIZE]


def test_the_matrix_follows_a_retracted_document_and_a_changed_stance(client, make, pair):
    physician, guide, questions = pair
    url = reverse("evidence:source-list")
    against = physician.claims.get(question=questions["home"])
    against.stance = "supports"
    against.save()
    (row,) = [row for row in client.get(url).context["matrix"] if row.source == physician]
    cells = {cell.other: cell for cell in row.cells if cell}
    assert (cells[guide].disagree, cells[guide].agree) == (0, 2)
    guide.status = "retracted"
    guide.save()
    assert [row.source for row in client.get(url).context["matrix"]] == [physician]


def test_a_source_page_offers_the_other_most_quoted_documents(client, make, pair):
    physician, guide, _ = pair
    html = client.get(physician.get_absolute_url()).content.decode()
    assert "Compare with" in html and compare_url(physician, guide) in html
    silent = make.source()
    assert "Compare with" not in client.get(silent.get_absolute_url()).content.decode()


def test_the_physician_and_the_psychiatrists_guide_disagree_on_home_use(client, seeded):
    from evidence.models import Source

    physician = Source.objects.get(slug="physician-forum-post")
    guide = Source.objects.get(slug="acx-peer-review-ketamine")
    comparison = client.get(compare_url(physician, guide)).context["comparison"]
    disagreed = next(g for g in comparison.groups if g.relation == source_matrix.DISAGREE)
    assert "home-vs-iv" in [row.question.slug for row in disagreed.rows]


def _shared_evidence(make, a, b, n):
    """``n`` questions ``a`` and ``b`` disagree on, each claim with a route and a cited study."""
    route = make.route()
    study = make.source()
    for _ in range(n):
        q = make.question()
        make.claim(document=a, question=q, stance="supports", routes=[route], cites=study)
        make.claim(document=b, question=q, stance="opposes", routes=[route])
        make.claim(document=make.source(), question=q, stance="mixed")


@pytest.mark.parametrize(
    ("page", "bound"),
    # The comparison: both sources, the stances, the page's questions, quotes and routes.
    # The other two are shared pages, held to test_pages' bound.
    [("compare", 6), ("sources", 14), ("source", 14)],
)
def test_the_pages_answer_in_the_same_number_of_queries_at_two_sizes(
    client, make, page, bound, django_assert_max_num_queries
):
    a, b = make.source(), make.source()
    urls = {
        "compare": compare_url(a, b),
        "sources": reverse("evidence:source-list"),
        "source": a.get_absolute_url(),
    }
    counted = []
    built = 0
    for size in SIZES:
        _shared_evidence(make, a, b, size - built)
        built = size
        with django_assert_max_num_queries(bound) as queries:
            assert client.get(urls[page]).status_code == 200
        counted.append(len(queries))
    assert counted[0] == counted[1], counted


def test_the_matrix_shows_on_the_first_page_only_not_on_filtered_or_later_ones(client, make):
    url = reverse("evidence:source-list")
    assert client.get(url, {"sort": "name"}).context["matrix"] is not None
    assert client.get(url, {"kind": "rct"}).context["matrix"] is None
    assert client.get(url, {"page": 2}).context["matrix"] is None
