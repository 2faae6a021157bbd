"""Who may see what: every URL × every role → the expected status, for GET and for POST.

A URL added to the project without a row here fails ``test_every_url_has_a_row``.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import get_resolver, reverse

from review.invitations import accept_path
from review.models import Comment
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

OK, LOGIN, NOT_FOUND = 200, 302, 404
PUBLIC = dict.fromkeys(ROLES, OK)
STAFF_ONLY = {"anonymous": LOGIN, "reviewer": LOGIN, "curator": OK, "admin": OK}
# Drafts are hidden (404) from everyone who cannot curate them; records in review are
# shown to reviewers too, so they can comment before publication.
UNPUBLISHED = {"anonymous": NOT_FOUND, "reviewer": NOT_FOUND, "curator": OK, "admin": OK}
IN_REVIEW = {**UNPUBLISHED, "reviewer": OK}
FORBIDDEN, NOT_ALLOWED, REDIRECT = 403, 405, 302
# A redirect that is not to the sign-in page: the form was accepted.
DONE = "done"
SIGNED_IN = {"anonymous": LOGIN, "reviewer": OK, "curator": OK, "admin": OK}
CURATORS = {"anonymous": LOGIN, "reviewer": FORBIDDEN, "curator": OK, "admin": OK}
AUTHOR = {"anonymous": LOGIN, "reviewer": OK, "curator": FORBIDDEN, "admin": FORBIDDEN}
# Reviewers cannot discuss drafts, which they cannot see; records in review they can.
UNPUBLISHED_REVIEW = {"anonymous": LOGIN, "reviewer": NOT_FOUND, "curator": OK, "admin": OK}
IN_REVIEW_REVIEW = {**UNPUBLISHED_REVIEW, "reviewer": OK}
EVERYONE = dict.fromkeys(ROLES, DONE)
REVIEWER_WRITES = {**EVERYONE, "anonymous": LOGIN}
CURATOR_WRITES = {**CURATORS, "curator": DONE, "admin": DONE}


def records(make, reviewer):
    route = make.route(slug="iv")
    q = make.question(slug="q")
    draft_q = make.question(slug="draft-q", status="draft")
    claim = make.claim(question=q, stance="supports", routes=[route])
    draft_claim = make.claim(status="draft")
    review_claim = make.claim(status="review")
    draft_source = make.source(status="draft")
    report = make.report()
    explanation = make.explanation(dispute_key="stance:q")
    thread = Comment.objects.create(author=reviewer, claim=claim, kind="other", body="Hm.")
    invitee = User(username="invitee@example.org")
    invitee.set_unusable_password()
    invitee.save()
    return {
        "explanation": explanation,
        "thread": thread,
        "invitation": accept_path(invitee),
        "question": q,
        "draft_question": draft_q,
        "claim": claim,
        "draft_claim": draft_claim,
        "review_claim": review_claim,
        "source": claim.document,
        "draft_source": draft_source,
        "route": route,
        "effect": report.effect,
    }


# (URL name, how to build its arguments, expected status per role)
MATRIX = [
    ("evidence:home", None, PUBLIC),
    ("evidence:dispute-list", None, PUBLIC),
    ("evidence:strength", None, PUBLIC),
    ("evidence:claim-list", None, PUBLIC),
    ("evidence:source-list", None, PUBLIC),
    ("evidence:route-list", None, PUBLIC),
    ("evidence:adverse-effect-list", None, PUBLIC),
    ("evidence:search", None, PUBLIC),
    ("evidence:question-detail", lambda r: [r["question"].slug], PUBLIC),
    ("evidence:question-detail", lambda r: [r["draft_question"].slug], UNPUBLISHED),
    ("evidence:question-brief", lambda r: [r["question"].slug], PUBLIC),
    ("evidence:question-brief", lambda r: [r["draft_question"].slug], UNPUBLISHED),
    ("evidence:claim-detail", lambda r: [r["claim"].pk], PUBLIC),
    ("evidence:claim-detail", lambda r: [r["draft_claim"].pk], UNPUBLISHED),
    ("evidence:claim-detail", lambda r: [r["review_claim"].pk], IN_REVIEW),
    ("evidence:source-detail", lambda r: [r["source"].pk], PUBLIC),
    ("evidence:source-detail", lambda r: [r["draft_source"].pk], UNPUBLISHED),
    (
        "evidence:compare",
        lambda r: [r["source"].slug, r["effect"].reports.get().document.slug],
        PUBLIC,
    ),
    ("evidence:compare", lambda r: [r["source"].slug, r["draft_source"].slug], UNPUBLISHED),
    ("evidence:patient", None, PUBLIC),
    ("evidence:question-changes", lambda r: [r["question"].slug], PUBLIC),
    ("evidence:question-changes", lambda r: [r["draft_question"].slug], UNPUBLISHED),
    ("evidence:feed-disputes", None, PUBLIC),
    ("evidence:feed-question", lambda r: [r["question"].slug], PUBLIC),
    ("evidence:feed-question", lambda r: [r["draft_question"].slug], UNPUBLISHED),
    ("evidence:feed-source", lambda r: [r["source"].pk], PUBLIC),
    ("evidence:feed-source", lambda r: [r["draft_source"].pk], UNPUBLISHED),
    # A GET changes nothing: back to the question (or to sign in).
    ("review:watch", lambda r: [r["question"].slug], REVIEWER_WRITES),
    ("review:unwatch", lambda r: [r["question"].slug], REVIEWER_WRITES),
    ("evidence:source-cite", lambda r: [r["source"].pk, "bib"], PUBLIC),
    ("evidence:source-cite", lambda r: [r["draft_source"].pk, "ris"], UNPUBLISHED),
    ("evidence:source-list-cite", lambda r: ["json"], PUBLIC),
    ("admin:evidence_source_import_citations", None, STAFF_ONLY),
    ("evidence:route-detail", lambda r: [r["route"].slug], PUBLIC),
    ("evidence:adverse-effect-detail", lambda r: [r["effect"].slug], PUBLIC),
    ("evidence:api-sources", None, PUBLIC),
    ("evidence:api-claims", None, PUBLIC),
    ("evidence:api-questions", None, PUBLIC),
    ("evidence:api-routes", None, PUBLIC),
    ("evidence:api-adverse-effects", None, PUBLIC),
    ("evidence:api-disputes", None, PUBLIC),
    ("evidence:api-search", None, PUBLIC),
    ("evidence:api-patient", None, dict.fromkeys(ROLES, 400)),  # no factor chosen: says so
    ("admin:index", None, STAFF_ONLY),
    ("review:queue", None, CURATORS),
    ("review:invite", None, CURATORS),
    ("review:accept", lambda r: ["MQ", "not-a-token"], PUBLIC),
    # A valid link moves its token out of the URL (into the session) before showing the form.
    ("review:accept", lambda r: r["invitation"].split("/")[-3:-1], EVERYONE),
    ("review:target", lambda r: ["claim", r["claim"].pk], SIGNED_IN),
    ("review:target", lambda r: ["claim", r["draft_claim"].pk], UNPUBLISHED_REVIEW),
    ("review:target", lambda r: ["claim", r["review_claim"].pk], IN_REVIEW_REVIEW),
    ("review:target", lambda r: ["question", r["question"].pk], SIGNED_IN),
    ("review:target", lambda r: ["question", r["draft_question"].pk], UNPUBLISHED_REVIEW),
    ("review:target", lambda r: ["explanation", r["explanation"].pk], SIGNED_IN),
    ("review:target", lambda r: ["source", r["source"].pk], SIGNED_IN),
    ("review:target", lambda r: ["source", r["draft_source"].pk], UNPUBLISHED_REVIEW),
    ("review:reply", lambda r: [r["thread"].pk], SIGNED_IN),
    ("review:edit", lambda r: [r["thread"].pk], AUTHOR),
    ("review:resolve", lambda r: [r["thread"].pk], CURATORS),
    ("review:hide", lambda r: [r["thread"].pk], CURATORS),
    ("evidence:claim-history", lambda r: [r["claim"].pk], PUBLIC),
    ("evidence:claim-history", lambda r: [r["draft_claim"].pk], UNPUBLISHED),
    ("evidence:claim-history", lambda r: [r["review_claim"].pk], IN_REVIEW),
    ("evidence:question-history", lambda r: [r["question"].slug], PUBLIC),
    ("evidence:question-history", lambda r: [r["draft_question"].slug], UNPUBLISHED),
    ("login", None, PUBLIC),
    ("logout", None, dict.fromkeys(ROLES, NOT_ALLOWED)),
    ("password_change", None, SIGNED_IN),
    ("password_change_done", None, SIGNED_IN),
    ("password_reset", None, PUBLIC),
    ("password_reset_done", None, PUBLIC),
    ("password_reset_confirm", lambda r: ["MQ", "not-a-token"], PUBLIC),
    ("password_reset_complete", None, PUBLIC),
]

# POSTs: (URL name, arguments, form data, expected outcome per role)
COMMENT = {"kind": "other", "body": "A point."}
WRITES = [
    ("review:target", lambda r: ["claim", r["claim"].pk], COMMENT, REVIEWER_WRITES),
    (
        "review:target",
        lambda r: ["claim", r["draft_claim"].pk],
        COMMENT,
        {**CURATOR_WRITES, "reviewer": NOT_FOUND},
    ),
    ("review:target", lambda r: ["claim", r["review_claim"].pk], COMMENT, REVIEWER_WRITES),
    ("review:reply", lambda r: [r["thread"].pk], {"body": "Yes."}, REVIEWER_WRITES),
    ("review:edit", lambda r: [r["thread"].pk], COMMENT, {**AUTHOR, "reviewer": DONE}),
    ("review:resolve", lambda r: [r["thread"].pk], {"note": "Done."}, CURATOR_WRITES),
    ("review:hide", lambda r: [r["thread"].pk], {"reason": "Spam."}, CURATOR_WRITES),
    ("review:watch", lambda r: [r["question"].slug], {}, REVIEWER_WRITES),
    ("review:unwatch", lambda r: [r["question"].slug], {}, REVIEWER_WRITES),
    (
        "review:watch",
        lambda r: [r["draft_question"].slug],
        {},
        {**CURATOR_WRITES, "reviewer": NOT_FOUND},
    ),
    ("review:invite", None, {"name": "N", "email": "n@example.org"}, CURATOR_WRITES),
    ("review:queue", None, {}, dict.fromkeys(ROLES, NOT_ALLOWED)),
    ("evidence:claim-history", lambda r: [r["claim"].pk], {}, dict.fromkeys(ROLES, NOT_ALLOWED)),
    ("login", None, {"username": "reviewer", "password": "wrong"}, PUBLIC),
    ("logout", None, {}, EVERYONE),
]


def outcome(response):
    """The status, except that a redirect elsewhere than the sign-in page reads DONE."""
    if response.status_code == REDIRECT and "login" not in response["Location"]:
        return DONE
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "expected"), MATRIX)
def test_role_gets_the_expected_status(client_as, make, reviewer, role, name, args, expected):
    built = records(make, reviewer)
    url = reverse(name, args=args(built) if args else None)
    assert outcome(client_as(role).get(url)) == expected[role], url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "data", "expected"), WRITES)
def test_role_gets_the_expected_outcome_when_posting(
    client_as, make, reviewer, roles, role, name, args, data, expected
):
    built = records(make, reviewer)
    url = reverse(name, args=args(built) if args else None)
    assert outcome(client_as(role).post(url, data)) == expected[role], url


@pytest.mark.parametrize(("name", "args", "data", "expected"), WRITES)
def test_every_form_refuses_a_post_without_its_csrf_token(
    make, reviewer, admin_user, name, args, data, expected
):
    built = records(make, reviewer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    url = reverse(name, args=args(built) if args else None)
    assert strict.post(url, data).status_code == FORBIDDEN, url


def _names(patterns, prefix=""):
    return {f"{prefix}{p.name}" for p in patterns if p.name}


def test_every_url_has_a_row():
    resolver = get_resolver()
    names = set()
    for namespace in ["evidence", "review"]:
        included = next(
            p for p in resolver.url_patterns if getattr(p, "namespace", None) == namespace
        )
        assert len(_names(included.url_patterns)) == len(included.url_patterns)
        names |= _names(included.url_patterns, f"{namespace}:")
    accounts = next(p for p in resolver.url_patterns if str(p.pattern) == "accounts/")
    names |= _names(accounts.url_patterns)
    assert names <= {row[0] for row in MATRIX}
