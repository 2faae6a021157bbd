"""Claims from a spreadsheet: one CSV row per claim, checked row by row, imported as drafts.

Columns (README: "The dataset, out and back in"): ``document`` (its slug, DOI or PMID),
``quote``, ``locator``, ``question`` (a slug), ``stance``, ``routes`` (slugs separated by ``;``
or ``,``), ``setting``, ``population``, ``certainty``, ``certainty_reason``, ``quantity``,
``value_low``, ``value_high``, ``unit``, ``factors`` (patient-factor slugs, separated like
routes) and ``factor_advice`` (what the quote says for those patients: both or neither).
Every problem is named by its row (the line of the file, the header being row 1) and
column. The quote must occur in the document's stored text, as for the seed. A claim's key
is made from its document and quote, so a file imported twice adds nothing the second time.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from evidence import disagreements
from evidence.constants import QuoteCheck, Status
from evidence.models import Claim, PatientFactor, Question, Route, Source
from evidence.models.base import check_quote
from evidence.models.claims import factor_advice_fault

COLUMNS = (
    *("document", "quote", "locator", "question", "stance", "routes", "setting", "population"),
    *("certainty", "certainty_reason", "quantity", "value_low", "value_high", "unit"),
    *("factors", "factor_advice"),
)
REQUIRED = ("document", "quote", "certainty")
CHOICE_COLUMNS = (
    *("stance", "setting", "population", "certainty", "quantity", "unit", "factor_advice"),
)
NUMBER_COLUMNS = ("value_low", "value_high")
# Columns of slugs, separated by ";" or ",": the claim's many-to-many fields.
LIST_COLUMNS = {"routes": (Route, "route"), "factors": (PatientFactor, "patient factor")}
_NOT_FIELDS = ("document", "question", *LIST_COLUMNS, *NUMBER_COLUMNS)
DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.IGNORECASE)


class CsvError(Exception):
    """The file as a whole cannot be read: nothing was imported."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class Result:
    created: list = field(default_factory=list)  # (row, claim)
    already_there: list = field(default_factory=list)  # (row, key)
    errors: list = field(default_factory=list)  # RowError
    imported: bool = False


def _rows(text):
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    if missing := [c for c in REQUIRED if c not in header]:
        raise CsvError(f"the header lacks the column(s) {', '.join(missing)}")
    if unknown := [c for c in header if c not in COLUMNS]:
        raise CsvError(
            f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}"
        )
    reader.fieldnames = header
    for record in reader:
        if None in record:
            yield reader.line_num, {None: True}
        else:
            yield reader.line_num, {k: (v or "").strip() for k, v in record.items()}


def _document_lookup(value):
    """The Q that finds the document ``value`` names: a PMID, a DOI or a slug."""
    bare = DOI_PREFIX.sub("", value)
    if re.fullmatch(r"(PMID:?\s*)?\d{1,10}", value, re.IGNORECASE):
        return Q(pmid=re.sub(r"\D", "", value))
    if bare.startswith("10."):
        return Q(doi__iexact=bare)
    return Q(slug=value)


def _key(document, quote):
    digest = hashlib.sha256(f"{document.pk}\n{quote}".encode()).hexdigest()[:12]
    return f"{document.slug[:80]}-csv-{digest}"


class _Checker:
    """Turns rows into unsaved claims, or errors naming the row and column."""

    def __init__(self):
        self.documents, self.questions = {}, {}
        self.known = {
            column: dict(model.objects.values_list("slug", "pk"))
            for column, (model, _) in LIST_COLUMNS.items()
        }

    def document(self, value):
        if value not in self.documents:
            found = Source.objects.filter(_document_lookup(value)).first()
            self.documents[value] = found
        return self.documents[value]

    def question(self, slug):
        if slug not in self.questions:
            self.questions[slug] = Question.objects.filter(slug=slug).first()
        return self.questions[slug]

    def claim(self, line, row):
        """(claim, {list column: ids}, errors) for one row."""
        errors = []

        def fail(column, message):
            errors.append(RowError(line, column, message))

        if None in row:
            fail("-", "more values than the header has columns")
            return None, {}, errors
        for column in REQUIRED:
            if not row.get(column):
                fail(column, "is required")
        values = {c: row.get(c, "") for c in COLUMNS}
        for column in CHOICE_COLUMNS:
            allowed = Claim._meta.get_field(column).choices
            if values[column] and values[column] not in {v for v, _ in allowed}:
                fail(
                    column, f"{values[column]!r} is not one of: {', '.join(v for v, _ in allowed)}"
                )
        numbers = {}
        for column in NUMBER_COLUMNS:
            try:
                numbers[column] = Decimal(values[column]) if values[column] else None
            except InvalidOperation:
                fail(column, f"{values[column]!r} is not a number")
        document = values["document"] and self.document(values["document"])
        if values["document"] and document is None:
            fail("document", f"no source has the slug, DOI or PMID {values['document']!r}")
        question = values["question"] and self.question(values["question"])
        if values["question"] and question is None:
            fail("question", f"no question has the slug {values['question']!r}")
        if bool(values["question"]) != bool(values["stance"]):
            fail("stance", "a question and a stance go together: give both or neither")
        related = {column: self._ids(column, values[column], fail) for column in LIST_COLUMNS}
        self._check_factor_advice(values, fail)
        self._check_number(values, numbers, fail)
        if errors:
            return None, {}, errors
        claim = Claim(
            key=_key(document, values["quote"]),
            document=document,
            question=question or None,
            status=Status.DRAFT,
            # Empty cells take the model's defaults (setting and population: not stated).
            **{c: v for c, v in values.items() if v and c not in _NOT_FIELDS},
        )
        claim.value_low, claim.value_high = numbers["value_low"], numbers["value_high"]
        if check_quote(claim.quote, document.full_text) == QuoteCheck.NOT_FOUND:
            fail("quote", "is not in the document's stored text (check its wording)")
        try:
            claim.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                fail(name if name in COLUMNS else "-", " ".join(messages))
        return claim, related, errors

    def _ids(self, column, value, fail):
        """The ids of the slugs in a list column's cell; unknown slugs fail the row."""
        slugs = [slug.strip() for slug in re.split(r"[;,]", value) if slug.strip()]
        known = self.known[column]
        if unknown := [slug for slug in slugs if slug not in known]:
            fail(column, f"unknown {LIST_COLUMNS[column][1]}(s) {', '.join(unknown)}")
        return [known[slug] for slug in slugs if slug in known]

    @staticmethod
    def _check_factor_advice(values, fail):
        fault = factor_advice_fault(values["factors"], values["factor_advice"])
        if fault == "factor_advice":
            fail(fault, "is required with factors: what the quote says for them")
        elif fault == "factors":
            fail(fault, "are required with factor_advice: the kinds of patient it names")

    @staticmethod
    def _check_number(values, numbers, fail):
        low, high = numbers.get("value_low"), numbers.get("value_high")
        has_value = low is not None or high is not None
        if has_value != bool(values["quantity"]) or has_value != bool(values["unit"]):
            fail("quantity", "a number needs what it measures (quantity), a unit and a value")
        if low is not None and high is not None and low > high:
            fail("value_low", "is above value_high")


def import_claims(text, dry_run=False, skip_bad_rows=False) -> Result:
    """Check every row, then (unless ``dry_run``, and only if every row passed or
    ``skip_bad_rows``) create the new claims as drafts in one transaction."""
    checker, result, ready, keys = _Checker(), Result(), [], {}
    for line, row in _rows(text):
        claim, related, errors = checker.claim(line, row)
        if claim is not None and claim.key in keys:
            errors.append(RowError(line, "quote", f"repeats row {keys[claim.key]}"))
        result.errors += errors
        if errors:
            continue
        keys[claim.key] = line
        ready.append((line, claim, related))
    existing = set(Claim.objects.filter(key__in=keys).values_list("key", flat=True))
    result.already_there = [(line, c.key) for line, c, _ in ready if c.key in existing]
    ready = [item for item in ready if item[1].key not in existing]
    result.created = [(line, claim) for line, claim, _ in ready]
    if dry_run or (result.errors and not skip_bad_rows):
        return result
    with transaction.atomic(), disagreements.batch():
        for _, claim, related in ready:
            claim._change_reason = "Imported from CSV"
            claim.save()
            for column, ids in related.items():
                getattr(claim, column).set(ids)
    result.imported = True
    return result
