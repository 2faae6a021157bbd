"""Hypothesis profiles and hostile inputs for the fuzz tests (tests/test_fuzz*.py).

The "ci" profile, the default, is derandomized and bounded: every run tries the same
examples, in well under a minute and a half. ``HYPOTHESIS_PROFILE=thorough`` tries many
more, at random, and keeps failures in .hypothesis/ to replay them first next time.
"""

import os
from urllib.parse import urlencode

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Function-scoped fixtures (the client, the records) are made once per test, not once per
# example: the GET fuzz writes nothing, and the POST and loader fuzz roll each example back.
_SHARED = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile("ci", max_examples=30, derandomize=True, database=None, **_SHARED)
settings.register_profile("thorough", max_examples=1_000, **_SHARED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Values a careless or hostile client sends: numbers a parser chokes on, digits int()
# refuses although str.isdigit() accepts them, control characters, markup, SQL, sheer size.
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "+1",
    "1.5",
    "1e3",
    "1e309",
    "NaN",
    "-inf",
    "0x10",
    "1_000",
    str(2**63),
    str(-(2**63) - 1),
    "9" * 400,
    "9" * 5_000,
    "²",
    "١٢",
    "𝟗",
    "Ⅻ",
    "last",
    "\x00",
    "a\x00b",
    "%00",
    "\r\n",
    "\u202e",
    "\ufeff",
    "🙂",
    "' OR '1'='1",
    "1; DROP TABLE evidence_claim; --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../../etc/passwd",
    "{{ request }}",
    "%s%s%s%n",
    "A" * 10_000,
    "true",
    "null",
    "[]",
]
# Query strings no form would send: bad escapes, bytes that are not UTF-8, empty pairs.
RAW_QUERIES = ["%", "%ZZ", "page=%FF%FE", "q=%C0%AF", "=&&=", ";;", "page", "sort=&sort="]


def values(known=()):
    """One parameter's value: one the code accepts, a hostile one, or any at all."""
    accepted = [st.sampled_from(sorted(known))] if known else []
    # An accepted value with something hostile after it gets past checks on the first word.
    spoiled = [st.tuples(*accepted, st.sampled_from(HOSTILE)).map("".join)] if known else []
    return st.one_of(
        *accepted,
        *spoiled,
        st.sampled_from(HOSTILE),
        st.integers().map(str),
        st.text(max_size=30),
    )


def queries(params):
    """A query string over ``params`` ({name: accepted values}) and any other name, each
    name possibly repeated."""
    names = st.one_of(st.sampled_from(sorted(params)), st.text(max_size=8)) if params else st.text()
    pair = names.flatmap(lambda name: st.tuples(st.just(name), values(params.get(name, ()))))
    return st.one_of(st.lists(pair, max_size=6).map(urlencode), st.sampled_from(RAW_QUERIES))


def seed_values():
    """What a mutated seed record may hold where a value belongs: any JSON value, from
    the right type with a wrong content to the wrong type altogether."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(HOSTILE),
        st.text(max_size=30),
        st.sampled_from(["2025-02-30", "2025-13-01", "yesterday", "not_stated", "supports"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=5,
    )
