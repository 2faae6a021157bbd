"""Small builders for evidence records; each fills what a test does not care about."""

import itertools

from evidence.constants import Certainty, SourceKind, Status, Topic
from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    Disagreement,
    DisputeExplanation,
    PatientFactor,
    Question,
    Route,
    Source,
)

_n = itertools.count(1)


def source(**fields):
    n = next(_n)
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("title", f"Source {n}")
    fields.setdefault("kind", SourceKind.RCT)
    fields.setdefault("status", Status.PUBLISHED)
    return Source.objects.create(**fields)


def question(**fields):
    n = next(_n)
    fields.setdefault("slug", f"question-{n}")
    fields.setdefault("text", f"Question {n}?")
    fields.setdefault("topic", Topic.EFFICACY)
    fields.setdefault("status", Status.PUBLISHED)
    return Question.objects.create(**fields)


def route(**fields):
    n = next(_n)
    fields.setdefault("slug", f"route-{n}")
    fields.setdefault("name", f"Route {n}")
    fields.setdefault("formulation", "racemic")
    return Route.objects.create(**fields)


def factor(**fields):
    n = next(_n)
    fields.setdefault("slug", f"factor-{n}")
    fields.setdefault("name", f"Factor {n}")
    return PatientFactor.objects.create(**fields)


def claim(routes=(), **fields):
    n = next(_n)
    fields.setdefault("key", f"claim-{n}")
    if "document" not in fields:
        fields["document"] = source()
    fields.setdefault("quote", f"Quoted words {n}.")
    fields.setdefault("certainty", Certainty.LOW)
    fields.setdefault("status", Status.PUBLISHED)
    record = Claim.objects.create(**fields)
    record.routes.set(routes)
    return record


def effect(**fields):
    n = next(_n)
    fields.setdefault("slug", f"effect-{n}")
    fields.setdefault("name", f"Effect {n}")
    fields.setdefault("organ_system", "other")
    return AdverseEffect.objects.create(**fields)


def report(**fields):
    n = next(_n)
    fields.setdefault("key", f"report-{n}")
    if "effect" not in fields:
        fields["effect"] = effect()
    if "document" not in fields:
        fields["document"] = source()
    fields.setdefault("quote", f"Reported words {n}.")
    fields.setdefault("status", Status.PUBLISHED)
    return AdverseEffectReport.objects.create(**fields)


def explanation(dispute_key=None, **fields):
    """An explanation, attached to the disagreement ``dispute_key`` names (a fixture key)."""
    fields.setdefault("status", Status.PUBLISHED)
    if dispute_key is not None:
        kind, _, slug = dispute_key.partition(":")
        if kind == "stance" and not Question.objects.filter(slug=slug).exists():
            question(slug=slug)
        fields["disagreement"] = Disagreement.objects.for_key(dispute_key)
    return DisputeExplanation.objects.create(**fields)


def evidence_of_size(n):
    """``n`` contested questions, each with claims from two sources and a route."""
    shared_route = route()
    for _ in range(n):
        q = question()
        claim(question=q, stance="supports", routes=[shared_route])
        claim(question=q, stance="opposes", routes=[shared_route])
        claim(
            quantity="dose",
            unit="mg",
            value_low=10,
            value_high=20,
            routes=[shared_route],
        )
    return shared_route


def move(record, status, **fields):
    """``record`` as stored, moved to ``status`` (with other ``fields``) and saved, as a
    curator's edit is: history keeps the step."""
    record.refresh_from_db()
    record.status = status
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


def claim_admin_form(claim, **changes):
    """What the admin's claim change form posts for ``claim`` as stored, opened at its
    current version, with ``changes``; a field changed to None is left out."""
    data = {
        "key": claim.key,
        "document": claim.document_id,
        "cites": claim.cites_id,
        "quote": claim.quote,
        "locator": claim.locator,
        "paraphrase": claim.paraphrase,
        "question": claim.question_id,
        "stance": claim.stance,
        "certainty": claim.certainty,
        "certainty_reason": claim.certainty_reason,
        "routes": [route.pk for route in claim.routes.all()],
        "factors": [factor.pk for factor in claim.factors.all()],
        "factor_advice": claim.factor_advice,
        "setting": claim.setting,
        "population": claim.population,
        "quantity": claim.quantity,
        "value_low": claim.value_low,
        "value_high": claim.value_high,
        "unit": claim.unit,
        "context_note": claim.context_note,
        "context_note_basis": claim.context_note_basis,
        "audit_outcome": claim.audit_outcome,
        "audit_faults": claim.audit_faults,
        "audit_note": claim.audit_note,
        "status": claim.status,
        "opened_at_version": claim.version,
        **changes,
    }
    return {name: value for name, value in data.items() if value is not None}
