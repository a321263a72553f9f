"""Backs up the database and the uploaded files into a new directory.

Run it from cron (or a systemd timer) and copy the directory off the machine: `restore`
reads it back and checks the restored rows against the counts written at backup time.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and MEDIA_ROOT into <dir>."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A new or empty directory.")

    def handle(self, *args, directory: Path, **options):
        try:
            manifest = create_backup(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backed up {manifest['vendor']}: {len(manifest['row_counts'])} tables, {rows} rows, "
            f"{manifest['media_files']} uploaded files, into {directory}."
        )
