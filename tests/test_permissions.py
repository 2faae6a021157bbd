"""Who may see what: every URL × every role → the expected status.

A URL added to the project without a row here fails ``test_every_url_has_a_row``.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

OK, LOGIN, NOT_FOUND = 200, 302, 404
PUBLIC = dict.fromkeys(ROLES, OK)
STAFF_ONLY = {"anonymous": LOGIN, "reviewer": LOGIN, "curator": OK, "admin": OK}
# Unpublished records are hidden (404) from everyone who cannot curate them.
UNPUBLISHED = {"anonymous": NOT_FOUND, "reviewer": NOT_FOUND, "curator": OK, "admin": OK}


def records(make):
    route = make.route(slug="iv")
    q = make.question(slug="q")
    draft_q = make.question(slug="draft-q", status="draft")
    claim = make.claim(question=q, stance="supports", routes=[route])
    draft_claim = make.claim(status="review")
    draft_source = make.source(status="draft")
    report = make.report()
    return {
        "question": q,
        "draft_question": draft_q,
        "claim": claim,
        "draft_claim": draft_claim,
        "source": claim.document,
        "draft_source": draft_source,
        "route": route,
        "effect": report.effect,
    }


# (URL name, how to build its arguments, expected status per role)
MATRIX = [
    ("evidence:home", None, PUBLIC),
    ("evidence:dispute-list", None, PUBLIC),
    ("evidence:claim-list", None, PUBLIC),
    ("evidence:source-list", None, PUBLIC),
    ("evidence:route-list", None, PUBLIC),
    ("evidence:adverse-effect-list", None, PUBLIC),
    ("evidence:search", None, PUBLIC),
    ("evidence:question-detail", lambda r: [r["question"].slug], PUBLIC),
    ("evidence:question-detail", lambda r: [r["draft_question"].slug], UNPUBLISHED),
    ("evidence:claim-detail", lambda r: [r["claim"].pk], PUBLIC),
    ("evidence:claim-detail", lambda r: [r["draft_claim"].pk], UNPUBLISHED),
    ("evidence:source-detail", lambda r: [r["source"].pk], PUBLIC),
    ("evidence:source-detail", lambda r: [r["draft_source"].pk], UNPUBLISHED),
    ("evidence:route-detail", lambda r: [r["route"].slug], PUBLIC),
    ("evidence:adverse-effect-detail", lambda r: [r["effect"].slug], PUBLIC),
    ("evidence:api-sources", None, PUBLIC),
    ("evidence:api-claims", None, PUBLIC),
    ("evidence:api-questions", None, PUBLIC),
    ("evidence:api-routes", None, PUBLIC),
    ("evidence:api-adverse-effects", None, PUBLIC),
    ("evidence:api-disputes", None, PUBLIC),
    ("admin:index", None, STAFF_ONLY),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "expected"), MATRIX)
def test_role_gets_the_expected_status(client_as, make, role, name, args, expected):
    built = records(make)
    url = reverse(name, args=args(built) if args else None)
    assert client_as(role).get(url).status_code == expected[role], url


def test_every_url_has_a_row():
    evidence = next(p for p in get_resolver().url_patterns if p.namespace == "evidence")
    names = {f"evidence:{pattern.name}" for pattern in evidence.url_patterns}
    assert len(names) == len(evidence.url_patterns)
    assert names <= {row[0] for row in MATRIX}
