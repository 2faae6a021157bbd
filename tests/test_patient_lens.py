"""The patient lens: for the kinds of patient chosen, what each source says about them, quoted,
strongest evidence first, and where the sources differ; its JSON twin; and the claims and
reports tables it links to, filtered by factor and source."""

import csv
import io
import logging
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from evidence.constants import SourceKind
from evidence.filters import ClaimFilter
from evidence.models import PatientFactor
from evidence.pages import patient
from tests.test_public_wording import _codes, _slug_pattern, find_codes, visible_text

pytestmark = pytest.mark.django_db
LENS = reverse("evidence:patient")
API = reverse("evidence:api-patient")
SIZES = [2, 15]


def tagged(record, *factors, **fields):
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    record.factors.set(factors)
    return record


def lens(client, *factors, **query):
    response = client.get(LENS, {"factor": [f.slug for f in factors], **query})
    assert response.status_code == 200
    return response.content.decode()


def test_with_no_factor_chosen_the_page_shows_the_form_and_says_what_it_is(client, make):
    make.factor(name="Older adult", slug="older-adult", description="65 and over.")
    page = lens(client)
    assert "<legend>Kinds of patient</legend>" in page
    assert 'type="checkbox" name="factor" value="older-adult"' in page
    assert '<label for="factor-older-adult">Older adult</label>' in page
    assert "65 and over." in page
    assert "Tick one or more kinds of patient" in page
    assert "It is not a recommendation for any patient." in page


def test_a_factor_shows_each_source_strongest_first_with_its_advice_and_answer(client, make):
    older = make.factor(name="Older adult")
    question = make.question(text="Is it safe past 65?", answer_supports="Yes, with care")
    weak = make.source(label="A clinic's leaflet", kind=SourceKind.CLINIC_PAGE)
    strong = make.source(label="Smith et al., 2020", kind=SourceKind.META_ANALYSIS)
    make.claim(document=strong, quote="Untagged words.")
    tagged(make.claim(document=weak, quote="Leaflet: take care."), older, factor_advice="caution")
    tagged(
        make.claim(document=strong, quote="Halve the dose.", question=question, stance="supports"),
        older,
        factor_advice="dose_or_route",
    )
    page = lens(client, older)
    assert page.index("Smith et al., 2020") < page.index("A clinic&#x27;s leaflet")
    assert page.index("Halve the dose.") < page.index("Leaflet: take care.")
    assert "Untagged words." not in page
    assert "Dose, route or setting advice" in page and "Use with caution" in page
    assert "Yes, with care" in page and question.get_absolute_url() in page
    assert "Level 1 of 5, strongest" in page
    assert "supports" not in page.split('<section class="lens-factor"')[1].lower()


def test_a_factor_no_source_addresses_says_so(client, make):
    liver = make.factor(name="Liver disease")
    make.claim(quote="Nothing about the liver.")
    page = lens(client, liver)
    assert "No source in this reference says anything about these patients yet." in page
    assert "Liver disease</a>: no source says anything yet" in page


def test_combined_factors_are_shown_each_on_its_own_in_the_forms_order(client, make):
    young = make.factor(name="Young", position=1)
    pain = make.factor(name="Chronic pain", position=2)
    bladder = make.factor(name="Bladder problems", position=3)
    tagged(make.claim(quote="Teenagers misuse it."), young, factor_advice="finding")
    tagged(make.claim(quote="Pain eased too."), pain, factor_advice="may_help")
    page = lens(client, bladder, pain, young)
    sections = page.split('<section class="lens-factor"')[1:]
    assert [s.split("</h2>")[0].rsplit(">", 1)[1] for s in sections] == [
        "Young",
        "Chronic pain",
        "Bladder problems",
    ]
    assert "Teenagers misuse it." in sections[0] and "Pain eased too." not in sections[0]
    assert "Pain eased too." in sections[1]
    assert "No source in this reference says anything" in sections[2]
    assert page.count("checked aria-describedby") + page.count("checked>") == 3


def test_drafts_and_unpublished_sources_never_show(client, make):
    young = make.factor()
    tagged(make.claim(status="draft", quote="Draft words."), young, factor_advice="caution")
    hidden = make.source(status="draft")
    tagged(make.claim(document=hidden, quote="Hidden words."), young, factor_advice="caution")
    tagged(make.report(status="draft", quote="Draft report."), young)
    page = lens(client, young)
    assert "Draft words." not in page and "Hidden words." not in page
    assert "Draft report." not in page
    assert "No source in this reference says anything" in page


def test_an_unknown_factor_gets_a_clear_message_and_the_known_ones_still_show(client, make):
    young = make.factor(name="Young")
    tagged(make.claim(quote="About the young."), young, factor_advice="finding")
    response = client.get(LENS, {"factor": ["no-such-kind", young.slug]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "no kind of patient called “no-such-kind”" in page
    assert "About the young." in page


def test_adverse_effect_reports_about_these_patients_are_quoted(client, make):
    bladder = make.factor(name="Bladder problems")
    cystitis = make.effect(name="Cystitis")
    tagged(
        make.report(effect=cystitis, quote="Ulcerative cystitis seen.", frequency="rare"), bladder
    )
    page = lens(client, bladder)
    assert "Adverse effects it reports in these patients" in page
    assert "Ulcerative cystitis seen." in page and "Cystitis" in page and "rare" in page
    assert cystitis.get_absolute_url() in page


def test_claims_answering_a_question_both_ways_link_to_its_disagreement(client, make):
    heart = make.factor(name="Hypertension")
    question = make.question(text="Is the blood-pressure rise a concern?")
    for stance in ("supports", "opposes"):
        claim = make.claim(question=question, stance=stance, quote=f"Says {stance}.")
        tagged(claim, heart, factor_advice="caution")
    page = lens(client, heart)
    assert "Sources disagree</strong> about these patients" in page
    assert f'href="{question.get_absolute_url()}#answers"' in page
    # The question page's anchor exists: the dispute rule found the same disagreement.
    assert 'id="answers"' in client.get(question.get_absolute_url()).content.decode()


def test_one_source_answering_both_ways_is_no_disagreement(client, make):
    heart = make.factor()
    question = make.question()
    document = make.source()
    for stance in ("supports", "opposes"):
        claim = make.claim(document=document, question=question, stance=stance)
        tagged(claim, heart, factor_advice="caution")
    assert "Sources disagree" not in lens(client, heart)


def test_opposite_advice_from_two_sources_is_said_to_differ_with_both_quotes(client, make):
    habit = make.factor(name="Substance use")
    clinic = make.source(label="The clinic")
    guide = make.source(label="The guide")
    tagged(
        make.claim(document=clinic, quote="It treats addiction."), habit, factor_advice="may_help"
    )
    tagged(
        make.claim(document=guide, quote="Avoid it if addicted."), habit, factor_advice="caution"
    )
    page = lens(client, habit)
    differ = page.split('class="warning lens-differ"')[1].split("</div>")[0]
    assert "Sources differ" in differ
    assert "It treats addiction." in differ and "Avoid it if addicted." in differ
    assert "The clinic" in differ and "The guide" in differ


def test_opposite_advice_from_one_source_is_no_difference(client, make):
    habit = make.factor()
    document = make.source()
    tagged(make.claim(document=document), habit, factor_advice="may_help")
    tagged(make.claim(document=document), habit, factor_advice="contraindication")
    tagged(make.claim(), habit, factor_advice="finding")
    assert "Sources differ" not in lens(client, habit)


def csv_rows(client, url):
    """The rows of a filtered table (``url`` has a query) as its CSV download gives them."""
    response = client.get(f"{url}&_export=csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_more_claims_than_shown_link_to_the_claims_table_for_that_source_and_factor(client, make):
    # Whatever built the class's form field first (the fuzz tests do), a link's source counts.
    assert ClaimFilter.base_filters["source"].field is not None
    young = make.factor()
    other = make.factor()
    document = make.source(label="The busy source")
    for n in range(patient.SHOWN_PER_SOURCE + 2):
        tagged(make.claim(document=document, quote=f"Young {n}."), young, factor_advice="finding")
    tagged(make.claim(document=document, quote="Other."), other, factor_advice="finding")
    tagged(make.claim(quote="Elsewhere."), young, factor_advice="finding")
    page = lens(client, young)
    assert "and 2 more claims from this source about these patients" in page
    link = page.split('<p class="lens-more"><a href="')[1].split('"')[0].replace("&amp;", "&")
    rows = csv_rows(client, link)
    assert sorted(r["Quote"] for r in rows) == [f"Young {n}." for n in range(5)]
    table = client.get(link).content.decode()
    assert "The busy source</option>" in table  # the table says which source it shows


def test_the_tables_offer_a_factor_filter_but_no_list_of_every_source(client, make):
    young = make.factor(name="Young")
    make.source(label="Unchosen source")
    tagged(make.report(effect=make.effect(name="Seen in the young")), young)
    make.report(effect=make.effect(name="Seen in anyone"))
    for table in ("evidence:claim-list", "evidence:adverse-effect-list"):
        page = client.get(reverse(table)).content.decode()
        assert "Patient factor" in page and ">Young</option>" in page
        assert "Unchosen source" not in page
    rows = csv_rows(client, reverse("evidence:adverse-effect-list") + f"?factor={young.slug}")
    assert [r["Effect"] for r in rows] == ["Seen in the young"]


def test_the_page_links_to_itself_with_the_factors_and_the_date(client, make):
    young, old = make.factor(slug="young"), make.factor(slug="older-adult")
    page = lens(client, young, old, unrelated="kept-out")
    assert "http://testserver/patient/?factor=young&amp;factor=older-adult" in page
    assert "kept-out" not in page
    assert "Prepared " in page


def test_the_request_log_keeps_no_factor(client, make, caplog):
    pregnancy = make.factor(slug="pregnancy")
    with caplog.at_level(logging.DEBUG):
        lens(client, pregnancy)
        client.get(API, {"factors": "pregnancy"})
        client.get(LENS, {"factor": "nonexistent-secret"})
    access = [r for r in caplog.records if r.name == "ketamine_ref.access"]
    assert [r.path for r in access] == [LENS, API, LENS]
    logged = "\n".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert "pregnancy" not in logged and "nonexistent-secret" not in logged


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chosen", [1, 3])
@pytest.mark.parametrize("url", [LENS, API])
def test_the_lens_answers_in_bounded_queries(
    client, make, size, chosen, url, django_assert_max_num_queries
):
    factors = [make.factor() for _ in range(3)]
    heart = factors[0]
    for _ in range(size):
        question = make.question()
        for stance, advice in (("supports", "may_help"), ("opposes", "caution")):
            claim = make.claim(question=question, stance=stance, routes=[make.route()])
            tagged(claim, *factors, factor_advice=advice)
        tagged(make.report(), *factors)
    assert len(patient.findings([heart])[0].disputes) == size
    query = {"factor": [f.slug for f in factors[:chosen]]}
    if url == API:
        query = {"factors": ",".join(query["factor"])}
    with django_assert_max_num_queries(9):
        response = client.get(url, query)
    assert response.status_code == 200


def test_the_api_returns_what_the_page_shows(client, make):
    habit = make.factor(slug="substance-use", name="Substance use", position=1)
    liver = make.factor(slug="liver", position=2)
    clinic = make.source(label="The clinic")
    helps = tagged(
        make.claim(document=clinic, quote="It treats addiction."), habit, factor_advice="may_help"
    )
    warns = tagged(make.claim(quote="Avoid it if addicted."), habit, factor_advice="caution")
    tagged(make.report(document=clinic, quote="Cystitis."), habit)
    found = client.get(API, {"factors": "substance-use,liver"}).json()
    assert "not a recommendation" in found["note"]
    first, second = found["factors"]
    assert (first["slug"], first["addressed"], second["slug"], second["addressed"]) == (
        "substance-use",
        True,
        "liver",
        False,
    )
    clinic_group = next(g for g in first["sources"] if g["source"]["label"] == "The clinic")
    assert [c["quote"] for c in clinic_group["claims"]] == ["It treats addiction."]
    assert clinic_group["claims"][0]["factor_advice_label"] == "May help these patients"
    assert [r["quote"] for r in clinic_group["reports"]] == ["Cystitis."]
    assert first["sources_differ"]["may_help"]["id"] == helps.pk
    assert first["sources_differ"]["warns"]["id"] == warns.pk
    assert second["sources"] == [] and liver.slug == "liver"


@pytest.mark.parametrize(
    "query, says",
    [({"factors": "young,nope"}, "No patient factor is called nope"), ({}, "Name a patient")],
)
def test_the_api_refuses_unknown_or_missing_factors_in_json(client, make, query, says):
    make.factor(slug="young")
    response = client.get(API, query)
    assert response.status_code == 400
    assert says in response.json()["error"]
    assert response.json()["factors"] == ["young"]


def test_each_factor_links_to_the_lens(make):
    factor = make.factor(slug="older-adult")
    assert urlparse(factor.get_absolute_url()).query == "factor=older-adult"


def test_over_the_seed_every_factor_at_once_shows_no_internal_code(client, seeded):
    page = lens(client, *PatientFactor.objects.all())
    codes = _codes()
    assert find_codes(visible_text(page), codes, _slug_pattern(codes)) == []
    assert "Sources differ" in page or "Sources disagree" in page
