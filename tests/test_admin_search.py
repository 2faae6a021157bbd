"""The claims changelist's search: words through the full-text index, keys by their start."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def found(client, admin_user, query):
    client.force_login(admin_user)
    page = client.get(reverse("admin:evidence_claim_changelist"), {"q": query})
    return {claim.key for claim in page.context["cl"].result_list}


def test_a_curator_finds_claims_by_every_word_stemmed_and_by_the_start_of_a_key(
    client, admin_user, make
):
    make.claim(key="home-nasal", quote="Patients sprayed it into the nose at home.")
    make.claim(key="clinic-iv", quote="Infusions were given in a clinic.")
    make.claim(key="home-oral", quote="Lozenges taken at home.")
    assert found(client, admin_user, "sprays home") == {"home-nasal"}
    assert found(client, admin_user, "infusion") == {"clinic-iv"}
    assert found(client, admin_user, "home-") == {"home-nasal", "home-oral"}
    assert found(client, admin_user, "nothing-like-this") == set()


def test_a_curator_finds_claims_by_the_name_of_their_source(client, admin_user, make):
    make.claim(key="theirs", document=make.source(label="Zarate et al., 2006"))
    make.claim(key="other")
    assert found(client, admin_user, "Zarate") == {"theirs"}


def test_a_search_of_stop_words_only_or_symbols_is_not_an_error(client, admin_user, make):
    make.claim(key="any")
    assert found(client, admin_user, '"(*') == set()
    assert found(client, admin_user, "the") == set()


def test_a_long_changelist_counts_only_as_far_as_its_pages_reach(
    client, admin_user, make, monkeypatch
):
    from evidence.admin import ClaimAdmin
    from evidence.paging import BoundedPaginator

    monkeypatch.setattr(ClaimAdmin, "list_per_page", 2)
    monkeypatch.setattr(BoundedPaginator, "MAX_PAGES", 2)
    for n in range(5):
        make.claim(key=f"nasal-{n}", quote="Sprayed into the nose.")
    client.force_login(admin_user)
    page = client.get(reverse("admin:evidence_claim_changelist"), {"q": "nose"})
    html = page.content.decode()
    assert html.count("More than 4 results") == 2  # beside the search box and under the list
    assert page.context["cl"].paginator.num_pages == 2
    make.claim(key="other", quote="Infused.")
    one = client.get(reverse("admin:evidence_claim_changelist"), {"q": "infused"})
    assert "More than" not in one.content.decode() and one.context["cl"].result_count == 1


@pytest.fixture
def pages_reach_two(monkeypatch):
    """One claim a page, two pages: a search need find only the newest three."""
    from evidence.admin import ClaimAdmin
    from evidence.paging import BoundedPaginator

    monkeypatch.setattr(ClaimAdmin, "list_per_page", 1)
    monkeypatch.setattr(BoundedPaginator, "MAX_PAGES", 2)


def changelist(client, admin_user, **params):
    client.force_login(admin_user)
    return client.get(reverse("admin:evidence_claim_changelist"), params).context["cl"]


def test_a_filtered_search_bounds_the_claims_the_filter_keeps_not_all_of_them(
    client, admin_user, make, pages_reach_two
):
    for n in range(2):
        make.claim(key=f"older-{n}", quote="Sprayed into the nose.")
    for n in range(4):
        make.claim(key=f"newer-draft-{n}", quote="Sprayed into the nose.", status="draft")
    cl = changelist(client, admin_user, q="nose", status__exact="published")
    assert cl.result_count == 2
    assert [claim.key for claim in cl.result_list] == ["older-1"]


def test_a_search_sorted_by_a_column_sorts_every_match_not_only_the_newest(
    client, admin_user, make, pages_reach_two
):
    make.claim(key="a-oldest", quote="Sprayed into the nose.")
    for n in range(4):
        make.claim(key=f"z-newer-{n}", quote="Sprayed into the nose.")
    assert changelist(client, admin_user, q="nose").result_list[0].key == "z-newer-3"
    assert changelist(client, admin_user, q="nose", o="1").result_list[0].key == "a-oldest"


def test_a_key_is_found_by_its_start_typed_in_capitals(client, admin_user, make):
    make.claim(key="home-nasal")
    assert found(client, admin_user, "HOME-n") == {"home-nasal"}


def test_each_row_of_a_search_links_to_its_claim_and_back_to_the_same_search(
    client, admin_user, make
):
    claim = make.claim(key="home-nasal", quote="Sprayed into the nose at home.")
    client.force_login(admin_user)
    changelist = reverse("admin:evidence_claim_changelist")
    change = reverse("admin:evidence_claim_change", args=[claim.pk])
    searched = client.get(changelist, {"q": "nose", "status__exact": "published"}).content.decode()
    assert f'href="{change}?_changelist_filters=q%3Dnose%26status__exact%3Dpublished"' in searched
    plain = client.get(changelist).content.decode()
    assert f'href="{change}"' in plain and "_changelist_filters" not in plain
