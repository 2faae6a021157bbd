from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evidence.citations.formats import UnknownFormat
from evidence.citations.importer import import_citations


class Command(BaseCommand):
    help = (
        "Import references from a BibTeX, RIS or PubMed (MEDLINE/.nbib) file into sources: "
        "new ones as drafts, known ones completed where their fields are empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )
        parser.add_argument(
            "--user",
            help="The curator importing: recorded as the drafts' author, and needed to "
            "propose filling empty fields of published sources (a second curator publishes).",
        )

    def handle(self, *args, file, dry_run, user, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        curator = self._user(user)
        try:
            report = import_citations(data, user=curator, dry_run=dry_run)
        except UnknownFormat as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for entry in report.entries:
            self.stdout.write(str(entry))
        self.stdout.write(report.summary + (" Nothing was written (dry run)." if dry_run else ""))

    def _user(self, username):
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username}.") from None
