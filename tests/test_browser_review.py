"""Peer review in a real browser: invitation to resolved comment, as the people involved."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "test-results"
PASSWORD = "a-long-unusual-passphrase"


@pytest.fixture(autouse=True)
def _chromium():
    need_chromium()


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_an_invited_reviewer_comments_and_a_curator_resolves_it(page, live_server, make, curator):
    base = live_server.url
    claim = make.claim(quote="Ketamine works within hours.")
    claim_url = base + claim.get_absolute_url()

    sign_in(page, base, "curator", "pw-for-tests")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="Invite a reviewer").click()
    page.get_by_label("Name").fill("Dr Ada Okafor")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Affiliation").fill("St Elsewhere")
    page.get_by_label("Declared conflicts of interest").fill("None.")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("main")).to_contain_text("Invitation sent to ada@example.org")
    page.screenshot(path=f"{SHOTS}/review-invite.png", full_page=True)
    sign_out(page)

    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.screenshot(path=f"{SHOTS}/review-accept.png", full_page=True)
    page.get_by_role("button", name="Set my password").click()
    expect(page.locator("main")).to_contain_text("Your password is set")
    page.screenshot(path=f"{SHOTS}/review-login.png", full_page=True)
    sign_in(page, base, "ada@example.org", PASSWORD)

    page.goto(claim_url)
    page.get_by_label("Kind").select_option("misquote")
    page.locator(".comment-form #id_body").fill("The quote leaves out *in some patients*.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"/review/claim/\d+/"))
    page.goto(claim_url)
    assert "leaves out in some patients" in page.inner_text("main")
    page.screenshot(path=f"{SHOTS}/review-claim-reviewer.png", full_page=True)
    sign_out(page)

    page.goto(claim_url)
    panel = page.get_by_role("region", name="Peer review")
    assert "1 open review comment" in panel.inner_text()
    assert "Under review" in panel.inner_text() and "leaves out" not in panel.inner_text()
    page.screenshot(path=f"{SHOTS}/review-claim-public.png", full_page=True)

    sign_in(page, base, "curator", "pw-for-tests")
    page.goto(f"{base}/review/")
    page.screenshot(path=f"{SHOTS}/review-queue.png", full_page=True)
    page.get_by_role("link", name="Resolve").first.click()
    page.get_by_label("Resolution note").fill("Quote extended to the full sentence.")
    page.screenshot(path=f"{SHOTS}/review-resolve.png", full_page=True)
    page.get_by_role("button", name="Resolve").click()
    page.wait_for_url(f"{base}/review/")
    assert "No open comment matches" in page.inner_text("main")
    sign_out(page)

    page.goto(claim_url)
    panel = page.get_by_role("region", name="Peer review")
    assert "No open review comments" in panel.inner_text()
    assert "Last reviewed" in panel.inner_text()
    panel.get_by_role("link", name="Change history").click()
    page.wait_for_url(re.compile(r"/history/"))
    page.screenshot(path=f"{SHOTS}/review-history.png", full_page=True)
