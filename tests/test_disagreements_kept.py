"""The disagreement table is kept on every write, equals a rebuild, and is keyed by ids."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from evidence import disagreements, publishing
from evidence.models import (
    AdverseEffectReport,
    Claim,
    Disagreement,
    DisagreementKind,
    DisagreementSide,
    QuotedDocument,
    RouteTopicCell,
    SelfContradiction,
)

pytestmark = pytest.mark.django_db


def active_questions():
    stance = Disagreement.objects.active().filter(kind=DisagreementKind.STANCE)
    return set(stance.values_list("question__slug", flat=True))


def contested(make, slug="q"):
    q = make.question(slug=slug) if slug else make.question()
    backing = make.claim(question=q, stance="supports")
    against = make.claim(question=q, stance="opposes")
    return q, backing, against


def test_a_disagreement_appears_when_a_second_source_gives_the_other_answer(make):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    assert active_questions() == set()
    make.claim(question=q, stance="opposes")
    assert active_questions() == {"q"}


def test_retracting_a_side_makes_the_disagreement_inactive_but_keeps_it(make, curator):
    q, backing, _ = contested(make)
    publishing.move(backing, "retracted", curator)
    assert active_questions() == set()
    assert Disagreement.objects.filter(question=q, active=False).exists()


def test_publishing_a_claim_through_the_workflow_opens_the_disagreement(make, curator):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    draft = make.claim(question=q, stance="opposes", status="review")
    assert active_questions() == set()
    publishing.publish(draft, curator)
    assert active_questions() == {"q"}


def test_editing_a_stance_closes_the_disagreement(make):
    _, _, against = contested(make)
    against.stance = "supports"
    against.save()
    assert active_questions() == set()


def test_moving_a_claim_to_another_question_updates_both(make):
    q, backing, _ = contested(make)
    other = make.question(slug="other")
    make.claim(question=other, stance="opposes")
    backing.question = other
    backing.save()
    assert active_questions() == {"other"}


def test_retracting_a_document_closes_the_disagreements_of_its_claims(make):
    _, backing, _ = contested(make)
    document = backing.document
    document.status = "retracted"
    document.save()
    assert active_questions() == set()


def test_retracting_a_question_closes_its_disagreement(make):
    q, _, _ = contested(make)
    q.status = "retracted"
    q.save()
    assert active_questions() == set()


def test_regrading_a_source_changes_its_sides_best_level(make):
    q, backing, _ = contested(make)
    side = Disagreement.objects.get(question=q).sides.get(stance="supports")
    assert side.best_level == 2  # the builders' sources are trials
    backing.document.kind = "meta_analysis"
    backing.document.save()
    assert Disagreement.objects.get(question=q).sides.get(stance="supports").best_level == 1


def largest_parameter_list(write):
    """The most parameters any one SELECT of ``write`` sent (its writes are batched)."""
    sent = [0]

    def count(execute, sql, params, many, context):
        if sql.startswith("SELECT"):
            sent.append(len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        write()
    return max(sent)


@pytest.mark.parametrize("edited", ["source", "route"])
def test_what_a_write_touches_is_found_without_listing_its_claims_ids(make, edited):
    # A source's or a route's claims may be more than one query's parameters can hold.
    def parameters_for(claims):
        source, route = make.source(), make.route()
        for _ in range(claims):
            make.claim(document=source, routes=[route])
        if edited == "source":
            source.kind = "meta_analysis"
            return largest_parameter_list(source.save)
        extra = make.claim()
        return largest_parameter_list(lambda: route.claims.add(extra))

    assert parameters_for(2) == parameters_for(12)


def test_numbers_follow_their_routes(make):
    iv, oral = make.route(slug="iv"), make.route(slug="oral")
    fields = {"quantity": "dose", "unit": "mg", "population": "general"}
    make.claim(value_low=10, value_high=10, routes=[iv], **fields)
    far = make.claim(value_low=500, value_high=500, routes=[iv], **fields)
    assert Disagreement.objects.active().filter(kind="numeric", route=iv).exists()
    far.routes.set([oral])
    assert not Disagreement.objects.active().filter(kind="numeric").exists()


def test_a_claim_about_two_routes_leaves_each_routes_numbers_whole(make):
    iv, nasal = make.route(slug="iv"), make.route(slug="nasal")
    fields = {"quantity": "dose", "unit": "mg", "population": "general"}
    iv_only = make.claim(value_low=10, value_high=10, routes=[iv], **fields)
    make.claim(value_low=10, value_high=10, routes=[iv, nasal], **fields)
    make.claim(value_low=500, value_high=500, routes=[iv, nasal], **fields)
    # The last write refreshed both routes' numbers: nasal's must not stand in for IV's.
    low = Disagreement.objects.get(kind="numeric", route=iv).sides.get(position=0)
    assert iv_only.pk in low.claim_ids and low.claim_count == 2


def test_retracting_a_question_takes_its_claims_numbers_out_and_publishing_brings_them_back(
    make,
):
    iv = make.route(slug="iv")
    fields = {"quantity": "dose", "unit": "mg", "population": "general", "routes": [iv]}
    q = make.question()
    make.claim(value_low=10, value_high=10, **fields)
    make.claim(question=q, stance="supports", value_low=500, value_high=500, **fields)
    numeric = Disagreement.objects.active().filter(kind="numeric", route=iv)
    assert numeric.exists()
    q.status = "retracted"
    q.save()
    assert not numeric.exists()
    q.status = "published"
    q.save()
    assert numeric.exists()


def test_deleting_a_claim_closes_its_disagreement(make):
    _, _, against = contested(make)
    against.delete()
    assert active_questions() == set()


def test_renaming_a_question_keeps_its_explanation_and_redirects_its_old_url(client, make):
    q, _, _ = contested(make, slug="home-vs-iv")
    make.explanation(dispute_key="stance:home-vs-iv", note="Different settings.")
    old_url = q.get_absolute_url()
    q.slug = "home-use"
    q.save()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == q.get_absolute_url()
    page = client.get(q.get_absolute_url()).content.decode()
    assert "Different settings." in page and "No curator has explained" not in page


def test_renaming_a_route_keeps_its_numeric_explanation_and_redirects(client, make):
    iv = make.route(slug="iv")
    fields = {"quantity": "cost_per_treatment", "unit": "usd", "population": "general"}
    make.claim(value_low=800, value_high=800, routes=[iv], **fields)
    make.claim(value_low=300, value_high=600, routes=[iv], **fields)
    make.explanation(dispute_key="numeric:cost_per_treatment:usd:iv:general", note="Fees.")
    iv.slug = "intravenous"
    iv.save()
    assert client.get("/routes/iv/")["Location"] == "/routes/intravenous/"
    (item,) = client.get("/api/v1/disputes/").json()["results"]
    assert item["explanation"]["note"] == "Fees."
    assert item["key"] == "numeric:cost_per_treatment:usd:intravenous:general"


def test_an_unknown_slug_is_still_a_404(client, make):
    assert client.get("/questions/never-was/").status_code == 404


def test_a_renamed_draft_question_does_not_redirect_the_public(client, make):
    q = make.question(slug="secret", status="draft")
    q.slug = "still-secret"
    q.save()
    assert client.get("/questions/secret/").status_code == 404


def test_after_a_random_sequence_of_edits_the_kept_state_equals_a_rebuild(make):
    rng = random.Random(20261128)
    routes = [make.route() for _ in range(3)]
    questions = [make.question() for _ in range(4)]
    documents = [make.source() for _ in range(4)]
    reports = [make.report(document=document) for document in documents * 3]
    claims = []
    for _ in range(200):
        action = rng.choice(
            ["add", "add", "stance", "status", "move", "route", "number", "doc", "ask", "cite"]
            + ["topic", "report"]
        )
        if action == "add" or not claims:
            claims.append(
                make.claim(
                    question=rng.choice(questions),
                    stance=rng.choice(["supports", "opposes", "mixed"]),
                    document=rng.choice(documents),
                    routes=rng.sample(routes, rng.randint(0, 2)),
                )
            )
            continue
        claim = Claim.objects.get(pk=rng.choice(claims).pk)
        if action == "stance" and claim.question_id:
            claim.stance = rng.choice(["supports", "opposes", "mixed", "neutral"])
        elif action == "status":
            claim.status = rng.choice(["published", "review", "retracted"])
        elif action == "move":
            # Some claims answer no question (and so take no stance).
            claim.question = rng.choice([*questions, None])
            claim.stance = "" if claim.question is None else claim.stance or "supports"
        elif action == "route":
            claim.routes.set(rng.sample(routes, rng.randint(0, 2)))
            continue
        elif action == "number":
            low = rng.choice([1, 10, 100])
            claim.quantity, claim.unit, claim.value_low, claim.value_high = "dose", "mg", low, low
        elif action == "cite":
            cited = rng.choice([None, *documents])
            claim.cites = None if cited == claim.document else cited
        elif action == "report":
            report = AdverseEffectReport.objects.get(pk=rng.choice(reports).pk)
            report.status = rng.choice(["published", "review"])
            report.save()
            continue
        elif action == "topic":
            question = rng.choice(questions)
            question.topic = rng.choice(["efficacy", "safety", "dosing"])
            question.save()
            continue
        elif action in ("doc", "ask"):
            record = rng.choice(documents if action == "doc" else questions)
            record.status = rng.choice(["published", "published", "retracted"])
            record.save()
            continue
        claim.save()
    kept = disagreements.state()
    # Forget everything the writes kept, then work it out again from the claims alone.
    DisagreementSide.objects.all().delete()
    Disagreement.objects.all().update(active=False, topic="efficacy")
    SelfContradiction.objects.all().delete()
    RouteTopicCell.objects.all().delete()
    QuotedDocument.objects.all().delete()
    Claim.objects.update(public=False)
    AdverseEffectReport.objects.update(public=False)
    disagreements.rebuild()
    assert disagreements.state() == kept
    *records, contradictions, public, public_reports, cells, quoted = kept
    assert any(row[6] for row in records), "the sequence should leave some disagreement open"
    assert contradictions, "the sequence should leave some source on both sides"
    assert 0 < len(public) < len(claims), "some claims should be public and some not"
    assert 0 < len(public_reports) < len(reports), "and some reports"
    assert cells, "the sequence should leave evidence on the route map"
    assert -1 in {row[1] for row in cells}, "and claims about a route answering no question"
    assert len(quoted) > 1, "and documents to set side by side"


def test_the_rebuild_command_reports_what_it_found(make):
    contested(make)
    out = StringIO()
    call_command("rebuild_disagreements", stdout=out)
    assert out.getvalue().startswith("1 active disagreements")


def test_the_dispute_list_reads_the_table_in_a_fixed_number_of_queries(
    client, make, django_assert_max_num_queries
):
    for size in (2, 20):
        for _ in range(size):
            contested(make, slug=None)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("evidence:dispute-list")).status_code == 200


def test_the_home_page_lists_the_first_disputes_and_links_to_all(client, make, monkeypatch):
    monkeypatch.setattr(disagreements, "HOME_LIMIT", 2)
    for slug in ("a-first", "b-second", "c-third"):
        contested(make, slug=slug)
    html = client.get("/").content.decode()
    assert 'Disputed questions <span class="count">(3)</span>' in html
    assert html.count('class="dispute-card"') == 2
    assert "All 3 disputed questions" in html


def test_the_dispute_list_pages_and_keeps_its_filters(client, make, monkeypatch):
    monkeypatch.setattr(disagreements, "PER_PAGE", 2)
    for _ in range(3):
        contested(make, slug=None)
    first = client.get("/disputes/?topic=efficacy").content.decode()
    assert "3 disagreements, 1–2 shown" in first
    assert "topic=efficacy&amp;page=2" in first
    second = client.get("/disputes/?topic=efficacy&page=2").content.decode()
    assert "Page 2 of 2" in second


def test_a_question_with_many_claims_shows_the_strongest_first_a_page_at_a_time(client, make):
    q = make.question(slug="busy")
    weak = [make.claim(question=q, stance="supports", certainty="very_low") for _ in range(11)]
    strong = make.claim(question=q, stance="supports", certainty="high")
    make.claim(question=q, stance="opposes")
    first = client.get(q.get_absolute_url()).content.decode()
    assert f'id="claim-{strong.pk}"' in first and "Page 1 of 2" in first
    assert first.count('class="claim ') + first.count('class="claim"') <= 11
    second = client.get(q.get_absolute_url() + "?page=2").content.decode()
    shown_second = [c for c in weak if f'id="claim-{c.pk}"' in second]
    assert shown_second and f'id="claim-{strong.pk}"' not in second
