"""An existing database brought up to date gets the kept state a migration adds empty."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from evidence import disagreements
from evidence.models import RouteTopicCell, SelfContradiction
from evidence.upgrades import after_migrate

pytestmark = pytest.mark.django_db


def evidence_on_the_map_and_a_source_on_both_sides(make):
    question = make.question(slug="q", topic="safety")
    route = make.route(slug="iv")
    doc = make.source()
    make.claim(question=question, stance="supports", document=doc, routes=[route])
    make.claim(question=question, stance="opposes", document=doc, routes=[route])
    make.claim(question=question, stance="opposes", routes=[route])
    return disagreements.state()


def forget_kept_state():
    RouteTopicCell.objects.all().delete()
    SelfContradiction.objects.all().delete()


def migration(name):
    return MigrationLoader(connection).get_migration("evidence", name)


def migrated(*plan):
    after_migrate(
        sender=None, app_config=apps.get_app_config("evidence"), using="default", plan=list(plan)
    )


def test_applying_a_migration_that_adds_kept_state_fills_it(make):
    kept = evidence_on_the_map_and_a_source_on_both_sides(make)
    assert RouteTopicCell.objects.exists() and SelfContradiction.objects.exists()
    forget_kept_state()
    migrated((migration("0014_route_map_cells_kept"), False))
    assert disagreements.state() == kept


def test_other_migrations_and_reversals_leave_the_state_alone(make):
    evidence_on_the_map_and_a_source_on_both_sides(make)
    forget_kept_state()
    migrated((migration("0015_claims_strongest_first"), False))
    migrated((migration("0014_route_map_cells_kept"), True))
    assert not RouteTopicCell.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_database_forward_fills_the_route_map(make):
    kept = evidence_on_the_map_and_a_source_on_both_sides(make)
    call_command("migrate", "evidence", "0013", verbosity=0)
    call_command("migrate", verbosity=0)
    assert disagreements.state() == kept


@pytest.mark.django_db(transaction=True)
def test_migrating_gathers_the_statistics_the_remade_tables_lost(make, django_db_blocker):
    evidence_on_the_map_and_a_source_on_both_sides(make)
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps statistics through ALTER TABLE; autovacuum gathers them")
    call_command("migrate", "evidence", "0016", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'evidence_claim'")
        assert cursor.fetchone()[0] > 0
