"""Search answers questions typed the way clinicians ask them, on SQLite and PostgreSQL:
synonyms both ways, stemming, an index that follows every write, spelling help, the API."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.constants import Status
from evidence.models import Claim, SynonymGroup
from evidence.search import page_context, search
from evidence.search_results import PER_GROUP
from evidence.spelling import did_you_mean

pytestmark = pytest.mark.django_db

# A question as a clinician types it, and the seed claim (by key) that answers it.
CLINICIAN_QUESTIONS = [
    ("how much does an infusion cost", "002-price-per-infusion"),
    ("how long does the antidepressant effect last", "001-short-single-dose-lasts-days-weeks"),
    ("teenager misusing nasal ketamine", "000-case-misuse-home-nasal"),
    ("is Spravato better than regular ketamine", "001-esketamine-no-better"),
    ("does IV work better than intranasal", "001-no-clear-iv-advantage"),
    ("can ketamine damage the bladder", "001-not-concerned-urinary"),
    ("does it raise blood pressure", "001-transient-hypertension-often"),
    ("how addictive is ketamine compared with other drugs", "001-addiction-expert-survey"),
    ("does ketamine affect memory", "002-frequent-vs-occasional-cognition"),
    ("how fast does it start working", "001-short-onset-hours"),
    ("is it safe to use at home", "000-sometimes-safe-home"),
    ("will insurance pay for infusions", "002-no-insurance"),
    ("is it legal to prescribe off label for depression", "001-off-label-legal"),
    ("does it help suicidal patients", "002-anti-suicide"),
    ("liver damage at psychiatric doses", "001-psychiatric-infusion-dose-no-liver-reports"),
    ("how many infusions does a patient need", "000-six-sessions"),
    ("can ketamine bring back psychosis", "002-psychosis-may-return"),
    ("should patients keep taking their SSRI", "002-keep-antidepressants"),
    ("are troches as good as IV clinics", "001-short-compounded-equally-effective-oral"),
    ("withdrawal after stopping ketamine", "001-addiction-no-withdrawal"),
    ("does it work for PTSD", "002-ptsd-near-complete"),
    ("should an anaesthetist be present", "002-anesthesiologist-on-board"),
    ("what does Spravato cost a month", "001-spravato-monthly-cost"),
    ("does ketamine help alcoholics stay sober", "002-alcoholism-66-percent"),
    ("is it risky for heart patients", "002-cardiovascular-bp-transient"),
    ("teens using it as a street drug", "000-teens-street-drug"),
]


def _claims(query, **kwargs):
    (claims,) = [group for group in search(query, **kwargs) if group.kind == "claims"]
    return claims


def _finds(query, record, **kwargs):
    return record.get_absolute_url() in [hit.url for hit in _claims(query, **kwargs).hits]


def test_every_clinician_question_finds_its_answer_on_the_first_page(seeded):
    assert len(CLINICIAN_QUESTIONS) >= 20
    claims = {claim.key: claim for claim in Claim.objects.published()}
    missed = [
        (question, key)
        for question, key in CLINICIAN_QUESTIONS
        if not _finds(question, claims[key])
    ]
    assert missed == []


def test_a_question_that_matches_well_is_listed_above_the_claims(seeded):
    groups = search("is home nasal ketamine an acceptable alternative to IV")
    assert groups[0].kind == "questions"
    assert groups[0].hits[0].record.slug == "home-vs-iv"


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Given by intravenous drip in a clinic.", "IV"),
        ("Thirty IV sessions were given.", "intravenous"),
        ("Spravato is given in certified clinics.", "esketamine"),
        ("Esketamine is given in certified clinics.", "Spravato"),
        ("An adolescent developed cystitis.", "teenager"),
        ("A teenager developed cystitis.", "adolescents"),
        ("An 18-year-old developed cystitis.", "teenager"),
        ("The patient, 18 year old, developed cystitis.", "teen"),
        ("Transient hypertension was common.", "blood pressure"),
        ("Blood pressure rose for an hour.", "hypertension"),
        ("A troche dissolved under the tongue.", "oral"),
        ("Oral doses were given.", "lozenge"),
    ],
)
def test_a_synonym_finds_what_the_record_calls_by_another_name(make, written, typed):
    claim = make.claim(quote=written)
    assert _finds(typed, claim)


def test_a_synonym_group_added_by_curators_is_used_both_ways(make):
    SynonymGroup.objects.create(words="ECT, electroconvulsive therapy")
    named = make.claim(quote="Compared with electroconvulsive therapy in one trial.")
    short = make.claim(quote="ECT remained faster in one trial.")
    assert _finds("ECT", named) and _finds("electroconvulsive therapy", short)


def test_words_are_found_whatever_their_ending(make):
    relapsed = make.claim(quote="Patients relapsed within weeks.")
    relapse = make.claim(quote="No relapse at one year.")
    assert _finds("relapsing", relapsed) and _finds("relapsing", relapse)


def test_the_words_a_question_is_phrased_with_need_not_match(make):
    claim = make.claim(quote="Bladder pain was reported by heavy users.")
    assert _finds("what do we know about the bladder", claim)


def test_the_best_match_comes_first(make):
    passing = make.claim(quote="Nasal spray was one of the routes; bladder effects were rare.")
    focused = make.claim(quote="Bladder pain and cystitis after daily nasal use of ketamine.")
    hits = _claims("cystitis from nasal use").hits
    assert [hit.record for hit in hits] == [focused, passing]


def test_the_index_follows_insert_edit_retraction_and_deletion(make):
    claim = make.claim(quote="Tachycardia was seen in two patients.")
    assert _finds("tachycardia", claim)
    claim.quote = "Bradycardia was seen in two patients."
    claim.save()
    assert not _finds("tachycardia", claim) and _finds("bradycardia", claim)
    claim.status = Status.RETRACTED
    claim.save()
    assert not _finds("bradycardia", claim)
    claim.status = Status.PUBLISHED
    claim.save()
    assert _finds("bradycardia", claim)
    claim.delete()
    assert _claims("bradycardia").count == 0


def test_the_index_follows_bulk_inserts_and_updates_that_skip_save(make):
    document = make.source()
    (claim,) = Claim.objects.bulk_create(
        [Claim(key="bulk", document=document, quote="Nystagmus noted.", status=Status.PUBLISHED)]
    )
    Claim.objects.filter(pk=claim.pk).refresh_public()
    assert _finds("nystagmus", claim)
    Claim.objects.filter(pk=claim.pk).update(paraphrase="Diplopia also noted.")
    assert _finds("diplopia", claim)


def test_claims_are_found_by_their_source_after_it_is_renamed(make):
    document = make.source(label="Old guide")
    claim = make.claim(document=document, quote="Dosing varies.")
    document.label = "Zanzibar handbook"
    document.save()
    assert _finds("Zanzibar", claim)


def test_rebuilding_the_index_restores_what_it_finds(make):
    claim = make.claim(quote="Dysphoria was reported.")
    lose_the_index = {
        "sqlite": "DELETE FROM evidence_claim_fts",
        # The trigger fires on searched columns only, so the vector stays empty.
        "postgresql": "UPDATE evidence_claim SET search_vector = NULL",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(lose_the_index)
    assert not _finds("dysphoria", claim)
    call_command("rebuild_search_index", stdout=StringIO())
    assert _finds("dysphoria", claim)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ketamin", "ketamine"), ("esketmine nasal spray", "esketamine nasal spray")],
)
def test_a_misspelt_word_gets_a_did_you_mean(seeded, client, typed, meant):
    assert page_context({"q": typed})["suggestion"] == meant
    html = client.get(reverse("evidence:search"), {"q": typed}).content.decode()
    assert f'Did you mean <a href="/search/?q={meant.replace(" ", "+")}">{meant}</a>?' in html


def test_a_correctly_spelt_query_gets_no_suggestion(seeded):
    assert page_context({"q": "esketamine nasal spray"})["suggestion"] == ""


def test_a_word_understood_through_its_synonyms_is_never_corrected(make):
    # No record holds "teenagers" as written, yet the search understood it through its group.
    make.claim(quote="A teenager misused nasal ketamine.")
    context = page_context({"q": "teenagers misusing ketamine"})
    assert context["groups"][0].hits and context["suggestion"] == ""
    assert page_context({"q": "teenagers misusing ketamin"})["suggestion"] == (
        "teenagers misusing ketamine"
    )


def test_a_synonym_phrase_is_marked_only_where_its_words_stand_in_a_row(make):
    make.claim(quote="A 16-year-old was dosed every 16 days after years of pain.")
    (hit,) = _claims("teenager").hits
    title = str(hit.title)
    assert "A <mark>16</mark>-<mark>year</mark>-<mark>old</mark> was dosed" in title
    assert "every 16 days after years of pain." in title  # neither "16" nor "years" alone
    (hit,) = _claims("16 days").hits
    assert "every <mark>16</mark> <mark>days</mark>" in str(hit.title)


def test_a_hit_shows_its_text_around_the_words_found(make):
    make.claim(quote=("Background. " * 60) + "Bladder pain was common.")
    (hit,) = _claims("bladder").hits
    assert str(hit.title).startswith("…") and "<mark>Bladder</mark> pain" in str(hit.title)


@pytest.mark.parametrize(("role", "sees"), [("anonymous", False), ("reviewer", True)])
def test_search_shows_each_user_what_they_may_see(client_as, make, role, sees):
    claim = make.claim(quote="Anhedonia improved in review.", status=Status.REVIEW)
    html = client_as(role).get(reverse("evidence:search"), {"q": "anhedonia"}).content.decode()
    assert (claim.get_absolute_url() in html) == sees


def test_a_curator_finds_drafts(curator, make):
    claim = make.claim(quote="Anhedonia improved in a draft.", status=Status.DRAFT)
    assert _finds("anhedonia", claim, user=curator)
    assert not _finds("anhedonia", claim)


def test_the_api_answers_with_the_same_ranked_groups(client, make):
    for i in range(PER_GROUP + 1):
        make.claim(quote=f"Bladder pain, case {i}.")
    make.claim(quote="Secret bladder draft.", status=Status.DRAFT)
    answer = client.get(reverse("evidence:api-search"), {"q": "bladder"}).json()
    (claims,) = [g for g in answer["groups"] if g["type"] == "claims"]
    assert (claims["count"], len(claims["results"])) == (PER_GROUP + 1, PER_GROUP)
    assert claims["next"].endswith("/api/v1/search/?q=bladder&type=claims&page=2")
    assert "Secret" not in str(answer)
    assert (
        client.get(claims["next"]).json()["groups"][0]["results"][0]["title"].startswith("Bladder")
    )


@pytest.mark.parametrize("size", [PER_GROUP // 2, PER_GROUP * 2])
def test_a_clinician_question_costs_the_same_queries_at_any_size(
    client, make, size, django_assert_max_num_queries
):
    for i in range(size):
        make.claim(quote=f"A teenager's misuse of nasal spray, case {i}.")
        make.source(title=f"Adolescent misuse study {i}")
    # The synonyms, then per type a bounded count (which decides how a broad search is
    # ordered) and a page, then the spelling: which words are known, then the unknown
    # words' neighbours, however many (PostgreSQL asks both at once).
    with django_assert_max_num_queries(11):
        page = client.get(reverse("evidence:search"), {"q": "can a teenagr missuse nasal ketamine"})
    assert page.status_code == 200 and page.context["suggestion"] == (
        "can a teenager misuse nasal ketamine"
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own vocabulary")
@pytest.mark.django_db(transaction=True)
def test_the_words_to_suggest_are_read_once_until_the_evidence_changes(make):
    # Outside a transaction, as a request reads: a generation read within one may be undone.
    make.claim(quote="Dysthymia improved.")
    assert did_you_mean("dysthymai") == "dysthymia"
    with CaptureQueriesContext(connection) as read:
        assert did_you_mean("dysthymai") == "dysthymia"
    assert len(read) == 1  # which words are known, and the generation; no word read again
    make.claim(quote="Dysphoria improved.")
    assert did_you_mean("dysphorai") == "dysphoria"  # a word new since: read again
