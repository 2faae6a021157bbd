"""Every hostile payload, through every text field a reviewer or curator fills, is inert on
every page that shows it, and never a 500."""

from html.parser import HTMLParser

import pytest
from django.templatetags.static import static
from django.urls import reverse

from review.constants import MAX_TEXT
from review.models import Comment
from tests.payloads import PAYLOADS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
NEVER = {"script", "iframe", "object", "embed", "base"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Executable(HTMLParser):
    """Collects markup a browser would run: script-like tags, event handlers, script URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        # The site's own script file (templates/base.html) is not a payload.
        if tag in NEVER and dict(attrs).get("src") != static("js/forms.js"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            squashed = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            elif name in URL_ATTRIBUTES and squashed.startswith(BAD_SCHEMES):
                self.found.append(f"{tag} {name}={value!r}")


def assert_inert(response, where):
    assert response.status_code < 500, where
    if "html" not in response.get("Content-Type", ""):
        return
    parser = _Executable()
    parser.feed(response.content.decode())
    assert not parser.found, (where, parser.found)


def fit(payload, length):
    """As much of the payload as a column holds; NUL only goes through forms (which refuse
    it), as PostgreSQL text cannot store it."""
    return payload.replace("\x00", "")[:length]


def curated_records(make, payload):
    """A contested question whose every public text field carries the payload."""
    source = make.source(
        title=fit(payload, 300), conflict="financial", conflict_of_interest=fit(payload, 9999)
    )
    question = make.question(text=fit(payload, 300), summary=fit(payload, 9999))
    claim = make.claim(
        question=question,
        stance="supports",
        document=source,
        quote=fit(payload, 9999) or "x",
        paraphrase=fit(payload, 9999),
        locator=fit(payload, 300),
    )
    make.claim(question=question, stance="opposes", quote=fit(payload, 9999) or "y")
    make.explanation(dispute_key=f"stance:{question.slug}", note=fit(payload, 9999))
    return claim


def review_through_forms(client_as, reviewer_user, claim, payload):
    """Comment, suggestion, reply, resolution note, hide reason and invitation, each posted
    through its form: the full payload first, then what fits if that was refused."""
    target = reverse("review:target", args=["claim", claim.pk])
    reviewer = client_as("reviewer")
    for text in (payload, payload[:MAX_TEXT]):
        data = {"kind": "other", "body": text, "suggested_correction": text}
        response = reviewer.post(target, data)
        assert_inert(response, "comment form")
        if response.status_code == 302:
            break
    thread = Comment.objects.filter(claim=claim).first()
    curator = client_as("curator")
    forms = []
    if thread:
        forms += [
            (reverse("review:reply", args=[thread.pk]), {"body": payload[:MAX_TEXT]}),
            (reverse("review:resolve", args=[thread.pk]), {"note": payload[:MAX_TEXT]}),
        ]
    other = Comment.objects.create(author=reviewer_user, claim=claim, kind="other", body="Hide.")
    forms += [
        (reverse("review:hide", args=[other.pk]), {"reason": payload[:MAX_TEXT]}),
        (
            reverse("review:invite"),
            {
                "name": payload[:150],
                "email": "invitee@example.org",
                "affiliation": payload[:300],
                "conflicts": payload[:MAX_TEXT],
            },
        ),
    ]
    for url, data in forms:
        assert_inert(curator.post(url, data), url)
    return curator


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_hostile_payload_is_inert_everywhere_it_is_shown(
    client, client_as, make, reviewer, payload
):
    claim = curated_records(make, payload)
    question = claim.question
    public = [
        claim.get_absolute_url(),
        question.get_absolute_url(),
        claim.document.get_absolute_url(),
        reverse("evidence:claim-history", args=[claim.pk]),
        reverse("evidence:question-history", args=[question.slug]),
        reverse("evidence:dispute-list"),
        reverse("evidence:api-claims"),
        reverse("evidence:api-sources"),
        reverse("evidence:api-questions"),
        reverse("evidence:api-disputes"),
    ]
    for url in public:
        assert_inert(client.get(url), url)
    curator = review_through_forms(client_as, reviewer, claim, payload)
    signed_in = [
        claim.get_absolute_url(),
        question.get_absolute_url(),
        reverse("review:target", args=["claim", claim.pk]),
        reverse("review:queue"),
        reverse("review:invite"),
    ] + [reverse("review:resolve", args=[c.pk]) for c in Comment.objects.all()[:2]]
    for url in signed_in:
        assert_inert(curator.get(url), url)
    admin = client_as("admin")
    assert admin.get(reverse("admin:review_reviewerprofile_changelist")).status_code == 200


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" java script:alert(1)">x</a>',
        "<svg><a xlink:href='javascript:alert(1)'>x</a></svg>",
    ],
)
def test_the_check_itself_catches_executable_markup(markup):
    parser = _Executable()
    parser.feed(f"<p>{markup}</p>")
    assert parser.found
