"""Every public page, and every page a reviewer or curator uses (forms rejected and confirmed,
the review panel, the queue, the admin's change pages), passes axe-core at WCAG 2.0/2.1 A and
AA, and the W3C Nu HTML checker.

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


# --- Pages by role: forms rejected and confirmed, review, the admin --------------------------


@pytest.fixture
def users(seeded, reviewer, curator):
    a11y.add_review_activity(reviewer, curator)
    return {"anonymous": None, "reviewer": reviewer, "curator": curator}


def role_pages(role):
    return [spec for spec in a11y.ROLE_PAGES if spec.role == role]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", a11y.ROLES)
def test_axe_finds_no_violation_on_any_page_a_role_uses(axe_tools, page, live_server, users, role):
    a11y.sign_in_browser(page, live_server.url, users[role])
    problems, checked = [], []
    for spec in role_pages(role):
        path = spec.path()
        response = page.goto(live_server.url + path)
        sent_to_sign_in = role != "anonymous" and "/login/" in page.url
        if response.status != 200 or sent_to_sign_in:
            problems.append(f"{spec.name}: {path} answered {response.status} at {page.url}")
            continue
        if spec.form:
            a11y.submit(page, spec.form, spec.values)
            if not page.locator(spec.expects).count():
                problems.append(f"{spec.name}: posting {spec.form} showed no {spec.expects}")
        checked.append(spec.name)
        violations = a11y.axe_violations(page)
        if violations:
            problems.append(a11y.describe_violations(f"{spec.name} ({path})", violations))
    print(f"axe-core checked {len(checked)} pages as the {role}: {', '.join(checked)}")
    assert not problems, "axe-core found WCAG A/AA violations:\n" + "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", a11y.ROLES)
def test_nu_html_checker_finds_no_error_on_any_page_a_role_uses(vnu_tools, client, users, role):
    if users[role]:
        client.force_login(users[role])
    documents, problems = {}, []
    for spec in role_pages(role):
        path = spec.path()
        if spec.form:
            response = a11y.post_form(client, path, spec.values)
            shown = response.content.decode(response.charset or "utf-8")
            if spec.expects.lstrip(".") not in shown:
                problems.append(f"{spec.name}: posting {spec.form} showed no {spec.expects}")
        else:
            response = client.get(path)
        if response.status_code not in OK_STATUSES:
            problems.append(f"{spec.name}: {path} answered {response.status_code}")
            continue
        assert response["Content-Type"].startswith("text/html"), path
        documents[spec.name] = response.content.decode(response.charset or "utf-8")
    found = a11y.vnu_messages(documents)
    print(f"vnu checked {len(documents)} pages as the {role}: {', '.join(documents)}")
    notes = Counter(m["message"] for ms in found.values() for m in ms if not a11y.is_error(m))
    for message, count in notes.most_common():
        print(f"vnu note ×{count}: {message}")
    errors = {name: [m for m in ms if a11y.is_error(m)] for name, ms in found.items()}
    problems += [a11y.describe_vnu(name, ms) for name, ms in errors.items() if ms]
    assert not problems, "the Nu HTML checker found errors:\n" + "\n".join(problems)
