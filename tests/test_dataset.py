"""The dataset out and back in: export_evidence and import_evidence."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from evidence import dataset, disagreements
from evidence.constants import Status
from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    Disagreement,
    DisagreementSide,
    DisputeExplanation,
    DisputeReason,
    PatientFactor,
    Question,
    QuotedDocument,
    Revision,
    Route,
    RouteTopicCell,
    SelfContradiction,
    Source,
)

pytestmark = pytest.mark.django_db
# In the order they can be deleted: each before the records it names.
EVERY_MODEL = [
    Revision,
    DisputeReason,
    DisputeExplanation,
    DisagreementSide,
    SelfContradiction,
    RouteTopicCell,
    Disagreement,
    AdverseEffectReport,
    Claim,
    AdverseEffect,
    PatientFactor,
    Question,
    QuotedDocument,
    Source,
    Route,
]


def empty_the_database():
    with disagreements.batch(refresh=False):
        Claim.objects.update(superseded_by=None, status=Status.DRAFT)
        for model in EVERY_MODEL:
            model.objects.all().delete()


def exported(tmp_path, name="dataset.json"):
    call_command("export_evidence", tmp_path / name, stdout=io.StringIO())
    return tmp_path / name


def import_evidence(path):
    call_command("import_evidence", path, stdout=io.StringIO())


def derived():
    """What loading works out again rather than reading from the file."""
    return {
        "claims": sorted(Claim.objects.values_list("key", "strength", "public", "quote_check")),
        "levels": sorted(Source.objects.values_list("slug", "evidence_level")),
        "disputes": sorted(d.key for d in Disagreement.objects.active().select_related("question")),
    }


def rewrite(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def record(data, kind, key):
    field = "key" if kind in ("claims", "reports") else "slug"
    return next(r for r in data[kind] if r[field] == key)


def tag_for_the_patient_lens(make):
    """A curator's own patient factor on a claim and a report, and a source's citation
    details: what the seed fixtures may not hold, written and read back all the same."""
    kidney = make.factor(slug="kidney", name="Kidney disease", description="eGFR < 60.")
    claim = Claim.objects.filter(status=Status.PUBLISHED).select_related("document").first()
    claim.factor_advice = "caution"
    claim.save()
    claim.factors.add(kidney)
    report = AdverseEffectReport.objects.first()
    report.factors.add(kidney)
    source = claim.document
    source.volume, source.issue, source.pages = "12", "3", "856-864"
    source.abstract = "Background. Ketamine in treatment-resistant depression."
    source.save()
    return claim, report, source


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_bytes(
    seeded, make, tmp_path
):
    claim, report, source = tag_for_the_patient_lens(make)
    first = exported(tmp_path, "first.json")
    before = derived()
    empty_the_database()
    assert Claim.objects.count() == Source.objects.count() == 0

    import_evidence(first)

    second = exported(tmp_path, "second.json")
    assert second.read_bytes() == first.read_bytes()
    assert derived() == before
    data = json.loads(first.read_text())
    assert data["format"] == dataset.FORMAT and data["format_version"] == 1
    assert len(data["claims"]) == Claim.objects.count() > 200
    factor = record(data, "patient_factors", "kidney")
    assert factor == {
        "slug": "kidney",
        "name": "Kidney disease",
        "description": "eGFR < 60.",
        "position": 0,
    }
    tagged = record(data, "claims", claim.key)
    assert "kidney" in tagged["factors"] and tagged["factor_advice"] == "caution"
    loaded = Claim.objects.get(key=claim.key)
    assert sorted(loaded.factors.values_list("slug", flat=True)) == tagged["factors"]
    assert "kidney" in record(data, "reports", report.key)["factors"]
    details = record(data, "sources", source.slug)
    assert (details["volume"], details["issue"], details["pages"]) == ("12", "3", "856-864")
    assert details["abstract"].startswith("Background.")


def test_the_export_names_records_by_natural_key_in_a_fixed_order(seeded, tmp_path):
    data = json.loads(exported(tmp_path).read_text())
    keys = [claim["key"] for claim in data["claims"]]
    assert keys == sorted(keys)
    claim = Claim.objects.exclude(cites=None).select_related("document", "cites").first()
    written = record(data, "claims", claim.key)
    assert (written["document"], written["cites"]) == (claim.document.slug, claim.cites.slug)
    assert written["version"] == claim.version and written["status"] == claim.status


def test_importing_the_same_file_again_changes_nothing(seeded, tmp_path):
    path = exported(tmp_path)
    versions = sorted(Claim.objects.values_list("key", "version"))
    history = Claim.history.count()

    counts = dataset.load(path)

    assert counts and all(label.endswith("unchanged") for label in counts)
    assert sorted(Claim.objects.values_list("key", "version")) == versions
    assert Claim.history.count() == history


def test_a_stale_edit_is_refused_naming_the_record_and_nothing_is_written(seeded, tmp_path):
    source = Source.objects.first()
    path = exported(tmp_path)
    source.funding = "Edited here since the export."
    source.save()  # the site's record moves on to the next version

    def edit_the_old_copy(data):
        record(data, "sources", source.slug)["title"] = "Edited in the file"
        data["routes"].append({**data["routes"][0], "slug": "new-route", "position": 99})

    rewrite(path, edit_the_old_copy)

    with pytest.raises(CommandError, match=f"{source.slug}: stale: the file holds version 1"):
        import_evidence(path)
    source.refresh_from_db()
    assert source.title != "Edited in the file" and source.version == 2
    assert not Route.objects.filter(slug="new-route").exists()


def test_an_edit_to_a_draft_is_applied_and_moves_its_version_on(seeded, tmp_path):
    claim = Claim.objects.first()
    claim.status = Status.DRAFT
    claim.save()
    path = exported(tmp_path)
    rewrite(path, lambda data: record(data, "claims", claim.key).update(paraphrase="Shorter."))

    counts = dataset.load(path)

    claim.refresh_from_db()
    assert (claim.paraphrase, claim.version) == ("Shorter.", 3)
    assert counts["claims updated"] == 1


def test_patient_factors_edited_in_the_file_are_applied_to_a_draft(seeded, make, tmp_path):
    young, older = make.factor(slug="young-test"), make.factor(slug="older-test")
    claim = Claim.objects.first()
    claim.status, claim.factor_advice = Status.DRAFT, "caution"
    claim.save()
    claim.factors.set([young])
    path = exported(tmp_path)
    rewrite(path, lambda data: record(data, "claims", claim.key).update(factors=["older-test"]))

    counts = dataset.load(path)

    assert list(claim.factors.all()) == [older]
    assert counts["claims updated"] == 1


def test_a_published_claims_factor_change_is_refused_for_a_second_curator(seeded, make, tmp_path):
    make.factor(slug="older-test")
    claim = Claim.objects.filter(status=Status.PUBLISHED, factors=None).first()
    path = exported(tmp_path)
    rewrite(
        path,
        lambda data: record(data, "claims", claim.key).update(
            factors=["older-test"], factor_advice="caution"
        ),
    )

    with pytest.raises(
        CommandError, match=f"{claim.key}: is published here.*factor_advice, factors"
    ):
        import_evidence(path)
    assert not claim.factors.exists()


def test_a_change_to_a_published_record_is_refused_for_a_second_curator(seeded, tmp_path):
    claim = Claim.objects.filter(status=Status.PUBLISHED).first()
    path = exported(tmp_path)
    rewrite(path, lambda data: record(data, "claims", claim.key).update(paraphrase="Shorter."))

    with pytest.raises(CommandError, match=f"{claim.key}: is published here"):
        import_evidence(path)
    assert Claim.objects.get(pk=claim.pk).paraphrase == claim.paraphrase


def test_publishing_a_draft_through_the_import_is_refused(seeded, tmp_path):
    question = Question.objects.filter(status=Status.PUBLISHED).first()
    path = exported(tmp_path)
    Question.objects.filter(pk=question.pk).update(status=Status.DRAFT)

    with pytest.raises(CommandError, match=f"{question.slug}: would be published"):
        import_evidence(path)


def test_a_superseded_claim_is_loaded_after_its_successor(seeded, tmp_path):
    old, new = Claim.objects.all()[:2]
    old.superseded_by, old.status = new, Status.SUPERSEDED
    old.save()
    path = exported(tmp_path)
    rewrite(path, lambda data: data["claims"].sort(key=lambda c: c["superseded_by"] is None))
    empty_the_database()

    import_evidence(path)

    assert Claim.objects.get(key=old.key).superseded_by.key == new.key


def test_a_file_that_is_not_a_dataset_is_refused(db, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"format": "something-else"}')
    with pytest.raises(CommandError, match="not a dataset file"):
        import_evidence(path)


def test_a_record_with_a_wrong_field_is_named(db, tmp_path):
    path = tmp_path / "bad.json"
    route = {"slug": "nasal", "name": "Nasal", "position": "first"}
    path.write_text(json.dumps({"format": dataset.FORMAT, "format_version": 1, "routes": [route]}))
    with pytest.raises(CommandError, match="routes: nasal: 'position' should be a whole number"):
        import_evidence(path)
    assert not Route.objects.exists()
