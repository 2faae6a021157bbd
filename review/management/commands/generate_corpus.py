"""Generate a large, realistic synthetic corpus on top of the seed evidence (benchmarks).

    python manage.py generate_corpus --sources 10000 --claims 100000 --seed 1

Adds to what is loaded (``load_seed_evidence`` first); it never replaces or edits a record.
The same seed on the same database gives the same records (ids, texts, numbers; only
``created_at``/``updated_at`` take the clock). Skewed like real evidence: claims per source,
per question and per route follow Zipf-like laws, so a few documents, questions and routes
hold most claims; about 30% of generated questions are answered both ways; a quarter of
claims carry a number (quantity, unit, range) for a route and population; some quotes come
from a stored document text and are checked, the rest have none to check against.

Written with ``bulk_create`` in batches, inside ``disagreements.batch(refresh=False)``, then
``disagreements.rebuild()`` once. ``bulk_create`` skips ``save()``, so what ``save()`` would
derive is set here: ``Source.evidence_level`` (``LEVEL_BY_KIND`` or the override) and
``sort_name``, the quote check of claims and reports, their ``strength``, ``version`` 1.
No history rows are written: generated records have no past.
"""

import datetime
import itertools
import math
import random
import time
from bisect import bisect
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from evidence import disagreements, planner, search_index
from evidence.constants import (
    LEVEL_BY_KIND,
    AuditFault,
    Certainty,
    Conflict,
    DoseContext,
    ExplanationStatus,
    Population,
    QuoteCheck,
    ReasonKind,
    Setting,
    Severity,
    SourceKind,
    Stance,
    Status,
    Topic,
)
from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    Disagreement,
    DisputeExplanation,
    DisputeReason,
    Question,
    Route,
    Source,
)
from evidence.models.sources import SORT_NAME_LENGTH
from evidence.models.strength import strength_for
from evidence.roles import CURATOR_GROUP, REVIEWER_GROUP

# Comments are dated from here back: fixed, so a seed always gives the same dates.
COMMENT_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

# Zipf exponents: the k-th most quoted document gets a share ∝ 1 / k^s.
DOCUMENT_SKEW = 0.8
CITED_SKEW = 1.0
QUESTION_SKEW = 0.9
CLAIM_COMMENT_SKEW = 1.0
EFFECT_SKEW = 1.0

CONTESTED_SHARE = 0.30
QUESTION_SHARE = 0.85  # claims answering a question
NUMBER_SHARE = 0.25  # claims carrying a number
CITES_SHARE = 0.35  # claims attributed to a primary study
TEXT_SHARE = 0.25  # sources whose text is stored, so quotes are checked
EXPLAINED_SHARE = 0.30  # new disagreements a curator has explained

STATUS_WEIGHTS = {
    Status.PUBLISHED: 92,
    Status.REVIEW: 3,
    Status.DRAFT: 4,
    Status.RETRACTED: 1,
}
KIND_WEIGHTS = {
    SourceKind.META_ANALYSIS: 5,
    SourceKind.SYSTEMATIC_REVIEW: 4,
    SourceKind.RCT: 18,
    SourceKind.CROSSOVER_TRIAL: 3,
    SourceKind.OPEN_LABEL_TRIAL: 8,
    SourceKind.OBSERVATIONAL: 15,
    SourceKind.CASE_REPORT: 10,
    SourceKind.SURVEY: 6,
    SourceKind.ANIMAL_STUDY: 3,
    SourceKind.LAB_STUDY: 2,
    SourceKind.REGULATORY_LABEL: 1,
    SourceKind.GUIDELINE: 3,
    SourceKind.NARRATIVE_REVIEW: 8,
    SourceKind.PRACTITIONER_GUIDE: 6,
    SourceKind.CLINIC_PAGE: 5,
    SourceKind.FORUM_POST: 3,
    SourceKind.OTHER: 1,
    SourceKind.NOT_STATED: 2,
}
TOPIC_WEIGHTS = {
    Topic.EFFICACY: 20,
    Topic.ONSET: 6,
    Topic.DURABILITY: 8,
    Topic.DOSING: 12,
    Topic.ROUTE_SETTING: 12,
    Topic.SAFETY: 12,
    Topic.ADVERSE_EFFECTS: 8,
    Topic.ADDICTION: 6,
    Topic.COST_ACCESS: 6,
    Topic.LEGALITY: 2,
    Topic.MECHANISM: 4,
    Topic.PATIENT_SELECTION: 6,
}
POPULATION_WEIGHTS = {
    Population.TRD_ADULTS: 30,
    Population.DEPRESSION_ADULTS: 35,
    Population.ADOLESCENTS: 4,
    Population.CHRONIC_PAIN: 6,
    Population.RECREATIONAL: 5,
    Population.ANAESTHESIA: 5,
    Population.GENERAL: 15,
}
SETTING_WEIGHTS = {
    Setting.CLINIC: 45,
    Setting.HOME: 15,
    Setting.UNSUPERVISED: 5,
    Setting.NOT_STATED: 35,
}
CERTAINTY_WEIGHTS = {
    Certainty.HIGH: 8,
    Certainty.MODERATE: 25,
    Certainty.LOW: 40,
    Certainty.VERY_LOW: 27,
}
CONFLICT_WEIGHTS = {Conflict.NONE_STATED: 70, Conflict.POSSIBLE: 20, Conflict.FINANCIAL: 10}
DOSE_CONTEXT_WEIGHTS = {
    DoseContext.CLINICAL: 45,
    DoseContext.HIGH_DOSE: 10,
    DoseContext.RECREATIONAL: 15,
    DoseContext.MIXED: 5,
    DoseContext.NOT_STATED: 25,
}
SEVERITY_WEIGHTS = {
    Severity.MILD: 40,
    Severity.MODERATE: 25,
    Severity.SEVERE: 8,
    Severity.LIFE_THREATENING: 2,
    Severity.NOT_STATED: 25,
}
# By review's comment kinds (review.constants.CommentKind); kinds not listed weigh 10.
COMMENT_KIND_WEIGHTS = {
    "misquote": 15,
    "wrong_stance": 20,
    "missing_evidence": 25,
    "outdated": 10,
    "wrong_numbers": 15,
    "other": 15,
}
# (quantity, unit, typical value, spread as the sd of its log, whole numbers, at most)
NUMBERS = [
    ("dose", "mg", 56, 0.45, True, None),
    ("dose", "mg_per_kg", 0.5, 0.35, False, None),
    ("response_rate", "percent", 50, 0.3, True, 100),
    ("remission_rate", "percent", 30, 0.35, True, 100),
    ("cost_per_treatment", "usd", 500, 0.5, True, None),
    ("cost_per_course", "usd", 3000, 0.5, True, None),
    ("cost_per_month", "usd", 300, 0.6, True, None),
    ("sessions", "sessions", 6, 0.3, True, None),
    ("duration", "days", 14, 0.6, True, None),
    ("bioavailability", "percent", 30, 0.5, True, 100),
    ("frequency", "percent", 10, 0.8, False, 100),
]
NUMBER_WEIGHTS = [30, 15, 12, 8, 6, 4, 3, 8, 8, 3, 3]

SURNAMES = (  # noqa: SIM905 (a list of words reads better as words)
    "Zarate Murrough Singh Daly Fava Berman Krystal Sanacora Abdallah Lapidus Kishimoto "
    "Ionescu Wilkinson Phillips Short Andrade McIntyre Rosenblat Lee Chen Wang Kim "
    "Nguyen Garcia Muller Rossi Dubois Kowalski Novak Silva Costa Okafor Mensah Haddad "
    "Cohen Levi Tanaka Sato Ito Yamamoto Park Choi Patel Shah Gupta Rao Iyer Kumar "
    "Fernandes Moreau Lambert Schmidt Fischer Weber Becker Hoffmann Jensen Nielsen "
    "Larsen Berg Lund Virtanen Korhonen Horvath Nagy Popescu Petrov Ivanova Smirnov "
    "Brown Taylor Wilson Evans Walker"
).split()
INITIALS = "ABCDEFGHJKLMNPRSTW"
VENUES = [
    "American Journal of Psychiatry",
    "JAMA Psychiatry",
    "Lancet Psychiatry",
    "Biological Psychiatry",
    "Journal of Affective Disorders",
    "Journal of Clinical Psychiatry",
    "Neuropsychopharmacology",
    "Molecular Psychiatry",
    "British Journal of Psychiatry",
    "Psychopharmacology",
    "Depression and Anxiety",
    "Anesthesia & Analgesia",
    "Journal of Psychopharmacology",
    "Frontiers in Psychiatry",
    "BMC Psychiatry",
    "Acta Psychiatrica Scandinavica",
    "Clinic website",
    "Practitioner blog",
    "Clinicians' discussion forum",
]
ROUTE_WORDS = [
    "intravenous",
    "intranasal",
    "nasal spray",
    "oral",
    "sublingual",
    "intramuscular",
    "esketamine nasal spray",
    "racemic intranasal",
    "subcutaneous",
]
OUTCOMES = [
    "depressive symptoms",
    "suicidal ideation",
    "anhedonia",
    "MADRS scores",
    "HAM-D scores",
    "relapse",
    "response",
    "remission",
    "quality of life",
    "anxiety",
]
GROUPS = [
    "adults with treatment-resistant depression",
    "adults with major depression",
    "older adults",
    "adolescents",
    "veterans with PTSD and depression",
    "patients with bipolar depression",
    "outpatients",
    "inpatients after a suicide attempt",
    "people with chronic pain",
    "recreational users",
]
EFFECT_WORDS = [
    "dissociation",
    "nausea",
    "dizziness",
    "raised blood pressure",
    "headache",
    "bladder pain",
    "sedation",
    "perceptual changes",
    "craving",
    "liver enzyme rises",
]
SENTENCES = [
    "{route} ketamine reduced {outcome} within {n} hours in {group}.",
    "In our sample of {big} {group}, response at day {d} was {p}% after {route} dosing.",
    "We found no significant difference between {route} and {route2} administration at {w} weeks.",
    "{effect} was common but resolved within {m} minutes of the {route} dose.",
    "The benefit of {route} ketamine faded for most {group} by week {w}.",
    "Repeated {route} treatment twice weekly sustained the improvement in {outcome}.",
    "Rates of {effect} were higher at doses above {dose} mg/kg.",
    "Evidence for {route} ketamine in {group} remains limited to small open-label studies.",
    "Patients receiving {route} ketamine at home reported {effect} in {p}% of sessions.",
    "Supervision after each {route} dose is advised because of {effect}.",
    "The cost of a course of {route} treatment was about {usd} dollars.",
    "Compared with placebo, {route} ketamine improved {outcome} with a number needed "
    "to treat of {nnt}.",
    "No case of addiction was seen among {big} {group} treated with {route} ketamine.",
    "Maintenance {route} dosing every {d} days prevented relapse in {p}% of {group}.",
    "The authors caution that {route} ketamine should not be used without monitoring for {effect}.",
    "Bioavailability of {route} ketamine is roughly {p}% of an intravenous dose.",
]
HEADINGS = [
    "Abstract",
    "Introduction",
    "Methods",
    "Results",
    "Adverse events",
    "Discussion",
    "Limitations",
    "Conclusions",
]
QUESTION_TEMPLATES = [
    ("Does {route} ketamine improve {outcome} in {group}?", Topic.EFFICACY),
    ("Is {route} ketamine as effective as {route2} ketamine for {group}?", Topic.ROUTE_SETTING),
    ("Does the antidepressant effect of {route} ketamine last beyond {w} weeks?", Topic.DURABILITY),
    ("Is {route} ketamine safe without supervision for {group}?", Topic.SAFETY),
    ("Does {route} ketamine act within {n} hours in {group}?", Topic.ONSET),
    ("Is a dose above {dose} mg/kg of {route} ketamine needed for {group}?", Topic.DOSING),
    ("Is {effect} a reason to stop {route} ketamine in {group}?", Topic.ADVERSE_EFFECTS),
    ("Does prescribed {route} ketamine lead to misuse in {group}?", Topic.ADDICTION),
    ("Is {route} ketamine affordable for {group}?", Topic.COST_ACCESS),
    ("Should {route} ketamine be reserved for {group}?", Topic.PATIENT_SELECTION),
]
BODIES = [
    "The quote is cut just before the sentence that **qualifies** it; see the next paragraph.",
    "This stance does not match the question's wording: the source speaks of {route} use only.",
    "A newer trial ([link](https://example.org/trial)) reports the opposite in {group}.",
    "The number here is the *median*, not the mean the paraphrase implies.",
    "Outdated: the source was revised and the recommendation on {route} dosing withdrawn.",
    "The population is narrower than stated: only {group} were enrolled.",
    "Please add the confidence interval; without it the {p}% figure reads as certain.",
    "The certainty looks too high for an uncontrolled series of {n} patients.",
]


def _cumulative(weights):
    return list(itertools.accumulate(weights))


def _zipf_cumulative(count, exponent):
    return _cumulative(1 / (rank + 1) ** exponent for rank in range(count))


class Picker:
    """Draws items by fixed weights in O(log n) per draw from one seeded generator."""

    def __init__(self, rng, items, weights):
        self.rng, self.items = rng, list(items)
        self.cumulative = _cumulative(weights)
        self.total = self.cumulative[-1]

    def __call__(self):
        index = bisect(self.cumulative, self.rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


def zipf_picker(rng, items, exponent):
    """Most draws land on a few items: which ones is itself shuffled, so that rank does
    not follow id (the largest source is not the first)."""
    items = list(items)
    rng.shuffle(items)
    picker = Picker(rng, items, [1])
    picker.cumulative = _zipf_cumulative(len(items), exponent)
    picker.total = picker.cumulative[-1]
    return picker


def weighted(rng, choices):
    return Picker(rng, list(choices), list(choices.values()))


class Generator:
    def __init__(self, options, out):
        self.rng = random.Random(options["seed"])
        self.options = options
        self.prefix = options["prefix"]
        self.batch_size = options["batch_size"]
        self.out = out
        self.today = timezone.localdate()
        self.timings = {}
        rng = self.rng
        self.status = weighted(rng, STATUS_WEIGHTS)
        self.kind = weighted(rng, KIND_WEIGHTS)
        self.topic = weighted(rng, TOPIC_WEIGHTS)
        self.population = weighted(rng, POPULATION_WEIGHTS)
        self.setting = weighted(rng, SETTING_WEIGHTS)
        self.certainty = weighted(rng, CERTAINTY_WEIGHTS)
        self.conflict = weighted(rng, CONFLICT_WEIGHTS)
        self.dose_context = weighted(rng, DOSE_CONTEXT_WEIGHTS)
        self.severity = weighted(rng, SEVERITY_WEIGHTS)
        self.number = Picker(rng, NUMBERS, NUMBER_WEIGHTS)

    # Words ---------------------------------------------------------------------------

    def _fill(self, template):
        rng = self.rng
        route, route2 = rng.sample(ROUTE_WORDS, 2)
        values = {
            "route": route,
            "route2": route2,
            "outcome": rng.choice(OUTCOMES),
            "group": rng.choice(GROUPS),
            "effect": rng.choice(EFFECT_WORDS),
            "n": rng.randint(2, 72),
            "big": rng.randint(12, 2400),
            "d": rng.randint(1, 28),
            "w": rng.randint(1, 26),
            "m": rng.choice((30, 45, 60, 90, 120)),
            "p": rng.randint(3, 85),
            "dose": rng.choice(("0.5", "0.75", "1", "1.5")),
            "usd": rng.choice((400, 800, 1500, 3000, 6000, 12000)),
            "nnt": rng.randint(2, 9),
        }
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def sentence(self):
        return self._fill(self.rng.choice(SENTENCES))

    def authors(self):
        rng = self.rng
        names = [f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}" for _ in range(rng.randint(1, 6))]
        return ", ".join(names)

    def document_text(self, title):
        """A stored document: headed sections of sentences. Returns (text, [(heading,
        sentence)]) so quotes can be drawn from it verbatim."""
        rng = self.rng
        parts, quotable = [title, ""], []
        for heading in rng.sample(HEADINGS, rng.randint(3, len(HEADINGS))):
            parts += [f"## {heading}", ""]
            for _ in range(rng.randint(1, 3)):
                paragraph = [self.sentence() for _ in range(rng.randint(2, 6))]
                quotable += [(heading, s) for s in paragraph]
                parts += [" ".join(paragraph), ""]
        return "\n".join(parts), quotable

    # Records -------------------------------------------------------------------------

    def _bulk(self, model, records):
        """bulk_create in batches; the records get their ids (SQLite ≥ 3.35, PostgreSQL)."""
        for start in range(0, len(records), self.batch_size):
            model.objects.bulk_create(records[start : start + self.batch_size])
        if records and records[0].pk is None:  # an older SQLite: read the ids back
            raise CommandError("This database does not return ids from bulk inserts.")
        return records

    def _phase(self, name, started):
        self.timings[name] = time.perf_counter() - started
        self.out.write(f"  {name}: {self.timings[name]:.1f} s")

    def users(self):
        """Curators (staff, Curator group) and invited reviewers (Reviewer group, with a
        profile naming the curator who invited them), the roles of evidence.roles. No
        usable password: nobody signs in as them."""
        started = time.perf_counter()
        rng, prefix = self.rng, self.prefix
        unusable = make_password(None)
        curators = [
            User(
                username=f"{prefix}-curator-{n}",
                email=f"{prefix}-curator-{n}@example.org",
                first_name=f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}.",
                is_staff=True,
                password=unusable,
            )
            for n in range(1, self.options["curators"] + 1)
        ]
        reviewers = [
            User(
                username=f"{prefix}-reviewer-{n}@example.org",
                email=f"{prefix}-reviewer-{n}@example.org",
                first_name=f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}.",
                password=unusable,
            )
            for n in range(1, self.options["reviewers"] + 1)
        ]
        self._bulk(User, curators + reviewers)
        roles = Group.objects.filter(name__in=[CURATOR_GROUP, REVIEWER_GROUP])
        groups = dict(roles.values_list("name", "pk"))
        if len(groups) != 2:
            raise CommandError("The Curator and Reviewer groups are missing: run migrate first.")
        through = User.groups.through
        memberships = [through(user_id=u.pk, group_id=groups[CURATOR_GROUP]) for u in curators]
        memberships += [through(user_id=u.pk, group_id=groups[REVIEWER_GROUP]) for u in reviewers]
        self._bulk(through, memberships)
        self.curator_ids = [u.pk for u in curators]
        self.reviewer_ids = [u.pk for u in reviewers]
        if not apps.is_installed("review"):
            self._phase("users (no reviewer profiles: the review app is not installed)", started)
            return
        ReviewerProfile = apps.get_model("review", "ReviewerProfile")
        profiles = [
            ReviewerProfile(
                user_id=u.pk,
                affiliation=f"{rng.choice(VENUES)} editorial board",
                conflicts="" if rng.random() < 0.8 else "Consults for a ketamine clinic.",
                invited_by_id=rng.choice(curators).pk,
                invited_at=COMMENT_EPOCH - datetime.timedelta(days=rng.randint(30, 400)),
            )
            for u in reviewers
        ]
        self._bulk(ReviewerProfile, profiles)
        self._phase("users", started)

    def sources(self, count):
        started = time.perf_counter()
        rng, prefix = self.rng, self.prefix
        taken_pmids = set(Source.objects.exclude(pmid="").values_list("pmid", flat=True))
        next_pmid = itertools.count(int(f"9{self.options['seed'] % 1000:03d}00000"))
        records, self.quotable = [], {}
        for n in range(1, count + 1):
            kind = self.kind()
            override = rng.randint(1, 5) if rng.random() < 0.05 else None
            year = max(1960, 2026 - int(rng.expovariate(1 / 7)))
            title = self._fill(rng.choice(SENTENCES)).rstrip(".")
            conflict = self.conflict()
            pmid = ""
            if kind not in (SourceKind.CLINIC_PAGE, SourceKind.FORUM_POST) and rng.random() < 0.4:
                pmid = str(next(next_pmid))
                while pmid in taken_pmids:
                    pmid = str(next(next_pmid))
                taken_pmids.add(pmid)
            full_text, quotable = "", None
            if rng.random() < TEXT_SHARE:
                full_text, quotable = self.document_text(title)
            records.append(
                Source(
                    slug=f"{prefix}-source-{n}",
                    title=title,
                    label=f"{rng.choice(SURNAMES)} guide, {year}" if rng.random() < 0.1 else "",
                    authors=self.authors() if rng.random() < 0.9 else "",
                    year=year if rng.random() < 0.95 else None,
                    venue=rng.choice(VENUES),
                    url=f"https://example.org/{prefix}/sources/{n}" if rng.random() < 0.5 else "",
                    doi=f"10.5555/{prefix}.{n}" if rng.random() < 0.6 else "",
                    pmid=pmid,
                    kind=kind,
                    evidence_level_override=override,
                    evidence_level=override or LEVEL_BY_KIND[kind],
                    conflict=conflict,
                    conflict_of_interest=(
                        "" if conflict == Conflict.NONE_STATED else "Authors consult for a clinic."
                    ),
                    funding="Industry grant." if rng.random() < 0.3 else "",
                    point_of_view=self.sentence() if rng.random() < 0.3 else "",
                    full_text=full_text,
                    status=self.status(),
                    created_by_id=rng.choice(self.curator_ids),
                )
            )
            if quotable:
                self.quotable[n - 1] = quotable
        for source in records:
            source.sort_name = source.name.casefold()[:SORT_NAME_LENGTH]
        self._bulk(Source, records)
        self.quotable = {records[i].pk: q for i, q in self.quotable.items()}
        self._phase(f"sources ({count})", started)
        return records

    def questions(self, count):
        started = time.perf_counter()
        rng, prefix = self.rng, self.prefix
        records = []
        for n in range(1, count + 1):
            template, topic = rng.choice(QUESTION_TEMPLATES)
            answered = rng.random() < 0.5
            records.append(
                Question(
                    slug=f"{prefix}-question-{n}",
                    text=self._fill(template)[:300],
                    topic=topic if rng.random() < 0.8 else self.topic(),
                    summary=" ".join(self.sentence() for _ in range(rng.randint(0, 3))),
                    answer_supports="Yes — the evidence says so" if answered else "",
                    answer_opposes="No — not on current evidence" if answered else "",
                    answer_mixed="Only for some patients" if answered else "",
                    priority=rng.randint(10, 60) if rng.random() < 0.05 else None,
                    status=Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT,
                    created_by_id=rng.choice(self.curator_ids),
                )
            )
        self._bulk(Question, records)
        self._phase(f"questions ({count})", started)
        return records

    def _stance_picker(self):
        """Each question's mix of stances: a contested one hears both answers, another
        one answer (and some mixed or neutral claims)."""
        rng = self.rng
        if rng.random() < CONTESTED_SHARE:
            weights = {Stance.SUPPORTS: 45, Stance.OPPOSES: 35, Stance.MIXED: 12}
        else:
            one = Stance.SUPPORTS if rng.random() < 0.6 else Stance.OPPOSES
            weights = {one: 80, Stance.MIXED: 12}
        weights[Stance.NEUTRAL] = 8
        return weighted(rng, weights)

    def _number(self):
        rng = self.rng
        quantity, unit, typical, spread, whole, most = self.number()
        low = typical * math.exp(rng.gauss(0, spread))
        shape = rng.random()
        high = low if shape < 0.3 else (None if shape < 0.4 else low * rng.uniform(1.1, 2.0))

        def tidy(value):
            if value is None:
                return None
            value = max(round(value) if whole else round(value, 3), 1 if whole else 0.001)
            return Decimal(str(min(value, most) if most else value))

        low, high = tidy(low), tidy(high)
        if high is not None and high < low:
            high = low
        return {"quantity": quantity, "unit": unit, "value_low": low, "value_high": high}

    def _audit(self, quoted):
        rng, roll = self.rng, self.rng.random()
        if roll < 0.55:
            return {}
        mended = roll > 0.95
        return {
            "audit_outcome": "mended" if mended else "confirmed",
            "audited_by": "Second-curator audit",
            "audited_on": datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 300)),
            "audit_faults": [rng.choice(AuditFault.values)] if mended else [],
            "audit_note": f"Checked against the {quoted}." if rng.random() < 0.5 else "",
        }

    def _quote(self, document_id):
        """(quote, locator, quote check, checked on): from the document's stored text
        when there is one, so the check finds it."""
        quotable = self.quotable.get(document_id)
        if quotable:
            heading, sentence = self.rng.choice(quotable)
            return sentence, heading, QuoteCheck.FOUND, self.today
        locator = f"{self.rng.choice(HEADINGS)}, paragraph {self.rng.randint(1, 12)}"
        return self.sentence(), locator, QuoteCheck.NO_TEXT, None

    def claims(self, count, sources):
        started = time.perf_counter()
        rng, prefix = self.rng, self.prefix
        source_ids = [s.pk for s in sources]
        levels = {s.pk: s.evidence_level for s in sources}
        document = zipf_picker(rng, source_ids, DOCUMENT_SKEW)
        cited = zipf_picker(rng, source_ids, CITED_SKEW)
        # The seed's questions take generated claims too.
        pool = list(Question.objects.order_by("pk").values_list("pk", flat=True))
        question = zipf_picker(rng, pool, QUESTION_SKEW)
        stances = {pk: self._stance_picker() for pk in pool}
        routes = list(Route.objects.order_by("position", "pk").values_list("pk", flat=True))
        route = Picker(rng, routes, [0.6**rank for rank in range(len(routes))]) if routes else None
        records, route_rows = [], []
        for n in range(1, count + 1):
            document_id = document()
            quote, locator, check, checked_on = self._quote(document_id)
            cites_id = cited() if rng.random() < CITES_SHARE else None
            if cites_id == document_id:
                cites_id = None
            question_id = question() if rng.random() < QUESTION_SHARE else None
            fields = self._number() if rng.random() < NUMBER_SHARE else {}
            noted = rng.random() < 0.01
            records.append(
                Claim(
                    key=f"{prefix}-claim-{n}",
                    document_id=document_id,
                    cites_id=cites_id,
                    question_id=question_id,
                    stance=stances[question_id]() if question_id else "",
                    quote=quote,
                    locator=locator,
                    paraphrase=self.sentence() if rng.random() < 0.6 else "",
                    setting=self.setting(),
                    population=self.population(),
                    certainty=self.certainty(),
                    certainty_reason=self.sentence() if rng.random() < 0.5 else "",
                    context_note="The source's figure predates the 2019 trials." if noted else "",
                    context_note_basis="Later randomised trials." if noted else "",
                    quote_check=check,
                    quote_checked_on=checked_on,
                    status=self.status(),
                    created_by_id=rng.choice(self.curator_ids),
                    **fields,
                    **self._audit("document"),
                )
            )
            claim = records[-1]
            claim.strength = strength_for(levels[cites_id or document_id], claim.certainty)
            if route is not None:
                roll = rng.random()
                chosen = {route()} if roll < 0.75 else set()
                if roll > 0.6 and roll < 0.75:
                    chosen.add(route())
                route_rows.append(sorted(chosen))
        self._bulk(Claim, records)
        through = Claim.routes.through
        links = [
            through(claim_id=claim.pk, route_id=route_id)
            for claim, chosen in zip(records, route_rows, strict=False)
            for route_id in chosen
        ]
        self._bulk(through, links)
        self._phase(f"claims ({count}, {len(links)} routes)", started)
        return records

    def reports(self, count, sources):
        started = time.perf_counter()
        rng, prefix = self.rng, self.prefix
        effects = list(AdverseEffect.objects.order_by("pk").values_list("pk", flat=True))
        if not effects:
            self._phase("reports (0: no adverse effects loaded)", started)
            return []
        effect = zipf_picker(rng, effects, EFFECT_SKEW)
        document = zipf_picker(rng, [s.pk for s in sources], DOCUMENT_SKEW)
        routes = list(Route.objects.order_by("position", "pk").values_list("pk", flat=True))
        levels = {s.pk: s.evidence_level for s in sources}
        records = []
        for n in range(1, count + 1):
            document_id = document()
            quote, locator, check, checked_on = self._quote(document_id)
            percent = round(rng.uniform(0.1, 90), 1) if rng.random() < 0.5 else None
            cites_id = rng.choice(sources).pk if rng.random() < 0.3 else None
            records.append(
                AdverseEffectReport(
                    key=f"{prefix}-report-{n}",
                    effect_id=effect(),
                    document_id=document_id,
                    cites_id=None if cites_id == document_id else cites_id,
                    route_id=rng.choice(routes) if routes and rng.random() < 0.7 else None,
                    frequency=f"about {percent}% of patients" if percent is not None else "",
                    frequency_percent=None if percent is None else Decimal(str(percent)),
                    observed=rng.random() < 0.92,
                    severity=self.severity(),
                    dose_context=self.dose_context(),
                    dose=f"{rng.choice(('0.5', '1', '2'))} mg/kg" if rng.random() < 0.4 else "",
                    certainty=self.certainty() if rng.random() < 0.8 else "",
                    quote=quote,
                    locator=locator,
                    quote_check=check,
                    quote_checked_on=checked_on,
                    status=self.status(),
                    created_by_id=rng.choice(self.curator_ids),
                    **self._audit("report"),
                )
            )
            report = records[-1]
            report.strength = strength_for(levels[report.cites_id or document_id], report.certainty)
        self._bulk(AdverseEffectReport, records)
        self._phase(f"adverse-effect reports ({count})", started)
        return records

    def explanations(self):
        """Curators explain some of the disagreements the generated claims started."""
        started = time.perf_counter()
        rng = self.rng
        unexplained = (
            Disagreement.objects.active()
            .filter(explanation__isnull=True)
            .order_by("kind", "question_id", "quantity", "unit", "route_id", "population")
        )
        chosen = [d for d in unexplained if rng.random() < EXPLAINED_SHARE]
        explanations = [
            DisputeExplanation(
                disagreement=d,
                explanation_status=rng.choice(ExplanationStatus.values),
                note=self.sentence(),
                what_would_settle=f"A head-to-head randomised trial in {rng.choice(GROUPS)}.",
                status=Status.PUBLISHED if rng.random() < 0.85 else Status.REVIEW,
                created_by_id=rng.choice(self.curator_ids),
            )
            for d in chosen
        ]
        self._bulk(DisputeExplanation, explanations)
        reasons = [
            DisputeReason(explanation=e, kind=kind, detail=self.sentence())
            for e in explanations
            for kind in rng.sample(ReasonKind.values, rng.randint(1, 3))
        ]
        self._bulk(DisputeReason, reasons)
        self._phase(f"explanations ({len(explanations)})", started)
        return explanations

    def comments(self, count, claims, questions, sources, explanations):
        """Review threads (and replies): most on claims, skewed towards a few, the rest on
        questions, sources and explanations; reviewers see published and in-review records
        only, so comments sit on those."""
        started = time.perf_counter()
        if not apps.is_installed("review"):
            self._phase("comments (none: the review app is not installed)", started)
            return
        # Looked up through the app registry rather than imported.
        Comment = apps.get_model("review", "Comment")
        kinds = [value for value, _ in Comment._meta.get_field("kind").choices]
        comment_kind = weighted(self.rng, {k: COMMENT_KIND_WEIGHTS.get(k, 10) for k in kinds})
        # A comment is about a claim, question, source or explanation: one field each.
        target_fields = {
            f.name
            for f in Comment._meta.concrete_fields
            if f.is_relation and f.related_model._meta.app_label == "evidence"
        }
        rng = self.rng
        visible = (Status.PUBLISHED, Status.REVIEW)
        targets = {
            "claim": [c.pk for c in claims if c.status in visible],
            "question": [q.pk for q in questions if q.status in visible],
            "source": [s.pk for s in sources if s.status in visible],
            "explanation": [e.pk for e in explanations],
        }
        pickers = {
            name: zipf_picker(rng, ids, CLAIM_COMMENT_SKEW)
            for name, ids in targets.items()
            if ids and name in target_fields
        }
        shares = {"claim": 75, "question": 12, "source": 8, "explanation": 5}
        target = weighted(rng, {name: shares[name] for name in pickers})
        authors = self.reviewer_ids + self.curator_ids
        threads_wanted = round(count * 0.8)
        threads, thread_targets, replies = [], [], []
        span = 330 * 24 * 60  # minutes over which comments were written

        def body():
            return self._fill(rng.choice(BODIES))

        for n in range(count):
            minute = int(span * n / max(count, 1))
            created = COMMENT_EPOCH - datetime.timedelta(minutes=span - minute)
            if n < threads_wanted or not threads:
                name = target()
                thread_targets.append((name, pickers[name]()))
                record = Comment(
                    author_id=rng.choice(authors),
                    kind=comment_kind(),
                    body=body(),
                    suggested_correction=self.sentence() if rng.random() < 0.3 else "",
                    created_at=created,
                    **{f"{name}_id": thread_targets[-1][1]},
                )
                roll = rng.random()
                if roll < 0.35:
                    record.resolved_at = created + datetime.timedelta(days=rng.randint(1, 40))
                    record.resolved_by_id = rng.choice(self.curator_ids)
                    record.resolution_note = "Corrected in the record; thank you."
                elif roll < 0.38:
                    record.hidden_at = created + datetime.timedelta(hours=rng.randint(1, 48))
                    record.hidden_by_id = rng.choice(self.curator_ids)
                    record.hidden_reason = "Off topic."
                threads.append(record)
            else:
                replies.append((n, created))
        self._bulk(Comment, threads)
        # Replies join open threads, on the thread's own record.
        open_threads = [
            (thread, where)
            for thread, where in zip(threads, thread_targets, strict=True)
            if thread.resolved_at is None and thread.hidden_at is None
        ] or list(zip(threads, thread_targets, strict=True))
        reply_records = []
        for _, created in replies:
            parent, (name, target_id) = rng.choice(open_threads)
            reply_records.append(
                Comment(
                    parent_id=parent.pk,
                    author_id=rng.choice(authors),
                    kind=parent.kind,
                    body=body(),
                    created_at=max(created, parent.created_at + datetime.timedelta(minutes=5)),
                    **{f"{name}_id": target_id},
                )
            )
        self._bulk(Comment, reply_records)
        self._phase(f"comments ({len(threads)} threads, {len(reply_records)} replies)", started)


class Command(BaseCommand):
    help = (
        "Add a large synthetic corpus (sources, questions, claims, reports, reviewers' "
        "comments) to the loaded seed evidence, deterministically for a seed: for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, default=1000)
        parser.add_argument("--claims", type=int, default=10000)
        parser.add_argument(
            "--questions", type=int, default=None, help="Default: claims / 200, at least 10."
        )
        parser.add_argument("--reports", type=int, default=None, help="Default: claims / 10.")
        parser.add_argument("--comments", type=int, default=None, help="Default: claims / 20.")
        parser.add_argument("--curators", type=int, default=4)
        parser.add_argument("--reviewers", type=int, default=12)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--prefix", default=None, help="Slug and key prefix of what is made; default gen<seed>."
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        claims = options["claims"]
        if options["questions"] is None:
            options["questions"] = max(10, claims // 200)
        if options["reports"] is None:
            options["reports"] = claims // 10
        if options["comments"] is None:
            options["comments"] = claims // 20
        options["prefix"] = options["prefix"] or f"gen{options['seed']}"
        for name in ("sources", "claims", "questions", "reports", "comments", "batch_size"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        if options["sources"] < 2 and claims:
            raise CommandError("Claims need at least two sources (a claim cites another one).")
        prefix = options["prefix"]
        if Source.objects.filter(slug__startswith=f"{prefix}-").exists():
            raise CommandError(
                f"A corpus with the prefix {prefix!r} is already here: use another --seed or "
                "--prefix, or start from a fresh database."
            )
        if not Route.objects.exists():
            self.stderr.write("No routes: load the seed evidence first for realistic routes.")

        started = time.perf_counter()
        generator = Generator(options, self.stdout)
        with transaction.atomic():
            with disagreements.batch(refresh=False):
                generator.users()
                sources = generator.sources(options["sources"])
                questions = generator.questions(options["questions"])
                made = generator.claims(claims, sources)
                generator.reports(options["reports"], sources)
            phase = time.perf_counter()
            disagreements.rebuild()
            generator._phase("disagreements rebuilt", phase)
            explanations = generator.explanations()
            generator.comments(options["comments"], made, questions, sources, explanations)
        # As after any bulk load: the planner's statistics, and the search index in one piece.
        planner.gather_statistics()
        search_index.compact(connection)
        active = Disagreement.objects.active().count()
        self.stdout.write(
            f"Generated {options['sources']} sources, {options['questions']} questions, "
            f"{claims} claims, {options['reports']} reports, {options['comments']} comments "
            f"(seed {options['seed']}, prefix {prefix!r}); {active} active disagreements; "
            f"took {time.perf_counter() - started:.1f} s."
        )
