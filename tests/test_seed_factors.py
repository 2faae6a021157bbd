"""Patient factors in the seed: the loader takes the vocabulary and the tags, refuses bad ones
by file, key and reason without writing anything, and loads them twice to the same result;
the curated seed tags what the documents themselves say about kinds of patient."""

import copy

import pytest
from django.apps import apps

from evidence.models import AdverseEffectReport, Claim, PatientFactor
from evidence.seed import SeedError, SeedLoader
from tests.conftest import need_seed_documents
from tests.test_seed_refusals import MODELS, SEED, seed_dirs

pytestmark = pytest.mark.django_db
GUIDE, POST, CLINIC = (
    "acx-peer-review-ketamine",
    "physician-forum-post",
    "clinic-ketamine-therapy-101",
)
TAGGED = copy.deepcopy(SEED)
TAGGED["patient_factors"] = [
    {"slug": "young", "name": "Adolescent or young adult", "position": 1},
    {"slug": "sedatives", "name": "Concurrent sedatives or alcohol", "position": 2},
]
TAGGED["claims"][0].update(factors=["young"], factor_advice="caution")
TAGGED["reports"][0]["factors"] = ["sedatives"]


def tagged(kind, **fields):
    """The tagged tiny seed with ``fields`` set on the first record of ``kind`` (None drops)."""
    seed = copy.deepcopy(TAGGED)
    record = seed[kind][0]
    for field, value in fields.items():
        if value is None:
            del record[field]
        else:
            record[field] = value
    return seed


def factor_slugs(record):
    return set(record.factors.values_list("slug", flat=True))


def stored_counts():
    return {model.__name__: model.objects.count() for model in [*MODELS, PatientFactor]}


def test_the_vocabulary_loads_first_and_claims_and_reports_carry_their_factors(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, TAGGED)
    counts = SeedLoader(fixtures, documents).load()
    assert counts["patient factors created"] == 2
    assert list(PatientFactor.objects.values_list("slug", flat=True)) == ["young", "sedatives"]
    claim = Claim.objects.get()
    assert factor_slugs(claim) == {"young"}
    assert claim.factor_advice == "caution"
    assert factor_slugs(AdverseEffectReport.objects.get()) == {"sedatives"}


# (what is wrong, the bad seed, the exact message)
REFUSALS = [
    (
        "a claim naming an unknown factor",
        tagged("claims", factors=["young", "elderly"]),
        "claims.json: guide-clinic: unknown patient factor 'elderly'",
    ),
    (
        "a report naming an unknown factor",
        tagged("reports", factors=["pregnancy"]),
        "reports.json: guide-nausea: unknown patient factor 'pregnancy'",
    ),
    (
        "an empty factor slug",
        tagged("claims", factors=[""]),
        "claims.json: guide-clinic: unknown patient factor ''",
    ),
    (
        "advice without factors",
        tagged("claims", factors=None),
        "claims.json: guide-clinic: has a factor_advice but names no patient factors",
    ),
    (
        "advice with an empty list of factors",
        tagged("claims", factors=[]),
        "claims.json: guide-clinic: has a factor_advice but names no patient factors",
    ),
    (
        "factors without advice",
        tagged("claims", factor_advice=None),
        "claims.json: guide-clinic: names patient factors without a factor_advice",
    ),
    (
        "advice outside its choices",
        tagged("claims", factor_advice="avoid"),
        "claims.json: guide-clinic: factor_advice: Value 'avoid' is not a valid choice.",
    ),
    (
        "advice on a report",
        tagged("reports", factor_advice="caution"),
        "reports.json: guide-nausea: unknown field 'factor_advice'",
    ),
    (
        "one factor where a list belongs",
        tagged("claims", factors="young"),
        "claims.json: guide-clinic: 'factors' should be a list of patient-factor slugs, not",
    ),
    (
        "a factor without its name",
        tagged("patient_factors", name=None),
        "patient_factors.json: young: missing required field 'name'",
    ),
    (
        "a position that is not a whole number",
        tagged("patient_factors", position="first"),
        "patient_factors.json: young: 'position' should be a whole number, not \"first\"",
    ),
]


@pytest.mark.parametrize(
    "seed, message", [r[1:] for r in REFUSALS], ids=[r[0].replace(" ", "-") for r in REFUSALS]
)
def test_bad_factor_data_is_refused_by_file_key_and_reason_and_nothing_is_written(
    tmp_path, seed, message
):
    fixtures, documents = seed_dirs(tmp_path, seed)
    with pytest.raises(SeedError) as refused:
        SeedLoader(fixtures, documents).load()
    assert str(refused.value).startswith(message)
    assert stored_counts() == dict.fromkeys(stored_counts(), 0)


def test_a_factor_slug_used_twice_is_refused(tmp_path):
    seed = copy.deepcopy(TAGGED)
    seed["patient_factors"].append({"slug": "young", "name": "Young"})
    fixtures, documents = seed_dirs(tmp_path, seed)
    with pytest.raises(SeedError, match="young: duplicate slug, first used in patient_factors"):
        SeedLoader(fixtures, documents).load()
    assert stored_counts() == dict.fromkeys(stored_counts(), 0)


def history_counts():
    """History rows of the factors and of the tagged records, their tags' history included."""
    models = [PatientFactor, Claim, AdverseEffectReport]
    tags = ["HistoricalClaim_factors", "HistoricalAdverseEffectReport_factors"]
    return [m.history.count() for m in models] + [
        apps.get_model("evidence", name).objects.count() for name in tags
    ]


def test_a_second_load_of_the_factors_changes_nothing(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, TAGGED)
    SeedLoader(fixtures, documents).load()
    before = history_counts()
    counts = SeedLoader(fixtures, documents).load()
    assert history_counts() == before
    assert all(label.endswith("unchanged") for label in counts)
    assert counts["patient factors unchanged"] == 2


def test_a_reload_with_other_factors_retags_the_record(tmp_path):
    fixtures, documents = seed_dirs(tmp_path, TAGGED)
    SeedLoader(fixtures, documents).load()
    retagged = tagged("claims", factors=["sedatives", "young"], factor_advice="finding")
    retagged["reports"][0]["factors"] = []
    (tmp_path / "again").mkdir()
    fixtures, documents = seed_dirs(tmp_path / "again", retagged)
    counts = SeedLoader(fixtures, documents).load()
    assert counts["claims updated"] == 1 and counts["adverse effect reports updated"] == 1
    claim = Claim.objects.get()
    assert factor_slugs(claim) == {"young", "sedatives"}
    assert claim.factor_advice == "finding"
    assert factor_slugs(AdverseEffectReport.objects.get()) == set()


# What a quote must say for each factor it is tagged with: the quote itself names the patients.
NAMED_BY = {
    "young": ("teen", "year old", "y/o"),
    "older-adult": ("older", "elderly"),
    "substance-use": (
        "addict",
        "abus",
        "recreational",
        "alcohol",
        "raves",
        "users",
        "cocaine",
        "street drug",
    ),
    "psychosis": ("psychosis", "schizophreni"),
    "bipolar": ("bipolar",),
    "suicidality": ("suicid",),
    "cardiovascular": ("cardiovascular", "hypertensive", "heart"),
    "liver": ("liver", "hepat"),
    "bladder": ("bladder", "urinary"),
    "chronic-pain": ("chronic pain",),
    "pregnancy": ("pregnan",),
    "sedatives": ("alcohol", "opioid", "benzodiazepine", "depress breathing"),
}


def test_a_record_is_tagged_only_with_kinds_of_patient_its_quote_names(seeded):
    unnamed = [
        (record.key, factor.slug)
        for model in (Claim, AdverseEffectReport)
        for record in model.objects.prefetch_related("factors")
        for factor in record.factors.all()
        if not any(word in record.quote.lower() for word in NAMED_BY[factor.slug])
    ]
    assert unnamed == []


def test_every_tagged_claim_says_what_it_advises_and_every_tag_is_recorded_in_the_audit(seeded):
    tagged_claims = Claim.objects.filter(factors__isnull=False).distinct()
    assert tagged_claims.count() >= 30
    assert not tagged_claims.filter(factor_advice="").exists()
    assert not Claim.objects.filter(factors__isnull=True).exclude(factor_advice="").exists()
    for model in (Claim, AdverseEffectReport):
        for record in model.objects.filter(factors__isnull=False).distinct():
            assert "Patient factors checked 2026-11-27: names" in record.audit_note, record.key


def test_the_forum_posts_teenager_misusing_home_nasal_ketamine_is_tagged_young_and_substance_use(
    seeded,
):
    need_seed_documents()
    case = Claim.objects.get(document__slug=POST, quote__contains="18 y/o teen")
    assert {"young", "substance-use", "suicidality", "sedatives"} <= factor_slugs(case)
    assert case.factor_advice == "finding"
    assert case.quote_check == "found"
    teens = Claim.objects.get(document__slug=POST, quote__contains="street drug")
    assert factor_slugs(teens) == {"young", "substance-use"}
    assert teens.factor_advice == "caution"


def advice_on(factor, document):
    claims = Claim.objects.filter(factors__slug=factor, document__slug=document)
    return set(claims.values_list("factor_advice", flat=True))


def test_the_clinic_treats_addiction_as_a_reason_to_treat_and_the_psychiatrist_as_a_risk(seeded):
    assert "may_help" in advice_on("substance-use", CLINIC)
    assert "may_help" not in advice_on("substance-use", GUIDE)
    assert {"caution", "dose_or_route"} <= advice_on("substance-use", GUIDE)
    on_the_question = Claim.objects.filter(
        factors__slug="substance-use", question__slug="addiction-history-caution"
    )
    stances = {(c.document.slug, c.stance) for c in on_the_question.select_related("document")}
    assert (CLINIC, "opposes") in stances and (GUIDE, "supports") in stances


def test_blood_pressure_claims_are_tagged_cardiovascular_in_both_guides(seeded):
    on_blood_pressure = Claim.objects.filter(
        factors__slug="cardiovascular", question__slug="hypertension-concern"
    )
    assert set(on_blood_pressure.values_list("document__slug", flat=True)) == {GUIDE, CLINIC}
    assert set(on_blood_pressure.values_list("factor_advice", flat=True)) == {"caution"}
    # The guide that is wary for hypertensive patients argues the rise is minor for the rest.
    assert Claim.objects.filter(
        document__slug=GUIDE, question__slug="hypertension-concern", stance="opposes"
    ).exists()


def test_only_the_clinic_says_not_to_use_ketamine_in_psychosis_or_with_breathing_depressants(
    seeded,
):
    assert advice_on("psychosis", CLINIC) == {"contraindication", "caution"}
    assert advice_on("sedatives", CLINIC) >= {"contraindication"}
    assert advice_on("psychosis", GUIDE) == advice_on("psychosis", POST) == set()


def test_the_documents_say_nothing_for_older_adults_or_liver_or_bladder_patients(seeded):
    silent = PatientFactor.objects.filter(slug__in=["older-adult", "liver", "bladder"])
    assert silent.count() == 3
    assert not silent.filter(claims__isnull=False).exists()
    assert not silent.filter(effect_reports__isnull=False).exists()
