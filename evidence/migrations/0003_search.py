"""Full-text search on PostgreSQL: triggers keep the search vectors current, GIN indexes
serve the search page. Nothing to do on SQLite, where search matches words instead."""

from django.db import migrations

# Which columns feed each table's search vector, by weight (A weighs most in ranking).
SEARCHED = {
    "evidence_source": {"A": ["title"], "B": ["authors", "venue"], "C": ["point_of_view"]},
    "evidence_claim": {"A": ["quote"], "B": ["paraphrase"], "C": ["locator"]},
    "evidence_question": {"A": ["text"], "B": ["summary"]},
    "evidence_adverseeffect": {"A": ["name"], "B": ["description"]},
}


def _vector(weights, prefix=""):
    parts = [
        f"setweight(to_tsvector('english', coalesce({prefix}{column}, '')), '{weight}')"
        for weight, columns in weights.items()
        for column in columns
    ]
    return " || ".join(parts)


def create_search(apps, schema_editor):
    """On PostgreSQL: a trigger keeps each search vector current, a GIN index serves
    the search page's ``@@`` match, and existing rows are filled in."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, weights in SEARCHED.items():
        schema_editor.execute(
            f"""
            CREATE FUNCTION {table}_search_update() RETURNS trigger AS $$
            BEGIN
                NEW.search_vector := {_vector(weights, "NEW.")};
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER {table}_search_trigger BEFORE INSERT OR UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_search_update();
            CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector);
            UPDATE {table} SET search_vector = {_vector(weights)};
            """
        )


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {table}_search_trigger ON {table};"
            f"DROP FUNCTION IF EXISTS {table}_search_update();"
            f"DROP INDEX IF EXISTS {table}_search_idx;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_search, drop_search)]
