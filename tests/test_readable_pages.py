"""What readers see: answers in plain words, the checks behind each quote, when a record was
really reviewed, the strength legend, source pages grouped by question, and the API fields
behind them. Every page tested here keeps one query bound at two data sizes."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from evidence.models import Claim, Question, RouteQuestionCount
from evidence.pages.questions import GROUPS_PER_PAGE, PER_GROUP, PER_ROUTE_GROUP
from evidence.seed import SeedLoader
from review.models import Comment
from tests.test_seed_refusals import changed, seed_dirs

pytestmark = pytest.mark.django_db
SIZES = [2, 15]
QUERY_BOUND = 14
HOME = "Yes — home use is an acceptable alternative"
CLINIC = "No — IV in a clinic only"


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def text_of(page):
    """The page's words, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def contested(make, **question_fields):
    """A question answered both ways, by two documents, with answers in plain words."""
    question_fields.setdefault("answer_supports", HOME)
    question_fields.setdefault("answer_opposes", CLINIC)
    question = make.question(**question_fields)
    supporting = make.claim(question=question, stance="supports")
    opposing = make.claim(question=question, stance="opposes")
    return question, supporting, opposing


def evidence_of_size(make, n):
    """``n`` contested questions with answers, context notes, audits and checked quotes;
    one document answers them all, so its page has ``n`` groups."""
    document = make.source(label="The guide", full_text="Quoted words. " * 3)
    for i in range(n):
        question = make.question(answer_supports=HOME, answer_opposes=CLINIC, priority=i + 1)
        make.claim(
            document=document,
            question=question,
            stance="supports",
            quote="Quoted words.",
            context_note="Outdated since 2019.",
            context_note_basis="FDA label",
            audit_outcome="confirmed",
            audited_by="A. Curator",
            audited_on=datetime.date(2025, 3, 1),
        )
        make.claim(question=question, stance="opposes", cites=make.source(kind="not_stated"))
    return document


# Answers in plain words ----------------------------------------------------------------------


def test_the_question_page_heads_its_columns_with_the_answers_not_the_stances(client, make):
    question, _, _ = contested(make)
    page = html(client.get(question.get_absolute_url()))
    assert f'class="column-head side-supports">{HOME} ' in page
    assert f'class="column-head side-opposes">{CLINIC} ' in page
    assert ">Supports" not in page and ">Opposes" not in page


def test_each_card_on_the_question_page_names_its_answer(client, make):
    question, supporting, opposing = contested(make)
    page = html(client.get(question.get_absolute_url()))
    assert f'<p class="answer answer-supports">{HOME}</p>' in page
    assert f'<p class="answer answer-opposes">{CLINIC}</p>' in page


def test_the_question_pages_summary_of_the_disagreement_gives_the_answers(client, make):
    question, _, _ = contested(make)
    page = html(client.get(question.get_absolute_url()))
    assert f'<strong class="side-answer">{HOME}</strong>' in page
    assert f'<strong class="side-answer">{CLINIC}</strong>' in page


def test_a_question_without_its_own_answers_says_yes_no_and_it_depends(client, make):
    question, _, _ = contested(make, answer_supports="", answer_opposes="")
    make.claim(question=question, stance="mixed")
    page = html(client.get(question.get_absolute_url()))
    assert 'class="column-head side-supports">Yes ' in page
    assert 'class="column-head side-opposes">No ' in page
    assert 'class="column-head side-mixed">It depends ' in page


def test_the_two_answers_are_paired_row_by_row_then_mixed_claims_follow(client, make):
    question, supporting, opposing = contested(make)
    second = make.claim(question=question, stance="supports")
    mixed = make.claim(question=question, stance="mixed")
    page = html(client.get(question.get_absolute_url()))
    order = [page.index(f'id="claim-{c.pk}"') for c in (supporting, opposing, second, mixed)]
    assert order == sorted(order)
    assert page.count('class="pairs pairs-2"') == 1
    assert page.count('class="pairs pairs-1"') == 1


def test_the_claim_page_states_the_claims_answer_to_its_question(client, make):
    _, _, opposing = contested(make)
    page = html(client.get(opposing.get_absolute_url()))
    assert f'<strong class="answer answer-opposes">{CLINIC}</strong>' in page


def test_the_disagreements_page_gives_each_side_as_an_answer(client, make):
    contested(make)
    page = html(client.get(reverse("evidence:dispute-list")))
    assert f'<strong class="side-answer">{HOME}</strong>' in page
    assert f'<strong class="side-answer">{CLINIC}</strong>' in page


def test_the_claims_table_gives_the_answer_not_the_stance(client, make):
    contested(make)
    page = html(client.get(reverse("evidence:claim-list")))
    answers = re.findall(r'<td data-label="Answer">([^<]*)</td>', page)
    assert sorted(answers) == sorted([HOME, CLINIC])


# The home page: disputed questions in the curators' order ------------------------------------


def test_the_home_page_lists_disputed_questions_by_priority_then_title(client, make):
    contested(make, text="A unprioritised question?", priority=None)
    contested(make, text="B second question?", priority=2)
    contested(make, text="Z first question?", priority=1)
    contested(make, text="C also second, after B?", priority=2)
    page = html(client.get(reverse("evidence:home")))
    titles = ["Z first question?", "B second question?", "C also second, after B?"]
    titles += ["A unprioritised question?"]
    positions = [page.index(f">{title}</a></h3>") for title in titles]
    assert positions == sorted(positions)


def test_the_home_page_sums_up_each_side_by_its_answer(client, make):
    contested(make)
    page = html(client.get(reverse("evidence:home")))
    assert f'<strong class="side-answer">{HOME}</strong>' in page
    assert f'<strong class="side-answer">{CLINIC}</strong>' in page


# Claim cards: context notes and checks ------------------------------------------------------


def test_a_card_shows_the_context_note_with_its_basis(client, make):
    claim = make.claim(
        context_note="Esketamine was approved in 2019.", context_note_basis="FDA label, 2019"
    )
    page = html(client.get(claim.get_absolute_url()))
    assert (
        '<p class="context-note"><strong>Context:</strong> Esketamine was approved in 2019. '
        '<span class="basis">(Basis: FDA label, 2019)</span></p>'
    ) in page


def test_a_card_without_a_context_note_shows_none(client, make):
    claim = make.claim()
    assert 'class="context-note"' not in html(client.get(claim.get_absolute_url()))


def test_a_card_says_when_its_quote_was_checked_against_the_documents_text(client, make):
    claim = make.claim(document=make.source(full_text="The exact words."), quote="The exact words.")
    page = html(client.get(claim.get_absolute_url()))
    today = timezone.localdate()
    assert (
        f"✓ Quote checked against the document’s stored text on {today.day} {today:%b} {today.year}"
    ) in page


def test_a_card_says_when_its_document_has_no_stored_text(client, make):
    claim = make.claim(document=make.source(full_text=""))
    page = html(client.get(claim.get_absolute_url()))
    assert "Quote not checked: no stored text of the document" in page
    assert "✓ Quote checked" not in page


def test_a_card_warns_when_its_quote_is_not_in_the_documents_text(client, make):
    claim = make.claim(document=make.source(full_text="Other words."), quote="The exact words.")
    page = html(client.get(claim.get_absolute_url()))
    assert "⚠ Quote not found in the document’s stored text" in page
    assert "✓ Quote checked" not in page


def test_a_card_says_when_a_second_curator_checked_the_record(client, make):
    claim = make.claim(
        audit_outcome="confirmed",
        audited_by="A. Curator",
        audited_on=datetime.date(2025, 3, 1),
        audit_note="Read in context; stance matches.",
    )
    page = html(client.get(claim.get_absolute_url()))
    assert "Second curator checked this record on 1 Mar 2025</span>" in page
    assert "Read in context; stance matches." in page


def test_a_card_says_a_mended_record_was_corrected(client, make):
    claim = make.claim(
        audit_outcome="mended", audit_faults=["stance"], audited_on=datetime.date(2025, 3, 1)
    )
    page = html(client.get(claim.get_absolute_url()))
    assert "Second curator checked this record on 1 Mar 2025 and corrected it" in page


def test_an_unaudited_card_claims_no_second_check(client, make):
    claim = make.claim()
    assert "Second curator checked" not in html(client.get(claim.get_absolute_url()))


def test_a_cards_certainty_links_to_the_legend(client, make):
    claim = make.claim()
    page = html(client.get(claim.get_absolute_url()))
    assert f'href="{reverse("evidence:strength")}#certainty"' in page


# The claim page: no link to itself --------------------------------------------------------------


def test_the_claim_page_has_no_permalink_to_itself(client, make):
    claim = make.claim()
    page = html(client.get(claim.get_absolute_url()))
    assert f'href="{claim.get_absolute_url()}"' not in page
    assert "Permalink to this claim" not in page


def test_the_claim_page_links_to_the_claims_giving_the_other_answer(client, make):
    _, supporting, opposing = contested(make)
    page = html(client.get(supporting.get_absolute_url()))
    assert f'href="{opposing.get_absolute_url()}"' in page
    assert f'href="{supporting.get_absolute_url()}"' not in page


# The source page: grouped by question, without naming itself on every card -----------------


def test_the_source_page_groups_its_claims_by_question_biggest_first(client, make):
    document = make.source(label="The guide")
    small = make.question(text="Asked once?")
    big = make.question(text="Asked twice?")
    make.claim(document=document, question=small, stance="supports")
    make.claim(document=document, question=big, stance="supports")
    make.claim(document=document, question=big, stance="opposes")
    make.claim(document=document)
    page = html(client.get(document.get_absolute_url()))
    assert page.count('<details class="claim-group">') == 3
    titles = ["Asked twice?", "Asked once?", "Answers no listed question"]
    positions = [page.index(f'<span class="group-title">{t}</span>') for t in titles]
    assert positions == sorted(positions)
    assert "4 claims" in text_of(page)


def test_a_route_page_counts_its_questions_as_each_reader_sees_them(client, make, curator):
    iv = make.route(slug="iv")
    big, small = make.question(text="Asked twice?"), make.question(text="Asked once?")
    make.claim(question=big, stance="supports", routes=[iv])
    make.claim(question=big, stance="opposes", routes=[iv])
    make.claim(question=small, stance="supports", routes=[iv])
    make.claim(question=small, stance="opposes", routes=[iv], status="draft")
    loose = make.claim(routes=[iv])  # answers no question

    def counted():
        grouped = client.get(iv.get_absolute_url()).context["grouped"]
        return [(group.question, group.total) for group in grouped.groups]

    # The public's counts are kept on write, and follow it.
    assert counted() == [(big, 2), (small, 1), (None, 1)]
    loose.routes.set([])
    small.status = "retracted"
    small.save()
    assert counted() == [(big, 2)]
    small.status = "published"
    small.save()
    # The public's are read from the kept table, not counted.
    RouteQuestionCount.objects.filter(question=big).update(claim_count=7)
    assert counted() == [(big, 7), (small, 1)]
    # A curator's are counted, and include the draft.
    client.force_login(curator)
    assert counted() == [(big, 2), (small, 2)]


def test_a_route_page_shows_each_questions_three_strongest_claims_and_a_source_page_five(
    client, make
):
    iv, question, document = make.route(slug="iv"), make.question(), make.source()
    for level in [5, 4, 3, 2, 1, 5]:
        cited = make.source(evidence_level_override=level)
        make.claim(
            question=question, stance="supports", routes=[iv], document=document, cites=cited
        )
    route_group = client.get(iv.get_absolute_url()).context["grouped"].groups[0]
    source_group = client.get(document.get_absolute_url()).context["quoted"].groups[0]
    assert (len(route_group.claims), route_group.total) == (PER_ROUTE_GROUP, 6) == (3, 6)
    assert (len(source_group.claims), source_group.total) == (PER_GROUP, 6) == (5, 6)
    strength = [claim.cites.evidence_level for claim in route_group.claims]
    assert strength == [1, 2, 3]


def test_a_source_page_with_one_group_opens_it(client, make):
    document = make.source()
    make.claim(document=document, question=make.question(), stance="supports")
    page = html(client.get(document.get_absolute_url()))
    assert page.count('<details class="claim-group" open>') == 1


def test_the_source_page_does_not_name_itself_on_its_own_cards(client, make):
    document = make.source(label="The guide", kind="practitioner_guide")
    study = make.source(label="Zarate et al., 2006")
    make.claim(document=document, cites=study)
    page = html(client.get(document.get_absolute_url()))
    assert f'href="{document.get_absolute_url()}"' not in page
    assert f'href="{study.get_absolute_url()}"' in page
    assert text_of(page).count("The guide") == 2  # the title and the heading, not the card


def test_a_studys_page_names_the_documents_that_cite_it(client, make):
    study = make.source(label="Zarate et al., 2006")
    document = make.source(label="The guide")
    make.claim(document=document, cites=study)
    page = html(client.get(study.get_absolute_url()))
    assert "Findings other documents attribute to it" in page
    assert f'href="{document.get_absolute_url()}"' in page


@pytest.mark.parametrize(
    "fields, name",
    [
        ({"label": "S. Alexander (ACX), 2021", "authors": "Scott Alexander"}, "S. Alexander"),
        ({"authors": "Zarate CA, Singh JB, Manji HK", "year": 2006}, "Zarate CA et al., 2006"),
        ({"authors": "Smith J", "year": 2020}, "Smith J, 2020"),
        ({"title": "Ketamine therapy 101", "year": 2023}, "Ketamine therapy 101 (2023)"),
    ],
    ids=["its-label", "first-author-et-al", "a-single-author", "its-title"],
)
def test_a_source_is_named_by_label_else_first_author_else_title(client, make, fields, name):
    source = make.source(**fields)
    assert source.name.startswith(name)
    assert f"<h1>{source.name}</h1>" in html(client.get(source.get_absolute_url()))


def test_a_source_whose_design_is_not_stated_claims_no_level(client, make):
    source = make.source(kind="not_stated")
    assert source.evidence_level is None
    page = html(client.get(source.get_absolute_url()))
    assert "No level: design not stated" in page
    assert "Level None" not in page


# Adverse effects a source looked for and did not see --------------------------------------------


def test_a_report_of_an_effect_not_seen_says_so_on_the_effects_page(client, make):
    effect = make.effect()
    make.report(effect=effect, dose_context="clinical")
    make.report(effect=effect, dose_context="clinical", observed=False)
    page = html(client.get(effect.get_absolute_url()))
    note = "<strong>Not observed:</strong> the source looked for this effect and did not see it."
    assert page.count(note) == 1
    assert page.count('class="claim report not-observed"') == 1
    assert "(2 reports, 1 not observed)" in page


def test_the_adverse_effects_table_says_not_observed(client, make):
    make.report(observed=False)
    page = html(client.get(reverse("evidence:adverse-effect-list")))
    assert "Not observed" in page


@pytest.mark.parametrize("size", SIZES)
def test_the_effects_page_answers_in_bounded_queries(
    client, make, size, django_assert_max_num_queries
):
    effect = make.effect()
    for i in range(size):
        make.report(effect=effect, observed=bool(i % 2), cites=make.source())
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(effect.get_absolute_url())
    assert response.status_code == 200


# The strength legend --------------------------------------------------------------------------


def test_the_strength_legend_explains_levels_certainty_and_checks(client):
    page = html(client.get(reverse("evidence:strength")))
    for label in ["1 – Systematic review or meta-analysis", "5 – Expert opinion"]:
        assert label in page
    for section in ['id="levels"', 'id="certainty"', 'id="checks"']:
        assert section in page
    assert "Randomised controlled trial" in page
    assert "Design not stated: the documents do not say" in page
    assert "<dt>Very low</dt>" in page


def test_the_home_page_links_to_the_strength_legend(client):
    assert f'href="{reverse("evidence:strength")}"' in html(client.get(reverse("evidence:home")))


# Last reviewed: only after a real review ------------------------------------------------------


@pytest.fixture
def second_curator(curator):
    other = User.objects.create_user("second", "second@example.org", "pw-for-tests", is_staff=True)
    other.groups.add(Group.objects.get(name="Curator"))
    return other


def review_status(client, record):
    page = text_of(html(client.get(record.get_absolute_url())))
    return re.search(r"(Not yet reviewed\.|Last reviewed [^.]+\.)", page).group(1)


def publish_in_bulk(client, user, model, records):
    client.force_login(user)
    response = client.post(
        reverse(f"admin:evidence_{model}_changelist"),
        {"action": "mark_published", "_selected_action": [r.pk for r in records]},
    )
    assert response.status_code == 302
    client.logout()


def test_a_seed_loaded_record_is_not_yet_reviewed(client, tmp_path):
    SeedLoader(*seed_dirs(tmp_path)).load()
    claim = Claim.objects.get()
    assert claim.status == "published"
    assert review_status(client, claim) == "Not yet reviewed."
    assert review_status(client, Question.objects.get()) == "Not yet reviewed."


def test_a_seed_loaded_record_with_an_audit_was_reviewed_on_the_audit_date(client, tmp_path):
    audit = {"by": "A. Curator", "on": "2025-03-01", "outcome": "confirmed"}
    seed = changed(lambda s: s["claims"][0].update(audit=audit))
    SeedLoader(*seed_dirs(tmp_path, seed)).load()
    assert review_status(client, Claim.objects.get()) == "Last reviewed 1 March 2025."


def test_a_record_published_by_a_second_curator_was_reviewed_that_day(
    client, curator, second_curator, make
):
    claim = make.claim(status="draft", created_by=curator)
    publish_in_bulk(client, second_curator, "claim", [claim])
    today = timezone.localdate()
    assert review_status(client, claim) == f"Last reviewed {today:%-d %B %Y}."


def test_a_question_published_by_a_second_curator_was_reviewed(
    client, curator, second_curator, make
):
    question = make.question(status="draft", created_by=curator)
    publish_in_bulk(client, second_curator, "question", [question])
    assert review_status(client, question).startswith("Last reviewed")


def test_a_record_its_drafter_published_alone_is_not_yet_reviewed(client, curator, make, settings):
    settings.REVIEW_ALLOW_SELF_PUBLISH = True
    claim = make.claim(status="draft", created_by=curator)
    publish_in_bulk(client, curator, "claim", [claim])
    assert Claim.objects.get(pk=claim.pk).status == "published"
    assert review_status(client, claim) == "Not yet reviewed."


def test_a_resolved_comment_makes_the_record_reviewed_on_that_day(client, reviewer, curator, make):
    claim = make.claim()
    Comment.objects.create(
        claim=claim,
        author=reviewer,
        kind="misquote",
        body="Out of context?",
        resolved_at=timezone.make_aware(datetime.datetime(2025, 6, 2, 12)),
        resolved_by=curator,
        resolution_note="Checked: in context.",
    )
    assert review_status(client, claim) == "Last reviewed 2 June 2025."


def test_an_open_comment_is_not_a_review(client, reviewer, make):
    claim = make.claim()
    Comment.objects.create(claim=claim, author=reviewer, kind="other", body="Is this right?")
    assert review_status(client, claim) == "Not yet reviewed."


def test_an_audit_makes_the_record_reviewed_on_the_audit_date(client, make):
    claim = make.claim(audit_outcome="confirmed", audited_on=datetime.date(2025, 3, 1))
    assert review_status(client, claim) == "Last reviewed 1 March 2025."


def test_the_latest_of_several_reviews_is_the_one_shown(client, reviewer, curator, make):
    claim = make.claim(audit_outcome="confirmed", audited_on=datetime.date(2025, 3, 1))
    Comment.objects.create(
        claim=claim,
        author=reviewer,
        kind="other",
        body="Dose?",
        resolved_at=timezone.make_aware(datetime.datetime(2025, 1, 5, 12)),
        resolved_by=curator,
        resolution_note="Fine.",
    )
    assert review_status(client, claim) == "Last reviewed 1 March 2025."


# The API fields behind these pages --------------------------------------------------------------


def api(client, name):
    response = client.get(reverse(f"evidence:api-{name}"))
    assert response.status_code == 200
    return response.json()


def test_the_api_names_each_source_as_the_pages_do(client, make):
    labelled = make.source(label="The guide")
    authored = make.source(authors="Zarate CA, Singh JB", year=2006)
    labels = {s["id"]: s["label"] for s in api(client, "sources")["results"]}
    assert labels[labelled.pk] == "The guide"
    assert labels[authored.pk] == "Zarate CA et al., 2006"


def test_the_api_gives_a_claims_answer_context_note_and_checks(client, make):
    question = make.question(answer_opposes=CLINIC)
    claim = make.claim(
        question=question,
        stance="opposes",
        document=make.source(full_text="The exact words."),
        quote="The exact words.",
        context_note="Outdated since 2019.",
        context_note_basis="FDA label",
        audit_outcome="mended",
        audit_faults=["stance"],
        audited_by="A. Curator",
        audited_on=datetime.date(2025, 3, 1),
        audit_note="Stance corrected.",
    )
    (item,) = api(client, "claims")["results"]
    assert item["id"] == claim.pk
    assert item["answer"] == CLINIC
    assert (item["context_note"], item["context_note_basis"]) == (
        "Outdated since 2019.",
        "FDA label",
    )
    assert item["quote_check"] == "found"
    assert item["quote_checked_on"] == timezone.localdate().isoformat()
    assert item["audit"] == {
        "outcome": "mended",
        "by": "A. Curator",
        "on": "2025-03-01",
        "faults": ["stance"],
        "note": "Stance corrected.",
    }


def test_the_api_gives_nulls_for_a_claim_without_answer_note_or_audit(client, make):
    make.claim(document=make.source(full_text=""))
    (item,) = api(client, "claims")["results"]
    assert (item["answer"], item["context_note"], item["context_note_basis"]) == (None,) * 3
    assert (item["quote_check"], item["quote_checked_on"]) == ("no_text", None)
    assert item["audit"] == {
        "outcome": "unchecked",
        "by": None,
        "on": None,
        "faults": [],
        "note": "",
    }


def test_the_api_gives_a_questions_answers_and_priority(client, make):
    contested(make, priority=3, answer_mixed="")
    (item,) = api(client, "questions")["results"]
    assert item["answers"] == {"supports": HOME, "opposes": CLINIC, "mixed": "It depends"}
    assert item["priority"] == 3
    assert [side["stance"] for side in item["sides"]] == ["supports", "opposes"]


def test_the_api_labels_a_questions_sides_with_its_answers(client, make):
    contested(make)
    (item,) = api(client, "questions")["results"]
    assert [side["label"] for side in item["sides"]] == [HOME, CLINIC]


def test_the_api_gives_each_dispute_side_its_stance_and_answer(client, make):
    contested(make)
    (item,) = api(client, "disputes")["results"]
    sides = [(side["stance"], side["label"]) for side in item["sides"]]
    assert sides == [("supports", HOME), ("opposes", CLINIC)]


def test_the_api_gives_a_numeric_dispute_side_no_stance(client, make):
    route = make.route()
    for low in (10, 50):
        make.claim(quantity="dose", unit="mg", value_low=low, value_high=low + 5, routes=[route])
    (item,) = api(client, "disputes")["results"]
    assert [side["stance"] for side in item["sides"]] == [None, None]
    assert [side["label"] for side in item["sides"]] == ["10–15 mg", "50–55 mg"]


def test_the_api_says_whether_a_report_observed_its_effect(client, make):
    effect = make.effect()
    seen = make.report(effect=effect)
    unseen = make.report(effect=effect, observed=False)
    (item,) = api(client, "adverse-effects")["results"]
    observed = {report["id"]: report["observed"] for report in item["reports"]}
    assert observed == {seen.pk: True, unseen.pk: False}


# Query bounds at two data sizes ----------------------------------------------------------------


def page_urls(document):
    claim = Claim.objects.filter(document=document).first()
    return {
        "home": reverse("evidence:home"),
        "strength": reverse("evidence:strength"),
        "question": claim.question.get_absolute_url(),
        "claim": claim.get_absolute_url(),
        "source": document.get_absolute_url(),
        "disputes": reverse("evidence:dispute-list"),
        "api-claims": reverse("evidence:api-claims"),
        "api-questions": reverse("evidence:api-questions"),
        "api-disputes": reverse("evidence:api-disputes"),
    }


PAGES = ["home", "strength", "question", "claim", "source", "disputes"]
PAGES += ["api-claims", "api-questions", "api-disputes"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_answers_in_bounded_queries_with_answers_notes_and_audits(
    client, make, size, page, django_assert_max_num_queries
):
    document = evidence_of_size(make, size)
    url = page_urls(document)[page]
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(url)
    assert response.status_code == 200
    if page == "source":  # one group per question, a page of them at most
        groups = response.content.decode().count('<details class="claim-group"')
        assert groups == min(size, GROUPS_PER_PAGE)
