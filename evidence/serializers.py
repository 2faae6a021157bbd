"""Plain-dict views of records for the JSON API; one function per record type."""


def _url(request, record):
    return request.build_absolute_uri(record.get_absolute_url())


def _number(value):
    return None if value is None else float(value)


def _checks(record):
    """Whether a quote was found in its document, and the second curator's audit."""
    return {
        "quote_check": record.quote_check,
        "quote_checked_on": _date(record.quote_checked_on),
        "audit": {
            "outcome": record.audit_outcome,
            "by": record.audited_by or None,
            "on": _date(record.audited_on),
            "faults": record.audit_faults,
            "note": record.audit_note,
        },
    }


def _date(value):
    return value.isoformat() if value else None


def _factors(record):
    """The kinds of patient a record speaks to (prefetched), named: the API lists no
    patient factors of its own to look slugs up in."""
    return [{"slug": factor.slug, "name": factor.name} for factor in record.factors.all()]


def source(request, record):
    return {
        "id": record.pk,
        "slug": record.slug,
        "label": record.name,
        "title": record.title,
        "authors": record.authors,
        "kind": record.kind,
        "year": record.year,
        "venue": record.venue,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "url": record.url,
        "doi": record.doi,
        "pmid": record.pmid,
        "evidence_level": record.evidence_level,
        "conflict_of_interest": record.conflict,
        "conflict_of_interest_detail": record.conflict_of_interest,
        "funding": record.funding,
        "point_of_view": record.point_of_view,
        "version": record.version,
        "permalink": _url(request, record),
    }


def claim(request, record):
    return {
        "id": record.pk,
        "key": record.key,
        "source": record.document_id,
        "cites": record.cites_id,
        "question": record.question.slug if record.question else None,
        "stance": record.stance or None,
        "answer": record.answer or None,
        "quote": record.quote,
        "locator": record.locator,
        "paraphrase": record.paraphrase,
        "routes": [route.slug for route in record.routes.all()],
        "setting": record.setting,
        "population": record.population,
        "factors": _factors(record),
        "factor_advice": record.factor_advice or None,
        "certainty": record.certainty,
        "certainty_reason": record.certainty_reason,
        "quantity": record.quantity or None,
        "value_low": _number(record.value_low),
        "value_high": _number(record.value_high),
        "unit": record.unit or None,
        "context_note": record.context_note or None,
        "context_note_basis": record.context_note_basis or None,
        **_checks(record),
        "version": record.version,
        "url": _url(request, record),
    }


def question(request, record, dispute=None):
    """A question, with its disagreement's sides when it is contested."""
    return {
        "slug": record.slug,
        "text": record.text,
        "topic": record.topic,
        "summary": record.summary,
        "answers": {stance: record.answer(stance) for stance in ("supports", "opposes", "mixed")},
        "priority": record.priority,
        "contested": dispute is not None,
        "sides": _sides(dispute) if dispute else [],
        "version": record.version,
        "url": _url(request, record),
    }


def _sides(dispute):
    return [
        {
            "stance": side.stance or None,
            "label": side.label,
            "sources": side.source_ids,
            "claims": side.claim_ids,
        }
        for side in dispute.sides
    ]


def dispute(request, record):
    explanation = record.explanation
    return {
        "kind": record.kind,
        "key": record.key,
        "title": record.title,
        "question": record.question.slug if record.question else None,
        "topic": record.topic,
        "routes": sorted(record.route_slugs),
        "sides": _sides(record),
        "explanation": {
            "status": record.explanation_status,
            "reasons": [r.kind for r in explanation.reasons.all()] if explanation else [],
            "note": explanation.note if explanation else "",
            "what_would_settle": explanation.what_would_settle if explanation else "",
        },
    }


def route(request, record):
    return {
        "slug": record.slug,
        "name": record.name,
        "formulation": record.formulation,
        "usual_setting": record.usual_setting,
        "description": record.description,
        "url": _url(request, record),
    }


def adverse_effect(request, record):
    """An effect with its published per-source reports (prefetched as ``published_reports``)."""
    return {
        "slug": record.slug,
        "name": record.name,
        "organ_system": record.organ_system,
        "description": record.description,
        "reports": [report(item) for item in record.published_reports],
        "url": _url(request, record),
    }


def report(record):
    return {
        "id": record.pk,
        "source": record.document_id,
        "cites": record.cites_id,
        "route": record.route.slug if record.route else None,
        "observed": record.observed,
        "frequency": record.frequency,
        "frequency_percent": _number(record.frequency_percent),
        "severity": record.severity,
        "dose_context": record.dose_context,
        "dose": record.dose,
        "certainty": record.certainty or None,
        "factors": _factors(record),
        "quote": record.quote,
        "locator": record.locator,
        **_checks(record),
        "version": record.version,
    }
