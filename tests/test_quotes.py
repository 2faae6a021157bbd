"""Quote check: typography is normalised, words never are."""

import json

import pytest
from django.conf import settings

from evidence.quotes import normalise, quote_found
from tests.conftest import SEEDS, need_seed_documents

FIXTURES = settings.BASE_DIR / "fixtures"
DOCUMENT = (
    "He said \u201cIV only\u201d \u2013 it\u2019s safer.\u00c2\u00a0"
    "See [the trial](http://x.org) _now_."
)


@pytest.mark.parametrize(
    "quote",
    [
        'He said "IV only" - it\'s safer.',
        "He said \u201cIV only\u201d \u2014 it\u2019s safer.",
        "it's   safer. See the trial now.",
        "He said ... See the trial",
        "He said \u2026 now.",
    ],
)
def test_typography_differences_still_match(quote):
    assert quote_found(quote, DOCUMENT)


@pytest.mark.parametrize(
    "quote",
    [
        'He said "IV always"',  # a changed word
        "See the trial ... He said",  # parts out of order
        "",
        "...",
    ],
)
def test_changed_words_or_order_do_not_match(quote):
    assert not quote_found(quote, DOCUMENT)


def test_the_stray_encoding_artefact_is_dropped():
    assert normalise("Instagram. \u00c2 It is") == "Instagram. It is"


def _seed_records():
    for prefix in ("claims", "reports"):
        for path in sorted(FIXTURES.glob(f"{prefix}*.json")):
            yield from json.loads(path.read_text(encoding="utf-8"))


def _documents():
    sources = {}
    for path in FIXTURES.glob("sources*.json"):
        for row in json.loads(path.read_text(encoding="utf-8")):
            if row.get("full_text_file"):
                sources[row["slug"]] = row["full_text_file"]
    return sources


def test_every_seed_quote_occurs_in_its_document():
    need_seed_documents()
    files = _documents()
    texts = {slug: (SEEDS / name).read_text(encoding="utf-8") for slug, name in files.items()}
    records = list(_seed_records())
    missing = [r["key"] for r in records if not quote_found(r["quote"], texts[r["document"]])]
    assert len(records) >= 60
    assert missing == []


def test_an_altered_seed_quote_fails():
    need_seed_documents()
    record = next(iter(_seed_records()))
    text = (SEEDS / _documents()[record["document"]]).read_text(encoding="utf-8")
    words = record["quote"].split()
    words[len(words) // 2] = "zebra"
    assert quote_found(record["quote"], text)
    assert not quote_found(" ".join(words), text)


@pytest.mark.django_db
def test_loaded_claims_verify_against_their_stored_text(seeded):
    need_seed_documents()
    from evidence.models import Claim

    # Decided against the document's stored text when each claim was saved.
    results = dict(Claim.objects.values_list("key", "quote_check"))
    assert "no_text" not in results.values()
    assert [key for key, check in results.items() if check != "found"] == []
