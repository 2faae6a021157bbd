"""The Curator and Reviewer groups, with their permissions on the evidence models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = [
    "source",
    "route",
    "question",
    "claim",
    "adverseeffect",
    "adverseeffectreport",
    "disputeexplanation",
    "disputereason",
]


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_roles(apps)


def assign_roles(apps):
    """Create the groups and give them their permissions (which must exist)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    evidence = Permission.objects.filter(content_type__app_label="evidence")
    curator, _ = Group.objects.get_or_create(name="Curator")
    curator.permissions.set(
        evidence.filter(
            content_type__model__in=CURATED,
            codename__regex=r"^(add|change|delete|view)_",
        )
    )
    reviewer, _ = Group.objects.get_or_create(name="Reviewer")
    reviewer.permissions.set(
        evidence.filter(content_type__model__in=CURATED, codename__startswith="view_")
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Curator", "Reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
