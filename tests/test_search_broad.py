"""A broad search (more matches than are counted) stays fast and says how it is ordered:
claims holding every word first, then the others, each strongest evidence first; sources
likewise, each by name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence import search as search_module
from evidence import search_results
from evidence.models import Claim
from evidence.search import search

pytestmark = pytest.mark.django_db

BOUND = 5  # stands for COUNTED_UP_TO's 1,000, so a few claims make a broad search


@pytest.fixture(autouse=True)
def counted_up_to_five(monkeypatch):
    monkeypatch.setattr(search_results, "COUNTED_UP_TO", BOUND)
    monkeypatch.setattr(search_results, "PER_GROUP", 3)


def claims_found(query, page=1):
    (group,) = search(query, kind="claims", page=page)
    return group


def test_a_broad_search_counts_up_to_its_bound_and_says_more_than(client, make):
    for i in range(BOUND + 2):
        make.claim(quote=f"Nasal spray, case {i}.")
    group = claims_found("nasal")
    assert (group.count_is_exact, group.count_label) == (False, "more than 5")
    page = client.get(reverse("evidence:search"), {"q": "nasal"}).content.decode()
    assert "more than 5" in page and "strongest evidence first" in page


def test_one_common_word_lists_the_strongest_evidence_first(make):
    certainties = ["very_low", "high", "low", "moderate", "very_low", "high"]
    for i, certainty in enumerate(certainties):
        make.claim(quote=f"Nasal spray, case {i}.", certainty=certainty)
    pages = [claims_found("nasal", page).hits for page in (1, 2)]
    found = [hit.record for hits in pages for hit in hits]
    assert [c.strength for c in found] == sorted(c.strength for c in found)
    assert len({c.pk for c in found}) == len(certainties), "pages neither repeat nor skip"


def test_results_stop_after_the_bound_and_the_last_page_says_so(client, make):
    for i in range(BOUND + 3):
        make.claim(quote=f"Nasal spray, case {i}.")
    assert claims_found("nasal", page=9).page == 2  # 6 counted: two pages of three
    page = client.get(reverse("evidence:search"), {"q": "nasal", "type": "claims", "page": 2})
    assert "Results stop after the first 6" in page.content.decode()


def test_claims_holding_every_word_come_before_the_rest_across_pages(make):
    others = [
        make.claim(quote=f"Nasal spray, case {i}.", certainty=certainty)
        for i, certainty in enumerate(["low", "high", "moderate"])
    ]
    both = [make.claim(quote=f"Nasal ketamine costs money, case {i}.") for i in range(4)]
    pages = [claims_found("nasal cost", page).hits for page in (1, 2)]
    found = [hit.record for hits in pages for hit in hits]
    assert {c.pk for c in found[:4]} == {c.pk for c in both}, "every word first, though weaker"
    strongest = sorted(others, key=lambda c: (c.strength, c.pk))
    assert [c.pk for c in found[4:]] == [c.pk for c in strongest[:2]]


def test_a_page_past_those_holding_every_word_goes_on_with_the_rest_in_order(make):
    both = [make.claim(quote=f"Nasal ketamine costs money, case {i}.") for i in range(2)]
    certainties = ["low", "high", "moderate", "very_low", "high"]
    others = [
        make.claim(quote=f"Nasal spray, case {i}.", certainty=c) for i, c in enumerate(certainties)
    ]
    pages = [claims_found("nasal cost", page).hits for page in (1, 2)]
    found = [hit.record.pk for hits in pages for hit in hits]
    strongest = sorted(others, key=lambda c: (c.strength, c.pk))
    assert found == [*sorted(c.pk for c in both), *[c.pk for c in strongest[:4]]]


def test_a_broad_search_asks_no_more_queries_than_a_narrow_one(make):
    """A misspelt word holds nothing, so no claim holds every word: the page is the rest
    alone, and the count says so without a query of its own."""

    def queries(query):
        with CaptureQueriesContext(connection) as asked:
            (group,) = search(query, kind="claims")
        return group.count_is_exact, len(asked)

    for i in range(BOUND - 1):
        make.claim(quote=f"Nasal spray, case {i}.")
    narrow = queries("nasal sprya")
    for i in range(BOUND):
        make.claim(quote=f"Nasal spray, case {i + BOUND}.")
    broad = queries("nasal sprya")
    assert (narrow[0], broad[0]) == (True, False)
    assert broad[1] == narrow[1]


@pytest.mark.parametrize("lookups", [0, 15, 20, 1000])
def test_checking_the_strongest_claims_one_by_one_finds_what_the_match_set_finds(
    make, monkeypatch, lookups
):
    """Nasal stands for five phrases, so: no claim checked one by one; the strongest three
    (a page; two of them oral, found by neither way), then the match set; four; all."""
    certainties = ["high", "low", "moderate", "high", "moderate", "very_low", "low"]
    for i, certainty in enumerate(certainties):
        quote = f"Nasal spray, case {i}." if i % 3 else f"Oral lozenge, case {i}."
        make.claim(quote=quote, certainty=certainty)
    for i in range(BOUND):
        make.claim(quote=f"Nasal spray at home, case {i}.", certainty="very_low")
    monkeypatch.setattr(search_module, "WALKED_LOOKUPS", lookups)
    found = [hit.record for page in (1, 2) for hit in claims_found("nasal", page).hits]
    nasal = Claim.objects.filter(quote__icontains="nasal")
    expected = sorted(nasal, key=lambda c: (c.strength, c.pk))
    assert [c.pk for c in found] == [c.pk for c in expected[: len(found)]] and len(found) == 6


def test_a_narrow_search_is_counted_exactly_and_ranked_by_relevance(make):
    make.claim(quote="Nasal spray.")
    make.claim(quote="Nasal spray, nasal spray, nasal spray and nasal again.")
    group = claims_found("nasal")
    assert group.count_is_exact and group.count == 2
    assert group.hits[0].record.quote.startswith("Nasal spray, nasal")


def test_the_api_says_when_a_count_is_a_floor(client, make):
    for i in range(BOUND + 1):
        make.claim(quote=f"Bladder pain, case {i}.")
    answer = client.get(reverse("evidence:api-search"), {"q": "bladder"}).json()
    (claims,) = [g for g in answer["groups"] if g["type"] == "claims"]
    assert (claims["count"], claims["count_is_exact"]) == (BOUND, False)


def test_a_broad_search_of_sources_lists_those_holding_every_word_first_then_by_name(client, make):
    others = [make.source(label=f"{name} trial", title="Nasal spray") for name in "EDCBA"]
    both = make.source(label="Zeta", title="Nasal spray and what it costs")
    (group,) = search("nasal cost", kind="sources")
    assert [hit.record.pk for hit in group.hits] == [
        both.pk,
        *[s.pk for s in sorted(others, key=lambda s: s.name.casefold())[:2]],
    ]
    page = client.get(reverse("evidence:search"), {"q": "nasal cost"}).content.decode()
    assert "So many sources match that those holding all your words come first" in page
    assert "then the others, each by name" in page


def test_claims_holding_every_word_are_listed_strongest_first_not_by_how_well_they_match(make):
    """Past the bound no match is ranked: the claim saying "nasal" and "cost" most often is
    weaker evidence, so it comes last of those holding both words."""
    certainties = ["low", "high", "very_low", "moderate"]
    both = [
        make.claim(quote=f"Nasal ketamine costs money, case {i}.", certainty=certainty)
        for i, certainty in enumerate(certainties)
    ]
    wordy = make.claim(
        quote="Nasal cost, nasal cost, nasal cost: the nasal route's cost.", certainty="very_low"
    )
    make.claim(quote="Nasal spray alone, strongest of all.", certainty="high")
    found = [hit.record.pk for page in (1, 2) for hit in claims_found("nasal cost", page).hits]
    holding_both = sorted([*both, wordy], key=lambda c: (c.strength, c.pk))
    assert found[:5] == [c.pk for c in holding_both]
    assert found.index(wordy.pk) > found.index(both[1].pk)
