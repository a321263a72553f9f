"""`backup` and `restore`: a backup restored into an empty database has the same rows.

On SQLite in the normal run; on PostgreSQL when DATABASE_URL points at it, restoring into
a second database created for the test.
"""

import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backups.archive import open_database, target_settings
from backups.summary import posts_checksum, row_counts
from forum.models import Post
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(themes):
    thread = ThreadFactory(theme=themes["atu"], title="Backed up thread")
    PostFactory(thread=thread, body="Zürich, «quotes» and a line\nbreak.")
    PostFactory(thread=thread, status=Post.Status.PENDING)
    return thread


@pytest.fixture
def media(tmp_path, settings):
    root = tmp_path / "media"
    (root / "attachments" / "2026").mkdir(parents=True)
    (root / "attachments" / "2026" / "report.pdf").write_bytes(b"%PDF-1.4 made up")
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def empty_target(tmp_path):
    """The URL of an empty database of the same kind as the one the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    params = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(
        dbname="postgres",
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    yield f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_backup_restored_into_an_empty_database_has_the_same_rows_and_files(
    content, media, empty_target, tmp_path, settings, capsys
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    assert "Backed up" in capsys.readouterr().out

    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    call_command("restore", str(backup), "--database-url", empty_target)
    assert "checksum match" in capsys.readouterr().out

    with open_database(target_settings(empty_target)) as restored, connection.cursor() as site:
        counts = row_counts(restored)
        assert counts == row_counts(site)
        assert counts["forum_post"] == 3 and counts["accounts_user"] >= 1
        assert posts_checksum(restored) == posts_checksum(site)
    restored_file = tmp_path / "restored-media" / "attachments" / "2026" / "report.pdf"
    assert restored_file.read_bytes() == b"%PDF-1.4 made up"


def test_restore_refuses_a_database_that_is_not_empty(content, tmp_path, empty_target):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    call_command("restore", str(backup), "--database-url", empty_target)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), "--database-url", empty_target)


def test_a_changed_backup_fails_the_check(content, tmp_path, empty_target):
    import json

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["row_counts"]["forum_post"] += 1
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="forum_post"):
        call_command("restore", str(backup), "--database-url", empty_target)


def test_backup_needs_a_new_directory(content, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "used"))


def test_restore_dry_run_describes_the_backup_and_restores_nothing(content, tmp_path, capsys):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    call_command("restore", str(backup), "--dry-run")
    assert "Nothing restored" in capsys.readouterr().out
