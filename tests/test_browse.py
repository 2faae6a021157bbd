"""Browse and compare: the tables' filters, sorting and export; the route map; search."""

import csv
import io

import pytest
from django.db import connection

from evidence.pages import route_map
from evidence.search import search
from evidence.snippets import highlight

pytestmark = pytest.mark.django_db


def rows(client, url, **params):
    response = client.get(url, {**params, "_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_claims_filter_by_route_and_contested_only(client, make):
    iv, oral = make.route(slug="iv"), make.route(slug="oral")
    q = make.question()
    make.claim(question=q, stance="supports", routes=[iv], quote="For, by IV.")
    make.claim(question=q, stance="opposes", routes=[oral], quote="Against, oral.")
    make.claim(question=make.question(), stance="supports", routes=[iv], quote="Calm, IV.")
    assert {r["Quote"] for r in rows(client, "/claims/", route="iv")} == {
        "For, by IV.",
        "Calm, IV.",
    }
    contested = rows(client, "/claims/", contested="on")
    assert {r["Quote"] for r in contested} == {"For, by IV.", "Against, oral."}
    both = rows(client, "/claims/", contested="on", route="oral")
    assert [r["Quote"] for r in both] == ["Against, oral."]


def test_claims_sort_by_certainty(client, make):
    make.claim(certainty="very_low", quote="Weak.")
    make.claim(certainty="high", quote="Strong.")
    ascending = [r["Quote"] for r in rows(client, "/claims/", sort="certainty")]
    descending = [r["Quote"] for r in rows(client, "/claims/", sort="-certainty")]
    assert ascending == list(reversed(descending))


@pytest.mark.parametrize("sort", ["certainty", "-certainty", "document", "-document"])
def test_a_table_page_shows_the_rows_its_sort_puts_there_in_that_order(client, make, sort):
    # A page's ids are found first, then its rows read whole: the two must agree.
    documents = [make.source(title=f"Source {n}") for n in "CAB"]
    for n, certainty in enumerate(["high", "low", "moderate", "very_low"] * 3):
        make.claim(document=documents[n % 3], certainty=certainty, quote=f"Claim {n}.")
    everything = [r["Quote"] for r in rows(client, "/claims/", sort=sort)]
    shown = []
    for page in (1, 2, 3):
        response = client.get("/claims/", {"sort": sort, "per_page": 5, "page": page})
        shown += [row.record.quote for row in response.context["table"].page.object_list]
    assert shown == everything and len(set(shown)) == 12


def test_unpublished_claims_are_not_in_the_table_or_its_export(client, make):
    make.claim(status="draft", quote="Draft words.")
    assert rows(client, "/claims/") == []
    assert "Draft words." not in client.get("/claims/").content.decode()


def test_sources_count_their_claims_and_filter_by_conflict(client, make):
    clinic = make.source(title="Clinic", kind="clinic_page", conflict="financial")
    make.claim(document=clinic)
    make.claim(document=clinic)
    make.source(title="Trial")
    (row,) = rows(client, "/sources/", conflict="financial")
    assert (row["Title"], row["Claims quoted"]) == ("Clinic", "2")


def test_adverse_effect_reports_filter_by_dose_context(client, make):
    bladder = make.effect(name="Cystitis", organ_system="urinary")
    make.report(effect=bladder, dose_context="recreational", frequency="common in heavy users")
    make.report(effect=bladder, dose_context="clinical", frequency="not seen")
    (row,) = rows(client, "/adverse-effects/", dose_context="clinical")
    assert (row["Effect"], row["Frequency"]) == ("Cystitis", "not seen")


def test_a_bad_filter_value_is_reported_not_ignored(client):
    response = client.get("/claims/", {"certainty": "certain"})
    assert "Select a valid choice" in response.content.decode()


def test_a_map_cell_is_disputed_only_when_claims_about_that_route_disagree(make):
    iv, oral = make.route(slug="iv"), make.route(slug="oral")
    q = make.question(topic="safety")
    make.claim(question=q, stance="supports", routes=[iv, oral])
    make.claim(question=q, stance="opposes", routes=[iv])
    make.claim(question=make.question(topic="efficacy"), stance="supports", routes=[iv])
    evidence_map = route_map.route_topic_matrix()
    cells = {(row.route.slug, cell.topic): cell for row in evidence_map.rows for cell in row.cells}
    assert cells[("iv", "safety")].state == "disputed"
    assert cells[("oral", "safety")].state == "single"  # one source: neither agrees nor not
    assert cells[("oral", "efficacy")].state == "none"
    assert cells[("iv", "safety")].summary == "2 claims, 2 sources, disputed"


def test_search_groups_results_by_type_and_marks_the_words(make):
    make.question(text="Is bladder damage a risk?")
    make.claim(quote="Bladder pain was reported by heavy users.")
    make.effect(name="Cystitis", description="Bladder inflammation.")
    groups = {g.label: g.hits for g in search("bladder")}
    assert [len(groups[k]) for k in ["Questions", "Claims", "Sources", "Adverse effects"]] == [
        1,
        1,
        0,
        1,
    ]
    assert "<mark>Bladder</mark> pain" in groups["Claims"][0].title


def test_search_escapes_what_it_highlights():
    assert (
        str(highlight("<b>bladder</b>", ["bladder"])) == "&lt;b&gt;<mark>bladder</mark>&lt;/b&gt;"
    )


def test_search_never_shows_drafts(make):
    make.claim(quote="Secret bladder draft.", status="draft")
    assert all(not g.hits for g in search("secret"))


def test_the_search_page_answers_an_empty_or_odd_query_calmly(client):
    assert client.get("/search/", {"q": ""}).status_code == 200
    assert "at least one word" in client.get("/search/", {"q": "!!"}).content.decode()
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200


def test_postgresql_search_ranks_with_stemming(make):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search runs only when DATABASE_URL is PostgreSQL")
    make.claim(quote="Patients relapsed within weeks.")
    make.claim(quote="No relapse.")
    (claims,) = [g.hits for g in search("relapsing") if g.label == "Claims"]
    assert len(claims) == 2


def test_one_source_on_both_sides_of_a_route_does_not_make_its_cell_disputed(make):
    iv = make.route(slug="iv")
    q, guide = make.question(topic="safety"), make.source()
    make.claim(question=q, stance="supports", routes=[iv], document=guide)
    make.claim(question=q, stance="opposes", routes=[iv], document=guide)
    make.claim(question=make.question(topic="safety"), stance="supports", routes=[iv])
    (row,) = route_map.route_topic_matrix().rows
    (cell,) = row.cells
    assert (cell.claim_count, cell.source_count, cell.state) == (3, 2, "agreed")


def test_a_map_cell_stops_being_disputed_when_one_side_is_retracted(make):
    iv = make.route(slug="iv")
    q = make.question(topic="safety")
    make.claim(question=q, stance="supports", routes=[iv])
    opposing = make.claim(question=q, stance="opposes", routes=[iv])
    (row,) = route_map.route_topic_matrix().rows
    assert row.cells[0].state == "disputed"
    opposing.status = "retracted"
    opposing.save()
    (row,) = route_map.route_topic_matrix().rows
    assert (row.cells[0].state, row.cells[0].claim_count) == ("single", 1)
