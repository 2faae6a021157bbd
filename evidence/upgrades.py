"""What a database needs once ``migrate`` has brought it up to date.

- Kept state a migration brings in empty is filled. A migration that creates a table of
  derived state (disagreements' self-contradictions, the route map's cells) cannot fill
  it: the rules live in today's code, not in historical models. Such a migration says
  ``fills_kept_state = True``, and every disagreement is recomputed after it, as
  ``rebuild_disagreements`` would.
- Every table a public page reads is (re)armed with the triggers that move the evidence's
  generation (evidence.generation): a new table has none, and SQLite drops a table's
  triggers when a migration remakes it.
- Planner statistics are gathered again: SQLite adds a column by remaking the table,
  which drops the table's statistics (a search at 100,000 claims took 680 ms without
  them, 120 ms with).

Both wait until the database is at the latest migration, so today's models match it.
"""

from django.db import connections
from django.db.migrations.executor import MigrationExecutor


def after_migrate(sender, app_config, using, plan=None, **kwargs):
    applied = [migration for migration, backwards in plan or () if not backwards]
    if not applied:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return  # migrated to an earlier state: today's models would not match it
    from evidence import disagreements, generation, planner

    generation.arm()
    if any(getattr(migration, "fills_kept_state", False) for migration in applied):
        disagreements.rebuild()
    planner.gather_statistics()
