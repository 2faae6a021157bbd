"""The disagreement rule, pinned."""

import pytest

from evidence import disagreements, disputes
from evidence.constants import Status

pytestmark = pytest.mark.django_db


def stance_keys():
    return {d.key for d in disputes.stance_disputes()[0]}


def test_opposite_stances_from_two_sources_are_contested(make):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    make.claim(question=q, stance="opposes")
    assert stance_keys() == {"stance:q"}


def test_opposite_stances_from_one_source_are_a_self_contradiction_not_a_dispute(make):
    q = make.question(slug="q")
    src = make.source()
    backing = make.claim(question=q, stance="supports", document=src)
    against = make.claim(question=q, stance="opposes", document=src)
    found, contradictions = disputes.stance_disputes()
    assert found == []
    assert [(c.source_id, c.supporting, c.opposing) for c in contradictions] == [
        (src.pk, [backing.pk], [against.pk])
    ]


def test_a_self_contradicting_source_still_disagrees_with_others(make):
    q = make.question(slug="q")
    src = make.source()
    make.claim(question=q, stance="supports", document=src)
    make.claim(question=q, stance="opposes", document=src)
    make.claim(question=q, stance="opposes")
    found, contradictions = disputes.stance_disputes()
    assert [d.key for d in found] == ["stance:q"]
    assert len(contradictions) == 1


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.RETRACTED])
def test_unpublished_claims_never_count_as_disagreement(make, status):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    make.claim(question=q, stance="opposes", status=status)
    assert stance_keys() == set()


def test_claims_from_an_unpublished_document_never_count(make):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    make.claim(question=q, stance="opposes", document=make.source(status=Status.DRAFT))
    assert stance_keys() == set()


def test_mixed_stances_are_shown_but_do_not_make_a_side_alone(make):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    make.claim(question=q, stance="mixed")
    assert stance_keys() == set()
    make.claim(question=q, stance="opposes")
    (dispute,) = disputes.stance_disputes()[0]
    assert [side.stance for side in dispute.sides] == ["supports", "opposes", "mixed"]
    assert [side.label for side in dispute.sides] == ["Yes", "No", "It depends"]


def test_each_side_reports_its_sources_and_best_evidence(make):
    q = make.question(slug="q")
    study = make.source(kind="meta_analysis")
    guide = make.source(kind="practitioner_guide")
    clinic = make.source(kind="clinic_page")
    make.claim(question=q, stance="supports", document=guide, cites=study, certainty="moderate")
    make.claim(question=q, stance="supports", document=guide, certainty="very_low")
    make.claim(question=q, stance="opposes", document=clinic, certainty="very_low")
    (dispute,) = disputes.stance_disputes()[0]
    supports, opposes = dispute.sides
    assert supports.source_ids == [guide.pk]
    assert (supports.best_level, supports.best_certainty) == (1, "moderate")
    assert (opposes.best_level, opposes.best_certainty) == (5, "very_low")


def numbers(make, route, *ranges, **fields):
    for low, high in ranges:
        make.claim(
            quantity="cost_per_treatment",
            unit="usd",
            value_low=low,
            value_high=high,
            routes=[route],
            population="general",
            **fields,
        )


def test_non_overlapping_numbers_from_two_sources_are_a_numeric_disagreement(make):
    iv = make.route(slug="iv")
    numbers(make, iv, (800, 800), (300, 600))
    (dispute,) = disputes.numeric_disputes()
    assert dispute.key == "numeric:cost_per_treatment:usd:iv:general"
    assert [(s.low, s.high) for s in dispute.sides] == [(300, 600), (800, 800)]


def test_a_document_giving_both_ranges_disagrees_with_no_one_who_gives_one_of_them(make):
    # A guide's usual dose and its escalation dose, and a clinic agreeing on the usual one.
    iv = make.route(slug="iv")
    guide = make.source()
    numbers(make, iv, (0.5, 0.5), (1, 1), document=guide)
    numbers(make, iv, (0.5, 0.5))
    assert disputes.numeric_disputes() == []
    numbers(make, iv, (2, 2))
    assert len(disputes.numeric_disputes()) == 1


def test_overlapping_numbers_are_no_disagreement(make):
    iv = make.route(slug="iv")
    numbers(make, iv, (400, 800), (300, 600))
    assert disputes.numeric_disputes() == []


def test_an_open_ended_number_overlaps_everything_above_it(make):
    iv = make.route(slug="iv")
    numbers(make, iv, (3, None), (6, 6))
    assert disputes.numeric_disputes() == []


def test_numbers_for_different_routes_or_populations_are_not_compared(make):
    numbers(make, make.route(), (800, 800))
    numbers(make, make.route(), (10, 10))
    assert disputes.numeric_disputes() == []


def test_numbers_from_one_source_never_disagree_with_each_other(make):
    iv = make.route(slug="iv")
    src = make.source()
    numbers(make, iv, (10, 10), (800, 800), document=src)
    assert disputes.numeric_disputes() == []


def test_current_disputes_filter_by_topic_and_route(make):
    iv = make.route(slug="iv")
    numbers(make, iv, (800, 800), (300, 600))
    q = make.question(slug="q", topic="safety")
    make.claim(question=q, stance="supports", routes=[iv])
    make.claim(question=q, stance="opposes")
    assert len(disagreements.current()) == 2
    assert [d.kind for d in disagreements.current(topic="cost_access")] == ["numeric"]
    assert [d.kind for d in disagreements.current(topic="safety", route="iv")] == ["stance"]
    assert disagreements.current(route="oral") == []


def test_published_explanations_attach_to_their_disagreement(make):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    make.claim(question=q, stance="opposes")
    make.explanation(dispute_key="stance:q", explanation_status="explained", note="Doses differ.")
    (dispute,) = disagreements.current()
    assert dispute.explanation_status == "explained"
    assert dispute.explanation.note == "Doses differ."


def test_draft_explanations_stay_hidden(make):
    q = make.question(slug="q")
    make.claim(question=q, stance="supports")
    make.claim(question=q, stance="opposes")
    make.explanation(dispute_key="stance:q", explanation_status="explained", status="draft")
    (dispute,) = disagreements.current()
    assert dispute.explanation is None
    assert dispute.explanation_status == "unexplained"
