"""Whole API responses, compared with checked-in snapshots (tests/snapshots/<case>.json).

Each case requests one endpoint against a small, fixed world and compares the WHOLE
answer (status, content type and body) with its snapshot, so a dropped, renamed or
retyped field fails here even where the shape tests in test_api.py do not look.

Database ids and the test server's address differ between runs and between SQLite and
PostgreSQL, so answers are normalised first: every record id (id fields, foreign-key
fields, id lists, ids inside URLs) becomes a token naming the record by its natural key,
``"<claim:against-home-use>"``, ``"<source:meta-analysis>"``; the server's address becomes
``<origin>``; dates and times that depend on today become ``<today>`` and ``<now>``.

To accept a change on purpose::

    UPDATE_SNAPSHOTS=1 DJANGO_SECRET_KEY=x .venv/bin/pytest -n0 tests/test_api_snapshots.py

writes the files and fails, saying so (a forgotten update never passes silently); read
``git diff tests/snapshots`` and run again without UPDATE_SNAPSHOTS.
"""

import datetime
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from evidence.constants import Status
from evidence.models import AdverseEffectReport, Claim, Source
from evidence.search_index import PG_WORDS

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATING = os.environ.get("UPDATE_SNAPSHOTS") == "1"
# Every record that must never be public has "hidden" in its slug, key or text.
HIDDEN = "hidden"


@dataclass(frozen=True)
class Case:
    name: str  # the snapshot's file name: the URL name, then "--" and a variant if any
    url_name: str  # in the evidence namespace
    params: dict = field(default_factory=dict)
    page_size: int | None = None  # settings.API_PAGE_SIZE for this case

    @property
    def path(self):
        return SNAPSHOTS / f"{self.name}.json"


CASES = [
    Case("api-sources", "api-sources"),
    Case("api-claims", "api-claims"),
    Case("api-questions", "api-questions"),
    Case("api-routes", "api-routes"),
    Case("api-adverse-effects", "api-adverse-effects"),
    Case("api-disputes", "api-disputes"),
    Case("api-search", "api-search", {"q": "which meta-analyses"}),
    Case("api-patient", "api-patient", {"factors": "substance-use"}),
    Case("api-patient--unknown-factor", "api-patient", {"factors": "substance-use,nope"}),
    # Errors and paging: a page that is not a number, one past the end, and a first page
    # that links to the next.
    Case("api-claims--bad-page", "api-claims", {"page": "abc"}),
    Case("api-claims--page-past-the-end", "api-claims", {"page": "9"}),
    Case("api-routes--first-of-two-pages", "api-routes", page_size=2),
]


# The world ---------------------------------------------------------------------------
#
# Every slug, key, title and year is given: the factories' defaults number records by a
# counter shared across the whole test session, and sources without a year sort
# differently on SQLite and PostgreSQL.

AUDITED_ON = datetime.date(2024, 5, 2)
MENDED_ON = datetime.date(2024, 6, 14)
AGAINST_QUOTE = "Repeated infusions should be given only under monitoring in a clinical setting."


@pytest.fixture
def world(make):
    if connection.vendor == "postgresql":
        # "Did you mean" picks from every word ever written (pruned only by a rebuild), and
        # tests that commit leave theirs behind: start from this world's words alone.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PG_WORDS}")
    iv = make.route(
        slug="iv",
        name="Intravenous infusion",
        formulation="racemic",
        usual_setting="clinic",
        description="Racemic ketamine infused over about 40 minutes.",
        position=1,
    )
    spray = make.route(
        slug="esketamine-spray",
        name="Esketamine nasal spray",
        formulation="esketamine",
        usual_setting="clinic",
        description="Self-given under observation; approved for TRD.",
        position=2,
    )
    lozenge = make.route(
        slug="lozenge",
        name="Sublingual lozenge",
        formulation="racemic",
        usual_setting="home",
        position=3,
    )

    meta = make.source(
        slug="meta-analysis",
        title="Ketamine for depression: a meta-analysis of randomised trials",
        authors="Smith J, Jones K, Lee M",
        kind="meta_analysis",
        year=2016,
        venue="J Affect Disord",
        url="https://example.org/meta-analysis",
        doi="10.1000/meta.2016",
        pmid="27000001",
        funding="National research council.",
        full_text=f"Results. ... Discussion. {AGAINST_QUOTE} Limitations follow.",
    )
    trial = make.source(
        slug="trial",
        title="A randomized trial of an NMDA antagonist in treatment-resistant depression",
        authors="Zarate CA et al.",
        kind="rct",
        year=2006,
        venue="Arch Gen Psychiatry",
        pmid="16894061",
    )
    guide = make.source(
        slug="guide",
        title="Ketamine at home: a prescriber's guide",
        label="Dr A. Writer, prescriber's guide, 2021",
        authors="A. Writer",
        kind="practitioner_guide",
        year=2021,
        conflict="financial",
        conflict_of_interest="The author runs a home-ketamine service.",
        point_of_view="Advocates prescribed home use.",
    )
    clinic = make.source(
        slug="clinic-page",
        title="Ketamine infusions at Example Clinic",
        kind="clinic_page",
        year=2023,
        conflict="possible",
        url="https://clinic.example.com/ketamine",
    )
    survey = make.source(
        slug="user-survey",
        title="Urinary symptoms among recreational ketamine users: a survey",
        authors="Wong P; Chan R",
        kind="survey",
        year=2019,
    )
    hidden_source = make.source(
        slug="hidden-source", title="A hidden draft source", year=2020, status=Status.DRAFT
    )

    home = make.question(
        slug="home-vs-clinic",
        text="Is prescribed home use as acceptable as treatment in a clinic?",
        topic="route_setting",
        summary="Guides for home use and clinical reviews answer differently.",
        answer_supports="Yes — home use is an acceptable alternative",
        answer_opposes="No — in a clinic only",
        priority=1,
    )
    make.question(
        slug="onset-within-hours",
        text="Does the antidepressant effect start within hours?",
        topic="onset",
    )
    make.question(slug="hidden-question", text="A hidden question in review?", status=Status.REVIEW)

    misuse = make.factor(slug="substance-use", name="Substance or alcohol use history")
    home_use = make.claim(
        key="home-use-acceptable",
        document=guide,
        question=home,
        stance="supports",
        quote="For most patients, home use with a prescriber's oversight is acceptable.",
        locator="Chapter 3",
        routes=[lozenge],
        setting="home",
        certainty="very_low",
        factor_advice="caution",
    )
    home_use.factors.add(misuse)
    make.claim(
        key="against-home-use",
        document=meta,
        cites=trial,
        question=home,
        stance="opposes",
        quote=AGAINST_QUOTE,
        locator="Discussion, p. 7",
        paraphrase="Infusions only with monitoring, in a clinic.",
        routes=[iv],
        setting="clinic",
        population="trd_adults",
        certainty="moderate",
        certainty_reason="Consistent trials, short follow-up.",
        context_note="Written before esketamine spray was approved for supervised use.",
        context_note_basis="FDA approval, March 2019.",
        audit_outcome="confirmed",
        audited_by="second curator",
        audited_on=AUDITED_ON,
    )
    make.claim(
        key="depends-on-support",
        document=clinic,
        question=home,
        stance="mixed",
        quote="Whether home use suits you depends on the support around you.",
        routes=[spray],
    )
    make.claim(
        key="hidden-draft-claim",
        document=trial,
        question=home,
        stance="supports",
        quote="A hidden draft quote.",
        status=Status.DRAFT,
    )
    make.claim(
        key="hidden-by-its-source",
        document=hidden_source,
        question=home,
        stance="opposes",
        quote="A quote hidden by its draft source.",
    )

    # A numeric disagreement with an open-ended side: 6 sessions against at least 10.
    make.claim(
        key="six-sessions",
        document=guide,
        quote="A course is six sessions.",
        routes=[iv],
        population="trd_adults",
        quantity="sessions",
        unit="sessions",
        value_low=6,
        value_high=6,
    )
    make.claim(
        key="ten-or-more-sessions",
        document=clinic,
        quote="Most patients need at least ten infusions.",
        routes=[iv],
        population="trd_adults",
        certainty="very_low",
        quantity="sessions",
        unit="sessions",
        value_low=10,
    )

    explained = make.explanation(
        dispute_key="stance:home-vs-clinic",
        explanation_status="explained",
        note="The sides describe different settings and levels of supervision.",
        what_would_settle="A trial of supervised against home dosing.",
    )
    explained.reasons.create(kind="setting", detail="Home against clinic.")
    explained.reasons.create(kind="evidence_tier", detail="A guide against a meta-analysis.")
    make.explanation(
        dispute_key="numeric:sessions:sessions:iv:trd_adults",
        status=Status.DRAFT,
        explanation_status="explained",
        note="A hidden draft note.",
    )

    cystitis = make.effect(
        slug="cystitis",
        name="Ketamine cystitis",
        organ_system="urinary",
        description="Inflammation of the bladder, mostly with heavy recreational use.",
    )
    make.effect(slug="dissociation", name="Dissociation", organ_system="psychiatric")
    heavy_users = make.report(
        key="cystitis-in-heavy-users",
        effect=cystitis,
        document=survey,
        frequency="common among daily users",
        frequency_percent=Decimal("26.6"),
        severity="severe",
        dose_context="recreational",
        dose="up to 3 g a day",
        certainty="low",
        quote="Over a quarter of daily users reported urinary symptoms.",
        locator="Table 2",
        audit_outcome="mended",
        audit_faults=["numbers"],
        audited_by="second curator",
        audited_on=MENDED_ON,
        audit_note="Percentage corrected from 25 to 26.6 as in Table 2.",
    )
    heavy_users.factors.add(misuse)
    # Read in the meta-analysis, whose stored text lacks the quote: "not_found" (the other
    # reports and claims give "found" and "no_text").
    make.report(
        key="cystitis-not-seen-in-trials",
        effect=cystitis,
        document=meta,
        cites=trial,
        route=iv,
        observed=False,
        frequency="not observed",
        frequency_percent=Decimal("0"),
        dose_context="clinical",
        dose="0.5 mg/kg over 40 minutes",
        certainty="moderate",
        quote="No case of cystitis was reported in the pooled trials.",
    )
    make.report(
        key="hidden-draft-report",
        effect=cystitis,
        document=trial,
        quote="A hidden draft report.",
        status=Status.DRAFT,
    )


# Normalising -------------------------------------------------------------------------

# Which fields hold which record's id, by the list the item sits in: an endpoint's
# results, an effect's "reports", a disagreement's "sides".
ID_FIELDS = {
    "api-sources": {"id": "source"},
    "api-claims": {"id": "claim", "source": "source", "cites": "source"},
    "reports": {"id": "report", "source": "source", "cites": "source"},
    "sides": {"sources": "source", "claims": "claim"},
    # The patient lens: per factor and source, the source and its claims.
    "source": {"id": "source"},
    "claims": {"id": "claim", "source": "source", "cites": "source"},
}
# Public URLs that carry an id: /sources/17/ and /claims/17/.
URL_IDS = re.compile(r"/(sources|claims)/(\d+)/")
URL_KINDS = {"sources": "source", "claims": "claim"}


def natural_keys():
    """``{kind: {pk: token}}`` for every record an answer may name by id, hidden ones too
    (so a leak shows up as a "<...:hidden-...>" token, which the tests refuse)."""
    rows = {
        "source": Source.objects.values_list("pk", "slug"),
        "claim": Claim.objects.values_list("pk", "key"),
        "report": AdverseEffectReport.objects.values_list("pk", "key"),
    }
    return {kind: {pk: f"<{kind}:{key}>" for pk, key in pairs} for kind, pairs in rows.items()}


class Normaliser:
    def __init__(self, endpoint, origin, days):
        self.endpoint = endpoint
        self.origin = origin
        self.keys = natural_keys()
        self.days = {day.isoformat() for day in days}

    def token(self, kind, pk):
        assert isinstance(pk, int), f"a {kind} id should be a number, not {pk!r}"
        assert pk in self.keys[kind], f"{pk} is the id of no {kind}"
        return self.keys[kind][pk]

    def __call__(self, value, within=None):
        if isinstance(value, dict):
            ids = ID_FIELDS.get(within, {})
            out = {}
            for key, item in value.items():
                if key in ids and item is not None:
                    out[key] = (
                        [self.token(ids[key], pk) for pk in item]
                        if isinstance(item, list)
                        else self.token(ids[key], item)
                    )
                else:
                    self.refuse_raw_id(key, item)
                    out[key] = self(item, within=self.within(key))
            return out
        if isinstance(value, list):
            return [self(item, within) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def within(self, key):
        """What the items under ``key`` are: an endpoint's "results" are its records."""
        if key == "results":
            return self.endpoint
        return key if key in ID_FIELDS else None

    @staticmethod
    def refuse_raw_id(key, item):
        """A new id field must get a rule in ID_FIELDS, or snapshots would hold raw ids."""
        looks_like_id = key == "id" or key.endswith(("_id", "_ids"))
        if looks_like_id and item is not None:
            pytest.fail(f"{key!r} holds an id with no rule in ID_FIELDS: add one")

    def text(self, value):
        if value.startswith(self.origin):
            value = "<origin>" + value[len(self.origin) :]
            value = URL_IDS.sub(
                lambda m: f"/{m[1]}/{self.token(URL_KINDS[m[1]], int(m[2]))}/", value
            )
            assert not re.search(r"/\d+/", value), f"an id in {value!r} has no rule in URL_IDS"
        if value in self.days:
            return "<today>"
        if value[:10] in self.days and value[10:11] == "T":
            return "<now>"
        return value


def dump(data):
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def answer(client, case):
    before = timezone.localdate()
    url = reverse(f"evidence:{case.url_name}")
    response = client.get(url, case.params)
    origin = response.wsgi_request.build_absolute_uri("/").rstrip("/")
    # A run that crosses midnight has records saved yesterday.
    days = {before, before - datetime.timedelta(days=1), timezone.localdate()}
    normalise = Normaliser(case.url_name, origin, days)
    query = f"?{response.wsgi_request.GET.urlencode()}" if case.params else ""
    return {
        "request": url + query,
        "status": response.status_code,
        "content_type": response["Content-Type"],
        "body": normalise(json.loads(response.content)),
    }


# The tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_answer_matches_its_snapshot(client, settings, world, case):
    if case.page_size:
        settings.API_PAGE_SIZE = case.page_size
    actual = dump(answer(client, case))
    # Checked before writing too, so an update can never bake a leak into a snapshot.
    assert HIDDEN not in actual.lower(), f"an unpublished record is public:\n{actual}"
    relative = case.path.relative_to(Path(__file__).parent.parent)
    if UPDATING:
        previous = case.path.read_text(encoding="utf-8") if case.path.exists() else None
        case.path.parent.mkdir(exist_ok=True)
        case.path.write_text(actual, encoding="utf-8")
        what = "unchanged" if previous == actual else "written"
        pytest.fail(
            f"UPDATE_SNAPSHOTS=1: {relative} {what}. Read `git diff tests/snapshots`, then "
            "run again without UPDATE_SNAPSHOTS.",
            pytrace=False,
        )
    if not case.path.exists():
        pytest.fail(f"{relative} is missing: run with UPDATE_SNAPSHOTS=1", pytrace=False)
    # Re-dumped, so the comparison is of values and types (6 and 6.0 differ) in one form.
    expected = dump(json.loads(case.path.read_text(encoding="utf-8")))
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{relative} (snapshot)",
            tofile="answer now",
        )
        pytest.fail(
            f"The answer to {case.name} differs from {relative} "
            "(if the change is intended, run with UPDATE_SNAPSHOTS=1):\n" + "".join(diff),
            pytrace=False,
        )


def api_url_names():
    """``{route: name}`` for every URL under api/ or named api-*, across the whole site."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or ""
                if route.startswith("api/") or name.startswith("api-"):
                    found[route] = f"{namespace}:{name}" if namespace else name

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_api_endpoint_has_a_snapshot():
    endpoints = api_url_names()
    assert endpoints, "no API URL found: has the API moved?"
    unnamed = sorted(route for route, name in endpoints.items() if not name.startswith("evidence:"))
    assert not unnamed, f"API URLs outside the evidence namespace or unnamed: {unnamed}"
    names = {name.removeprefix("evidence:") for name in endpoints.values()}
    covered = {case.url_name for case in CASES}
    assert names <= covered, f"API endpoints without a snapshot case: {sorted(names - covered)}"
    assert covered <= names, f"snapshot cases for no endpoint: {sorted(covered - names)}"
    files = {path.stem for path in SNAPSHOTS.glob("*.json")}
    cases = {case.name for case in CASES}
    assert files >= cases or UPDATING, f"snapshots not written yet: {sorted(cases - files)}"
    assert files <= cases, f"snapshot files no case reads (delete them): {sorted(files - cases)}"
