"""Patient factors in the admin: the vocabulary, the factors of claims and reports (with what
a claim says for those patients), the list filters, four eyes on a published claim's factors,
and a source's citation details."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evidence import revisions
from evidence.admin.factors import NO_ADVICE, NO_FACTORS
from evidence.models import AdverseEffectReport, Claim, PatientFactor, Revision
from tests.factories import claim_admin_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def factors(make):
    return {
        "older": make.factor(slug="older-adult", name="Older adult", position=2),
        "heart": make.factor(slug="cardiovascular", name="Heart disease", position=1),
        "young": make.factor(slug="young", name="Adolescent or young adult", position=3),
    }


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def post_claim(client, user, claim, **changes):
    client.force_login(user)
    return client.post(change_url(claim), claim_admin_form(claim, **changes))


def messages_of(response):
    return [str(m.message) for m in get_messages(response.wsgi_request)]


# The vocabulary -----------------------------------------------------------------------


def test_the_factor_list_follows_the_lens_order_and_is_searchable(client, admin_user, factors):
    client.force_login(admin_user)
    url = reverse("admin:evidence_patientfactor_changelist")
    html = client.get(url).content.decode()
    assert html.index("Heart disease") < html.index("Older adult") < html.index("Adolescent")
    found = client.get(url, {"q": "older"}).content.decode()
    assert "Older adult" in found and "Heart disease" not in found


def test_a_curator_adds_a_factor_and_reorders_the_list(client, curator, factors):
    client.force_login(curator)
    fields = {"slug": "kidney", "name": "Kidney disease", "description": "eGFR < 60."}
    response = client.post(reverse("admin:evidence_patientfactor_add"), {**fields, "position": 9})
    assert response.status_code == 302
    kidney = PatientFactor.objects.get(slug="kidney")
    assert PatientFactor.objects.last() == kidney
    response = client.post(change_url(kidney), {**fields, "position": 0})
    assert response.status_code == 302
    assert PatientFactor.objects.first() == kidney
    assert kidney.history.first().history_user == curator


def test_a_reviewer_cannot_change_the_vocabulary(client, reviewer, factors):
    client.force_login(reviewer)
    assert client.get(reverse("admin:evidence_patientfactor_changelist")).status_code == 302


# A claim's factors and what it says for them ------------------------------------------------


def test_the_claim_form_offers_each_factor_as_a_labelled_checkbox_in_lens_order(
    client, curator, make, factors
):
    claim = make.claim(status="draft")
    client.force_login(curator)
    html = client.get(change_url(claim)).content.decode()
    offered = [int(pk) for pk in re.findall(r'name="factors" value="(\d+)"', html)]
    assert offered == [factors[name].pk for name in ("heart", "older", "young")]
    assert '<label for="id_factors_0"><input type="checkbox" name="factors"' in html
    assert "What it says for these patients" in html
    # The group's help text is shown, and no box points at a description that is not there.
    assert "Only the kinds of patient the quote itself names." in html
    assert 'aria-describedby="id_factors_helptext"' not in html


def test_factors_and_advice_are_saved_together(client, curator, make, factors):
    claim = make.claim(status="draft")
    response = post_claim(
        client, curator, claim, factors=[factors["older"].pk], factor_advice="dose_or_route"
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (list(claim.factors.all()), claim.factor_advice) == ([factors["older"]], "dose_or_route")


def test_factors_without_advice_are_refused_on_the_advice_field_keeping_the_ticks(
    client, curator, make, factors
):
    claim = make.claim(status="draft")
    response = post_claim(client, curator, claim, factors=[factors["young"].pk])
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"factor_advice": [NO_ADVICE]}
    html = response.content.decode()
    assert re.search(f'name="factors" value="{factors["young"].pk}"[^>]* checked', html)
    assert not Claim.objects.get(pk=claim.pk).factors.exists()


def test_advice_without_factors_is_refused_on_the_factors_field(client, curator, make, factors):
    claim = make.claim(status="draft")
    response = post_claim(client, curator, claim, factor_advice="contraindication")
    assert response.context["adminform"].form.errors == {"factors": [NO_FACTORS]}
    assert 'value="contraindication" selected' in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).factor_advice == ""


def test_a_published_claims_factor_change_waits_for_a_second_curator(
    client, curator, second_curator, make, factors
):
    claim = make.claim()
    response = post_claim(
        client, curator, claim, factors=[factors["older"].pk], factor_advice="caution"
    )
    assert response.status_code == 302
    assert not claim.factors.exists()
    assert Claim.objects.get(pk=claim.pk).factor_advice == ""
    client.logout()
    (item,) = client.get("/api/v1/claims/").json()["results"]
    assert item["factors"] == []

    client.force_login(second_curator)
    page = client.get(change_url(claim)).content.decode()
    assert '<th scope="row">Patient factors</th><td>—</td><td>Older adult</td>' in page
    revision = Revision.objects.of(claim).pending().get()
    revisions.publish(revision, second_curator)

    claim.refresh_from_db()
    assert (list(claim.factors.all()), claim.factor_advice) == ([factors["older"]], "caution")
    assert claim.history.first().history_user == curator


def test_a_published_claim_keeps_its_factors_when_only_its_quote_changes(
    client, curator, second_curator, make, factors
):
    claim = make.claim(factor_advice="caution")
    claim.factors.set([factors["heart"]])
    post_claim(
        client,
        curator,
        claim,
        quote="A new quote.",
        factors=[factors["heart"].pk],
        factor_advice="caution",
    )
    revision = Revision.objects.of(claim).pending().get()
    assert revision.changes["m2m"] == {}
    revisions.publish(revision, second_curator)
    assert list(Claim.objects.get(pk=claim.pk).factors.all()) == [factors["heart"]]


# Reports ---------------------------------------------------------------------------------


def report_admin_form(report, **changes):
    data = {
        "key": report.key,
        "effect": report.effect_id,
        "document": report.document_id,
        "quote": report.quote,
        "observed": "on",
        "frequency": report.frequency,
        "severity": report.severity,
        "dose_context": report.dose_context,
        "dose": report.dose,
        "certainty": report.certainty,
        "audit_outcome": report.audit_outcome,
        "status": report.status,
        "opened_at_version": report.version,
    }
    return {**data, **changes}


def test_a_reports_factors_are_ticked_in_its_form(client, curator, make, factors):
    report = make.report(status="draft")
    client.force_login(curator)
    assert 'name="factors"' in client.get(change_url(report)).content.decode()
    data = report_admin_form(report, factors=[factors["young"].pk, factors["heart"].pk])
    response = client.post(change_url(report), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(AdverseEffectReport.objects.get(pk=report.pk).factors.all()) == {
        factors["young"],
        factors["heart"],
    }


# The list filters ------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["claim", "adverseeffectreport"])
def test_claims_and_reports_filter_by_patient_factor(client, curator, make, factors, model):
    build = make.claim if model == "claim" else make.report
    tagged, other = build(key="tagged-record"), build(key="other-record")
    tagged.factors.set([factors["young"]])
    other.factors.set([factors["older"]])
    client.force_login(curator)
    url = reverse(f"admin:evidence_{model}_changelist")
    html = client.get(url).content.decode()
    assert "By patient factors" in html
    filtered = client.get(url, {"factors__id__exact": factors["young"].pk}).content.decode()
    assert "tagged-record" in filtered and "other-record" not in filtered


# A source's citation details ---------------------------------------------------------------


def test_the_source_form_keeps_volume_issue_pages_and_abstract_with_the_citation(
    client, curator, make
):
    source = make.source(status="draft")
    client.force_login(curator)
    html = client.get(change_url(source)).content.decode()
    citation = html[html.index(">Citation<") : html.index(">Interests<")]
    for name in ("volume", "issue", "pages", "abstract", "doi"):
        assert f'name="{name}"' in citation
    data = {"slug": source.slug, "title": source.title, "kind": source.kind}
    data |= {"conflict": source.conflict, "status": "draft"}
    data |= {"volume": "63", "issue": "8", "pages": "856-864", "abstract": "Background."}
    data |= {"opened_at_version": source.version}
    data |= {"claims-TOTAL_FORMS": 0, "claims-INITIAL_FORMS": 0}
    response = client.post(change_url(source), data)
    assert response.status_code == 302, messages_of(response)
    source.refresh_from_db()
    assert (source.volume, source.issue, source.pages) == ("63", "8", "856-864")
    assert source.abstract == "Background."
