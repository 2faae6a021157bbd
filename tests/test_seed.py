"""The seed loader: complete, idempotent, and all-or-nothing."""

import json
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from evidence.constants import SourceKind
from evidence.models import (
    AdverseEffectReport,
    Claim,
    DisputeExplanation,
    PatientFactor,
    Question,
    Route,
    Source,
)
from tests.conftest import load_seed

pytestmark = pytest.mark.django_db
PRIMARY = [
    SourceKind.META_ANALYSIS,
    SourceKind.SYSTEMATIC_REVIEW,
    SourceKind.RCT,
    SourceKind.OBSERVATIONAL,
    SourceKind.CASE_REPORT,
    SourceKind.SURVEY,
]


def snapshot():
    models = [
        Source,
        Route,
        PatientFactor,
        Question,
        Claim,
        AdverseEffectReport,
        DisputeExplanation,
    ]
    return {
        m.__name__: (
            m.objects.count(),
            m.history.count(),
            sorted(m.objects.values_list("pk", *(["version"] if hasattr(m, "version") else []))),
        )
        for m in models
    }


def test_the_seed_covers_what_the_documents_argue(seeded):
    documents = Source.objects.filter(
        slug__in=["physician-forum-post", "acx-peer-review-ketamine", "clinic-ketamine-therapy-101"]
    )
    assert documents.count() == 3
    assert Source.objects.filter(kind__in=PRIMARY).count() >= 10
    assert Claim.objects.count() >= 60
    assert Question.objects.count() >= 12
    assert AdverseEffectReport.objects.count() >= 10
    assert Route.objects.count() >= 6
    topics = set(Question.objects.values_list("topic", flat=True))
    assert len(topics) >= 10
    clinic = documents.get(slug="clinic-ketamine-therapy-101")
    assert clinic.conflict == "financial"


def test_a_second_load_changes_nothing(seeded):
    before = snapshot()
    counts = load_seed()
    assert snapshot() == before
    assert counts and all(label.endswith("unchanged") for label in counts)


def test_a_bad_record_loads_nothing_and_names_the_record(tmp_path, db):
    shutil.copytree(settings.BASE_DIR / "fixtures", tmp_path, dirs_exist_ok=True)
    claims = json.loads((tmp_path / "claims_000.json").read_text())
    claims[-1]["question"] = "no-such-question"
    (tmp_path / "claims_000.json").write_text(json.dumps(claims))
    with pytest.raises(CommandError, match="no-such-question"):
        call_command("load_seed_evidence", fixtures=tmp_path, documents=tmp_path)
    assert Source.objects.count() == 0


def test_invalid_json_is_reported_by_file(tmp_path, db):
    (tmp_path / "routes.json").write_text("[{")
    with pytest.raises(CommandError, match="routes.json"):
        call_command("load_seed_evidence", fixtures=tmp_path, documents=tmp_path)


def test_a_record_breaking_a_constraint_is_named_and_nothing_is_loaded(tmp_path, db):
    shutil.copytree(settings.BASE_DIR / "fixtures", tmp_path, dirs_exist_ok=True)
    claims = json.loads((tmp_path / "claims_000.json").read_text())
    claims[0].update(quantity="dose", unit="mg", value_low=50, value_high=10)
    (tmp_path / "claims_000.json").write_text(json.dumps(claims))
    with pytest.raises(CommandError, match=claims[0]["key"]):
        call_command("load_seed_evidence", fixtures=tmp_path, documents=tmp_path)
    assert Claim.objects.count() == 0
