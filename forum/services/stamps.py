"""Version stamps: how a cached page, or a browser's copy of it, is known to be stale.

A thread's pages and a theme's page are cached for anonymous readers and answered with 304
to browsers that hold the current copy (forum/pagecache.py), keyed by `Thread.version` and
`Theme.version`. The stamps live in the database beside the rows, so every app server (and
every gunicorn worker with its own local-memory cache) sees a change at once.

Every service that changes what a thread's page or a theme's page shows calls
`touch_thread` inside its transaction: a post written, edited, approved, rejected, hidden or
tagged, a thread locked, pinned or moved (`moderation/services/log.py: record_decision`
calls it for every moderation decision on a post or a thread). A change that moves a thread
out of a theme touches that theme too (`touch_theme`).

The bump is part of the write's transaction: a reader who cannot see the change yet still
sees the old stamp, and one who sees the new stamp sees the change.

Search results for anonymous readers are cached too, keyed by `search_version`: every write
to the search index inserts documents with new ids (forum/search/documents.py replaces a
row's documents rather than updating them), and the posts it can drop without inserting
(a post deleted) touch their thread, so their theme's stamp moves.
"""

from django.db import connection
from django.db.models import F
from django.utils import timezone

from forum.models import SearchDocument, Theme, Thread


def touch_thread(thread_id: int) -> None:
    """The thread's pages and its theme's page have changed."""
    Thread.objects.filter(pk=thread_id).update(version=F("version") + 1, changed_at=timezone.now())
    Theme.objects.filter(threads__pk=thread_id).update(version=F("version") + 1)


def touch_theme(theme_id: int) -> None:
    """The theme's page has changed (a thread moved out of it)."""
    Theme.objects.filter(pk=theme_id).update(version=F("version") + 1)


def search_version() -> tuple[int, int]:
    """The search index's stamp, in one query: its newest document and the themes' stamps."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {SearchDocument._meta.db_table}),"
            f" (SELECT SUM(version) FROM {Theme._meta.db_table})"
        )
        newest, themes = cursor.fetchone()
    return newest or 0, themes or 0
