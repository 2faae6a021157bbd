"""Load the curated seed evidence from ``fixtures/*.json`` (format: fixtures/README.md).

Records are upserted by natural key and saved only when a value differs, so a
second load changes nothing: no new versions, no new history rows. The whole load
is one transaction: a bad record stops it with a message naming its file, its key and
the reason, and nothing is half-written. Files are checked first (``seed_files``); a
quote not found in its document's stored text is refused here.
"""

import datetime
import itertools
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction

from evidence import disagreements, planner
from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    Disagreement,
    DisputeExplanation,
    DisputeReason,
    PatientFactor,
    Question,
    Route,
    Source,
)
from evidence.models.claims import factor_advice_fault
from evidence.quotes import quote_found
from evidence.seed_files import Row, SeedError, read_rows

__all__ = ["SeedError", "SeedLoader"]


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _audit(row: Row) -> dict:
    """The audit fields of a claim or report; an absent audit block means unchecked."""
    audit = row.data.get("audit")
    if audit is None:
        return {
            "audit_outcome": "unchecked",
            "audited_by": "",
            "audited_on": None,
            "audit_faults": [],
            "audit_note": "",
        }
    return {
        "audit_outcome": audit["outcome"],
        "audited_by": audit["by"],
        "audited_on": datetime.date.fromisoformat(audit["on"]),
        "audit_faults": audit.get("faults", []),
        "audit_note": audit.get("note", ""),
    }


class SeedLoader:
    def __init__(self, directory: Path, documents_dir: Path | None = None):
        self.directory = directory
        self.documents_dir = documents_dir
        self.counts = Counter()
        self._ids = {}  # model -> {slug: id}, read once per model
        self._texts = {}  # document id -> stored text, for the quote check
        self._route_positions = itertools.count()

    # In dependency order: a record is loaded after the records it names.
    KINDS = ("routes", "patient_factors", "sources", "questions", "adverse_effects")
    KINDS += ("claims", "reports", "explanations")

    def load(self) -> Counter:
        # Every file is read and checked before the first write.
        return self.write({kind: read_rows(self.directory, kind) for kind in self.KINDS})

    def write(self, rows: dict) -> Counter:
        """Upsert checked ``rows`` ({kind: [Row]}) in one transaction; the counts."""
        with transaction.atomic():
            # Disagreements are worked out once at the end, not after every record.
            with disagreements.batch(refresh=False):
                for kind in self.KINDS:
                    step = getattr(self, f"_{kind}")
                    for row in rows[kind]:
                        step(row)
            disagreements.rebuild()
        planner.gather_statistics()
        return self.counts

    def _upsert(self, row: Row, model, lookup: dict, values: dict, m2m=None):
        """Create or update one record and its ``m2m`` ({field: ids}); count what happened
        under the model's name."""
        record = model.objects.filter(**lookup).first()
        label = model._meta.verbose_name_plural
        if record is None:
            record = model(**lookup, **values)
            outcome = "created"
        elif any(getattr(record, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(record, field, value)
            outcome = "updated"
        else:
            outcome = "unchanged"
        if outcome != "unchanged":
            self._save(row, record)
        for field, ids in (m2m or {}).items():
            related = getattr(record, field)
            if set(related.values_list("pk", flat=True)) != set(ids):
                related.set(ids)
                outcome = "updated" if outcome == "unchanged" else outcome
        self.counts[f"{label} {outcome}"] += 1
        return record

    CHANGE_REASON = "Seed evidence load"

    def _save(self, row: Row, record):
        # Field checks here; uniqueness and constraints are the database's (one query
        # each per record otherwise), their errors named by record all the same.
        try:
            record.full_clean(validate_unique=False, validate_constraints=False)
            record._change_reason = self.CHANGE_REASON
            record.save()
        except ValidationError as error:
            raise row.error(_messages(error)) from error
        except IntegrityError as error:
            raise row.error(f"refused by the database ({error})") from error

    def _ref(self, row: Row, model, slug, what: str, optional=True):
        """The id of the record ``slug`` names, looked up once per model; an optional
        reference left empty names none."""
        if optional and slug in (None, ""):
            return None
        if model not in self._ids:
            self._ids[model] = dict(model.objects.values_list("slug", "pk"))
        try:
            return self._ids[model][slug]
        except KeyError:
            raise row.error(f"unknown {what} {slug!r}") from None

    def _refs(self, row: Row, model, slugs, what: str) -> list:
        """The ids of the records a list of slugs names; an empty slug in a list is refused."""
        return [self._ref(row, model, slug, what, optional=False) for slug in slugs]

    def _factors(self, row: Row, advice=None) -> list:
        """The ids of the patient factors a record names. A claim says what it advises for
        them (``factor_advice``) exactly when it names some; a report advises nothing."""
        ids = self._refs(row, PatientFactor, row.data.get("factors", []), "patient factor")
        fault = factor_advice_fault(ids, advice) if advice is not None else None
        if fault:
            raise row.error(
                "names patient factors without a factor_advice"
                if fault == "factor_advice"
                else "has a factor_advice but names no patient factors"
            )
        return ids

    def _check_quote(self, row: Row, document_id):
        """Refuse a quote that its document's stored text does not contain."""
        if document_id not in self._texts:
            stored = Source.objects.values_list("full_text", flat=True)
            self._texts[document_id] = stored.get(pk=document_id)
        text = self._texts[document_id]
        if text and not quote_found(row.data["quote"], text):
            raise row.error("the quote is not in its document's stored text")

    def _routes(self, row):
        data = row.data
        values = {k: data.get(k, "") for k in ("name", "formulation", "description")}
        values["usual_setting"] = data.get("usual_setting", "not_stated")
        values["position"] = next(self._route_positions)  # the files' order
        self._upsert(row, Route, {"slug": data["slug"]}, values)

    def _patient_factors(self, row):
        data = row.data
        values = {"name": data["name"], "description": data.get("description", "")}
        values["position"] = data.get("position", 0)
        self._upsert(row, PatientFactor, {"slug": data["slug"]}, values)

    def _sources(self, row):
        data = row.data
        fields = ("title", "label", "authors", "venue", "url", "doi", "pmid", "kind")
        values = {k: data.get(k) or "" for k in fields}
        values.update({k: data.get(k) or "" for k in ("conflict_of_interest", "funding")})
        values["point_of_view"] = data.get("point_of_view") or ""
        values["year"] = data.get("year")
        values["evidence_level_override"] = data.get("evidence_level")
        values["status"] = data.get("status", "published")
        values["conflict"] = data.get("conflict", "none_stated")
        text = self._document_text(row, data.get("full_text_file"))
        if text is not None:
            values["full_text"] = text
        self._upsert(row, Source, {"slug": data["slug"]}, values)

    def _document_text(self, row, name):
        if not name or self.documents_dir is None:
            return None
        path = self.documents_dir / name
        if not path.is_file():
            return None
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise row.error(f"its document {name} is not valid UTF-8") from error

    def _questions(self, row):
        data = row.data
        values = {k: data.get(k, "") for k in ("text", "topic", "summary")}
        answers = data.get("answers", {})
        values.update(
            answer_supports=answers.get("supports", ""),
            answer_opposes=answers.get("opposes", ""),
            answer_mixed=answers.get("mixed", ""),
            priority=data.get("priority"),
            status=data.get("status", "published"),
        )
        self._upsert(row, Question, {"slug": data["slug"]}, values)

    def _adverse_effects(self, row):
        data = row.data
        values = {k: data.get(k, "") for k in ("name", "organ_system", "description")}
        self._upsert(row, AdverseEffect, {"slug": data["slug"]}, values)

    def _claims(self, row):
        data = row.data
        text = ("stance", "quote", "locator", "paraphrase", "certainty_reason", "quantity", "unit")
        values = {k: data.get(k) or "" for k in text}
        note = data.get("context_note") or {}
        values.update(
            document_id=self._ref(row, Source, data["document"], "source"),
            cites_id=self._ref(row, Source, data.get("cites"), "source"),
            question_id=self._ref(row, Question, data.get("question"), "question"),
            setting=data.get("setting", "not_stated"),
            population=data.get("population", "general"),
            certainty=data["certainty"],
            value_low=_decimal(data.get("value_low")),
            value_high=_decimal(data.get("value_high")),
            status=data.get("status", "published"),
            context_note=note.get("note", ""),
            context_note_basis=note.get("basis", ""),
            factor_advice=data.get("factor_advice", ""),
            **_audit(row),
        )
        self._check_quote(row, values["document_id"])
        m2m = {
            "routes": self._refs(row, Route, data.get("routes", []), "route"),
            "factors": self._factors(row, values["factor_advice"]),
        }
        self._upsert(row, Claim, {"key": data["key"]}, values, m2m=m2m)

    def _reports(self, row):
        data = row.data
        values = {k: data.get(k) or "" for k in ("frequency", "dose", "quote", "locator")}
        values.update(
            effect_id=self._ref(row, AdverseEffect, data["effect"], "adverse effect"),
            document_id=self._ref(row, Source, data["document"], "source"),
            cites_id=self._ref(row, Source, data.get("cites"), "source"),
            route_id=self._ref(row, Route, data.get("route"), "route"),
            frequency_percent=_decimal(data.get("frequency_percent")),
            observed=data.get("observed", True),
            severity=data.get("severity", "not_stated"),
            dose_context=data.get("dose_context", "not_stated"),
            certainty=data.get("certainty", ""),
            status=data.get("status", "published"),
            **_audit(row),
        )
        self._check_quote(row, values["document_id"])
        m2m = {"factors": self._factors(row)}
        self._upsert(row, AdverseEffectReport, {"key": data["key"]}, values, m2m=m2m)

    def _explanations(self, row):
        data = row.data
        values = {
            "explanation_status": data.get("status", "unexplained"),
            "note": data.get("note", ""),
            "what_would_settle": data.get("what_would_settle", ""),
            "status": data.get("publication_status", "published"),
        }
        try:
            disagreement = Disagreement.objects.for_key(data["dispute"])
        except (ValueError, ObjectDoesNotExist) as error:
            raise row.error(f"names no disagreement: {error}") from error
        except KeyError as error:  # a numeric key's quantity is not one the site knows
            raise row.error(f"names no disagreement: unknown quantity {error}") from error
        lookup = {"disagreement": disagreement}
        explanation = self._upsert(row, DisputeExplanation, lookup, values)
        for reason in data.get("reasons", []):
            self._upsert(
                row,
                DisputeReason,
                {"explanation": explanation, "kind": reason["kind"]},
                {"detail": reason.get("detail", "")},
            )


def _messages(error: ValidationError) -> str:
    """A validation error as one line: 'field: message; field: message'."""
    return "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
    )
