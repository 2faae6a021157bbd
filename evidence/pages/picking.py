"""The strongest few claims of each of several groups (a route's questions, a question's
sides), read in one query, each group's few through the stored strength order rather than
by ranking every claim of every group."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from evidence.models import Claim


@dataclass
class Pick:
    """For each of ``values`` of ``field`` (None: no value), the ``size`` strongest of
    ``claims`` from the ``start``-th on."""

    claims: object  # a Claim queryset: those the reader may see
    field: str
    values: list
    start: int
    size: int

    def one(self, value):
        """The ids picked for ``value``: a subquery."""
        claims = self.claims.filter(**{self.field: value}).strongest_first()
        return claims.values("pk")[self.start : self.start + self.size]


def strongest_of_each(picks):
    """Claim.objects holding what ``picks`` choose. On PostgreSQL, one subquery per pick
    run for each value (a LATERAL join over the values): a route page's ten questions were
    ten subqueries, which PostgreSQL planned afresh on every request (2.1 ms of planning,
    now 0.4) and the ORM compiled one by one. Elsewhere, one subquery per value, any of
    them (IN ... OR IN ...)."""
    if connection.vendor == "postgresql":
        parts = [part for pick in picks for part in _lateral(pick)]
        if not parts:
            return Claim.objects.none()
        sql = " UNION ALL ".join(f"({sql})" for sql, _ in parts)
        params = [param for _, params in parts for param in params]
        return Claim.objects.filter(pk__in=RawSQL(sql, params))
    subqueries = [pick.one(value) for pick in picks for value in pick.values]
    if not subqueries:
        return Claim.objects.none()
    return Claim.objects.filter(reduce(or_, (Q(pk__in=subquery) for subquery in subqueries)))


def _lateral(pick):
    """(sql, params) of the ids ``pick`` chooses: the values in an array, joined laterally
    to the subquery picking for one; no value (NULL, which equals nothing) by itself."""
    known = [value for value in pick.values if value is not None]
    if known:
        sql, params = pick.one(RawSQL("each_value.v", ())).query.sql_with_params()
        # Typed as the field is: PostgreSQL cannot tell a list of words' type by itself.
        array = f"%s::{Claim._meta.get_field(pick.field).db_type(connection)}[]"
        lateral = f"SELECT chosen.pk FROM unnest({array}) AS each_value(v) CROSS JOIN LATERAL"
        yield f"{lateral} ({sql}) AS chosen", (known, *params)
    if None in pick.values:
        yield pick.one(None).query.sql_with_params()
