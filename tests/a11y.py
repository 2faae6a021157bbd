"""Helpers for the accessibility and HTML-validity checks (axe-core and the Nu HTML checker).

``public_pages()`` lists every public HTML page built from the seed data. Each URL name in
the ``evidence`` namespace that is not an API (``api-`` prefix) needs an entry in ``PAGES``;
``unlisted_url_names()`` names those that have none, and a test fails on them.
``SIGNED_IN_PAGES`` lists the pages only reviewers and curators see (review panel, comment form
with and without errors, history, review queue, invitation, admin index, changelist, change page).
"""

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse

from evidence.constants import Status
from evidence.models import AdverseEffect, Claim, Question, Route, Source
from review import comments
from tests.conftest import need

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def need_node_modules():
    """axe-core and vnu-jar come from npm: skip locally without them, fail in CI."""
    missing = [p.relative_to(settings.BASE_DIR) for p in (AXE_JS, VNU_JAR) if not p.is_file()]
    need(
        not missing,
        f"{', '.join(map(str, missing))} missing: run `npm ci --ignore-scripts` in the repo root",
    )


def need_java():
    need(
        shutil.which("java") is not None,
        "Java is absent (the Nu HTML checker needs it): apt-get install default-jre-headless",
    )


# --- Which pages -------------------------------------------------------------------------------


def _published_claim():
    """A published claim with as much on its page as the seed offers (quote, routes, opposition)."""
    claims = Claim.objects.published().annotate(n_routes=Count("routes"))
    return claims.order_by("-n_routes", "pk").filter(question__slug="home-vs-iv").first() or (
        claims.order_by("-n_routes", "pk").first()
    )


def _busiest_source():
    published = Q(claims__status="published")
    sources = Source.objects.published().annotate(n=Count("claims", filter=published))
    return sources.order_by("-n", "pk").first()


def _first(queryset, **preferred):
    return queryset.filter(**preferred).first() or queryset.order_by("pk").first()


def _question():
    return _first(Question.objects.published(), slug="home-vs-iv")


def _route():
    return _first(Route.objects.all(), slug="iv")


def _effect():
    return _first(AdverseEffect.objects.all(), slug="cystitis")


# URL name -> how to build the URLs to check (a list of (args, query string)). Names planned but
# not yet in urls.py are listed too: they are checked as soon as they resolve.
PAGES = {
    "home": lambda: [((), "")],
    "strength": lambda: [((), "")],
    "dispute-list": lambda: [((), ""), ((), "route=iv"), ((), "route=no-such-route")],
    "question-detail": lambda: [((_question().slug,), "")],
    "claim-detail": lambda: [((_published_claim().pk,), "")],
    "source-detail": lambda: [((_busiest_source().pk,), "")],
    "route-detail": lambda: [((_route().slug,), "")],
    "adverse-effect-detail": lambda: [((_effect().slug,), "")],
    "question-list": lambda: [((), "")],
    "route-list": lambda: [((), "")],
    "adverse-effect-list": lambda: [((), ""), ((), "effect=cystitis")],
    # The route map links to claims filtered by route and topic; page 2; a filter in error.
    "claim-list": lambda: [
        ((), ""),
        ((), "route=iv&topic=efficacy"),
        ((), "page=2"),
        ((), "route=nope"),
    ],
    "source-list": lambda: [((), ""), ((), "route=iv")],
    "search": lambda: [((), "q=ketamine"), ((), "q=zzzz-nothing-matches"), ((), "")],
    "claim-history": lambda: [((_published_claim().pk,), "")],
    "question-history": lambda: [((_question().slug,), "")],
}


# Public pages outside the evidence namespace (full URL names), checked once they exist.
OTHER_PAGES = {
    "login": lambda: [((), "")],
    "password_reset": lambda: [((), "")],
    "password_reset_done": lambda: [((), "")],
}


def evidence_url_names():
    evidence = get_resolver().namespace_dict["evidence"][1]
    return {pattern.name for pattern in evidence.url_patterns}


def unlisted_url_names():
    return sorted(n for n in evidence_url_names() if not n.startswith("api-") and n not in PAGES)


def _exists(full_name):
    resolver = get_resolver()
    *namespaces, name = full_name.split(":")
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return name in resolver.reverse_dict


def public_pages():
    """The path (with query) of every public HTML page, built from the data in the database."""
    listed = {f"evidence:{name}": build for name, build in PAGES.items()} | OTHER_PAGES
    pages = []
    for name, build in listed.items():
        if not _exists(name):
            continue
        for args, query in build():
            try:
                path = reverse(name, args=args)
            except NoReverseMatch as exc:  # pragma: no cover - a listed page changed its URL
                raise AssertionError(f"cannot build {name} with {args}: {exc}") from exc
            pages.append(f"{path}?{query}" if query else path)
    return pages


# --- Signed-in pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedInPage:
    """A page only a reviewer or curator sees. ``submit_empty`` names a form to post empty,
    so that the page checked is the one showing that form's errors."""

    name: str
    role: str
    path: Callable[[], str]
    submit_empty: str | None = None
    admin: bool = False


def _comment_url():
    return reverse("review:target", args=["claim", _published_claim().pk])


SIGNED_IN_PAGES = [
    SignedInPage(
        "claim-with-review-panel",
        "reviewer",
        lambda: _published_claim().get_absolute_url(),
    ),
    SignedInPage("comment-form", "reviewer", _comment_url),
    SignedInPage("comment-form-errors", "reviewer", _comment_url, submit_empty=".comment-form"),
    SignedInPage(
        "claim-history",
        "reviewer",
        lambda: reverse("evidence:claim-history", args=[_published_claim().pk]),
    ),
    SignedInPage("review-queue", "curator", lambda: reverse("review:queue")),
    SignedInPage("invite", "curator", lambda: reverse("review:invite")),
    SignedInPage("admin-index", "curator", lambda: reverse("admin:index"), admin=True),
    SignedInPage(
        "admin-claim-changelist",
        "curator",
        lambda: reverse("admin:evidence_claim_changelist"),
        admin=True,
    ),
    SignedInPage(
        "admin-claim-change",
        "curator",
        lambda: reverse("admin:evidence_claim_change", args=[_published_claim().pk]),
        admin=True,
    ),
]
SIGNED_IN = {p.name: p for p in SIGNED_IN_PAGES}


def add_review_activity(reviewer, curator):
    """What reviewers and curators see on a working day: an open thread with a reply on the
    claim checked, and a claim waiting in review, so the panel and the queue are not empty."""
    claim = _published_claim()
    thread = comments.start_thread(
        reviewer,
        claim,
        kind="misquote",
        body="The quote leaves out *in some patients*; see [the document](https://example.org).",
        suggested_correction="Quote the whole sentence.",
    )
    comments.reply(curator, thread, body="Checking against the stored text.")
    waiting = Claim.objects.published().exclude(pk=claim.pk).order_by("pk").first()
    Claim.objects.filter(pk=waiting.pk).update(status=Status.REVIEW)


def session_cookie(user):
    """The session cookie of ``user`` signed in, for a browser to carry."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sign_in_browser(page, base_url, user):
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(user), "url": base_url}]
    )


def submit_empty(page, selector):
    """Post the form empty, past the browser's own required-field checks, and wait for the
    answer: the same page showing the server's errors."""
    form = page.locator(selector).first
    form.evaluate(
        """form => {
          form.noValidate = true;
          for (const field of form.querySelectorAll('textarea, input:not([type=hidden])')) {
            field.value = '';
          }
          for (const select of form.querySelectorAll('select')) select.selectedIndex = -1;
        }"""
    )
    with page.expect_navigation():
        form.evaluate("form => form.requestSubmit()")


# --- axe-core ----------------------------------------------------------------------------------

AXE_RUN = """tags => axe
  .run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary, html: n.html}))
  })))"""


def axe_violations(page):
    """Run axe-core on the page currently loaded; return its violations at WCAG 2.0/2.1 A and AA."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_RUN, AXE_TAGS)


def describe_violations(url, violations):
    lines = []
    for v in violations:
        first = v["nodes"][0] if v["nodes"] else {}
        lines.append(
            f"{url}: [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s); "
            f"first: {first.get('target', '?')})"
        )
        if first.get("summary"):
            lines.append("    " + first["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


# --- Nu HTML checker ---------------------------------------------------------------------------


def vnu_messages(documents):
    """Validate {name: html} in one run of vnu.jar; return {name: [messages]} of every file."""
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        files = {}
        for i, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{i:02d}.html"
            path.write_text(html, encoding="utf-8")
            files[str(path)] = name
        # vnu exits 1 when it reports an error; the JSON on stderr tells which.
        run = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", *sorted(files)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        try:
            report = json.loads(run.stderr or run.stdout)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"vnu gave no JSON (exit {run.returncode}): {run.stderr}") from exc
    found = {name: [] for name in documents}
    for message in report.get("messages", []):
        name = files.get(message.get("url", "").removeprefix("file:"))
        found.setdefault(name or "(vnu)", []).append(message)
    return found


def is_error(message):
    return message.get("type") in {"error", "non-document-error"}


def describe_vnu(name, messages):
    lines = []
    for m in messages:
        where = f"line {m.get('lastLine', '?')}" if "lastLine" in m else "document"
        extract = (m.get("extract") or "").replace("\n", " ").strip()
        lines.append(f"{name} {where}: {m.get('type')}: {m.get('message')}  «{extract}»")
    return "\n".join(lines)
