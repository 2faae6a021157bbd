"""Email each reviewer what changed on the questions they watch: run it daily from cron."""

from django.core.management.base import BaseCommand

from review import digest


class Command(BaseCommand):
    help = (
        "Email each reviewer what changed on the questions they watch since their last "
        "digest; nothing to those with no change. Run daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            required=True,
            help="The site's address, which starts every link, e.g. https://ketamine.example.org",
        )

    def handle(self, *args, site_url, **options):
        sent = digest.send_all(site_url)
        self.stdout.write(f"{sent} digest{'s' if sent != 1 else ''} sent.")
