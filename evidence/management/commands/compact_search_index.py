from django.core.management.base import BaseCommand
from django.db import connection, transaction

from evidence import search_index


class Command(BaseCommand):
    help = (
        "Compact the search index: on SQLite, merge each full-text index into one segment; "
        "on PostgreSQL, merge the GIN indexes' pending entries. Writes leave the index in "
        "pieces that every search reads; run this nightly (cron) and after bulk loads."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            search_index.compact(connection)
        self.stdout.write(f"Search index compacted on {connection.vendor}.")
