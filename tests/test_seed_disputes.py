"""What the audited seed evidence yields: the disagreements a psychiatrist would teach,
and an audit trail on every record."""

import pytest

from evidence import disagreements, disputes
from evidence.models import AdverseEffectReport, Claim, Question, Source

pytestmark = pytest.mark.django_db
GUIDE, POST, CLINIC = (
    "acx-peer-review-ketamine",
    "physician-forum-post",
    "clinic-ketamine-therapy-101",
)


def slugs(ids):
    return set(Source.objects.filter(pk__in=ids).values_list("slug", flat=True))


def sides_of(key):
    found = {d.key: d for d in disagreements.current()}
    return {side.stance: slugs(side.source_ids) for side in found[key].sides}


def test_home_nasal_versus_iv_is_contested_guide_against_post_and_clinic(seeded):
    sides = sides_of("stance:home-vs-iv")
    assert sides["supports"] == {GUIDE}
    assert sides["opposes"] == {POST, CLINIC}


def test_how_large_recreational_doses_are_is_a_disagreement_between_the_guides(seeded):
    sides = sides_of("stance:recreational-dose-size")
    assert GUIDE in sides["supports"] and CLINIC in sides["opposes"]


def test_the_seed_yields_well_over_a_handful_of_disagreements(seeded):
    found = disagreements.current()
    assert len(found) >= 15
    assert {d.kind for d in found} == {"stance", "numeric"}
    assert len({d.topic for d in found}) >= 5


def test_the_clinic_guide_contradicts_itself_on_blood_pressure_and_heart_rate(seeded):
    _, contradictions = disputes.stance_disputes()
    flagged = {(Source.objects.get(pk=c.source_id).slug, c.question_id) for c in contradictions}
    question = Question.objects.get(slug="circulatory-depression")
    assert (CLINIC, question.pk) in flagged


@pytest.mark.parametrize("slug", ["microdosing", "off-label-prescribing", "breathing-impairment"])
def test_self_contradictions_the_audit_found_manufactured_are_gone(seeded, slug):
    _, contradictions = disputes.stance_disputes()
    question = Question.objects.get(slug=slug)
    assert question.pk not in {c.question_id for c in contradictions}


def test_every_seed_disagreement_has_a_published_explanation(seeded):
    missing = [d.key for d in disagreements.current() if d.explanation is None]
    assert missing == []


def test_every_seed_claim_and_report_was_checked_by_a_second_curator(seeded):
    for model in (Claim, AdverseEffectReport):
        unchecked = model.objects.filter(audit_outcome="unchecked").values_list("key", flat=True)
        assert list(unchecked) == []
        mended = model.objects.filter(audit_outcome="mended")
        assert mended.exists() and all(record.audit_faults for record in mended)


def test_the_seed_records_reports_of_effects_that_were_not_seen(seeded):
    not_seen = AdverseEffectReport.objects.published().filter(observed=False)
    assert not_seen.filter(key="001-dissociation-no-different-from-placebo").exists()


def test_the_seed_carries_context_notes_with_their_basis(seeded):
    noted = Claim.objects.exclude(context_note="")
    assert noted.count() >= 5
    assert not noted.filter(context_note_basis="").exists()


def test_cited_studies_are_graded_by_design_not_left_as_other(seeded):
    cited = Source.objects.exclude(slug__in=[GUIDE, POST, CLINIC])
    assert cited.filter(kind="other").count() <= 2
    assert cited.filter(kind="not_stated", evidence_level__isnull=True).exists()
    assert Source.objects.get(slug="nimh-2006-ketamine-trd-study").kind == "crossover_trial"
