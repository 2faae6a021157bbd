"""The whole curated dataset as one JSON file, and back (README: "The dataset, out and back in").

The file is ``{"format": FORMAT, "format_version": 1, "about": ..., "<kind>": [record, ...]}``
for each kind of ``SeedLoader.KINDS``. A record is a seed fixture record (fixtures/README.md:
the same fields, natural keys instead of ids) plus what a fixture leaves to the loader: its
``version``, a route's ``position``, a source's stored ``full_text`` and citation details
(``volume``, ``issue``, ``pages``, ``abstract``) and, where a record can be superseded,
``superseded_by`` (its successor's natural key). Records are in natural-key
order and every field is always written, so the same data gives the same bytes. Derived
values (evidence level, strength, quote check, disagreements) are not written: loading
works them out again. Who drafted a record is not written either: accounts stay behind.

Loading reuses the seed loader (its checks, natural keys and messages) in one transaction,
with three rules of its own: a record whose stored version is newer than the file's and
that the file would change is a stale edit, refused; a published record's content is not
changed here (that waits for a second curator, ``evidence.revisions``), nor is a record
published (``evidence.publishing``): both are refused with the record's name; and a quote
not found in its document's text is loaded as it stood (the check is stored with it).
"""

import json
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist

from evidence.constants import Status
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
from evidence.models.base import CuratedModel
from evidence.seed import SeedLoader
from evidence.seed_files import (
    INTEGER,
    KEY_FIELD,
    SCHEMAS,
    SLUG_OR_NULL,
    TEXT,
    SeedError,
    checked_rows,
)

FORMAT, FORMAT_VERSION = "ketamine-evidence-dataset", 1
ABOUT = (
    "Every curated record of a Ketamine Evidence Reference site, by natural key; the fields "
    "are those of the seed fixtures (fixtures/README.md) plus version, position, full_text, "
    "a source's volume, issue, pages and abstract, and superseded_by. Load with: "
    "python manage.py import_evidence FILE"
)
VERSION = (INTEGER, True, "a whole number")
# A source's fields that seed fixtures leave out: its stored text and citation details.
SOURCE_EXTRAS = ("volume", "issue", "pages", "abstract", "full_text")
SCHEMA = {
    "routes": {**SCHEMAS["routes"], "position": VERSION},
    "patient_factors": SCHEMAS["patient_factors"],
    "sources": {
        **SCHEMAS["sources"],
        "version": VERSION,
        **{f: (TEXT, False, "text") for f in SOURCE_EXTRAS},
    },
    "questions": {**SCHEMAS["questions"], "version": VERSION, "superseded_by": SLUG_OR_NULL},
    "adverse_effects": SCHEMAS["adverse_effects"],
    "claims": {**SCHEMAS["claims"], "version": VERSION, "superseded_by": SLUG_OR_NULL},
    "reports": {**SCHEMAS["reports"], "version": VERSION},
    "explanations": {**SCHEMAS["explanations"], "version": VERSION, "superseded_by": SLUG_OR_NULL},
}
# Kinds whose records may name a successor of their own kind, loaded before them.
SUCCESSOR_KEY = {"questions": "slug", "claims": "key", "explanations": "dispute"}


def _number(value):
    return None if value is None else float(value)


def _audit(record):
    if record.audit_outcome == "unchecked":
        return {}
    audited_on = record.audited_on.isoformat() if record.audited_on else None
    audit = {"by": record.audited_by, "on": audited_on, "outcome": record.audit_outcome}
    return {"audit": {**audit, "faults": record.audit_faults, "note": record.audit_note}}


def _curated(record):
    return {"status": record.status, "version": record.version}


def _route(r):
    fields = ("slug", "name", "formulation", "usual_setting", "description", "position")
    return {f: getattr(r, f) for f in fields}


def _factor(p):
    return {f: getattr(p, f) for f in ("slug", "name", "description", "position")}


def _source(s):
    fields = ("slug", "title", "label", "authors", "year", "venue", "url", "doi", "pmid", "kind")
    record = {f: getattr(s, f) for f in fields}
    record["evidence_level"] = s.evidence_level_override
    more = ("conflict", "conflict_of_interest", "funding", "point_of_view", *SOURCE_EXTRAS)
    return {**record, **{f: getattr(s, f) for f in more}, **_curated(s)}


def _question(q):
    answers = {"supports": q.answer_supports, "opposes": q.answer_opposes, "mixed": q.answer_mixed}
    record = {"slug": q.slug, "text": q.text, "topic": q.topic, "summary": q.summary}
    successor = q.superseded_by.slug if q.superseded_by_id else None
    record.update(answers=answers, priority=q.priority, superseded_by=successor)
    return {**record, **_curated(q)}


def _effect(e):
    return {f: getattr(e, f) for f in ("slug", "name", "organ_system", "description")}


def _slug(source):
    return source.slug if source else None


def _slugs(related):
    return sorted(r.slug for r in related.all())


def _claim(c):
    record = {"key": c.key, "document": c.document.slug, "cites": _slug(c.cites)}
    record["question"] = _slug(c.question)
    for f in ("stance", "quote", "locator", "paraphrase"):
        record[f] = getattr(c, f)
    record.update(routes=_slugs(c.routes), factors=_slugs(c.factors))
    record["factor_advice"] = c.factor_advice
    for f in ("setting", "population", "certainty", "certainty_reason", "quantity"):
        record[f] = getattr(c, f)
    record.update(value_low=_number(c.value_low), value_high=_number(c.value_high), unit=c.unit)
    if c.context_note or c.context_note_basis:
        record["context_note"] = {"note": c.context_note, "basis": c.context_note_basis}
    record["superseded_by"] = c.superseded_by.key if c.superseded_by_id else None
    return {**record, **_audit(c), **_curated(c)}


def _report(r):
    record = {"key": r.key, "effect": r.effect.slug, "document": r.document.slug}
    record.update(cites=_slug(r.cites), route=_slug(r.route), frequency=r.frequency)
    record.update(frequency_percent=_number(r.frequency_percent), factors=_slugs(r.factors))
    more = ("observed", "severity", "dose_context", "dose", "certainty", "quote", "locator")
    return {**record, **{f: getattr(r, f) for f in more}, **_audit(r), **_curated(r)}


def _explanation(e):
    record = {"dispute": e.disagreement.key, "status": e.explanation_status, "note": e.note}
    record["what_would_settle"] = e.what_would_settle
    record["reasons"] = [{"kind": r.kind, "detail": r.detail} for r in e.reasons.all()]
    successor = e.superseded_by
    record["superseded_by"] = successor.disagreement.key if successor else None
    return {**record, "publication_status": e.status, "version": e.version}


_DISPUTE = ("disagreement__question", "disagreement__route")


def _querysets():
    """Each kind's records with what they name, in a fixed number of queries."""
    explanations = DisputeExplanation.objects.select_related(
        *_DISPUTE, *(f"superseded_by__{f}" for f in _DISPUTE)
    )
    return {
        "routes": (Route.objects.all(), _route),
        "patient_factors": (PatientFactor.objects.all(), _factor),
        "sources": (Source.objects.all(), _source),
        "questions": (Question.objects.select_related("superseded_by"), _question),
        "adverse_effects": (AdverseEffect.objects.all(), _effect),
        "claims": (
            Claim.objects.select_related("document", "cites", "question", "superseded_by")
            .defer("document__full_text", "cites__full_text")
            .prefetch_related("routes", "factors"),
            _claim,
        ),
        "reports": (
            AdverseEffectReport.objects.select_related("effect", "document", "cites", "route")
            .defer("document__full_text", "cites__full_text")
            .prefetch_related("factors"),
            _report,
        ),
        "explanations": (explanations.prefetch_related("reasons"), _explanation),
    }


def export_data() -> dict:
    """Every curated record, each kind in natural-key order."""
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "about": ABOUT}
    for kind, (records, as_record) in _querysets().items():
        key = KEY_FIELD.get(kind, "slug")
        data[kind] = sorted((as_record(r) for r in records), key=lambda row: row[key])
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def read(path: Path) -> dict:
    """The dataset in ``path``, its records checked; a SeedError names what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise SeedError(f"{path.name}: not valid UTF-8") from error
    except json.JSONDecodeError as error:
        raise SeedError(f"{path.name}: not valid JSON ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SeedError(f"{path.name}: not a dataset file (its format should be {FORMAT!r})")
    if data.get("format_version") != FORMAT_VERSION:
        found = data.get("format_version")
        raise SeedError(f"{path.name}: format version {found!r}; this site reads version 1")
    rows = {}
    for kind in SeedLoader.KINDS:
        records = data.get(kind, [])
        if not isinstance(records, list):
            raise SeedError(f"{path.name}: {kind} should be a list of records")
        key = KEY_FIELD.get(kind, "slug")
        rows[kind] = checked_rows(f"{path.name}: {kind}", records, SCHEMA[kind], key, {})
    for kind, key in SUCCESSOR_KEY.items():
        rows[kind] = _successors_first(rows[kind], key)
    return rows


def _successors_first(rows, key):
    """``rows`` with each record after the one superseding it: a superseded record must
    name its successor when it is written (a database constraint)."""
    ordered, waiting = [], rows
    unwritten = {row.data[key] for row in rows}
    while waiting:
        ready = [row for row in waiting if row.data.get("superseded_by") not in unwritten]
        if not ready:
            raise waiting[0].error("its superseded_by chain goes round in a circle")
        waiting = [row for row in waiting if row.data.get("superseded_by") in unwritten]
        unwritten -= {row.data[key] for row in ready}
        ordered += ready
    return ordered


class DatasetLoader(SeedLoader):
    CHANGE_REASON = "Dataset import"

    def __init__(self):
        super().__init__(directory=None)
        self._created = set()  # (model, pk) of the records this load created

    def _check_quote(self, row, document_id):
        """A dataset carries claims as they stood, a quote not (yet) found included:
        its check is worked out again and stored on save."""

    def _upsert(self, row, model, lookup, values, m2m=None):
        values, m2m = {**values, **self._extras(row, model)}, m2m or {}
        record = model.objects.filter(**lookup).first()
        if record is None:
            record = model(**lookup, **values)
            if isinstance(record, CuratedModel):
                record.version = row.data["version"]
            self._refuse_if_published_parent(row, record)
            outcome, changed = "created", [f for f, ids in m2m.items() if ids]
        else:
            changed = [f for f, value in values.items() if getattr(record, f) != value]
            changed += [
                f
                for f, ids in m2m.items()
                if set(getattr(record, f).values_list("pk", flat=True)) != set(ids)
            ]
            self._refuse_change(row, record, values.get("status"), changed)
            for field in changed:
                if field not in m2m:
                    setattr(record, field, values[field])
            outcome = "updated" if changed else "unchanged"
        if outcome != "unchanged":
            self._save(row, record)
        if outcome == "created":
            self._created.add((model, record.pk))
        for field in set(changed) & set(m2m):
            getattr(record, field).set(m2m[field])
        self.counts[f"{model._meta.verbose_name_plural} {outcome}"] += 1
        return record

    def _extras(self, row, model):
        """What a dataset record holds beyond a seed fixture's."""
        data = row.data
        if model is Route:
            return {"position": data["position"]}
        if model is Source:
            return {f: data.get(f, "") for f in SOURCE_EXTRAS}
        if model in (Question, Claim, DisputeExplanation) and "superseded_by" in data:
            return {"superseded_by": self._successor(row, model, data["superseded_by"])}
        return {}

    def _successor(self, row, model, key):
        if key is None:
            return None
        if model is DisputeExplanation:
            try:
                lookup = {"disagreement": Disagreement.objects.for_key(key)}
            except (ValueError, KeyError, ObjectDoesNotExist):
                lookup = None
        else:
            lookup = {"slug" if model is Question else "key": key}
        found = lookup and model.objects.filter(**lookup).first()
        if found is None:
            raise row.error(f"superseded_by names nothing: {key!r}")
        return found

    def _refuse_change(self, row, record, status, changed):
        if not changed:
            return
        if isinstance(record, DisputeReason):
            self._refuse_if_published_parent(row, record)
            return
        if not isinstance(record, CuratedModel):
            return  # routes and adverse effects are reference lists, edited in place
        names = ", ".join(changed)
        incoming = row.data["version"]
        if incoming < record.version:
            raise row.error(
                f"stale: the file holds version {incoming}, but this site's record is at "
                f"version {record.version}; it would change {names}. Export again, or make "
                "the change in the admin"
            )
        if record.status == Status.PUBLISHED and set(changed) != {"status"}:
            raise row.error(
                f"is published here, and a change to a published record ({names}) waits for a "
                "second curator: make it in the admin, or send the record back to review first"
            )
        if status == Status.PUBLISHED and record.status != Status.PUBLISHED:
            raise row.error("would be published by the import: a second curator publishes it")

    def _refuse_if_published_parent(self, row, reason):
        explanation = getattr(reason, "explanation", None)
        if (
            isinstance(reason, DisputeReason)
            and explanation.status == Status.PUBLISHED
            and (DisputeExplanation, explanation.pk) not in self._created
        ):
            raise row.error(
                "is published here, and a change to its reasons waits for a second curator: "
                "make it in the admin, or send the explanation back to review first"
            )


def export(path: Path) -> dict:
    """Write the dataset to ``path`` (beside it first, so a failed write leaves no partial
    file); the number of records of each kind."""
    data = export_data()
    partial = path.with_name(path.name + ".partial")
    partial.write_text(dumps(data), encoding="utf-8")
    partial.replace(path)
    return {kind: len(data[kind]) for kind in SeedLoader.KINDS}


def load(path: Path):
    """Load the dataset in ``path``; the counts of records created, updated, unchanged."""
    return DatasetLoader().write(read(path))
