"""The patient lens: for the kinds of patient chosen, what each published source says about
them, quoted, source by source, strongest evidence first; and where the sources differ.

Two ways sources differ for a kind of patient, each judged by the dispute rule
(``disputes.is_contested``: opposite sides, and not only from one and the same document):
- on a question, the claims tagged with the factor give opposite answers: the question's
  disagreement, linked;
- one source says the treatment may help these patients, another warns against it (a
  caution or a contraindication): said plainly, with both quotes, never weighed.

Every query reads all chosen factors at once, keeping a few rows per factor and source, so
the page costs at most seven queries for one factor or twelve, however many claims.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.urls import reverse

from evidence import extensions, serializers
from evidence.constants import FactorAdvice, Stance
from evidence.disputes import is_contested
from evidence.models import AdverseEffectReport, Claim, PatientFactor, Question
from evidence.models.strength import STRENGTH_ORDER, strength_for
from evidence.pages import dose_columns

# Claims (and reports) quoted per factor and source: the page is read in five minutes; the
# claims table, filtered to that source and factor, holds the rest.
SHOWN_PER_SOURCE = 3
# Unknown factor names repeated back to the reader, each cut to a slug's length: a URL may
# carry any number, of any length.
UNKNOWN_SHOWN = 5
HELPS = {FactorAdvice.MAY_HELP}
WARNS = {FactorAdvice.CAUTION, FactorAdvice.CONTRAINDICATION}
NOT_A_RECOMMENDATION = (
    "This page summarises what the sources in this reference say about kinds of patient. "
    "It is not a recommendation for any patient."
)


@dataclass
class Choice:
    factors: list  # every factor, in the form's order
    chosen: list  # those asked for, in the same order
    unknown: list  # names asked for that are no factor, the first UNKNOWN_SHOWN

    @property
    def url(self):
        """The lens with these factors chosen: a link to share, or to print at the foot."""
        query = urlencode([("factor", f.slug) for f in self.chosen])
        return reverse("evidence:patient") + (f"?{query}" if query else "")


def choose(requested):
    """The factors named in ``requested`` (slugs), and the names that are none; one query."""
    requested = {slug.strip() for slug in requested if slug.strip()}
    factors = list(PatientFactor.objects.all())
    known = {f.slug for f in factors}
    slug_length = PatientFactor._meta.get_field("slug").max_length
    unknown = [name[:slug_length] for name in sorted(requested - known)[:UNKNOWN_SHOWN]]
    return Choice(factors, [f for f in factors if f.slug in requested], unknown)


@dataclass
class SourceGroup:
    source: object
    factor: PatientFactor
    claims: list = field(default_factory=list)  # strongest first, SHOWN_PER_SOURCE at most
    claim_total: int = 0
    reports: list = field(default_factory=list)  # dose_columns.Entry: a report and its facts
    report_total: int = 0
    rank: int = strength_for(None, "")  # its strongest record's, for the order of groups

    @property
    def more_claims(self):
        return self.claim_total - len(self.claims)

    @property
    def more_reports(self):
        return self.report_total - len(self.reports)

    def _filtered(self, name):
        query = urlencode({"source": self.source.slug, "factor": self.factor.slug})
        return f"{reverse(name)}?{query}"

    @property
    def more_claims_url(self):
        return self._filtered("evidence:claim-list")

    @property
    def more_reports_url(self):
        return self._filtered("evidence:adverse-effect-list")


@dataclass
class DisputedQuestion:
    question: Question
    answers: list  # the opposite answers, in plain words

    @property
    def url(self):
        # The question page's summary of its disagreement.
        return self.question.get_absolute_url() + "#answers"


@dataclass
class AdviceDifference:
    helps: Claim  # "may help these patients"
    warns: Claim  # a caution or contraindication, from another source

    @property
    def claims(self):
        return [self.helps, self.warns]


@dataclass
class Findings:
    factor: PatientFactor
    sources: list = field(default_factory=list)  # SourceGroups, strongest first
    disputes: list = field(default_factory=list)  # DisputedQuestions
    difference: AdviceDifference | None = None

    @property
    def addressed(self):
        return bool(self.sources)


def _tagged(records, factor_ids):
    """Published ``records`` once per chosen factor each is tagged with, as ``factor_id``."""
    return records.published().annotate(factor_id=F("factors__id")).filter(factor_id__in=factor_ids)


def _ranked(records, order_by, partition_by=("factor_id", "document_id")):
    """``records`` numbered strongest first (``rank``) within each partition, counted
    (``total``), the first SHOWN_PER_SOURCE of each kept."""
    partition = [F(name) for name in partition_by]
    return (
        records.order_by()
        .annotate(
            rank=Window(RowNumber(), partition_by=partition, order_by=order_by),
            total=Window(Count("pk"), partition_by=partition),
        )
        .filter(rank__lte=SHOWN_PER_SOURCE)
    )


def _groups(factors):
    """{factor id: [SourceGroup]}, strongest source first. Three queries (claims, their
    routes, reports)."""
    ids = [f.pk for f in factors]
    by_id = {f.pk: f for f in factors}
    groups = {}

    def group(record):
        key = (record.factor_id, record.document_id)
        if key not in groups:
            groups[key] = SourceGroup(record.document, by_id[record.factor_id])
        return groups[key]

    claims = extensions.annotate_claims(_tagged(Claim.objects, ids).with_related())
    for claim in _ranked(claims, STRENGTH_ORDER):
        found = group(claim)
        found.claims.append(claim)
        found.claim_total = claim.total
        found.rank = min(found.rank, claim.strength)
    reports = (
        _tagged(AdverseEffectReport.objects, ids)
        .select_related("effect", "route", "document", "cites")
        .defer("document__full_text", "cites__full_text")
    )
    # In the adverse-effect page's order: strongest first (stored), then the oldest.
    for report in _ranked(reports, STRENGTH_ORDER):
        found = group(report)
        found.reports.append(dose_columns.Entry(report, dose_columns.facts(report)))
        found.report_total = report.total
        found.rank = min(found.rank, report.strength)
    by_factor = defaultdict(list)
    for found in groups.values():
        found.claims.sort(key=lambda c: c.rank)
        found.reports.sort(key=lambda entry: entry.report.rank)
        by_factor[found.factor.pk].append(found)
    for found in by_factor.values():
        found.sort(key=lambda g: (g.rank, g.source.name.casefold()))
    return by_factor


def _sides(factor_ids):
    """Per factor, the documents on each side: {factor id: {question id: {stance: docs}}}
    and {factor id: (documents that say it may help, documents that warn)}. One query of
    distinct rows, however many claims."""
    rows = (
        _tagged(Claim.objects, factor_ids)
        .order_by()
        .values_list("factor_id", "document_id", "question_id", "stance", "factor_advice")
        .distinct()
    )
    stances = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    advice = defaultdict(lambda: (set(), set()))
    for factor_id, document_id, question_id, stance, said in rows:
        if question_id is not None:
            stances[factor_id][question_id][stance].add(document_id)
        if said in HELPS or said in WARNS:
            advice[factor_id][said in WARNS].add(document_id)
    return stances, advice


def _disputes(stances):
    """{factor id: [DisputedQuestion]}; one query, only when a question is disputed."""
    contested = {
        factor_id: [
            pk
            for pk, sides in questions.items()
            if is_contested(sides[Stance.SUPPORTS], sides[Stance.OPPOSES])
        ]
        for factor_id, questions in stances.items()
    }
    wanted = {pk for pks in contested.values() for pk in pks}
    questions = Question.objects.in_bulk(wanted) if wanted else {}
    return {
        factor_id: sorted(
            (
                DisputedQuestion(
                    questions[pk],
                    [questions[pk].answer(s) for s in (Stance.SUPPORTS, Stance.OPPOSES)],
                )
                for pk in pks
            ),
            key=lambda d: d.question.text,
        )
        for factor_id, pks in contested.items()
    }


def _differences(advice):
    """{factor id: AdviceDifference} where, by the dispute rule, one source says the
    treatment may help and another warns; quoting each side's strongest claim from a
    source the other claim is not from. One query, only when there is a difference."""
    differing = [pk for pk, (helps, warns) in advice.items() if is_contested(helps, warns)]
    if not differing:
        return {}
    strongest = _ranked(
        _tagged(Claim.objects, differing)
        .filter(factor_advice__in=[*HELPS, *WARNS])
        .select_related("document")
        .defer("document__full_text"),
        STRENGTH_ORDER,
        partition_by=("factor_id", "document_id", "factor_advice"),
    ).filter(rank=1)
    sides = defaultdict(lambda: ([], []))
    for claim in sorted(strongest, key=lambda c: (c.strength, c.pk)):
        sides[claim.factor_id][claim.factor_advice in WARNS].append(claim)
    found = {}
    for factor_id, (helps, warns) in sides.items():
        found[factor_id] = next(
            AdviceDifference(h, w) for h in helps for w in warns if h.document_id != w.document_id
        )
    return found


def findings(factors):
    """A Findings for each of ``factors``, in their order; seven queries at most."""
    if not factors:
        return []
    ids = [f.pk for f in factors]
    groups = _groups(factors)
    stances, advice = _sides(ids)
    disputes = _disputes(stances)
    differences = _differences(advice)
    return [
        Findings(f, groups.get(f.pk, []), disputes.get(f.pk, []), differences.get(f.pk))
        for f in factors
    ]


def as_json(request, found):
    """What the lens shows for each Findings in ``found``, for the API: records as the rest
    of the API gives them, each with its patient factors (two queries for them all)."""
    groups = [g for f in found for g in f.sources]
    prefetch_related_objects([c for g in groups for c in g.claims], "factors")
    prefetch_related_objects([e.report for g in groups for e in g.reports], "factors")

    def url(record):
        return request.build_absolute_uri(record.get_absolute_url())

    def advice(claim):
        return {
            "factor_advice": claim.factor_advice or None,
            "factor_advice_label": claim.get_factor_advice_display(),
        }

    def quoted(claim):
        return {
            "id": claim.pk,
            "source": claim.document.name,
            "quote": claim.quote,
            **advice(claim),
        }

    def group(g):
        return {
            "source": serializers.source(request, g.source),
            "claims": [{**serializers.claim(request, c), **advice(c)} for c in g.claims],
            "claims_total": g.claim_total,
            "reports": [
                {**serializers.report(r), "effect": r.effect.name, "effect_url": url(r.effect)}
                for r in (entry.report for entry in g.reports)
            ],
            "reports_total": g.report_total,
            "more_claims_url": request.build_absolute_uri(g.more_claims_url),
            "more_reports_url": request.build_absolute_uri(g.more_reports_url),
        }

    def factor(f):
        difference = f.difference
        return {
            "slug": f.factor.slug,
            "name": f.factor.name,
            "description": f.factor.description,
            "addressed": f.addressed,
            "sources": [group(g) for g in f.sources],
            "disputes": [
                {
                    "question": d.question.slug,
                    "text": d.question.text,
                    "answers": d.answers,
                    "url": request.build_absolute_uri(d.url),
                }
                for d in f.disputes
            ],
            "sources_differ": (
                {"may_help": quoted(difference.helps), "warns": quoted(difference.warns)}
                if difference
                else None
            ),
        }

    return {"note": NOT_A_RECOMMENDATION, "factors": [factor(f) for f in found]}
