"""Deletes the submission tokens of forms sent more than FORM_SUBMISSION_KEEP_DAYS ago.

A token (accounts/submissions.py) only matters while the same form may be sent again (a
double click, a retry); kept for ever, the table grows with every post. Run it daily
(cron); ``--dry-run`` prints how many it would delete.
"""

from django.core.management.base import BaseCommand

from accounts.submissions import delete_old_submissions


class Command(BaseCommand):
    help = "Deletes form submission tokens older than FORM_SUBMISSION_KEEP_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count them; delete nothing.")

    def handle(self, *args, dry_run: bool, **options):
        count = delete_old_submissions(dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} form submissions {verb}")
