"""Search that answers questions: a ranked, stemmed full-text index on SQLite too (FTS5),
the same weights on PostgreSQL, the words as written for "did you mean" (pg_trgm on
PostgreSQL), and synonym groups curators add to the curated list."""

import importlib

from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from evidence import search_index

# Migration 0003's triggers, put back when this migration is reversed.
earlier = importlib.import_module("evidence.migrations.0003_search")


def create_index(apps, schema_editor):
    search_index.create(schema_editor)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        search_index._run(schema_editor, search_index.sqlite_drop())
    elif vendor == "postgresql":
        search_index._run(schema_editor, search_index.pg_drop())
        earlier.drop_search(apps, schema_editor)
        earlier.create_search(apps, schema_editor)


def make_permissions(apps):
    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("evidence")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant_curators(apps, model):
    """Curators add, change and remove ``model`` records; reviewers may read them."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="evidence", content_type__model=model
    )
    for group in Group.objects.filter(name="Curator"):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name="Reviewer"):
        group.permissions.add(*permissions.filter(codename__startswith="view_"))


def let_curators_keep_synonyms(apps, schema_editor):
    make_permissions(apps)
    grant_curators(apps, "synonymgroup")


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0012_source_sort_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SynonymGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "words",
                    models.CharField(
                        help_text='Words or phrases meaning the same here, separated by commas: "ECT, electroconvulsive therapy, shock therapy".',
                        max_length=500,
                        unique=True,
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="Why they belong together.", max_length=300
                    ),
                ),
            ],
            options={"ordering": ["words"]},
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(let_curators_keep_synonyms, migrations.RunPython.noop),
    ]
