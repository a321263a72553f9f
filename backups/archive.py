"""Backing up the database and the uploaded files into a directory, and restoring them.

A backup directory holds
- `database.dump` (PostgreSQL: `pg_dump` custom format, restored with `pg_restore`) or
  `database.sqlite3` (SQLite: a consistent copy made with the online backup API, so the
  site keeps running while it is taken);
- `media.tar` (MEDIA_ROOT, when uploaded files are kept there);
- `manifest.json`: when, from which kind of database, and the row count of every table
  and a checksum of the posts, which the restore checks the restored database against.
"""

import json
import os
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists
import tarfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection as default_connection
from django.db import connections, transaction
from django.utils import timezone

from backups.summary import summary

MANIFEST = "manifest.json"
POSTGRES_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
MEDIA_FILE = "media.tar"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class RestoreOutcome:
    tables: int
    rows: int
    media_files: int


def _vendor(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _pg_arguments(settings_dict: dict) -> tuple[list[str], dict]:
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [flag, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _media_root() -> Path | None:
    root = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else None
    return root if root and root.is_dir() else None


def create_backup(*, directory: Path) -> dict:
    """Writes a backup of the default database and MEDIA_ROOT into `directory` (created;
    it must be empty) and returns the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; give a new directory for each backup.")
    settings_dict = default_connection.settings_dict
    vendor = _vendor(settings_dict)
    # The counts the restore is checked against are of the copy itself: on PostgreSQL
    # pg_dump reads this transaction's snapshot, on SQLite they are counted in the copy
    # (the backup API copies every page in one step, a consistent state).
    if vendor == "postgresql":
        with transaction.atomic(), default_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            arguments, env = _pg_arguments(settings_dict)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
                + ["--snapshot", snapshot, "--file", str(directory / POSTGRES_FILE)]
                + arguments
                + [settings_dict["NAME"]],
                env,
            )
            counted = summary(cursor)
    else:
        default_connection.ensure_connection()
        copy = sqlite3.connect(directory / SQLITE_FILE)
        try:
            default_connection.connection.backup(copy)
        finally:
            copy.close()
        counted = _summary_of(target_settings(f"sqlite:///{directory / SQLITE_FILE}"))
    media = _media_root()
    media_files = 0
    if media is not None:
        with tarfile.open(directory / MEDIA_FILE, "w") as archive:
            for path in sorted(media.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media)), recursive=False)
                media_files += path.is_file()
    manifest = {
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "database_file": POSTGRES_FILE if vendor == "postgresql" else SQLITE_FILE,
        "media_file": MEDIA_FILE if media is not None else None,
        "media_files": media_files,
        **counted,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} holds no backup ({MANIFEST} is missing).")
    return json.loads(path.read_text(encoding="utf-8"))


def target_settings(database_url: str | None) -> dict:
    """The settings of the database to restore into: the given URL, or the site's own."""
    if not database_url:
        return dict(default_connection.settings_dict)
    parsed = dj_database_url.parse(database_url)
    configured = connections.configure_settings({"default": parsed})
    return configured["default"]


@contextmanager
def open_database(settings_dict: dict):
    """A DB-API cursor on another database than the site's (the backup's copy, the
    database restored into), with the driver alone."""
    if _vendor(settings_dict) == "sqlite":
        database = sqlite3.connect(settings_dict["NAME"])
    else:
        import psycopg2

        database = psycopg2.connect(
            dbname=settings_dict["NAME"],
            host=settings_dict.get("HOST") or None,
            port=settings_dict.get("PORT") or None,
            user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
        )
    try:
        cursor = database.cursor()
        yield cursor
    finally:
        database.close()


def _summary_of(settings_dict: dict) -> dict:
    with open_database(settings_dict) as cursor:
        return summary(cursor)


def _is_empty(settings_dict: dict) -> bool:
    if _vendor(settings_dict) == "sqlite":
        query = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
    else:
        query = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
    with open_database(settings_dict) as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0] == 0


def restore_backup(
    *, directory: Path, database_url: str | None = None, replace: bool = False
) -> RestoreOutcome:
    """Restores the backup in `directory` into the database of `database_url` (the site's
    own by default) and MEDIA_ROOT, then checks the row counts and the posts' checksum
    against the manifest. A database that already holds tables is replaced only with
    `replace`."""
    manifest = read_manifest(directory)
    settings_dict = target_settings(database_url)
    vendor = _vendor(settings_dict)
    if vendor != manifest["vendor"]:
        raise BackupError(
            f"This is a backup of a {manifest['vendor']} database; "
            f"it cannot be restored into {vendor}."
        )
    if not _is_empty(settings_dict) and not replace:
        raise BackupError(
            "The database to restore into is not empty. Restore into an empty database, "
            "or give --replace to overwrite it."
        )
    if vendor == "postgresql":
        arguments, env = _pg_arguments(settings_dict)
        clean = ["--clean", "--if-exists"] if replace else []
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean]
            + arguments
            + ["--dbname", settings_dict["NAME"], str(directory / POSTGRES_FILE)],
            env,
        )
    else:
        source = sqlite3.connect(directory / SQLITE_FILE)
        destination = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
    restored = _summary_of(settings_dict)
    if restored["row_counts"] != manifest["row_counts"]:
        differ = sorted(
            table
            for table in set(restored["row_counts"]) | set(manifest["row_counts"])
            if restored["row_counts"].get(table) != manifest["row_counts"].get(table)
        )
        raise BackupError(f"The restored row counts differ from the backup's: {', '.join(differ)}")
    if restored["posts_checksum"] != manifest["posts_checksum"]:
        raise BackupError("The restored posts differ from the backup's (checksum mismatch).")
    media_files = _restore_media(directory, manifest)
    return RestoreOutcome(
        tables=len(restored["row_counts"]),
        rows=sum(restored["row_counts"].values()),
        media_files=media_files,
    )


def _restore_media(directory: Path, manifest: dict) -> int:
    if not manifest.get("media_file"):
        return 0
    if not settings.MEDIA_ROOT:
        raise BackupError("The backup holds uploaded files but MEDIA_ROOT is not set.")
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / manifest["media_file"]) as archive:
        # The "data" filter refuses absolute paths, links out of the root and device files.
        archive.extractall(root, filter="data")
    return sum(1 for path in root.rglob("*") if path.is_file())
