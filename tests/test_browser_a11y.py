"""What the checkers cannot see, in Debian's Chromium with the keyboard only: a rejected form
takes focus to what went wrong, a confirmation is announced, and the focus ring and field
borders stand out (3:1 at least) from every background they appear on."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import a11y
from tests.conftest import need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The contrast ratio of two CSS colours, as WCAG 2 defines it; and the colour behind an
# element: the first ancestor's background that is not transparent.
CONTRAST = """
const channels = css => css.match(/[\\d.]+/g).map(Number);
const luminance = css => {
  const [r, g, b] = channels(css).slice(0, 3).map(v => v / 255)
    .map(c => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
};
const behind = el => {
  for (let a = el.parentElement; a; a = a.parentElement) {
    const bg = getComputedStyle(a).backgroundColor;
    const alpha = channels(bg)[3];
    if (alpha === undefined || alpha > 0) return bg;
  }
  return 'rgb(255, 255, 255)';
};
const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
  + ' «' + (el.textContent || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '»';
"""

# The focused element's ring: its style, width, colour, against the colour behind it.
FOCUS_RING = (
    "() => {"
    + CONTRAST
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.tabbed) return null;  // round the page
  el.dataset.tabbed = 'yes';
  const style = getComputedStyle(el);
  const background = behind(el);
  return {element: describe(el), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), colour: style.outlineColor, background,
          ratio: ratio(style.outlineColor, background)};
}"""
)

# Every visible text field, text area and select: its border against the colour behind it.
FIELD_BORDERS = (
    "() => {"
    + CONTRAST
    + """
  const fields = document.querySelectorAll(
    'input:not([type=hidden], [type=checkbox], [type=radio], [type=submit]), textarea, select');
  return [...fields].filter(f => f.getClientRects().length).map(f => {
    const style = getComputedStyle(f);
    const background = behind(f);
    return {element: describe(f), width: parseFloat(style.borderTopWidth),
            colour: style.borderTopColor, background,
            ratio: ratio(style.borderTopColor, background)};
  });
}"""
)


@pytest.fixture(autouse=True)
def _chromium():
    need_chromium()


def tab_to(page, selector, presses=300):
    """Press Tab until the focused element matches ``selector``; fail if it never does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{presses} presses of Tab never reached {selector}")


def focused_id(page):
    return page.evaluate("document.activeElement.id")


def test_a_rejected_comment_takes_focus_to_what_went_wrong_and_a_posted_one_is_announced(
    page, live_server, make, reviewer
):
    claim = make.claim(quote="Ketamine works within hours.")
    a11y.sign_in_browser(page, live_server.url, reviewer)
    page.goto(live_server.url + claim.get_absolute_url())

    # A comment of blank spaces passes the browser's own check; the server refuses it.
    tab_to(page, ".comment-form select[name=kind]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_body"
    page.keyboard.type("   ")
    tab_to(page, ".comment-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.title().startswith("Error: ")
    assert focused_id(page) == "error-summary"
    summary = page.locator("#error-summary")
    assert "Comment: This field is required." in summary.inner_text()
    assert page.locator("#id_body").get_attribute("aria-invalid") == "true"
    described_by = page.locator("#id_body").get_attribute("aria-describedby").split()
    assert [page.locator(f"#{i}").count() for i in described_by] == [1, 1], described_by

    # The summary's link leads to the field; the text typed there is posted.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_body"
    page.keyboard.press("Enter")
    assert focused_id(page) == "id_body"
    page.keyboard.press("Control+A")
    page.keyboard.type("The quote leaves out *in some patients*.")
    tab_to(page, ".comment-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert not page.title().startswith("Error")
    assert page.locator(".messages").inner_text() == "Your comment is posted."
    expect(page.locator("[role=status][data-announce]")).to_have_text("Your comment is posted.")
    assert "leaves out in some patients" in page.locator(".review-panel").inner_text()


def test_a_rejected_sign_in_takes_focus_to_what_went_wrong(page, live_server, reviewer):
    page.goto(live_server.url + reverse("login"))
    page.keyboard.type("reviewer")  # the username field has autofocus
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.title().startswith("Error: ")
    assert focused_id(page) == "error-summary"
    assert "correct username and password" in page.locator("#error-summary").inner_text()


def focus_rings_on(page, url):
    """Tab through every focusable element of ``url``; the ring of each one."""
    page.goto(url)
    rings = []
    for _ in range(600):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:
            return rings
        rings.append(ring)
    raise AssertionError(f"{url}: more than 600 stops for the Tab key")


@pytest.mark.parametrize("role", ["anonymous", "reviewer"])
def test_the_focus_ring_and_field_borders_stand_out_3_to_1_wherever_they_appear(
    page, live_server, seeded, reviewer, role
):
    a11y.sign_in_browser(page, live_server.url, reviewer if role == "reviewer" else None)
    claim = a11y.published_claim()
    pages = {
        "anonymous": ["/", "/questions/home-vs-iv/", "/routes/", "/claims/", reverse("login")],
        "reviewer": [claim.get_absolute_url(), reverse("password_change")],
    }[role]
    weak, ratios, borders = [], [], []
    for path in pages:
        for ring in focus_rings_on(page, live_server.url + path):
            ratios.append(ring["ratio"])
            if ring["style"] != "solid" or ring["width"] < 2 or ring["ratio"] < 3:
                weak.append(f"{path}: focus ring {ring}")
        for border in page.evaluate(FIELD_BORDERS):
            borders.append(border["ratio"])
            if border["width"] < 1 or border["ratio"] < 3:
                weak.append(f"{path}: field border {border}")
    print(
        f"{len(ratios)} focus rings, contrast {min(ratios)}–{max(ratios)}:1; "
        f"{len(borders)} field borders, {min(borders)}–{max(borders)}:1"
    )
    assert ratios and borders, "no focusable element or field was found"
    assert not weak, "\n".join(weak)
