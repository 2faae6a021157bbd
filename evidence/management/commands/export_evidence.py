from pathlib import Path

from django.core.management.base import BaseCommand

from evidence import dataset


class Command(BaseCommand):
    help = (
        "Write every curated record (sources, routes, questions, adverse effects, claims, "
        "reports, explanations, with status and version) to one JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        counts = dataset.export(file)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(f"{sum(counts.values())} records written to {file}")
