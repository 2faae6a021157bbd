"""The database refuses records that would make the evidence dishonest."""

import pytest
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db


def refused(build):
    with pytest.raises(IntegrityError), transaction.atomic():
        build()


def test_a_stance_needs_a_question(make):
    refused(lambda: make.claim(stance="supports"))


def test_a_question_needs_a_stance(make):
    refused(lambda: make.claim(question=make.question(), stance=""))


def test_a_low_value_may_not_exceed_the_high_one(make):
    refused(lambda: make.claim(quantity="dose", unit="mg", value_low=50, value_high=10))


def test_a_number_needs_its_quantity_and_unit(make):
    refused(lambda: make.claim(value_low=10, value_high=10))
    refused(lambda: make.claim(quantity="dose", value_low=10, value_high=10))


def test_a_quantity_needs_a_number(make):
    refused(lambda: make.claim(quantity="dose", unit="mg"))


def test_an_open_ended_number_is_allowed(make):
    claim = make.claim(quantity="sessions", unit="sessions", value_low=3)
    assert claim.value_display == "≥ 3 sessions"


def test_a_superseded_claim_names_its_successor(make):
    refused(lambda: make.claim(status="superseded"))
    successor = make.claim()
    assert make.claim(status="superseded", superseded_by=successor).superseded_by == successor


def test_superseded_questions_and_explanations_name_their_successor(make):
    refused(lambda: make.question(status="superseded"))
    refused(lambda: make.explanation(dispute_key="stance:x", status="superseded"))


def test_a_claim_cannot_cite_its_own_document(make):
    src = make.source()
    refused(lambda: make.claim(document=src, cites=src))


def test_a_claim_needs_a_quote(make):
    refused(lambda: make.claim(quote=""))


def test_doi_and_pmid_are_unique_when_present(make):
    make.source(doi="10.1000/xyz", pmid="123")
    refused(lambda: make.source(doi="10.1000/xyz"))
    refused(lambda: make.source(pmid="123"))
    make.source(doi="", pmid="")
    make.source(doi="", pmid="")


def test_a_report_frequency_is_a_percentage(make):
    refused(lambda: make.report(frequency_percent=150))


def test_evidence_level_comes_from_the_kind_unless_overridden(make):
    assert make.source(kind="meta_analysis").evidence_level == 1
    assert make.source(kind="forum_post").evidence_level == 5
    assert make.source(kind="forum_post", evidence_level_override=3).evidence_level == 3


def test_every_save_bumps_the_version_and_keeps_history(make):
    claim = make.claim()
    claim.paraphrase = "Changed."
    claim.save()
    claim.refresh_from_db()
    assert claim.version == 2
    assert claim.history.count() == 2
