"""Readable on a phone and at a desk, in Debian's Chromium: sides interleave, nothing scrolls
sideways, and both search boxes find the evidence."""

import re

import pytest

from tests.conftest import need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
QUESTION = "/questions/home-vs-iv/"
CARDS = ".pairs article.claim"

# Elements reaching past the right edge of the viewport, unless a scrolling or clipping
# ancestor keeps them from widening the page. Visually hidden text (1px, clipped) is skipped.
TOO_WIDE = """() => {
  const limit = document.documentElement.clientWidth;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return true;
    }
    return false;
  };
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string'
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 1 && r.height > 1 && r.right > limit + 1 && !clipped(el)) wide.add(el);
  }
  // Name only the outermost: a wide table, not each of its rows and cells.
  return [...wide].filter(el => !wide.has(el.parentElement)).map(el => {
    const r = el.getBoundingClientRect();
    return `${describe(el)} right=${Math.round(r.right)} width=${Math.round(r.width)}: `
      + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  });
}"""


@pytest.fixture(autouse=True)
def _chromium():
    need_chromium()


def card_answers(page, count=2):
    cards = page.locator(CARDS)
    assert cards.count() >= count, f"only {cards.count()} claim cards in .pairs"
    # text_content: at desk width the answer line is visually hidden, but still there.
    return [cards.nth(i).locator(".answer").text_content().strip() for i in range(count)]


def no_sideways_scroll(page):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(TOO_WIDE)
    assert scroll_width <= width and not too_wide, (
        f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width}); elements "
        "reaching past the right edge:\n" + "\n".join(too_wide[:30])
    )


def test_on_a_phone_the_sides_interleave_and_nothing_scrolls_sideways(page, live_server, seeded):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + QUESTION)
    first, second = card_answers(page)
    assert first and second, "each card names its answer"
    assert first != second, (
        f"the first two cards give the same answer ({first!r}): on a phone a reader should meet "
        "one side's claim, then the other's"
    )
    # The answer is shown on a phone, not only read out.
    assert page.locator(CARDS).first.locator(".answer").is_visible()
    one, two = (page.locator(CARDS).nth(i).bounding_box() for i in range(2))
    assert abs(one["x"] - two["x"]) < 1 and two["y"] >= one["y"] + one["height"], (
        "on a phone the cards stack in one column, in reading order"
    )
    no_sideways_scroll(page)
    page.screenshot(path="test-results/question-home-vs-iv-phone.png", full_page=True)


@pytest.mark.parametrize(
    "path", ["/", "/disputes/", "/claims/", "/routes/", "/routes/iv/", "/evidence-strength/"]
)
def test_other_pages_do_not_scroll_sideways_on_a_phone(page, live_server, seeded, path):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    no_sideways_scroll(page)


def test_at_a_desk_the_two_answers_sit_side_by_side(page, live_server, seeded):
    page.set_viewport_size(DESK)
    page.goto(live_server.url + QUESTION)
    first, second = card_answers(page)
    assert first != second
    one, two = (page.locator(CARDS).nth(i).bounding_box() for i in range(2))
    assert two["x"] > one["x"] + one["width"] - 1, "the second answer's card is to the right"
    assert abs(one["y"] - two["y"]) < 1, "both cards start on the same row"
    heads = page.locator(".pairs").first.locator(".column-head")
    assert heads.count() >= 2 and heads.first.is_visible()
    assert heads.nth(0).inner_text().startswith(first.split(" (")[0][:20])
    no_sideways_scroll(page)


def test_the_home_page_search_box_finds_nasal(page, live_server, seeded):
    page.goto(live_server.url + "/")
    box = page.locator("#home-q")
    assert page.get_by_label("Search the evidence", exact=True).first.is_visible()
    box.fill("nasal")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=nasal$"))
    assert re.match(r"[1-9]\d* results? for “nasal”", page.get_by_role("status").inner_text())
    assert page.locator("main ul.hits li a").count() >= 1
    assert page.locator("main mark").filter(has_text=re.compile("nasal", re.I)).count() >= 1


def test_the_header_search_box_works_from_a_question_page(page, live_server, seeded):
    page.goto(live_server.url + QUESTION)
    header = page.get_by_role("search", name="Site")
    header.get_by_label("Search the evidence").fill("bladder")
    header.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=bladder$"))
    assert re.match(r"[1-9]\d* results? for “bladder”", page.get_by_role("status").inner_text())
    assert page.locator("#site-q").input_value() == "bladder"
