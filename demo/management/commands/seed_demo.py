"""Fills an empty installation with what it needs to be used and tried out.

Why: a newcomer who runs `make run` should find themes, the three moderating units, the
guidebook outline, the consultation schedule, the tag vocabulary and, in development,
accounts for every role with real-looking work behind them — threads of contributions,
tagged and partly accepted for the guidebook, posts waiting in each unit's queue, a decision
log, and a chapter draft in peer review — so that no page is empty. Running it again
creates nothing twice, which is why `make run` can call it every time.

Demo accounts (and the demo threads they wrote) are created only when DEBUG is on or
--demo is given, so a production database never gets accounts with a published password
by accident.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.services import seed_demo


class Command(BaseCommand):
    help = (
        "Creates the themes, units, guidebook outline, schedule and tag vocabulary if "
        "missing; with DEBUG on or --demo, also the demo accounts, their threads, the "
        "moderators' decisions and the drafter's work on the guidebook."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Create the demo accounts and threads even with DEBUG off.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, and change nothing.",
        )

    def handle(self, *args, **options):
        with_accounts = bool(options["demo"] or settings.DEBUG)
        summary = seed_demo(with_accounts=with_accounts, dry_run=options["dry_run"])
        for line in summary.lines():
            self.stdout.write(line)
        if not with_accounts:
            self.stdout.write("Demo accounts skipped: DEBUG is off (pass --demo to create them).")
