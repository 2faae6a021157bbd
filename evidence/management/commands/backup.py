from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from evidence.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE, consistently even while the site runs "
        "(SQLite: its online backup API; PostgreSQL: pg_dump -Fc)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            summary = backup(connection, file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up {summary} to {file} ({file.stat().st_size:,} bytes).")
