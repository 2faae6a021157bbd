from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evidence import dataset
from evidence.models.base import StaleRecord
from evidence.seed_files import SeedError


class Command(BaseCommand):
    help = (
        "Load a file written by export_evidence, matching records by their natural keys, "
        "in one transaction: a stale or refused edit stops it and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            counts = dataset.load(file)
        except (SeedError, StaleRecord) as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
