from django.core.management.base import BaseCommand

from evidence import disagreements, planner
from evidence.models import Disagreement


class Command(BaseCommand):
    help = "Recompute every disagreement from the published claims (they are kept on write)."

    def handle(self, *args, **options):
        disagreements.rebuild()
        planner.gather_statistics()
        active = Disagreement.objects.active().count()
        self.stdout.write(f"{active} active disagreements, {Disagreement.objects.count()} in all.")
