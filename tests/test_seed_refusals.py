"""The seed loader refuses a bad record by file, key and reason, and then writes nothing.

Each test builds a tiny seed in ``tmp_path``: a fixtures folder of JSON files and a
documents folder holding the one document's text, so quotes can be checked against it.
"""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    DisputeExplanation,
    Question,
    Route,
    Source,
)
from evidence.seed import SeedError, SeedLoader

pytestmark = pytest.mark.django_db

DOCUMENT = (
    "# A practitioner's guide\n\n"
    "Ketamine was given intravenously in a supervised clinic.\n"
    "Nausea was reported by a few patients after the infusion.\n"
)
SEED = {
    "routes": [{"slug": "iv", "name": "Intravenous", "formulation": "racemic"}],
    "sources": [
        {
            "slug": "guide",
            "title": "A practitioner's guide",
            "kind": "practitioner_guide",
            "full_text_file": "guide.md",
        }
    ],
    "questions": [
        {"slug": "at-home", "text": "Can ketamine be used at home?", "topic": "route_setting"}
    ],
    "adverse_effects": [
        {"slug": "nausea", "name": "Nausea", "organ_system": "gastrointestinal"},
    ],
    "claims": [
        {
            "key": "guide-clinic",
            "document": "guide",
            "quote": "Ketamine was given intravenously in a supervised clinic.",
            "certainty": "low",
            "question": "at-home",
            "stance": "opposes",
            "routes": ["iv"],
        }
    ],
    "reports": [
        {
            "key": "guide-nausea",
            "effect": "nausea",
            "document": "guide",
            "quote": "Nausea was reported by a few patients after the infusion.",
        }
    ],
    "explanations": [{"dispute": "stance:at-home", "status": "unexplained"}],
}
MODELS = [Route, Source, Question, AdverseEffect, Claim, AdverseEffectReport, DisputeExplanation]


def seed_dirs(tmp_path, seed=None, files=None, document=None):
    """Write ``seed`` as ``<kind>.json`` files (``files`` adds or replaces files by name,
    as records or as raw bytes) and the document's text; return (fixtures, documents)."""
    fixtures, documents = tmp_path / "fixtures", tmp_path / "documents"
    fixtures.mkdir()
    documents.mkdir()
    (documents / "guide.md").write_bytes(DOCUMENT.encode() if document is None else document)
    contents = {f"{kind}.json": records for kind, records in (seed or SEED).items()}
    contents.update(files or {})
    for name, content in contents.items():
        if content is None:
            continue
        raw = content if isinstance(content, bytes) else json.dumps(content).encode()
        (fixtures / name).write_bytes(raw)
    return fixtures, documents


def changed(change):
    """A copy of the seed with ``change(seed)`` applied."""
    seed = copy.deepcopy(SEED)
    change(seed)
    return seed


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def refusal(fixtures, documents):
    """Load, expect a refusal, check that nothing was written; return the message."""
    with pytest.raises(SeedError) as refused:
        SeedLoader(fixtures, documents).load()
    assert row_counts() == dict.fromkeys(row_counts(), 0)
    return str(refused.value)


def _set(kind, field, value, index=0):
    def change(seed):
        seed[kind][index][field] = value

    return change


def _drop(kind, field):
    def change(seed):
        del seed[kind][0][field]

    return change


def _append_copy(kind):
    def change(seed):
        seed[kind].append(copy.deepcopy(seed[kind][0]))

    return change


# (what is wrong, the change to the seed, the exact message)
REFUSALS = [
    (
        "a claim quote missing from its document",
        _set("claims", "quote", "Ketamine was given at home."),
        "claims.json: guide-clinic: the quote is not in its document's stored text",
    ),
    (
        "a report quote missing from its document",
        _set("reports", "quote", "Nausea was never reported."),
        "reports.json: guide-nausea: the quote is not in its document's stored text",
    ),
    (
        "a key used twice in one file",
        _append_copy("claims"),
        "claims.json: guide-clinic: duplicate key, first used in claims.json",
    ),
    (
        "a slug used twice in one file",
        _append_copy("routes"),
        "routes.json: iv: duplicate slug, first used in routes.json",
    ),
    (
        "a missing required field",
        _drop("claims", "certainty"),
        "claims.json: guide-clinic: missing required field 'certainty'",
    ),
    (
        "a record without its key",
        _drop("reports", "key"),
        "reports.json: record 1: missing required field 'key'",
    ),
    (
        "text where a year belongs",
        _set("sources", "year", "2021"),
        "sources.json: guide: 'year' should be a whole number or null, not \"2021\"",
    ),
    (
        "true where a year belongs",
        _set("sources", "year", True),
        "sources.json: guide: 'year' should be a whole number or null, not true",
    ),
    (
        "text where a number belongs",
        _set("claims", "value_low", "ten"),
        "claims.json: guide-clinic: 'value_low' should be a number or null, not \"ten\"",
    ),
    (
        "one slug where a list of routes belongs",
        _set("claims", "routes", "iv"),
        "claims.json: guide-clinic: 'routes' should be a list of route slugs, not \"iv\"",
    ),
    (
        "text where true or false belongs",
        _set("reports", "observed", "no"),
        "reports.json: guide-nausea: 'observed' should be true or false, not \"no\"",
    ),
    (
        "an audit without its date",
        _set("claims", "audit", {"by": "A. Curator", "outcome": "confirmed"}),
        "claims.json: guide-clinic: 'audit' should be an object with by, on, outcome, faults, "
        "note, not",
    ),
    (
        "an audit dated with something that is not a date",
        _set("claims", "audit", {"by": "A. Curator", "on": "last week", "outcome": "confirmed"}),
        "claims.json: guide-clinic: 'audit' should be an object",
    ),
    (
        "a context note without its basis",
        _set("claims", "context_note", {"note": "Outdated since 2019."}),
        "claims.json: guide-clinic: 'context_note' should be an object with note and basis",
    ),
    (
        "an unknown field",
        _set("claims", "stance_note", "mine"),
        "claims.json: guide-clinic: unknown field 'stance_note'",
    ),
    (
        "a NUL character in a value",
        _set("claims", "paraphrase", "Clinic\u0000only."),
        "claims.json: guide-clinic: contains a NUL character",
    ),
    (
        "a NUL character deep in a nested value",
        _set("claims", "context_note", {"note": "Old.", "basis": "Label\u0000 2019"}),
        "claims.json: guide-clinic: contains a NUL character",
    ),
    (
        "a reference to an unknown question",
        _set("claims", "question", "no-such-question"),
        "claims.json: guide-clinic: unknown question 'no-such-question'",
    ),
    (
        "a reference to an unknown route",
        _set("claims", "routes", ["iv", "no-such-route"]),
        "claims.json: guide-clinic: unknown route 'no-such-route'",
    ),
    (
        "a value outside its choices",
        _set("claims", "certainty", "sure"),
        "claims.json: guide-clinic: certainty: Value 'sure' is not a valid choice.",
    ),
    (
        "an audit said mended that names no fault",
        _set("claims", "audit", {"by": "A. Curator", "on": "2025-01-02", "outcome": "mended"}),
        "claims.json: guide-clinic: audit_faults: A mended record names its faults; only it.",
    ),
    (
        "an audit naming a fault that does not exist",
        _set(
            "reports",
            "audit",
            {"by": "A. Curator", "on": "2025-01-02", "outcome": "mended", "faults": ["typo"]},
        ),
        "reports.json: guide-nausea: audit_faults: Use a list of:",
    ),
    (
        "a context note with an empty basis",
        _set("claims", "context_note", {"note": "Outdated since 2019.", "basis": ""}),
        "claims.json: guide-clinic: refused by the database",
    ),
]


def test_the_tiny_seed_loads_so_every_refusal_below_is_the_bad_records_doing(tmp_path):
    fixtures, documents = seed_dirs(tmp_path)
    SeedLoader(fixtures, documents).load()
    assert row_counts() == dict.fromkeys(row_counts(), 1)
    assert Claim.objects.get().quote_check == "found"
    assert AdverseEffectReport.objects.get().quote_check == "found"


@pytest.mark.parametrize(
    "change, message", [r[1:] for r in REFUSALS], ids=[r[0].replace(" ", "-") for r in REFUSALS]
)
def test_a_bad_record_is_refused_by_file_key_and_reason_and_nothing_is_written(
    tmp_path, change, message
):
    fixtures, documents = seed_dirs(tmp_path, changed(change))
    assert refusal(fixtures, documents).startswith(message)


def test_a_key_used_again_in_a_later_file_names_both_files(tmp_path):
    claim = SEED["claims"][0]
    fixtures, documents = seed_dirs(
        tmp_path, files={"claims.json": None, "claims_a.json": [claim], "claims_b.json": [claim]}
    )
    assert refusal(fixtures, documents) == (
        "claims_b.json: guide-clinic: duplicate key, first used in claims_a.json"
    )


def test_a_slug_used_again_in_a_later_sources_file_is_refused(tmp_path):
    second = {**SEED["sources"][0], "title": "Another title"}
    fixtures, documents = seed_dirs(tmp_path, files={"sources_001.json": [second]})
    assert refusal(fixtures, documents) == (
        "sources_001.json: guide: duplicate slug, first used in sources.json"
    )


def test_a_raw_nul_byte_is_refused_with_its_file_and_line(tmp_path):
    raw = b'[\n{"slug": "iv", "name": "Intra\x00venous", "formulation": "racemic"}\n]'
    fixtures, documents = seed_dirs(tmp_path, files={"routes.json": raw})
    assert refusal(fixtures, documents) == "routes.json: line 2: contains a NUL byte"


def test_invalid_utf8_is_refused_with_its_file_and_line(tmp_path):
    raw = b'[\n\n{"slug": "iv", "name": "Intrav\xe9nous", "formulation": "racemic"}\n]'
    fixtures, documents = seed_dirs(tmp_path, files={"routes.json": raw})
    assert refusal(fixtures, documents) == "routes.json: line 3: not valid UTF-8"


def test_invalid_json_is_refused_with_its_file(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, files={"claims.json": b'[{"key": "guide-clinic",'})
    assert refusal(fixtures, documents).startswith("claims.json: not valid JSON (")


def test_a_file_that_holds_no_list_is_refused(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, files={"questions.json": SEED["questions"][0]})
    assert refusal(fixtures, documents) == "questions.json: should hold a list of records"


def test_a_record_that_is_not_an_object_is_refused_by_its_position(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, files={"routes.json": [*SEED["routes"], "oral"]})
    assert refusal(fixtures, documents) == "routes.json: record 2: should be an object"


def test_a_document_whose_text_is_not_utf8_is_refused_by_its_source(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, document=b"Ketamine \xff was given.")
    assert refusal(fixtures, documents) == (
        "sources.json: guide: its document guide.md is not valid UTF-8"
    )


def test_a_bad_file_of_the_last_kind_stops_the_load_before_any_write(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, files={"explanations.json": b"[{"})
    assert refusal(fixtures, documents).startswith("explanations.json: not valid JSON")


def test_a_refused_reload_leaves_the_earlier_load_as_it_was(tmp_path):
    fixtures, documents = seed_dirs(tmp_path)
    SeedLoader(fixtures, documents).load()
    claim = Claim.objects.get()
    # Routes load first and would be updated; the claim, loaded later, is bad.
    routes = [{**SEED["routes"][0], "name": "Renamed"}]
    (fixtures / "routes.json").write_text(json.dumps(routes))
    claims = [{**SEED["claims"][0], "quote": "Not in the document at all."}]
    (fixtures / "claims.json").write_text(json.dumps(claims))
    with pytest.raises(SeedError, match="guide-clinic: the quote is not in"):
        SeedLoader(fixtures, documents).load()
    assert Route.objects.get().name == "Intravenous"
    assert Route.history.count() == 1
    assert Claim.objects.get().version == claim.version
    assert Claim.objects.get().quote == SEED["claims"][0]["quote"]


def test_without_the_documents_a_quote_cannot_be_checked_and_is_not_refused(tmp_path):
    seed = changed(_set("claims", "quote", "Words the document does not hold."))
    fixtures, _ = seed_dirs(tmp_path, seed)
    SeedLoader(fixtures, None).load()
    claim = Claim.objects.get()
    assert claim.quote_check == "no_text"
    assert claim.quote_checked_on is None
    assert claim.document.full_text == ""


def test_the_command_says_nothing_was_loaded_and_why(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, changed(_set("claims", "quote", "Made up.")))
    with pytest.raises(CommandError) as refused:
        call_command("load_seed_evidence", fixtures=fixtures, documents=documents)
    assert str(refused.value) == (
        "Nothing was loaded: claims.json: guide-clinic: the quote is not in its document's "
        "stored text"
    )
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_the_command_loads_a_good_seed_and_counts_what_it_did(tmp_path, capsys):
    fixtures, documents = seed_dirs(tmp_path)
    call_command("load_seed_evidence", fixtures=fixtures, documents=documents)
    assert "claims created: 1" in capsys.readouterr().out
    assert Claim.objects.get().quote_check == "found"
