"""Keep the disagreement table in step with every write that can change it.

Each handler notes what a record bore on before the write and after it, and refreshes
both (a claim moved to another question leaves one disagreement and may join another).
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from evidence import disagreements
from evidence.models import AdverseEffectReport, Claim, Question, Source

# Records whose visibility leans on a source's status (KeptPublicQuerySet).
KEPT_PUBLIC = (Claim, AdverseEffectReport)
# Fields whose change can alter a disagreement: publication, and the design's level.
SOURCE_FIELDS = ("status", "kind", "evidence_level_override")
QUESTION_FIELDS = ("status", "topic")


def _union(*pairs):
    questions, measures = set(), set()
    for q, m in pairs:
        questions |= q
        measures |= m
    return questions, measures


@receiver(post_save, sender=AdverseEffectReport)
def _report_after(sender, instance, **kwargs):
    if disagreements.watching():  # else a rebuild follows, which stores it
        AdverseEffectReport.objects.filter(pk=instance.pk).refresh_public()


@receiver(pre_save, sender=Claim)
@receiver(pre_delete, sender=Claim)
def _claim_before(sender, instance, **kwargs):
    if instance.pk is not None and disagreements.watching():
        instance._bore_on = disagreements.claim_identities([instance.pk])


@receiver(post_save, sender=Claim)
@receiver(post_delete, sender=Claim)
def _claim_after(sender, instance, **kwargs):
    if not disagreements.watching():
        return
    # First whether the public sees it: the disagreement rule reads published claims.
    Claim.objects.filter(pk=instance.pk).refresh_public()
    before = getattr(instance, "_bore_on", (set(), set()))
    now = disagreements.claim_identities([instance.pk])
    # A deleted claim no longer bears on anything; its own question still needs a look.
    own = ({instance.question_id} - {None}, set())
    disagreements.touch(*_union(before, now, own))


@receiver(m2m_changed, sender=Claim.routes.through)
def _claim_routes(sender, instance, action, pk_set, **kwargs):
    if not disagreements.watching():
        return
    if not isinstance(instance, Claim):  # route.claims.add(...) from the other side
        # As a subquery: a route's claims may be more than a query's parameters can hold.
        claims = Claim.objects.filter(Q(routes=instance) | Q(pk__in=pk_set or ()))
    else:
        claims = [instance.pk]
    if action.startswith("pre_"):
        instance._routes_bore_on = disagreements.claim_identities(claims)
    elif action.startswith("post_"):
        before = getattr(instance, "_routes_bore_on", (set(), set()))
        disagreements.touch(*_union(before, disagreements.claim_identities(claims)))


def _stored(model, instance, fields):
    """``fields`` as stored before this save; None for a new record (nothing rests on it)."""
    if instance.pk is None:
        return None
    return model.objects.filter(pk=instance.pk).values(*fields).first() or dict.fromkeys(fields)


def _watch(model, fields, bears_on, shows):
    """Refresh what a ``model`` record bears on (``bears_on(pk, stored before)``) when one
    of ``fields`` changes; first, when its status changed, which of the records leaning on
    it the public sees (``shows(pk)``: querysets of them)."""

    def before(sender, instance, **kwargs):
        stored = _stored(model, instance, fields) if disagreements.watching() else None
        instance._stored = stored
        instance._changed = {f for f in fields if stored and stored[f] != getattr(instance, f)}

    def after(sender, instance, **kwargs):
        changed = getattr(instance, "_changed", ())
        if "status" in changed:
            for records in shows(instance.pk):
                records.refresh_public()
        if changed:
            disagreements.touch(*bears_on(instance.pk, instance._stored))

    pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"{model.__name__}-before")
    post_save.connect(after, sender=model, weak=False, dispatch_uid=f"{model.__name__}-after")


_watch(
    Source,
    SOURCE_FIELDS,
    lambda pk, stored: disagreements.source_identities(pk),
    lambda pk: [model.objects.of_source(pk) for model in KEPT_PUBLIC],
)
# A question moved to another topic leaves its old topic's map cells too.
_watch(
    Question,
    QUESTION_FIELDS,
    lambda pk, stored: (*disagreements.question_identities(pk), {stored["topic"]} - {None}),
    lambda pk: [Claim.objects.filter(question_id=pk)],
)
