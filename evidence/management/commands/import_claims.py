from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evidence.claims_csv import CsvError, import_claims


class Command(BaseCommand):
    help = (
        "Import claims from a CSV file as drafts, checked row by row: nothing is imported "
        "when a row fails, unless --skip-bad-rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="Import the good rows all the same."
        )

    def handle(self, *args, file, dry_run, skip_bad_rows, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            result = import_claims(text, dry_run=dry_run, skip_bad_rows=skip_bad_rows)
        except CsvError as error:
            raise CommandError(f"Nothing was imported: {file.name}: {error}") from error
        verb = "created" if result.imported else "would create"
        for line, claim in result.created:
            self.stdout.write(f"row {line}: {verb} draft claim {claim.key}")
        for line, key in result.already_there:
            self.stdout.write(f"row {line}: already imported as {key}")
        for error in result.errors:
            self.stderr.write(str(error))
        self.stdout.write(
            f"{len(result.created)} {verb}, {len(result.already_there)} already there, "
            f"{len(result.errors)} problem(s)"
        )
        if result.errors and not result.imported:
            raise CommandError(
                "Nothing was imported: mend the rows above, or give --skip-bad-rows."
                if not dry_run
                else "Dry run: the rows above would stop the import."
            )
