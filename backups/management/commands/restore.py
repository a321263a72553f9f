"""Restores a backup made by `backup` and checks it.

Into an empty database by default (the site's own, or the one --database-url names, to try
a backup without touching the site); --replace overwrites a database that has tables. After
restoring, the row count of every table and a checksum of the posts are compared with the
backup's, and the command fails if any differ.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Restore the backup in <dir> into an empty database and MEDIA_ROOT, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--database-url",
            default="",
            help="Restore into this database instead of the site's (postgres://… or sqlite:///…).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite a database that is not empty."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only read the backup's manifest and say what it holds.",
        )

    def handle(
        self, *args, directory: Path, database_url: str, replace: bool, dry_run: bool, **options
    ):
        try:
            if dry_run:
                manifest = read_manifest(directory)
                rows = sum(manifest["row_counts"].values())
                self.stdout.write(
                    f"{directory}: a {manifest['vendor']} backup of {manifest['created_at']}, "
                    f"{rows} rows, {manifest['media_files']} uploaded files. Nothing restored."
                )
                return
            outcome = restore_backup(
                directory=directory, database_url=database_url or None, replace=replace
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {outcome.tables} tables, {outcome.rows} rows and {outcome.media_files} "
            "uploaded files; row counts and the posts' checksum match the backup."
        )
