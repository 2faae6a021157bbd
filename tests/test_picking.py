"""Long pages show each group's strongest few claims, picked in one query: on PostgreSQL
through a join over the groups' values, elsewhere one subquery a group. Both must pick the
same claims, the group of claims answering no question included."""

import pytest
from django.db import connection

from evidence.constants import Certainty, SourceKind, Stance, Status
from evidence.models import Claim
from evidence.models.strength import STRENGTH_ORDER
from evidence.pages.picking import Pick, first_of_each

pytestmark = pytest.mark.django_db

CERTAINTIES = [Certainty.LOW, Certainty.HIGH, Certainty.VERY_LOW, Certainty.MODERATE]


def claims_of_every_strength(make, **fields):
    """Four claims, one of each certainty, as stored (their strength is set on save)."""
    made = [make.claim(certainty=certainty, **fields) for certainty in CERTAINTIES]
    return list(Claim.objects.filter(pk__in=[claim.pk for claim in made]))


def strongest(claims, first, size):
    ranked = sorted(claims, key=lambda claim: (claim.strength, claim.pk))
    return {claim.pk for claim in ranked[first : first + size]}


def picked(*picks):
    return set(Claim.objects.filter(first_of_each(list(picks))).values_list("pk", flat=True))


def test_each_question_shows_its_own_strongest_claims_and_so_do_claims_answering_none(make):
    document = make.source(kind=SourceKind.RCT)
    first, second = make.question(), make.question()
    groups = {
        first.pk: claims_of_every_strength(
            make, document=document, question=first, stance="supports"
        ),
        second.pk: claims_of_every_strength(
            make, document=document, question=second, stance="opposes"
        ),
        None: claims_of_every_strength(make, document=document),
    }
    visible = Claim.objects.published().filter(document=document)
    pick = Pick(visible, "question", [first.pk, None, second.pk], 0, 2, STRENGTH_ORDER)
    assert picked(pick) == set().union(*(strongest(claims, 0, 2) for claims in groups.values()))


def test_a_later_page_of_each_side_starts_where_the_first_ended(make):
    question = make.question()
    sides = {
        stance: claims_of_every_strength(make, question=question, stance=stance)
        for stance in (Stance.SUPPORTS, Stance.OPPOSES)
    }
    on_it = Claim.objects.filter(question=question)
    pick = Pick(on_it, "stance", list(sides), 2, 2, STRENGTH_ORDER)
    assert picked(pick) == strongest(sides[Stance.SUPPORTS], 2, 2) | strongest(
        sides[Stance.OPPOSES], 2, 2
    )


def test_only_claims_the_reader_may_see_are_ever_picked(make):
    question = make.question()
    shown = make.claim(question=question, stance="supports", certainty=Certainty.VERY_LOW)
    make.claim(question=question, stance="supports", certainty=Certainty.HIGH, status=Status.DRAFT)
    pick = Pick(Claim.objects.published(), "question", [question.pk], 0, 1, STRENGTH_ORDER)
    assert picked(pick) == {shown.pk}


def test_several_picks_are_read_together_and_no_values_pick_nothing(make):
    quoted_in, cited = make.source(), make.source(kind=SourceKind.RCT)
    quoted = make.claim(document=quoted_in)
    citing = make.claim(cites=cited)
    picks = [
        Pick(Claim.objects.filter(document=quoted_in), "question", [None], 0, 5, STRENGTH_ORDER),
        Pick(Claim.objects.filter(cites=cited), "question", [None], 0, 5, STRENGTH_ORDER),
    ]
    assert picked(*picks) == {quoted.pk, citing.pk}
    assert picked(Pick(Claim.objects.all(), "question", [], 0, 5, STRENGTH_ORDER)) == set()


def test_postgresql_picks_through_one_join_over_the_values_not_a_subquery_each(make):
    if connection.vendor != "postgresql":
        pytest.skip("the join over the values is PostgreSQL's; SQLite runs a subquery a value")
    questions = [make.question() for _ in range(3)]
    pick = Pick(Claim.objects.all(), "question", [q.pk for q in questions], 0, 3, STRENGTH_ORDER)
    sql = str(Claim.objects.filter(first_of_each([pick])).query)
    assert sql.count("LATERAL") == 1 and "UNION" not in sql
