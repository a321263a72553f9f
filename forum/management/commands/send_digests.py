"""Sends the daily or weekly e-mail digests.

Run it on a schedule (README, "Running in production"): daily once a day, weekly once a
week. Each notification is e-mailed once: a digest marks what it listed, so running the
command twice, or two copies at once, sends nothing twice.
"""

from django.core.management.base import BaseCommand

from forum.services.email import DIGEST_PERIODS, send_digests


class Command(BaseCommand):
    help = "Sends the daily or weekly e-mail digests of notifications not yet e-mailed."

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=sorted(DIGEST_PERIODS), required=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args, period, dry_run, **options):
        result = send_digests(period=period, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {result['people']} {period} digest(s) listing "
            f"{result['notifications']} notification(s)."
        )
