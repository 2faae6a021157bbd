from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evidence.seed import SeedError, SeedLoader


class Command(BaseCommand):
    help = "Load the curated seed evidence in fixtures/ (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=settings.BASE_DIR / "fixtures")
        parser.add_argument(
            "--documents",
            type=Path,
            default=settings.SEED_DOCUMENTS_DIR,
            help="Folder of the seed documents' text, attached so quotes can be verified.",
        )

    def handle(self, *args, fixtures, documents, **options):
        if not fixtures.is_dir():
            raise CommandError(f"No fixtures folder at {fixtures}.")
        if not documents.is_dir():
            self.stderr.write(f"No documents at {documents}: quotes will not be verifiable.")
            documents = None
        try:
            counts = SeedLoader(fixtures, documents).load()
        except SeedError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
