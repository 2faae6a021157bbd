"""The first few records of each of several groups (a route's questions, a question's
sides, an adverse effect's dose contexts), read in one query, each group's few through its
own order rather than by ranking every record of every group."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL


@dataclass
class Pick:
    """For each of ``values`` of ``field`` (None: no value), ``size`` of ``records`` in
    ``order``, from the ``start``-th on."""

    records: object  # a queryset: those the reader may see
    field: str
    values: list
    start: int
    size: int
    order: tuple

    def one(self, value):
        """The ids picked for ``value``: a subquery."""
        records = self.records.filter(**{self.field: value}).order_by(*self.order)
        return records.values("pk")[self.start : self.start + self.size]


def first_of_each(picks):
    """A condition holding the records ``picks`` choose (of one model). On PostgreSQL, one
    subquery per pick, run for each value (a LATERAL join over the values): a route page's
    ten questions were ten subqueries, which PostgreSQL planned afresh on every request
    (2.1 ms of planning, now 0.4) and the ORM compiled one by one. Elsewhere, one subquery
    per value, any of them (IN ... OR IN ...)."""
    if connection.vendor == "postgresql":
        parts = [part for pick in picks for part in _lateral(pick)]
        sql = " UNION ALL ".join(f"({sql})" for sql, _ in parts)
        params = [param for _, params in parts for param in params]
        return Q(pk__in=RawSQL(sql, params)) if parts else Q(pk__in=[])
    subqueries = [pick.one(value) for pick in picks for value in pick.values]
    if not subqueries:
        return Q(pk__in=[])
    return reduce(or_, (Q(pk__in=subquery) for subquery in subqueries))


def _lateral(pick):
    """(sql, params) of the ids ``pick`` chooses: the values in an array, joined laterally
    to the subquery picking for one; no value (NULL, which equals nothing) by itself."""
    known = [value for value in pick.values if value is not None]
    if known:
        sql, params = pick.one(RawSQL("each_value.v", ())).query.sql_with_params()
        # Typed as the field is: PostgreSQL cannot tell a list of words' type by itself.
        field = pick.records.model._meta.get_field(pick.field)
        array = f"%s::{field.db_type(connection)}[]"
        lateral = f"SELECT chosen.pk FROM unnest({array}) AS each_value(v) CROSS JOIN LATERAL"
        yield f"{lateral} ({sql}) AS chosen", (known, *params)
    if None in pick.values:
        yield pick.one(None).query.sql_with_params()
