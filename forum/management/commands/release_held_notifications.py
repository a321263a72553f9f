"""Sends the notifications whose hold has ended.

A moderator's decision holds its notifications for the 30 seconds it can be undone. Where
the task backend defers tasks (django-tasks-db, production), a task queued with the decision
releases them when the hold ends, and nothing needs scheduling. With the in-process backend
each new decision releases the holds that have ended; this command releases the rest (after
the last decision of a session, or for a deployment that runs no worker: every minute).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from forum.models import Notification
from forum.services.notifications import release_held_notifications


class Command(BaseCommand):
    help = "E-mails the notifications whose hold (while a decision could be undone) has ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be released; send nothing."
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            count = Notification.objects.filter(
                deliver_after__isnull=False, deliver_after__lte=timezone.now()
            ).count()
            self.stdout.write(f"Would release {count} notification(s).")
            return
        self.stdout.write(f"Released {release_held_notifications()} notification(s).")
