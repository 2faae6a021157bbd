"""What the curated seed evidence yields: the disputes a psychiatrist would teach."""

import pytest

from evidence import disputes
from evidence.models import Question, Source

pytestmark = pytest.mark.django_db
GUIDE, POST, CLINIC = (
    "acx-peer-review-ketamine",
    "physician-forum-post",
    "clinic-ketamine-therapy-101",
)


def slugs(ids):
    return set(Source.objects.filter(pk__in=ids).values_list("slug", flat=True))


def test_iv_versus_home_is_contested_guide_against_post_and_clinic(seeded):
    found = {d.key: d for d in disputes.current_disputes()}
    sides = {side.label: slugs(side.source_ids) for side in found["stance:home-vs-iv"].sides}
    assert sides["Supports"] == {GUIDE}
    assert sides["Opposes"] == {POST, CLINIC}


def test_the_seed_yields_well_over_a_handful_of_disagreements(seeded):
    found = disputes.current_disputes()
    assert len(found) >= 10
    assert {d.kind for d in found} == {"stance", "numeric"}
    assert len({d.topic for d in found}) >= 5


def test_the_clinic_guide_contradicts_itself_on_cardiorespiratory_suppression(seeded):
    _, contradictions = disputes.stance_disputes()
    flagged = {(Source.objects.get(pk=c.source_id).slug, c.question_id) for c in contradictions}
    question = Question.objects.get(slug="cardiorespiratory-suppression")
    assert (CLINIC, question.pk) in flagged


def test_every_seed_disagreement_has_a_published_explanation(seeded):
    missing = [d.key for d in disputes.current_disputes() if d.explanation is None]
    assert missing == []
