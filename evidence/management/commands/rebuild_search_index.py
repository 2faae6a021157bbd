from django.core.management.base import BaseCommand
from django.db import connection, transaction

from evidence import search_index


class Command(BaseCommand):
    help = (
        "Index every question, claim, source and adverse effect anew for search (triggers "
        "keep the index current on every write; this is for after a restore or a bulk "
        "load with the triggers dropped, and compacts the index)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            search_index.rebuild(connection)
        self.stdout.write(f"Search index rebuilt on {connection.vendor}.")
