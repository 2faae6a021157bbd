"""Browsing as a clinician would, in Debian's Chromium: filter, sort, export, search."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _chromium():
    need_chromium()


def result_count(page):
    return int(re.match(r"\d+", page.get_by_role("status").inner_text()).group())


def test_filter_the_claims_to_contested_intranasal_ones_and_export_them(page, live_server, seeded):
    page.goto(live_server.url + "/claims/")
    everything = result_count(page)
    page.get_by_label("Route").select_option("intranasal-racemic")
    page.get_by_label("Contested only").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile("contested=on"))
    filtered = result_count(page)
    assert 0 < filtered < everything

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    exported = list(csv.DictReader(io.StringIO(text)))
    assert len(exported) == filtered
    assert all("Intranasal racemic" in row["Routes"] for row in exported)


def test_sort_the_sources_by_evidence_level(page, live_server, seeded):
    page.goto(live_server.url + "/sources/")
    page.get_by_role("link", name="Evidence level").click()
    page.wait_for_url(re.compile("sort=evidence_level"))
    first_row = page.locator("table.data-table tbody tr").first.inner_text()
    assert "1 – Systematic review" in first_row
    page.get_by_role("link", name="Evidence level").click()
    page.wait_for_url(re.compile("sort=-evidence_level"))
    assert "5 – Expert opinion" in page.locator("table.data-table tbody tr").first.inner_text()


def test_search_for_bladder_and_open_the_effect(page, live_server, seeded):
    page.goto(live_server.url + "/")
    header = page.get_by_role("search", name="Site")
    header.get_by_label("Search the evidence").fill("bladder")
    header.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=bladder"))
    assert page.get_by_label("Words to find").input_value() == "bladder"
    effects = page.get_by_role("region", name=re.compile("^Adverse effects"))
    assert effects.locator("mark").count() >= 1
    effects.get_by_role("link", name=re.compile("cystitis", re.I)).click()
    # A click starts the navigation without waiting for it: the note is awaited, not counted
    # at once (CI read the search page's notes once).
    page.wait_for_url(re.compile(r"/adverse-effects/cystitis/$"))
    expect(page.get_by_role("note").filter(has_text="Different doses")).to_have_count(1)


def test_the_route_map_links_a_cell_to_its_claims(page, live_server, seeded):
    page.goto(live_server.url + "/routes/")
    table = page.locator("table.matrix")
    table.get_by_role("link", name=re.compile("disputed$")).first.click()
    page.wait_for_url(re.compile(r"/claims/\?route=.+&topic=.+"))
    assert result_count(page) >= 1
