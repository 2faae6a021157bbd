"""Load the curated seed evidence from ``fixtures/*.json`` (format: fixtures/README.md).

Records are upserted by natural key and saved only when a value differs, so a
second load changes nothing: no new versions, no new history rows. The whole load
is one transaction: a bad record stops it with a message naming the record, and
nothing is half-written.
"""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    DisputeExplanation,
    DisputeReason,
    Question,
    Route,
    Source,
)


class SeedError(Exception):
    pass


def _read(directory: Path, prefix: str) -> list[dict]:
    records = []
    for path in sorted(directory.glob(f"{prefix}*.json")):
        try:
            records.extend(json.loads(path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as error:
            raise SeedError(f"{path.name}: not valid JSON ({error})") from error
    return records


def _decimal(value):
    return None if value is None else Decimal(str(value))


class SeedLoader:
    def __init__(self, directory: Path, documents_dir: Path | None = None):
        self.directory = directory
        self.documents_dir = documents_dir
        self.counts = Counter()

    def load(self) -> Counter:
        with transaction.atomic():
            self._routes()
            self._sources()
            self._questions()
            self._effects()
            self._claims()
            self._reports()
            self._explanations()
        return self.counts

    def _upsert(self, model, lookup: dict, values: dict, routes=None):
        """Create or update one record; count what happened under the model's name."""
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
            # Field checks here; uniqueness and constraints are the database's (one query
            # each per record otherwise), their errors named by record all the same.
            try:
                record.full_clean(validate_unique=False, validate_constraints=False)
                record._change_reason = "Seed evidence load"
                record.save()
            except ValidationError as error:
                raise SeedError(f"{label} {lookup}: {error.message_dict}") from error
            except IntegrityError as error:
                raise SeedError(f"{label} {lookup}: {error}") from error
        if routes is not None and {r.pk for r in record.routes.all()} != set(routes):
            record.routes.set(routes)
            outcome = "updated" if outcome == "unchanged" else outcome
        self.counts[f"{label} {outcome}"] += 1
        return record

    def _ids(self, model, field="slug"):
        return dict(model.objects.values_list(field, "pk"))

    def _ref(self, table: dict, slug, what: str, owner: str):
        if slug in (None, ""):
            return None
        try:
            return table[slug]
        except KeyError:
            raise SeedError(f"{owner}: unknown {what} {slug!r}") from None

    def _routes(self):
        for position, row in enumerate(_read(self.directory, "routes")):
            values = {k: row.get(k, "") for k in ("name", "formulation", "description")}
            values["usual_setting"] = row.get("usual_setting", "not_stated")
            values["position"] = position
            self._upsert(Route, {"slug": row["slug"]}, values)

    def _sources(self):
        fields = ("title", "authors", "venue", "url", "doi", "pmid", "kind")
        text_fields = ("conflict_of_interest", "funding", "point_of_view")
        for row in _read(self.directory, "sources"):
            values = {k: row.get(k) or "" for k in fields + text_fields}
            values["year"] = row.get("year")
            values["evidence_level_override"] = row.get("evidence_level")
            values["status"] = row.get("status", "published")
            values["conflict"] = row.get("conflict", "none_stated")
            text = self._document_text(row.get("full_text_file"))
            if text is not None:
                values["full_text"] = text
            self._upsert(Source, {"slug": row["slug"]}, values)

    def _document_text(self, name):
        if not name or self.documents_dir is None:
            return None
        path = self.documents_dir / name
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def _questions(self):
        for row in _read(self.directory, "questions"):
            values = {k: row.get(k, "") for k in ("text", "topic", "summary")}
            values["status"] = row.get("status", "published")
            self._upsert(Question, {"slug": row["slug"]}, values)

    def _effects(self):
        for row in _read(self.directory, "adverse_effects"):
            values = {k: row.get(k, "") for k in ("name", "organ_system", "description")}
            self._upsert(AdverseEffect, {"slug": row["slug"]}, values)

    def _claims(self):
        sources, questions, routes = self._ids(Source), self._ids(Question), self._ids(Route)
        text = ("stance", "quote", "locator", "paraphrase", "certainty_reason", "quantity", "unit")
        for row in _read(self.directory, "claims"):
            owner = f"claim {row['key']}"
            values = {k: row.get(k) or "" for k in text}
            values.update(
                document_id=self._ref(sources, row["document"], "source", owner),
                cites_id=self._ref(sources, row.get("cites"), "source", owner),
                question_id=self._ref(questions, row.get("question"), "question", owner),
                setting=row.get("setting", "not_stated"),
                population=row.get("population", "general"),
                certainty=row["certainty"],
                value_low=_decimal(row.get("value_low")),
                value_high=_decimal(row.get("value_high")),
                status=row.get("status", "published"),
            )
            route_ids = [self._ref(routes, s, "route", owner) for s in row.get("routes", [])]
            self._upsert(Claim, {"key": row["key"]}, values, routes=route_ids)

    def _reports(self):
        sources, routes, effects = self._ids(Source), self._ids(Route), self._ids(AdverseEffect)
        text = ("frequency", "dose", "quote", "locator")
        for row in _read(self.directory, "reports"):
            owner = f"report {row['key']}"
            values = {k: row.get(k) or "" for k in text}
            values.update(
                effect_id=self._ref(effects, row["effect"], "adverse effect", owner),
                document_id=self._ref(sources, row["document"], "source", owner),
                cites_id=self._ref(sources, row.get("cites"), "source", owner),
                route_id=self._ref(routes, row.get("route"), "route", owner),
                frequency_percent=_decimal(row.get("frequency_percent")),
                severity=row.get("severity", "not_stated"),
                dose_context=row.get("dose_context", "not_stated"),
                certainty=row.get("certainty", ""),
                status=row.get("status", "published"),
            )
            self._upsert(AdverseEffectReport, {"key": row["key"]}, values)

    def _explanations(self):
        for row in _read(self.directory, "explanations"):
            values = {
                "explanation_status": row.get("status", "unexplained"),
                "note": row.get("note", ""),
                "what_would_settle": row.get("what_would_settle", ""),
                "status": row.get("publication_status", "published"),
            }
            explanation = self._upsert(DisputeExplanation, {"dispute_key": row["dispute"]}, values)
            for reason in row.get("reasons", []):
                self._upsert(
                    DisputeReason,
                    {"explanation": explanation, "kind": reason["kind"]},
                    {"detail": reason.get("detail", "")},
                )
