"""Where published sources disagree, kept in the database.

A disagreement's identity is a question (sources give opposite answers), or a quantity in
a unit for one route and population (sources give ranges that do not overlap): ids, never
editable slugs, so renaming a question or a route changes nothing but URLs. Its state
(active or not, its sides) is decided by the rule in ``evidence.disputes`` and kept up to
date on every write by ``evidence.disagreements``. Rows are never deleted: a disagreement
that stops being current is marked inactive, so its explanation and history survive.
"""

from django.db import models
from django.db.models import Q

from evidence.constants import QUANTITY_TOPIC, Certainty, Population, Quantity, Stance, Topic, Unit
from evidence.models.claims import Claim, Question
from evidence.models.sources import Route, Source


class DisagreementKind(models.TextChoices):
    STANCE = "stance", "Opposite answers"
    NUMERIC = "numeric", "Numbers that do not overlap"


class DisagreementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_key(self, key):
        """The disagreement a fixture key names ("stance:<question slug>" or
        "numeric:<quantity>:<unit>:<route slug>:<population>"), made (inactive) if new."""
        kind, _, rest = key.partition(":")
        if kind == DisagreementKind.STANCE:
            question = Question.objects.get(slug=rest)
            return self.get_or_create(
                kind=kind, question=question, defaults={"topic": question.topic}
            )[0]
        if kind == DisagreementKind.NUMERIC:
            quantity, unit, route, population = rest.split(":")
            identity = {
                "quantity": quantity,
                "unit": unit,
                "route": Route.objects.get(slug=route),
                "population": population,
            }
            return self.get_or_create(
                kind=kind, **identity, defaults={"topic": QUANTITY_TOPIC[quantity]}
            )[0]
        raise ValueError(
            f"{key!r} names no disagreement: it starts with neither stance: nor numeric:"
        )


class Disagreement(models.Model):
    kind = models.CharField(max_length=8, choices=DisagreementKind)
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="disagreements"
    )
    quantity = models.CharField(max_length=20, choices=Quantity, blank=True)
    unit = models.CharField(max_length=10, choices=Unit, blank=True)
    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    population = models.CharField(max_length=20, choices=Population, blank=True)
    # Kept with the state: the topic filter and the route filter read them.
    topic = models.CharField(max_length=20, choices=Topic)
    routes = models.ManyToManyField(Route, blank=True, related_name="disagreements")
    active = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)

    objects = DisagreementQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            # One identity per disagreement: what for_key() and the maintenance look up.
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(kind=DisagreementKind.STANCE),
                name="disagreement_one_per_question",
            ),
            models.UniqueConstraint(
                fields=["quantity", "unit", "route", "population"],
                condition=Q(kind=DisagreementKind.NUMERIC),
                name="disagreement_one_per_measure",
            ),
            models.CheckConstraint(
                condition=(Q(kind=DisagreementKind.STANCE) & Q(question__isnull=False))
                | (
                    Q(kind=DisagreementKind.NUMERIC)
                    & Q(route__isnull=False)
                    & ~Q(quantity="")
                    & ~Q(unit="")
                    & ~Q(population="")
                ),
                name="disagreement_identity_complete",
            ),
        ]
        indexes = [
            # Every page that lists disagreements reads the active ones, by topic.
            models.Index(fields=["active", "topic"], name="disagreement_active_topic_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        if self.kind == DisagreementKind.STANCE:
            return self.question.text
        measure = Quantity(self.quantity).label
        return f"{measure}, {self.route.name} ({Population(self.population).label})"

    @property
    def key(self):
        """The fixture key: how seed files and exports name this disagreement."""
        if self.kind == DisagreementKind.STANCE:
            return f"stance:{self.question.slug}"
        return f"numeric:{self.quantity}:{self.unit}:{self.route.slug}:{self.population}"


class DisagreementSide(models.Model):
    """One side of an active disagreement: who gives this answer or range, and the best
    evidence behind it."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="sides")
    position = models.PositiveSmallIntegerField()
    stance = models.CharField(max_length=10, choices=Stance, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)  # empty for an open end ("at least 3")
    claim_count = models.PositiveIntegerField()
    claim_ids = models.JSONField(default=list)
    source_ids = models.JSONField(default=list)
    best_level = models.PositiveSmallIntegerField(null=True, blank=True)
    best_certainty = models.CharField(max_length=10, choices=Certainty, blank=True)
    best_claim = models.ForeignKey(Claim, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["disagreement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["disagreement", "position"], name="disagreement_side_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.disagreement}: side {self.position}"


class SelfContradiction(models.Model):
    """A published document that gives both answers to one question: kept on write with
    the disagreements (``evidence.disagreements``), shown as a warning on the question."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="self_contradictions"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    supporting = models.JSONField(default=list)  # the document's claims giving each answer
    opposing = models.JSONField(default=list)

    class Meta:
        ordering = ["question", "source"]
        constraints = [
            # Also the index a question page reads its warnings through (question first).
            models.UniqueConstraint(
                fields=["question", "source"], name="self_contradiction_question_source_unique"
            ),
        ]

    def __str__(self):
        return f"{self.source} gives both answers to {self.question}"


class RouteTopicCell(models.Model):
    """One cell of the route × topic evidence map, kept on write with the disagreements
    (``evidence.route_cells``): how many public claims about the route answer questions
    of the topic, from how many sources, and whether, on some question, they disagree."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=20, choices=Topic)
    claim_count = models.PositiveIntegerField()
    source_count = models.PositiveIntegerField()
    disputed = models.BooleanField()

    class Meta:
        ordering = ["route", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["route", "topic"], name="route_topic_cell_unique"),
        ]

    def __str__(self):
        return f"{self.route} × {self.get_topic_display()}"


class RouteQuestionCount(models.Model):
    """How many public claims about a route answer a question (``question`` None: answer
    none), kept on write with the disagreements (``evidence.route_cells``), so a route
    page lists its questions, most-addressed first, without counting its claims."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    claim_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["route", "-claim_count", "question"]
        constraints = [
            # A route page reads its route's rows (a refresh finds a question's by the
            # question's own foreign-key index). NULLs are distinct here: the refresh alone
            # writes the one row per route for claims answering no question.
            models.UniqueConstraint(
                fields=["route", "question"], name="route_question_count_unique"
            ),
        ]

    def __str__(self):
        return f"{self.route} × {self.question or 'no question'}: {self.claim_count}"


class QuotedDocument(models.Model):
    """One of the most-quoted documents, kept on write with the disagreements
    (``evidence.source_matrix``): its rank, its public claims on questions, and how it
    relates to each other kept document, so the sources page's matrix and a source page's
    "compare with" read a few rows whatever the number of claims."""

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    rank = models.PositiveSmallIntegerField()
    claims = models.PositiveIntegerField()
    # {other kept document's id, as a string (JSON keys are): [questions both answer alike,
    #  questions they disagree on]}
    relations = models.JSONField(default=dict)

    class Meta:
        ordering = ["rank"]
        constraints = [
            # The pages read the documents in rank order; no two share a place.
            models.UniqueConstraint(fields=["rank"], name="quoted_document_rank_unique"),
        ]

    def __str__(self):
        return f"{self.rank + 1}. {self.source}"
