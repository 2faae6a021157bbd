"""A quoted record's checks: whether its quote is in its document's stored text (stored on
every save, re-checked when the text changes), the second curator's audit (validated, and
signed and dated by the admin), the context note's basis, and the admin's warnings."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evidence.models import AdverseEffectReport, Claim
from tests.factories import claim_admin_form

pytestmark = pytest.mark.django_db

TEXT = "Ketamine was given intravenously in a supervised clinic. Nausea was common."
IN_TEXT = "Ketamine was given intravenously in a supervised clinic."
NOT_IN_TEXT = "Ketamine was given at home."


# The quote check, stored on save -------------------------------------------------------


def test_a_quote_found_in_its_documents_text_is_stored_as_found_and_dated(make):
    claim = make.claim(document=make.source(full_text=TEXT), quote=IN_TEXT)
    claim.refresh_from_db()
    assert claim.quote_check == "found"
    assert claim.quote_checked_on == timezone.localdate()


def test_a_quote_missing_from_its_documents_text_is_stored_as_not_found(make):
    claim = make.claim(document=make.source(full_text=TEXT), quote=NOT_IN_TEXT)
    claim.refresh_from_db()
    assert claim.quote_check == "not_found"
    assert claim.quote_checked_on == timezone.localdate()


def test_a_quote_whose_document_has_no_stored_text_is_not_checked_and_not_dated(make):
    claim = make.claim(document=make.source(full_text=""), quote=IN_TEXT)
    claim.refresh_from_db()
    assert claim.quote_check == "no_text"
    assert claim.quote_checked_on is None


def test_an_adverse_effect_reports_quote_is_checked_like_a_claims(make):
    document = make.source(full_text=TEXT)
    found = make.report(document=document, quote="Nausea was common.")
    missing = make.report(document=document, quote="Nausea was rare.")
    assert AdverseEffectReport.objects.get(pk=found.pk).quote_check == "found"
    assert AdverseEffectReport.objects.get(pk=missing.pk).quote_check == "not_found"


def test_editing_a_quote_with_update_fields_still_stores_the_new_check(make):
    claim = make.claim(document=make.source(full_text=TEXT), quote=IN_TEXT)
    claim.quote = NOT_IN_TEXT
    claim.save(update_fields=["quote"])
    claim.refresh_from_db()
    assert claim.quote_check == "not_found"


def test_a_change_to_a_documents_text_rechecks_its_claims_and_reports(make):
    document = make.source(full_text="")
    claim = make.claim(document=document, quote=IN_TEXT)
    report = make.report(document=document, quote="Nausea was common.")
    versions = (claim.version, report.version)
    history_rows = (claim.history.count(), report.history.count())
    document.full_text = TEXT
    document.save()
    claim.refresh_from_db()
    report.refresh_from_db()
    assert (claim.quote_check, report.quote_check) == ("found", "found")
    assert claim.quote_checked_on == timezone.localdate()
    # A check result is not an edit: no new version, no history row.
    assert (claim.version, report.version) == versions
    assert (claim.history.count(), report.history.count()) == history_rows


def test_a_documents_text_that_no_longer_holds_a_quote_turns_it_to_not_found(make):
    document = make.source(full_text=TEXT)
    claim = make.claim(document=document, quote=IN_TEXT)
    document.full_text = "A rewritten page that says something else."
    document.save()
    claim.refresh_from_db()
    assert claim.quote_check == "not_found"


def test_removing_a_documents_text_leaves_its_quotes_unchecked(make):
    document = make.source(full_text=TEXT)
    claim = make.claim(document=document, quote=IN_TEXT)
    document.full_text = ""
    document.save()
    claim.refresh_from_db()
    assert (claim.quote_check, claim.quote_checked_on) == ("no_text", None)


def test_a_quote_cited_from_another_document_is_checked_against_its_own_document(make):
    document = make.source(full_text=TEXT)
    study = make.source(full_text="")
    claim = make.claim(document=document, cites=study, quote=IN_TEXT)
    study.full_text = "The study's own words, which hold no quote."
    study.save()
    claim.refresh_from_db()
    assert claim.quote_check == "found"


# The audit, validated -------------------------------------------------------------------


def audited(make, **fields):
    claim = make.claim(document=make.source(full_text=TEXT), quote=IN_TEXT)
    for name, value in fields.items():
        setattr(claim, name, value)
    return claim


def test_an_unchecked_record_needs_no_audit_date_or_faults(make):
    audited(make).full_clean()


def test_a_confirmed_audit_with_a_date_is_valid(make):
    audited(make, audit_outcome="confirmed", audited_on=datetime.date(2025, 3, 1)).full_clean()


def test_a_mended_audit_naming_its_faults_is_valid(make):
    claim = audited(
        make,
        audit_outcome="mended",
        audit_faults=["stance", "numbers"],
        audited_on=datetime.date(2025, 3, 1),
    )
    claim.full_clean()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"audit_outcome": "mended", "audit_faults": ["typo"]},
            "audit_faults",
            "Use a list of: context, stance",
        ),
        ({"audit_faults": "stance"}, "audit_faults", "Use a list of"),
        ({"audit_outcome": "mended", "audit_faults": []}, "audit_faults", "names its faults"),
        ({"audit_outcome": "confirmed", "audit_faults": ["stance"]}, "audit_faults", "only it"),
        ({"audit_outcome": "unchecked", "audit_faults": ["stance"]}, "audit_faults", "only it"),
        ({"audit_outcome": "confirmed", "audited_on": None}, "audited_on", "Say when"),
    ],
    ids=[
        "an-unknown-fault",
        "faults-that-are-not-a-list",
        "mended-without-faults",
        "confirmed-with-faults",
        "unchecked-with-faults",
        "checked-without-a-date",
    ],
)
def test_an_inconsistent_audit_is_refused_on_its_field(make, fields, field, message):
    claim = audited(make, audited_on=datetime.date(2025, 3, 1))
    for name, value in fields.items():
        setattr(claim, name, value)
    with pytest.raises(ValidationError) as refused:
        claim.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_a_report_audit_is_validated_too(make):
    report = make.report(audit_outcome="confirmed", audited_on=None)
    with pytest.raises(ValidationError, match="Say when"):
        report.full_clean()


# The context note and its basis ----------------------------------------------------------


def test_a_context_note_without_a_basis_is_refused_by_the_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make.claim(context_note="Esketamine was approved in 2019.")


def test_a_context_note_without_a_basis_is_refused_by_validation(make):
    claim = make.claim()
    claim.context_note = "Esketamine was approved in 2019."
    with pytest.raises(ValidationError, match="claim_context_note_has_basis"):
        claim.full_clean()


def test_a_context_note_with_its_basis_is_kept(make):
    claim = make.claim(
        context_note="Esketamine was approved in 2019.", context_note_basis="FDA label, 2019"
    )
    claim.full_clean()
    assert Claim.objects.get(pk=claim.pk).context_note_basis == "FDA label, 2019"


# The admin: audits signed and dated, quotes warned about ---------------------------------


def post_claim(client, claim, **changes):
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    return client.post(url, claim_admin_form(claim, **changes))


def warnings_of(response):
    return [str(m.message) for m in get_messages(response.wsgi_request)]


def saved(response):
    """The response redirected: the form was accepted (else say why not)."""
    errors = response.context and [
        response.context["adminform"].form.errors,
        *(inline.formset.errors for inline in response.context["inline_admin_formsets"]),
    ]
    return response.status_code == 302 or pytest.fail(f"not saved: {errors}")


@pytest.fixture
def named_curator(curator):
    curator.first_name, curator.last_name = "Ada", "Lovelace"
    curator.save()
    return curator


def test_a_curator_confirming_an_audit_signs_and_dates_it(client, named_curator, make):
    claim = make.claim(document=make.source(full_text=TEXT), status="review", quote=IN_TEXT)
    client.force_login(named_curator)
    response = post_claim(client, claim, audit_outcome="confirmed", audit_note="Read in context.")
    assert saved(response)
    claim.refresh_from_db()
    assert claim.audit_outcome == "confirmed"
    assert claim.audited_by == "Ada Lovelace"
    assert claim.audited_on == timezone.localdate()


def test_a_curator_mending_a_record_names_the_faults_and_signs_it(client, curator, make):
    claim = make.claim(document=make.source(full_text=TEXT), status="review", quote=IN_TEXT)
    client.force_login(curator)
    response = post_claim(client, claim, audit_outcome="mended", audit_faults=["stance", "numbers"])
    assert saved(response)
    claim.refresh_from_db()
    assert claim.audit_faults == ["stance", "numbers"]
    assert (claim.audited_by, claim.audited_on) == ("curator", timezone.localdate())


def test_a_curator_auditing_again_signs_and_dates_it_anew(client, named_curator, make):
    claim = make.claim(
        status="review",
        audit_outcome="confirmed",
        audited_by="Grace Hopper",
        audited_on=datetime.date(2025, 1, 1),
    )
    client.force_login(named_curator)
    response = post_claim(client, claim, audit_outcome="mended", audit_faults=["attribution"])
    assert saved(response)
    claim.refresh_from_db()
    assert claim.audit_outcome == "mended"
    assert (claim.audited_by, claim.audited_on) == ("Ada Lovelace", timezone.localdate())


def test_the_admin_refuses_a_mended_audit_without_faults(client, curator, make):
    claim = make.claim(
        status="review",
        audit_outcome="confirmed",
        audited_by="Someone",
        audited_on=datetime.date(2025, 1, 1),
    )
    client.force_login(curator)
    response = post_claim(client, claim, audit_outcome="mended", audit_faults=None)
    assert response.status_code == 200
    assert "names its faults" in str(response.context["adminform"].form.errors)


def test_editing_other_fields_keeps_the_earlier_auditors_signature(client, curator, make):
    claim = make.claim(
        audit_outcome="confirmed", audited_by="Grace Hopper", audited_on=datetime.date(2025, 1, 1)
    )
    client.force_login(curator)
    assert saved(post_claim(client, claim, certainty="moderate"))
    claim.refresh_from_db()
    assert (claim.audited_by, claim.audited_on) == ("Grace Hopper", datetime.date(2025, 1, 1))


def test_setting_an_audit_back_to_unchecked_removes_the_signature(client, curator, make):
    claim = make.claim(
        status="review",
        audit_outcome="confirmed",
        audited_by="Grace Hopper",
        audited_on=datetime.date(2025, 1, 1),
    )
    client.force_login(curator)
    assert saved(post_claim(client, claim, audit_outcome="unchecked"))
    claim.refresh_from_db()
    assert (claim.audited_by, claim.audited_on) == ("", None)


def test_the_claim_form_warns_when_the_saved_quote_is_not_in_the_document(client, curator, make):
    claim = make.claim(document=make.source(full_text=TEXT), status="review", quote=IN_TEXT)
    client.force_login(curator)
    response = post_claim(client, claim, quote=NOT_IN_TEXT)
    assert saved(response)
    assert any("was not found in the text" in w for w in warnings_of(response))
    claim.refresh_from_db()
    assert (claim.quote, claim.quote_check) == (NOT_IN_TEXT, "not_found")


def test_the_claim_form_does_not_warn_when_the_quote_is_found(client, curator, make):
    claim = make.claim(document=make.source(full_text=TEXT), status="review", quote=NOT_IN_TEXT)
    client.force_login(curator)
    response = post_claim(client, claim, quote=IN_TEXT)
    assert saved(response)
    assert not any("was not found" in w for w in warnings_of(response))


def test_the_report_form_warns_when_the_saved_quote_is_not_in_the_document(client, curator, make):
    report = make.report(
        document=make.source(full_text=TEXT), quote="Nausea was common.", status="review"
    )
    client.force_login(curator)
    data = {
        "key": report.key,
        "effect": report.effect_id,
        "document": report.document_id,
        "quote": "Nausea was rare.",
        "observed": "on",
        "severity": "not_stated",
        "dose_context": "not_stated",
        "audit_outcome": "unchecked",
        "status": "review",
        "opened_at_version": report.version,
    }
    response = client.post(
        reverse("admin:evidence_adverseeffectreport_change", args=[report.pk]), data
    )
    assert saved(response)
    assert any("was not found in the text" in w for w in warnings_of(response))


def source_form(source, claims=(), new=()):
    """The source change form with its claim inline: ``claims`` as they are, ``new`` added."""
    data = {
        "slug": source.slug,
        "title": source.title,
        "kind": source.kind,
        "conflict": source.conflict,
        "full_text": source.full_text,
        "status": source.status,
        "opened_at_version": source.version,
    }
    rows = [
        {"id": c.pk, "key": c.key, "quote": c.quote, "certainty": c.certainty, "stance": ""}
        | {"opened_at_version": c.version}
        for c in claims
    ]
    rows += [{"key": key, "quote": quote, "certainty": "low", "stance": ""} for key, quote in new]
    prefix = "claims"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(claims),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    )
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{i}-{name}"] = value
        data[f"{prefix}-{i}-document"] = source.pk
    return data


def test_a_claim_added_inline_on_its_source_is_warned_about(client, curator, make):
    source = make.source(full_text=TEXT)
    client.force_login(curator)
    data = source_form(source, new=[("inline-missing", NOT_IN_TEXT)])
    response = client.post(reverse("admin:evidence_source_change", args=[source.pk]), data)
    assert saved(response)
    added = Claim.objects.get(key="inline-missing")
    assert added.quote_check == "not_found"
    assert any("was not found in the text" in w for w in warnings_of(response))


def test_a_claim_added_inline_with_a_found_quote_is_not_warned_about(client, curator, make):
    source = make.source(full_text=TEXT)
    client.force_login(curator)
    data = source_form(source, new=[("inline-found", IN_TEXT)])
    response = client.post(reverse("admin:evidence_source_change", args=[source.pk]), data)
    assert saved(response)
    assert Claim.objects.get(key="inline-found").quote_check == "found"
    assert not any("was not found" in w for w in warnings_of(response))


def effect_form(effect, reports=(), new=()):
    """The adverse effect's change form with its report inline: ``reports`` as dicts of
    changes keyed by report, ``new`` as dicts of fields."""
    prefix = "reports"
    rows = [
        {"id": r.pk, "key": r.key, "document": r.document_id, "quote": r.quote, **c}
        | {"opened_at_version": r.version}
        for r, c in reports
    ]
    rows += list(new)
    data = {
        "slug": effect.slug,
        "name": effect.name,
        "organ_system": effect.organ_system,
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(reports),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        row = {"severity": "not_stated", "dose_context": "not_stated", **row}
        for name, value in row.items():
            data[f"{prefix}-{i}-{name}"] = value
        data[f"{prefix}-{i}-effect"] = effect.pk
    return data


def test_a_report_moved_inline_to_a_document_without_its_quote_is_warned_about(
    client, curator, make
):
    report = make.report(
        document=make.source(full_text=TEXT), quote="Nausea was common.", status="review"
    )
    elsewhere = make.source(full_text="A different document about dizziness.")
    client.force_login(curator)
    url = reverse("admin:evidence_adverseeffect_change", args=[report.effect_id])
    data = effect_form(report.effect, reports=[(report, {"document": elsewhere.pk})])
    response = client.post(url, data)
    assert saved(response)
    report.refresh_from_db()
    assert (report.document_id, report.quote_check) == (elsewhere.pk, "not_found")
    assert any("was not found in the text" in w for w in warnings_of(response))


def test_a_report_edited_inline_whose_quote_is_found_is_not_warned_about(client, curator, make):
    report = make.report(
        document=make.source(full_text=TEXT), quote="Nausea was common.", status="review"
    )
    client.force_login(curator)
    url = reverse("admin:evidence_adverseeffect_change", args=[report.effect_id])
    response = client.post(
        url, effect_form(report.effect, reports=[(report, {"frequency": "common"})])
    )
    assert saved(response)
    assert AdverseEffectReport.objects.get(pk=report.pk).frequency == "common"
    assert not any("was not found" in w for w in warnings_of(response))


def test_a_report_added_inline_on_its_adverse_effect_is_warned_about(client, curator, make):
    effect = make.effect()
    document = make.source(full_text=TEXT)
    client.force_login(curator)
    url = reverse("admin:evidence_adverseeffect_change", args=[effect.pk])
    new = {"key": "inline-report", "document": document.pk, "quote": "Nausea was rare."}
    response = client.post(url, effect_form(effect, new=[new]))
    assert saved(response)
    assert AdverseEffectReport.objects.get(key="inline-report").quote_check == "not_found"
    assert any("was not found in the text" in w for w in warnings_of(response))


def test_a_source_text_change_that_loses_a_claims_quote_is_warned_about(client, curator, make):
    source = make.source(full_text=TEXT, status="review")
    claim = make.claim(document=source, quote=IN_TEXT)
    source.full_text = "A rewritten page that says something else."
    client.force_login(curator)
    url = reverse("admin:evidence_source_change", args=[source.pk])
    response = client.post(url, source_form(source, claims=[claim]))
    assert saved(response)
    assert Claim.objects.get(pk=claim.pk).quote_check == "not_found"
    assert any("was not found in the text" in w for w in warnings_of(response))
