"""Admin curation: every changelist answers in bounded queries; saves keep history."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.contrib.messages import get_messages
from django.urls import reverse

from evidence.models import Claim, Source

pytestmark = pytest.mark.django_db

MODELS = [
    "source",
    "route",
    "question",
    "claim",
    "adverseeffect",
    "adverseeffectreport",
    "disputeexplanation",
    "patientfactor",
]


def fill(make, size):
    make.evidence_of_size(size)
    factors = [make.factor() for _ in range(size)]
    for claim in Claim.objects.all():
        claim.factors.set(factors)
    for _ in range(size):
        make.report().factors.set(factors)
        make.explanation(dispute_key=f"stance:k-{make.route().slug}")


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("size", [2, 12])
def test_every_changelist_answers_in_bounded_queries(
    client, admin_user, make, model, size, django_assert_max_num_queries
):
    fill(make, size)
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:evidence_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["source", "question", "claim", "adverseeffect"])
def test_change_pages_with_inlines_open(client, admin_user, make, model):
    fill(make, 2)
    record = Claim.objects.first()
    target = {
        "source": record.document,
        "question": record.question or make.question(),
        "claim": record,
        "adverseeffect": make.report().effect,
    }[model]
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:evidence_{model}_change", args=[target.pk]))
    assert response.status_code == 200


def test_a_curator_can_use_the_admin_and_a_reviewer_cannot(client, curator, reviewer):
    client.force_login(curator)
    assert client.get(reverse("admin:evidence_claim_changelist")).status_code == 200
    client.force_login(reviewer)
    assert client.get(reverse("admin:evidence_claim_changelist")).status_code == 302


def test_publishing_in_bulk_records_each_change_in_history(client, curator, make):
    drafts = [make.claim(status="draft") for _ in range(3)]
    client.force_login(curator)
    response = client.post(
        reverse("admin:evidence_claim_changelist"),
        {"action": "mark_published", "_selected_action": [c.pk for c in drafts]},
    )
    assert response.status_code == 302
    for claim in drafts:
        claim.refresh_from_db()
        assert claim.status == "published"
        assert claim.history.first().history_user == curator


def test_saving_a_claim_whose_quote_is_not_in_its_document_warns(client, admin_user, make):
    document = make.source(full_text="IV ketamine was given by an anesthesiologist.")
    claim = make.claim(document=document, quote="IV ketamine was given at home.")
    client.force_login(admin_user)
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    data = {
        "key": claim.key,
        "document": document.pk,
        "quote": claim.quote,
        "setting": "not_stated",
        "population": "general",
        "certainty": "low",
        "audit_outcome": "unchecked",
        "status": "published",
        "opened_at_version": claim.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    warnings = [m.message for m in get_messages(response.wsgi_request)]
    assert any("was not found in the text" in m for m in warnings)


def test_a_long_list_writes_each_rows_checkbox_as_djangos_widget_does(make):
    claim = make.claim(document=make.source(title='Nasal "spray" <b>& more</b>'))
    for model, record in ((Claim, claim), (Source, claim.document)):
        list_admin = admin.site._registry[model]
        assert list_admin.action_checkbox(record) == ModelAdmin.action_checkbox(list_admin, record)
