"""A psychiatrist's path through a dispute, in a real browser (Debian's Chromium)."""

import re

import pytest

from tests.conftest import need_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _chromium():
    need_chromium()


def side(page, answer):
    """The claim cards giving ``answer`` (sides are named by the question's answers)."""
    return page.locator("article.claim").filter(
        has=page.locator(".answer", has_text=re.compile("^" + re.escape(answer)))
    )


def test_from_the_home_page_to_both_sides_of_a_contested_question(page, live_server, seeded):
    page.goto(live_server.url + "/")
    contested = page.get_by_role("region", name=re.compile("Disputed questions"))
    contested.get_by_role("link", name=re.compile("compounded intranasal racemic ketamine")).click()

    page.wait_for_url(re.compile(r"/questions/home-vs-iv/$"))
    answers = page.get_by_role("region", name="The answers").inner_text()
    assert "Yes — home nasal ketamine" in answers and "No — only in a clinic" in answers
    supports, opposes = side(page, "Yes — "), side(page, "No — ")
    assert supports.locator("blockquote").count() >= 1
    assert opposes.locator("blockquote").count() >= 1
    supporting_sources = " ".join(supports.locator(".attribution").all_inner_texts())
    assert "S. Alexander, psychiatrist's guide (ACX), 2021" in supporting_sources
    opposing_sources = " ".join(opposes.locator(".attribution").all_inner_texts())
    assert "forum post" in opposing_sources.lower()
    assert "Ketamine clinic's patient guide" in opposing_sources
    explanation = page.get_by_role("region", name=re.compile("Why they differ"))
    assert "What would settle it" in explanation.inner_text()
    page.screenshot(path="test-results/question-home-vs-iv.png", full_page=True)


def test_filtering_disagreements_by_route(page, live_server, seeded):
    page.goto(live_server.url + "/disputes/")
    total = page.locator("table.disputes tbody tr").count()
    page.get_by_label("Route").select_option("iv")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"route=iv"))
    filtered = page.locator("table.disputes tbody tr").count()
    assert 0 < filtered <= total
