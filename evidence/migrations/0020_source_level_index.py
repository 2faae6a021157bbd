"""A covering index of each source's evidence level, on PostgreSQL: an adverse effect's
page ranks its reports by their sources' levels (evidence.pages.dose_columns), and without
it the planner read the whole source table twice per dose column (15 ms, not 3, at 10,000
sources). SQLite looks each source up by its rowid, and has no covering indexes."""

from django.db import migrations

INDEX = "source_level_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON evidence_source (id) INCLUDE (evidence_level)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("evidence", "0019_generation")]

    operations = [migrations.RunPython(create, drop)]
