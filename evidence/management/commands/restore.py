from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from evidence.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `manage.py backup` on the same engine. "
        "Refuses a database that already holds data unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data (what it holds is lost).",
        )

    def handle(self, *args, file, force, **options):
        try:
            summary = restore(connection, file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {summary} from {file}.")
        if options["verbosity"] > 1:
            for table, rows in sorted(summary.rows.items()):
                self.stdout.write(f"  {table}: {rows:,}")
