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
