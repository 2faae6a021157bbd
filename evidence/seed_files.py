"""Read and check the seed files before anything is written.

Every record is checked against the schema of its kind (fixtures/README.md): required
fields present, each value of the right type, no unknown field, no NUL character, keys
unique within and across files. A problem is reported with the file, the record's key
and the reason, so a curator can find and mend it.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path


class SeedError(Exception):
    pass


@dataclass(frozen=True)
class Row:
    file: str
    key: str
    data: dict

    def error(self, reason):
        return SeedError(f"{self.file}: {self.key}: {reason}")


def _is(kind):
    # bool is a subclass of int in Python, but true is no year.
    return lambda value: isinstance(value, kind) and (kind is bool or not isinstance(value, bool))


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text_list(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _date(value):
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _mapping(schema):
    def check(value):
        return isinstance(value, dict) and not _problems(value, schema)

    return check


def _nullable(check):
    return lambda value: value is None or check(value)


TEXT, INTEGER, BOOLEAN = _is(str), _is(int), _is(bool)
# field: (check, required, what it should be)
AUDIT = {
    "by": (TEXT, True, "text"),
    "on": (_date, True, "a date, YYYY-MM-DD"),
    "outcome": (TEXT, True, "text"),
    "faults": (_text_list, False, "a list of texts"),
    "note": (TEXT, False, "text"),
}
CONTEXT_NOTE = {"note": (TEXT, True, "text"), "basis": (TEXT, True, "text")}
ANSWERS = {
    "supports": (TEXT, True, "text"),
    "opposes": (TEXT, True, "text"),
    "mixed": (TEXT, False, "text"),
}
REASON = {"kind": (TEXT, True, "text"), "detail": (TEXT, False, "text")}


def _optional(check, what):
    return (check, False, what)


def _required(check, what):
    return (check, True, what)


def _texts(*names):
    return {name: _optional(TEXT, "text") for name in names}


NUMBER = _optional(_nullable(_number), "a number or null")
SLUG_OR_NULL = _optional(_nullable(TEXT), "a slug or null")
FACTORS = _optional(_text_list, "a list of patient-factor slugs")
SCHEMAS = {
    "routes": {
        "slug": _required(TEXT, "text"),
        "name": _required(TEXT, "text"),
        **_texts("formulation", "usual_setting", "description"),
    },
    "patient_factors": {
        "slug": _required(TEXT, "text"),
        "name": _required(TEXT, "text"),
        "position": _optional(INTEGER, "a whole number"),
        **_texts("description"),
    },
    "sources": {
        "slug": _required(TEXT, "text"),
        "title": _required(TEXT, "text"),
        "kind": _required(TEXT, "text"),
        "year": _optional(_nullable(INTEGER), "a whole number or null"),
        "evidence_level": _optional(_nullable(INTEGER), "a whole number or null"),
        **_texts(
            *("label", "authors", "venue", "url", "doi", "pmid", "conflict"),
            *("conflict_of_interest", "funding", "point_of_view", "full_text_file", "status"),
        ),
    },
    "questions": {
        "slug": _required(TEXT, "text"),
        "text": _required(TEXT, "text"),
        "topic": _required(TEXT, "text"),
        "answers": _optional(_mapping(ANSWERS), "an object with supports, opposes and mixed"),
        "priority": _optional(_nullable(INTEGER), "a whole number or null"),
        **_texts("summary", "status"),
    },
    "adverse_effects": {
        "slug": _required(TEXT, "text"),
        "name": _required(TEXT, "text"),
        "organ_system": _required(TEXT, "text"),
        **_texts("description"),
    },
    "claims": {
        "key": _required(TEXT, "text"),
        "document": _required(TEXT, "a source slug"),
        "quote": _required(TEXT, "text"),
        "certainty": _required(TEXT, "text"),
        "cites": SLUG_OR_NULL,
        "question": SLUG_OR_NULL,
        "routes": _optional(_text_list, "a list of route slugs"),
        "factors": FACTORS,
        "value_low": NUMBER,
        "value_high": NUMBER,
        "audit": _optional(_mapping(AUDIT), "an object with by, on, outcome, faults, note"),
        "context_note": _optional(_mapping(CONTEXT_NOTE), "an object with note and basis"),
        **_texts(
            *("stance", "locator", "paraphrase", "setting", "population"),
            *("certainty_reason", "quantity", "unit", "status", "factor_advice"),
        ),
    },
    "reports": {
        "key": _required(TEXT, "text"),
        "effect": _required(TEXT, "an adverse-effect slug"),
        "document": _required(TEXT, "a source slug"),
        "quote": _required(TEXT, "text"),
        "cites": SLUG_OR_NULL,
        "route": SLUG_OR_NULL,
        "factors": FACTORS,
        "frequency_percent": NUMBER,
        "observed": _optional(BOOLEAN, "true or false"),
        "audit": _optional(_mapping(AUDIT), "an object with by, on, outcome, faults, note"),
        **_texts(
            *("frequency", "severity", "dose_context", "dose", "certainty", "locator", "status"),
        ),
    },
    "explanations": {
        "dispute": _required(TEXT, "a dispute key"),
        "reasons": _optional(
            lambda v: isinstance(v, list) and all(_mapping(REASON)(r) for r in v),
            "a list of objects with kind and detail",
        ),
        **_texts("status", "note", "what_would_settle", "publication_status"),
    },
}
KEY_FIELD = {"claims": "key", "reports": "key", "explanations": "dispute"}


def _problems(record, schema):
    """What is wrong with ``record``: missing, unknown or mistyped fields, in words."""
    problems = [
        f"missing required field {name!r}"
        for name, (_, required, _) in schema.items()
        if required and name not in record
    ]
    for name, value in record.items():
        if name not in schema:
            problems.append(f"unknown field {name!r}")
        elif not schema[name][0](value):
            problems.append(f"{name!r} should be {schema[name][2]}, not {json.dumps(value)[:60]}")
    return problems


def _contains_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


def _parse(path: Path) -> list:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SeedError(f"{path.name}: line {line}: not valid UTF-8") from error
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SeedError(f"{path.name}: line {line}: contains a NUL byte")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SeedError(f"{path.name}: not valid JSON ({error})") from error
    if not isinstance(data, list):
        raise SeedError(f"{path.name}: should hold a list of records")
    return data


def read_rows(directory: Path, kind: str) -> list[Row]:
    """Every record of ``kind`` in ``<kind>*.json``, checked, in file-name order."""
    rows, seen = [], {}
    for path in sorted(directory.glob(f"{kind}*.json")):
        rows += checked_rows(
            path.name, _parse(path), SCHEMAS[kind], KEY_FIELD.get(kind, "slug"), seen
        )
    return rows


def checked_rows(name, records, schema, key_field, seen) -> list[Row]:
    """``records`` (read from ``name``) as rows, each checked against ``schema``; ``seen``
    maps the keys met so far to where, so a key is used once across files."""
    rows = []
    for position, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise SeedError(f"{name}: record {position}: should be an object")
        key = record.get(key_field)
        row = Row(name, key if isinstance(key, str) else f"record {position}", record)
        if problems := _problems(record, schema):
            raise row.error("; ".join(problems))
        if _contains_nul(record):
            raise row.error("contains a NUL character")
        if key in seen:
            raise row.error(f"duplicate {key_field}, first used in {seen[key]}")
        seen[key] = name
        rows.append(row)
    return rows
