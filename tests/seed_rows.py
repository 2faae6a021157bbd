"""The seed evidence for tests: loaded once per test process, its rows kept, and copied in
for each test that asks for it. The loader writes record by record, with history and
checks (about 6,500 queries): 3.5 s on SQLite and 7.8 s on PostgreSQL, for each of the 76
tests that use the seed. Copying its rows in takes one insert per table."""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from evidence import planner
from evidence.models import Generation


class _Undo(Exception):
    """Raised to roll the first load back once its rows are read."""


def _tables():
    """Every table Django writes (many-to-many and history tables included) but the one
    database triggers keep (the evidence's generation, moved again as the rows go in),
    each after the tables its foreign keys name: the search triggers read a claim's source
    as the claim is inserted."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model is not Generation
    ]
    ordered, seen = [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in models:
                visit(field.related_model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def _rows(model):
    """{pk: {attname: value}} of every row of ``model``'s table."""
    names = [field.attname for field in model._meta.concrete_fields]
    pk = model._meta.pk.attname
    return {
        values[pk]: values
        for values in (
            dict(zip(names, row, strict=True))
            for row in model._base_manager.values_list(*names).order_by()
        )
    }


@dataclass
class SeedRows:
    added: dict  # model -> [{attname: value}], in dependency order
    changed: dict  # model -> {pk: {attname: value}}: rows the load updated
    removed: dict  # model -> [pk]

    @classmethod
    def read(cls, load):
        """Run ``load`` in a transaction, read what it wrote, and roll it back."""
        tables = _tables()
        before = {model: _rows(model) for model in tables}
        try:
            with transaction.atomic():
                load()
                after = {model: _rows(model) for model in tables}
                raise _Undo
        except _Undo:
            pass
        added, changed, removed = {}, {}, {}
        for model in tables:
            old, new = before[model], after[model]
            if rows := [row for pk, row in new.items() if pk not in old]:
                added[model] = rows
            if rows := {pk: row for pk, row in new.items() if pk in old and old[pk] != row}:
                changed[model] = rows
            if pks := [pk for pk in old if pk not in new]:
                removed[model] = pks
        return cls(added, changed, removed)

    def copy_in(self):
        """Write the load's rows into the test's database, as the load left them."""
        with transaction.atomic():
            for model, rows in self.removed.items():
                model._base_manager.filter(pk__in=rows).delete()
            for model, rows in self.added.items():
                model._base_manager.bulk_create([model(**row) for row in rows])
            for model, rows in self.changed.items():
                for pk, row in rows.items():
                    model._base_manager.filter(pk=pk).update(**row)
            # PostgreSQL's sequences do not see explicit ids: set them past the copied rows.
            sql = connection.ops.sequence_reset_sql(no_style(), list(self.added))
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        planner.gather_statistics()  # as the loader does
