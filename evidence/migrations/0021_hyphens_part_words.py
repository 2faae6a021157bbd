"""On PostgreSQL a hyphen now parts words in the search vectors, as SQLite's tokenizer does:
its parser read "18-year-old" as "18", "year-old", "year", "old", so a search for
"teenager" (whose synonyms include "18 year old") never found the 18-year-old. Replaces
each table's trigger function and recomputes every vector. SQLite is unchanged."""

from django.db import migrations

from evidence import search_index


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search_index._run(
            schema_editor, search_index.pg_index_functions() + search_index.pg_rebuild()
        )


class Migration(migrations.Migration):
    dependencies = [("evidence", "0020_source_level_index")]

    # Backwards, the vectors stay parted at hyphens: the earlier code finds the same records.
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
