"""Helpers for the accessibility and HTML-validity checks (axe-core and the Nu HTML checker).

``public_pages()`` lists every public HTML page built from the seed data. Each URL name in
the ``evidence`` namespace that is not an API (``api-`` prefix) needs an entry in ``PAGES``;
``unlisted_url_names()`` names those that have none, and a test fails on them.
``ROLE_PAGES`` lists the pages as each role sees them: every form that can be rejected (sign-in,
password, comment, reply, edit, invitation) in its error state, a comment's confirmation, the
review panel, history, queue and invitation, the admin index, changelists and change pages.
"""

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse

from evidence.constants import Status
from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    DisputeExplanation,
    Question,
    Route,
    Source,
)
from review import comments
from review.models import Comment
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


def published_claim():
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
    "claim-detail": lambda: [((published_claim().pk,), "")],
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
    "claim-history": lambda: [((published_claim().pk,), "")],
    "question-history": lambda: [((_question().slug,), "")],
    "question-brief": lambda: [((_question().slug,), "")],
    "compare": lambda: [(("physician-forum-post", "acx-peer-review-ketamine"), "")],
    "patient": lambda: [((), ""), ((), "factor=young&factor=substance-use&factor=older-adult")],
    "question-changes": lambda: [
        ((_question().slug,), ""),
        ((_question().slug,), "since=2020-13-01"),
    ],
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


# Evidence URLs that answer with a file, not a page: citations as BibTeX, RIS or CSL-JSON.
DOWNLOADS = {"source-cite", "source-list-cite", "feed-disputes", "feed-question", "feed-source"}


def unlisted_url_names():
    pages = evidence_url_names() - DOWNLOADS
    return sorted(n for n in pages if not n.startswith("api-") and n not in PAGES)


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


# --- Pages by role, forms in their error and confirmation states -------------------------------


@dataclass(frozen=True)
class RolePage:
    """A page as ``role`` sees it ("anonymous", "reviewer" or "curator"). With ``form`` (a CSS
    selector), the page checked is the answer to posting that form: every field empty, except
    those ``values`` fills in. Empty, it shows the form's errors; filled in, the confirmation."""

    name: str
    role: str
    path: Callable[[], str]
    form: str | None = None
    values: dict = field(default_factory=dict)

    @property
    def expects(self):
        """What the answer to the post must show: the form's errors, or a confirmation."""
        return ".messages" if self.values else ".errorlist"


def _comment_url():
    return reverse("review:target", args=["claim", published_claim().pk])


def _thread():
    return Comment.objects.threads().order_by("pk").first()


def _change(model):
    def url():
        record = model.objects.order_by("pk").first()
        return reverse(f"admin:evidence_{model._meta.model_name}_change", args=[record.pk])

    return url


def _change_busiest_source():
    return reverse("admin:evidence_source_change", args=[_busiest_source().pk])


def _url(name, *args):
    return lambda: reverse(name, args=args)


COMMENT = {"kind": "misquote", "body": "The dose is per kilogram, not in total."}

ROLE_PAGES = [
    RolePage("login-errors", "anonymous", _url("login"), form="main form"),
    RolePage("password-reset-errors", "anonymous", _url("password_reset"), form="main form"),
    RolePage("claim-with-review-panel", "reviewer", lambda: published_claim().get_absolute_url()),
    RolePage("comment-form", "reviewer", _comment_url),
    RolePage("comment-form-errors", "reviewer", _comment_url, form=".comment-form"),
    RolePage("comment-posted", "reviewer", _comment_url, form=".comment-form", values=COMMENT),
    RolePage(
        "reply-errors",
        "reviewer",
        lambda: reverse("review:reply", args=[_thread().pk]),
        form="main form",
    ),
    RolePage(
        "edit-errors",
        "reviewer",
        lambda: reverse("review:edit", args=[_thread().pk]),
        form="main form",
    ),
    RolePage(
        "claim-history",
        "reviewer",
        lambda: reverse("evidence:claim-history", args=[published_claim().pk]),
    ),
    RolePage("password-change-errors", "reviewer", _url("password_change"), form="main form"),
    RolePage("review-queue", "curator", _url("review:queue")),
    RolePage("invite", "curator", _url("review:invite")),
    RolePage("invite-errors", "curator", _url("review:invite"), form="main form"),
    RolePage("admin-index", "curator", _url("admin:index")),
    RolePage("admin-claim-changelist", "curator", _url("admin:evidence_claim_changelist")),
    RolePage("admin-source-changelist", "curator", _url("admin:evidence_source_changelist")),
    RolePage(
        "admin-claim-change",
        "curator",
        lambda: reverse("admin:evidence_claim_change", args=[published_claim().pk]),
    ),
    RolePage("admin-source-change", "curator", _change_busiest_source),
    RolePage("admin-question-change", "curator", _change(Question)),
    RolePage("admin-report-change", "curator", _change(AdverseEffectReport)),
    RolePage("admin-adverse-effect-change", "curator", _change(AdverseEffect)),
    RolePage("admin-explanation-change", "curator", _change(DisputeExplanation)),
]
ROLES = ["anonymous", "reviewer", "curator"]


def add_review_activity(reviewer, curator):
    """What reviewers and curators see on a working day: an open thread with a reply on the
    claim checked, and a claim waiting in review, so the panel and the queue are not empty."""
    claim = published_claim()
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
    if user is None:
        return
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(user), "url": base_url}]
    )


def submit(page, selector, values):
    """Post the form with ``values`` and every other field empty, past the browser's own
    required-field checks, and wait for the answer."""
    form = page.locator(selector).first
    form.evaluate(
        """(form, values) => {
          form.noValidate = true;
          for (const field of form.querySelectorAll('textarea, input:not([type=hidden])')) {
            field.value = values[field.name] || '';
          }
          for (const select of form.querySelectorAll('select')) {
            select.value = values[select.name] || '';
            if (!values[select.name]) select.selectedIndex = -1;
          }
        }""",
        values,
    )
    with page.expect_navigation():
        form.evaluate("form => form.requestSubmit()")


def post_form(client, path, values):
    """What a browser sends for the form on ``path`` with ``values`` and every other field
    left empty (a truly empty POST is refused by CSRF); redirects are followed."""
    fields = client.get(path).context["form"].fields
    return client.post(path, {name: values.get(name, "") for name in fields}, follow=True)


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
