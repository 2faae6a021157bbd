"""The public JSON API: its shapes, and published records only."""

import pytest

from evidence import api
from evidence.constants import Status
from evidence.models import Claim

pytestmark = pytest.mark.django_db

CLAIM_KEYS = {
    "id",
    "source",
    "cites",
    "question",
    "stance",
    "quote",
    "locator",
    "routes",
    "setting",
    "factors",
    "factor_advice",
    "certainty",
    "url",
}
SOURCE_KEYS = {
    "id",
    "title",
    "kind",
    "year",
    "url",
    "doi",
    "pmid",
    "evidence_level",
    "conflict_of_interest",
    "volume",
    "issue",
    "pages",
}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.json()


def test_claims_have_the_documented_shape(client, make):
    iv = make.route(slug="iv")
    q = make.question(slug="home-vs-iv")
    study = make.source()
    claim = make.claim(question=q, stance="opposes", cites=study, routes=[iv], locator="p. 2")
    body = get(client, "/api/v1/claims/")
    assert set(body) >= {"results", "next"}
    (item,) = body["results"]
    assert set(item) >= CLAIM_KEYS
    assert item["source"] == claim.document_id
    assert item["cites"] == study.pk
    assert (item["question"], item["stance"], item["routes"]) == ("home-vs-iv", "opposes", ["iv"])
    assert item["url"].endswith(f"/claims/{claim.pk}/")


def test_claims_name_the_patients_they_speak_to_and_what_they_say_for_them(client, make):
    older = make.factor(slug="older-adult", name="Older adult", position=2)
    heart = make.factor(slug="cardiovascular", name="Heart disease", position=1)
    tagged = make.claim(factor_advice="caution")
    tagged.factors.set([older, heart])
    make.claim()
    items = {item["id"]: item for item in get(client, "/api/v1/claims/")["results"]}
    assert items[tagged.pk]["factors"] == [
        {"slug": "cardiovascular", "name": "Heart disease"},
        {"slug": "older-adult", "name": "Older adult"},
    ]
    assert items[tagged.pk]["factor_advice"] == "caution"
    (untagged,) = (item for pk, item in items.items() if pk != tagged.pk)
    assert (untagged["factors"], untagged["factor_advice"]) == ([], None)


def test_adverse_effect_reports_name_the_patients_they_are_about(client, make):
    young = make.factor(slug="young", name="Adolescent or young adult")
    report = make.report()
    report.factors.set([young])
    (effect,) = get(client, "/api/v1/adverse-effects/")["results"]
    assert effect["reports"][0]["factors"] == [
        {"slug": "young", "name": "Adolescent or young adult"}
    ]


def test_sources_have_the_documented_shape(client, make):
    make.source(kind="meta_analysis", year=2016, doi="10.1000/abc", pmid="42")
    (item,) = get(client, "/api/v1/sources/")["results"]
    assert set(item) >= SOURCE_KEYS
    assert (item["evidence_level"], item["doi"], item["pmid"]) == (1, "10.1000/abc", "42")


def test_sources_give_volume_issue_and_pages_but_not_the_abstract(client, make):
    make.source(volume="63", issue="8", pages="856-864", abstract="Background. Long text.")
    (item,) = get(client, "/api/v1/sources/")["results"]
    assert (item["volume"], item["issue"], item["pages"]) == ("63", "8", "856-864")
    assert "abstract" not in item


@pytest.mark.parametrize("size", [2, 15])
@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/adverse-effects/"])
def test_patient_factors_cost_no_query_per_row(
    client, make, size, path, django_assert_max_num_queries
):
    factors = [make.factor() for _ in range(3)]
    make.evidence_of_size(size)
    for claim in Claim.objects.all():
        claim.factors.set(factors)
    for _ in range(size):
        make.report(effect=make.effect()).factors.set(factors)
    # A count, a page, and one query for each prefetched list (routes or reports, factors).
    with django_assert_max_num_queries(4):
        body = get(client, path)
    assert body["results"]


def test_unpublished_records_never_appear(client, make):
    make.claim(status=Status.DRAFT)
    make.claim(document=make.source(status=Status.DRAFT))
    make.question(status=Status.REVIEW)
    retracted = make.source(status=Status.RETRACTED)
    visible = make.claim()
    assert [c["id"] for c in get(client, "/api/v1/claims/")["results"]] == [visible.pk]
    assert get(client, "/api/v1/questions/")["results"] == []
    sources = {s["id"] for s in get(client, "/api/v1/sources/")["results"]}
    assert visible.document_id in sources and retracted.pk not in sources


def test_pages_link_to_the_next_page(client, make, settings):
    settings.API_PAGE_SIZE = 2
    for _ in range(3):
        make.route()
    first = get(client, "/api/v1/routes/")
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_a_bad_page_is_a_clear_400(client):
    response = client.get("/api/v1/claims/", {"page": "lots"})
    assert response.status_code == 400
    assert "page" in response.json()["error"].lower()


@pytest.mark.parametrize("page", ["0", "-1", "2", "99999999999999999999999"])
def test_a_page_before_the_first_or_past_the_last_is_a_clear_400(client, make, page):
    make.route()
    response = client.get("/api/v1/routes/", {"page": page})
    assert response.status_code == 400
    assert response.json()["error"].startswith("Bad page: ")


def test_a_long_list_counts_as_far_as_it_needs_and_says_so(client, make, settings, monkeypatch):
    monkeypatch.setattr(api, "COUNTED_UP_TO", 3)
    settings.API_PAGE_SIZE = 2
    for _ in range(3):
        make.route()
    first = get(client, "/api/v1/routes/")
    assert (first["count"], first["count_is_exact"]) == (3, True)
    make.route()
    first = get(client, "/api/v1/routes/")
    assert (first["count"], first["count_is_exact"]) == (3, False)
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None


def test_routes_and_adverse_effects_list(client, make):
    oral = make.route(slug="oral")
    bladder = make.effect(slug="cystitis", organ_system="urinary")
    shown = make.report(effect=bladder, route=oral, dose_context="recreational")
    make.report(effect=bladder, status=Status.DRAFT)
    assert get(client, "/api/v1/routes/")["results"][0]["slug"] == "oral"
    (effect,) = get(client, "/api/v1/adverse-effects/")["results"]
    assert effect["organ_system"] == "urinary"
    (report,) = effect["reports"]
    assert (report["id"], report["route"], report["dose_context"]) == (
        shown.pk,
        "oral",
        "recreational",
    )


def test_questions_say_whether_they_are_contested_and_list_the_sides(client, make):
    q = make.question(slug="q")
    backing = make.claim(question=q, stance="supports")
    against = make.claim(question=q, stance="opposes")
    make.question(slug="calm")
    items = {i["slug"]: i for i in get(client, "/api/v1/questions/")["results"]}
    assert items["calm"]["contested"] is False and items["calm"]["sides"] == []
    assert items["q"]["contested"] is True
    assert items["q"]["sides"] == [
        {
            "stance": "supports",
            "label": "Yes",
            "sources": [backing.document_id],
            "claims": [backing.pk],
        },
        {
            "stance": "opposes",
            "label": "No",
            "sources": [against.document_id],
            "claims": [against.pk],
        },
    ]


def test_disputes_list_every_disagreement_with_its_explanation(client, make):
    q = make.question(slug="q", topic="safety")
    make.claim(question=q, stance="supports")
    make.claim(question=q, stance="opposes")
    expl = make.explanation(dispute_key="stance:q", explanation_status="explained", note="n")
    expl.reasons.create(kind="dose", detail="Recreational against clinical doses.")
    (item,) = get(client, "/api/v1/disputes/")["results"]
    assert (item["kind"], item["question"], item["topic"]) == ("stance", "q", "safety")
    assert [(s["stance"], s["label"]) for s in item["sides"]] == [
        ("supports", "Yes"),
        ("opposes", "No"),
    ]
    assert item["explanation"] == {
        "status": "explained",
        "reasons": ["dose"],
        "note": "n",
        "what_would_settle": "",
    }


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/claims/").status_code == 405


def test_disputes_come_a_page_at_a_time_in_list_order(client, make, monkeypatch):
    monkeypatch.setattr(api, "DISPUTES_PER_PAGE", 2)
    for slug in ("a", "b", "c"):
        q = make.question(slug=slug, text=f"Question {slug}?")
        make.claim(question=q, stance="supports")
        make.claim(question=q, stance="opposes")
    first = get(client, "/api/v1/disputes/")
    second = client.get(first["next"]).json()
    assert first["count"] == 3 and second["next"] is None
    seen = [item["question"] for item in first["results"] + second["results"]]
    assert sorted(seen) == ["a", "b", "c"] and len(set(seen)) == 3
