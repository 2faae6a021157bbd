"""Every public page passes axe-core at WCAG 2.0/2.1 A and AA, and the W3C Nu HTML checker.

axe-core runs in Debian's Chromium through Playwright; the Nu HTML checker (vnu.jar) runs on
Java once for all pages. Both come from npm (``npm ci --ignore-scripts``). Locally a missing
Chromium, Java or node_modules skips these tests saying why; in CI it fails them.
Set A11Y_SCREENSHOTS=/some/folder to keep a full-page screenshot of each page checked.
"""

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from tests import a11y
from tests.conftest import need_chromium

# A filter form given a route that does not exist answers 400 with its error shown.
OK_STATUSES = {200, 400}


# Session-scoped, and named first by the tests, so that a missing tool skips before a browser
# launches or the seed loads.
@pytest.fixture(scope="session")
def axe_tools():
    need_chromium()
    a11y.need_node_modules()


@pytest.fixture(scope="session")
def vnu_tools():
    a11y.need_java()
    a11y.need_node_modules()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected by the test, not served by the site, whose Content Security Policy
    forbids inline script (tests/test_serving.py checks the pages run under that policy)."""
    return {**browser_context_args, "bypass_csp": True}


def test_every_public_url_name_is_checked():
    unlisted = a11y.unlisted_url_names()
    assert not unlisted, (
        f"add these evidence URL names to tests/a11y.py PAGES (or prefix an API with api-): "
        f"{unlisted}"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_wcag_a_or_aa_violation(axe_tools, page, live_server, seeded):
    shots = os.environ.get("A11Y_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    pages = a11y.public_pages()
    problems = []
    for path in pages:
        response = page.goto(live_server.url + path)
        if response.status not in OK_STATUSES:
            problems.append(f"{path} answered {response.status}")
            continue
        if shots:
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
        violations = a11y.axe_violations(page)
        if violations:
            problems.append(a11y.describe_violations(path, violations))
    print(f"axe-core checked {len(pages)} pages: {', '.join(pages)}")
    assert not problems, "axe-core found WCAG A/AA violations:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_nu_html_checker_finds_no_error(vnu_tools, client, seeded):
    documents, problems = {}, []
    for path in a11y.public_pages():
        response = client.get(path)
        if response.status_code not in OK_STATUSES:
            problems.append(f"{path} answered {response.status_code}")
            continue
        assert response["Content-Type"].startswith("text/html"), path
        documents[path] = response.content.decode(response.charset or "utf-8")
    found = a11y.vnu_messages(documents)
    errors = {name: [m for m in ms if a11y.is_error(m)] for name, ms in found.items()}
    print(f"vnu checked {len(documents)} pages: {', '.join(documents)}")
    notes = Counter(m["message"] for ms in found.values() for m in ms if not a11y.is_error(m))
    for message, count in notes.most_common():
        print(f"vnu note ×{count}: {message}")
    problems += [a11y.describe_vnu(name, ms) for name, ms in errors.items() if ms]
    assert not problems, "the Nu HTML checker found errors:\n" + "\n".join(problems)


# --- Signed-in pages: what reviewers and curators use --------------------------------------------

# Violations known to come from Django's own admin (its autocomplete widget, select2, and its
# stylesheet), by checker, page, then axe rule id or the start of the Nu message. Those checks
# are xfail(strict=True) and fail for real on anything else: on a violation not listed here, and
# on a listed one that no longer occurs (then remove it; once a page is clean its strict xfail
# turns red until its entry goes).
KNOWN_ADMIN_FAILURES = {
    "axe": {
        "admin-claim-change": {
            "aria-input-field-name": "the select2 comboboxes Django's AutocompleteSelect draws "
            "for document, cites, question and superseded by have no accessible name",
            "label": "select2's search box inside the routes AutocompleteSelectMultiple has no "
            "label",
            "list": "select2's multiple-selection <ul> holds a <span> directly",
            "link-in-text-block": "Django admin's breadcrumbs: white links in #c4dce8 text "
            "(1.42:1), not underlined",
        },
    },
    "vnu": {
        "admin-claim-change": {
            "The first “option” element in a “select” element with a “required” attribute": (
                "AutocompleteSelect for the required document renders no empty first option"
            ),
            "Element “option” without attribute “label” must not be empty": (
                'AutocompleteSelect renders an empty <option value=""></option> for the '
                "optional cites, question and superseded by"
            ),
        },
    },
}


class KnownAdminViolations(AssertionError):
    """Exactly the violations listed in KNOWN_ADMIN_FAILURES, no more, no fewer."""


def signed_in_params(checker):
    params = []
    for spec in a11y.SIGNED_IN_PAGES:
        known = KNOWN_ADMIN_FAILURES[checker].get(spec.name)
        marks = []
        if known:
            reason = f"Django admin widgets/CSS on {spec.name}: " + "; ".join(
                f"{rule} ({why})" for rule, why in known.items()
            )
            marks.append(pytest.mark.xfail(strict=True, raises=KnownAdminViolations, reason=reason))
        params.append(pytest.param(spec.name, marks=marks, id=spec.name))
    return params


def judge(checker, name, found, report):
    """``found``: the axe rule ids or Nu messages seen on the page. Pass when none; raise
    KnownAdminViolations when they are exactly the known ones; else a plain failure."""
    known = KNOWN_ADMIN_FAILURES[checker].get(name, {})
    if not found:
        return

    def is_known(found_one, key):  # axe: the exact rule id; Nu: the message's start
        return found_one == key or (checker == "vnu" and found_one.startswith(key))

    matched = {k for k in known for f in found if is_known(f, k)}
    unknown = sorted({f for f in found if not any(is_known(f, k) for k in known)})
    gone = sorted(set(known) - matched)
    if unknown or gone or not known:
        problems = [f"not known: {u}" for u in unknown] if known else []
        problems += [
            f"known but no longer found (remove it from KNOWN_ADMIN_FAILURES): {g}" for g in gone
        ]
        raise AssertionError(f"{checker} on {name}:\n" + "\n".join(problems) + "\n" + report)
    raise KnownAdminViolations(f"{checker} on {name}, known Django admin violations:\n{report}")


@pytest.fixture
def review_activity(seeded, reviewer, curator):
    a11y.add_review_activity(reviewer, curator)
    return {"reviewer": reviewer, "curator": curator}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", signed_in_params("axe"))
def test_axe_on_signed_in_pages(axe_tools, page, live_server, review_activity, name):
    spec = a11y.SIGNED_IN[name]
    path = spec.path()
    a11y.sign_in_browser(page, live_server.url, review_activity[spec.role])
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{path} answered {response.status} to the {spec.role}"
    if spec.submit_empty:
        a11y.submit_empty(page, spec.submit_empty)
        assert page.locator(".errorlist").count() >= 1, f"{path} posted empty shows no error"
    assert "/login/" not in page.url, f"{spec.role} was sent to {page.url}"
    violations = a11y.axe_violations(page)
    report = a11y.describe_violations(f"{name} ({path}, {spec.role})", violations)
    print(report)
    judge("axe", name, {v["id"] for v in violations}, "axe-core, WCAG A/AA:\n" + report)


@pytest.mark.django_db
@pytest.mark.parametrize("name", signed_in_params("vnu"))
def test_nu_html_checker_on_signed_in_pages(vnu_tools, client, review_activity, name):
    spec = a11y.SIGNED_IN[name]
    path = spec.path()
    client.force_login(review_activity[spec.role])
    if spec.submit_empty:
        # What a browser sends for the form left empty (a truly empty POST is refused by CSRF).
        fields = client.get(path).context["form"].fields
        response = client.post(path, dict.fromkeys(fields, ""))
        assert response.status_code == 400 and b"errorlist" in response.content, path
    else:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
    assert response["Content-Type"].startswith("text/html"), path
    html = response.content.decode(response.charset or "utf-8")
    messages = a11y.vnu_messages({path: html})
    errors = [m for ms in messages.values() for m in ms if a11y.is_error(m)]
    notes = Counter(m["message"] for ms in messages.values() for m in ms if not a11y.is_error(m))
    for message, count in notes.most_common():
        print(f"vnu note ×{count}: {message}")
    report = a11y.describe_vnu(f"{name} ({path}, {spec.role})", errors)
    print(report)
    judge("vnu", name, {m["message"] for m in errors}, "Nu HTML checker:\n" + report)
