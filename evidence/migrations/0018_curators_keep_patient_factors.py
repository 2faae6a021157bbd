"""Curators add, change and remove patient factors (the vocabulary of the patient lens);
reviewers may read them, as with synonym groups (migration 0013)."""

import importlib

from django.db import migrations

earlier = importlib.import_module("evidence.migrations.0013_search_everywhere")


def let_curators_keep_patient_factors(apps, schema_editor):
    earlier.make_permissions(apps)
    earlier.grant_curators(apps, "patientfactor")


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0017_patient_factors_and_citation_details"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(let_curators_keep_patient_factors, migrations.RunPython.noop),
    ]
