"""The patient lens on a phone, in Debian's Chromium, over the seed evidence: chosen by ticking
boxes (with or without JavaScript), readable without sideways scrolling, accessible, and
printed without its form and navigation but with the date and its own address."""

import pytest
from playwright.sync_api import expect

from tests import a11y
from tests.conftest import need_chromium
from tests.test_browser_readable import PHONE, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUBSTANCE = "Substance or alcohol use history"


@pytest.fixture(autouse=True)
def _chromium():
    need_chromium()


@pytest.fixture
def unaddressed(seeded, make):
    """A kind of patient no source speaks to."""
    return make.factor(name="Left-handed", slug="left-handed", position=99)


def choose(page, base_url, *names):
    page.goto(base_url + "/patient/")
    for name in names:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="Show what the sources say").click()
    page.wait_for_url("**/patient/?factor=*")


def test_on_a_phone_ticking_two_kinds_of_patient_shows_each_on_its_own(
    page, live_server, unaddressed
):
    page.set_viewport_size(PHONE)
    choose(page, live_server.url, SUBSTANCE, "Left-handed")
    assert page.url.endswith("/patient/?factor=substance-use&factor=left-handed")
    substance = page.locator("section.lens-factor", has=page.get_by_role("heading", name=SUBSTANCE))
    expect(substance.locator("blockquote").first).to_be_visible()
    expect(substance.locator(".lens-source h3").first).to_be_visible()
    left = page.locator("section.lens-factor", has=page.get_by_role("heading", name="Left-handed"))
    expect(left).to_contain_text("No source in this reference says anything about these patients")
    # The results come first: the form folds away, ready to change the choice.
    expect(page.get_by_role("button", name="Show what the sources say")).to_be_hidden()
    page.get_by_text("Change the kinds of patient").click()
    expect(page.get_by_role("checkbox", name=SUBSTANCE)).to_be_checked()
    no_sideways_scroll(page)


def test_the_form_works_without_javascript(browser, live_server, unaddressed):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    choose(page, live_server.url, "Left-handed")
    expect(page.get_by_role("heading", name="Left-handed", level=2)).to_be_visible()
    context.close()


def test_printed_the_lens_drops_its_form_and_navigation_and_gives_its_address(
    page, live_server, unaddressed
):
    page.goto(live_server.url + "/patient/?factor=substance-use")
    page.emulate_media(media="print")
    expect(page.locator(".lens-choose")).to_be_hidden()
    expect(page.locator(".site-header nav")).to_be_hidden()
    line = page.locator(".lens-permalink")
    expect(line).to_be_visible()
    expect(line).to_contain_text("Prepared ")
    expect(line).to_contain_text(live_server.url + "/patient/?factor=substance-use")
    expect(page.get_by_text("It is not a recommendation for any patient.")).to_be_visible()


def test_the_lens_has_no_accessibility_violations_on_a_phone(browser, live_server, unaddressed):
    a11y.need_node_modules()
    # axe-core is injected as an inline script, which the site's Content Security Policy
    # forbids; the other tests here run under that policy.
    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    page = context.new_page()
    for query in ("", "?factor=substance-use&factor=left-handed", "?factor=nope"):
        url = live_server.url + "/patient/" + query
        page.goto(url)
        violations = a11y.axe_violations(page)
        assert not violations, a11y.describe_violations(url, violations)
    context.close()
