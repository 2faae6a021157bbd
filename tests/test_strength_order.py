""" "Strongest first" is stored on each claim and kept on write, so long pages read the
strongest few through an index; sides name their strongest sources and count the rest."""

from io import StringIO

import pytest
from django.core.management import call_command

from evidence import disagreements
from evidence.constants import Certainty, SourceKind, Stance
from evidence.disagreements import SOURCES_SHOWN
from evidence.models import AdverseEffectReport, Claim
from evidence.models.strength import strength_for
from evidence.pages import questions

pytestmark = pytest.mark.django_db


def strengths(*claims):
    return [Claim.objects.get(pk=c.pk).strength for c in claims]


def test_a_stronger_design_always_ranks_before_a_more_certain_claim_on_a_weaker_one():
    assert strength_for(1, Certainty.VERY_LOW) < strength_for(2, Certainty.HIGH)
    assert strength_for(3, Certainty.HIGH) < strength_for(3, Certainty.MODERATE)
    assert strength_for(5, Certainty.VERY_LOW) < strength_for(None, Certainty.HIGH)


def test_a_claim_ranks_by_the_study_it_cites_not_the_document_it_was_read_in(make):
    guide = make.source(kind=SourceKind.CLINIC_PAGE)
    trial = make.source(kind=SourceKind.RCT)
    citing = make.claim(document=guide, cites=trial, certainty=Certainty.MODERATE)
    own = make.claim(document=guide, certainty=Certainty.MODERATE)
    assert strengths(citing, own) == [
        strength_for(trial.evidence_level, Certainty.MODERATE),
        strength_for(guide.evidence_level, Certainty.MODERATE),
    ]


def test_regrading_a_source_reranks_the_claims_that_rest_on_it_and_no_others(make):
    study, guide = make.source(kind=SourceKind.RCT), make.source(kind=SourceKind.CLINIC_PAGE)
    own = make.claim(document=study)
    citing = make.claim(document=guide, cites=study)
    unrelated = make.claim(document=guide)
    before = strengths(unrelated)
    study.kind = SourceKind.FORUM_POST
    study.save()
    expected = strength_for(study.evidence_level, Certainty.LOW)
    assert strengths(own, citing) == [expected, expected]
    assert strengths(unrelated) == before


def report_strengths(*reports):
    return [AdverseEffectReport.objects.get(pk=r.pk).strength for r in reports]


def test_an_adverse_effect_report_ranks_as_a_claim_does_and_is_reranked_with_its_study(make):
    study, guide = make.source(kind=SourceKind.RCT), make.source(kind=SourceKind.CLINIC_PAGE)
    citing = make.report(document=guide, cites=study, certainty=Certainty.HIGH)
    own = make.report(document=guide, certainty=Certainty.HIGH)
    assert report_strengths(citing, own) == [
        strength_for(study.evidence_level, Certainty.HIGH),
        strength_for(guide.evidence_level, Certainty.HIGH),
    ]
    study.kind = SourceKind.FORUM_POST
    study.save()
    assert report_strengths(citing) == [strength_for(study.evidence_level, Certainty.HIGH)]
    assert report_strengths(own) == [strength_for(guide.evidence_level, Certainty.HIGH)]


def test_a_question_page_shows_each_sides_strongest_claims_first_and_pages_the_rest(make):
    question = make.question()
    weak, strong = make.source(kind=SourceKind.FORUM_POST), make.source(kind=SourceKind.RCT)
    n = questions.PER_SIDE + 3
    for i in range(n):
        make.claim(question=question, stance=Stance.SUPPORTS, document=weak if i % 2 else strong)
    strong_n = (n + 1) // 2
    claims = Claim.objects.published().with_related().filter(question=question)
    assert questions.sides(question, claims, 1).pages == 2
    first = questions.sides(question, claims, 1).blocks[0].columns[0]
    assert first.total == n
    assert [c.document for c in first.claims] == [strong] * strong_n + [weak] * (
        questions.PER_SIDE - strong_n
    )
    second = questions.sides(question, claims, 2).blocks[0].columns[0]
    assert [c.document for c in second.claims] == [weak] * 3


def test_a_side_names_its_strongest_sources_first_and_counts_the_rest(make):
    question = make.question()
    weak = [make.source(kind=SourceKind.FORUM_POST) for _ in range(SOURCES_SHOWN)]
    strong = make.source(kind=SourceKind.META_ANALYSIS)
    for source in [*weak, strong]:
        make.claim(question=question, stance=Stance.SUPPORTS, document=source)
    make.claim(question=question, stance=Stance.OPPOSES)
    (dispute,) = disagreements.current()
    supporting = dispute.sides[0]
    assert supporting.sources[0] == strong
    assert len(supporting.sources) == SOURCES_SHOWN
    assert supporting.more_sources == 1


def test_a_generated_corpus_ranks_its_claims_and_reports_as_saving_them_would(make, roles):
    for _ in range(3):
        make.effect()
    call_command("generate_corpus", sources=6, claims=60, reports=30, comments=0, stdout=StringIO())
    for records in (Claim.objects.all(), AdverseEffectReport.objects.all()):
        rows = records.select_related("document", "cites")
        assert rows.count() > 20
        for record in rows:
            level = record.evidence_source.evidence_level
            assert record.strength == strength_for(level, record.certainty), record.key
