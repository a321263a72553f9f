"""Deletes stored attachment files that no post's attachment points at any more.

Deleting through the services removes a post's files itself; files outlive their rows only
when rows go past the services (a theme deleted in the admin, whose posts the database
deletes with it) or when a transaction rolls back after a file was saved. Run it now and
then (cron); ``--dry-run`` lists the files it would delete.
"""

from django.core.management.base import BaseCommand

from forum.attachments.services import delete_orphaned_files


class Command(BaseCommand):
    help = "Deletes stored attachment files without an attachment row."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List them; delete nothing.")

    def handle(self, *args, dry_run: bool, **options):
        names = delete_orphaned_files(dry_run=dry_run)
        for name in names:
            self.stdout.write(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(names)} files {verb}")
