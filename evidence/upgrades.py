"""Kept state a migration brings in empty is filled when the database is brought up to date.

A migration that creates a table of derived state (disagreements' self-contradictions,
the route map's cells) cannot fill it: the rules live in today's code, not in historical
models. Such a migration says ``fills_kept_state = True``; after ``migrate`` has applied
one, and the database is at the latest migration (so today's models match its schema),
every disagreement is recomputed, as ``rebuild_disagreements`` would.
"""

from django.db import connections
from django.db.migrations.executor import MigrationExecutor


def rebuild_after_migrate(sender, app_config, using, plan=None, **kwargs):
    applied = [migration for migration, backwards in plan or () if not backwards]
    if not any(getattr(migration, "fills_kept_state", False) for migration in applied):
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return  # migrated to an earlier state: today's models would not match it
    from evidence import disagreements

    disagreements.rebuild()
