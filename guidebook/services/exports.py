"""Stored PDF exports: rendered once per key, then served from the database.

WeasyPrint needs tens of milliseconds of CPU per page, so a 100-page guidebook takes
seconds to lay out: far too slow for a request anyone may send. A publication is the only
thing that changes what an export shows (besides a chapter's title or the export format,
which are in the key too), so the PDFs are rendered after each publication, in a task, and
stored under their key. Requests are only ever served stored files: one whose key has no
file yet (the task has not run, or a title changed) queues the render once and tells the
reader the file is being prepared.

Stored PDFs are written against `settings.SITE_URL`, never the host of the request that
happened to render them, so every reader gets the same file.
"""

import time
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction

from guidebook.citations import withdrawn_post_ids
from guidebook.export.html import (
    Export,
    chapter_export,
    export_key,
    guidebook_export,
    render_export_html,
)
from guidebook.export.pdf import render_document, write_pdf
from guidebook.models import Chapter, ExportFile
from guidebook.selectors import chapters_for_export
from guidebook.tasks import render_export

# How long a queued render keeps others from queueing the same key again. Longer than a
# render takes; if a worker dies mid-render, the next request after this queues it anew.
QUEUED_SECONDS = 15 * 60


def current_key(export: Export) -> str:
    """The key of the export as it stands; its chapters come from `chapters_for_export`."""
    latest = {c.pk: c.latest_version_id for c in export.chapters}
    cited = {note["post_id"] for c in export.chapters for note in (c.latest_citations or [])}
    withdrawn = withdrawn_post_ids(cited) if cited else set()
    return export_key(export, latest=latest, site=settings.SITE_URL, withdrawn=withdrawn)


def render_export_file(*, export: Export) -> ExportFile:
    """Lays out the export and stores it. Rendering runs outside any transaction (it takes
    seconds); if someone stored the same key meanwhile, theirs is kept and returned."""
    site = settings.SITE_URL
    started = time.perf_counter()
    html, key = render_export_html(export, site=site)
    document = render_document(html, site=site)
    pdf = write_pdf(document)
    render_ms = round((time.perf_counter() - started) * 1000)
    try:
        with transaction.atomic():
            return ExportFile.objects.create(
                key=key,
                kind=export.kind,
                chapter=export.chapter,
                pdf=pdf,
                pages=len(document.pages),
                render_ms=render_ms,
            )
    except IntegrityError:
        # Two renderers of the same key: both files are the same document.
        return ExportFile.objects.get(key=key)


def stored_export_file(export: Export) -> ExportFile | None:
    """The stored PDF of the export as it stands, if it has been rendered."""
    return ExportFile.objects.filter(key=current_key(export)).first()


def export_file(*, export: Export) -> ExportFile:
    """The stored PDF of the export, rendered and stored first if there is none yet (for
    the tasks: requests never wait for a render)."""
    return stored_export_file(export) or render_export_file(export=export)


def _queued_marker(key: str) -> str:
    return f"guidebook:export-queued:{key}"


@transaction.atomic
def request_export_file(*, export: Export) -> bool:
    """Queues the render of an export that has no stored file, unless it is queued already:
    many readers asking for a missing PDF start one render, not one each. Returns whether
    this call queued it."""
    key = current_key(export)
    # `add` sets the marker only if no one has: of concurrent callers exactly one wins.
    if not cache.add(_queued_marker(key), True, timeout=QUEUED_SECONDS):
        return False
    chapter_id = export.chapter.pk if export.chapter else None
    transaction.on_commit(partial(render_export.enqueue, kind=export.kind, chapter_id=chapter_id))
    return True


def render_requested_export(*, kind: str, chapter_id: int | None) -> ExportFile | None:
    """Renders the export a request queued, as it stands now (a publication in between
    renders the newer text). The queued marker is lifted afterwards, rendered or failed: a
    file stored is served from then on, and a failed render is queued again by the next
    request."""
    chapters = list(chapters_for_export())
    if kind == ExportFile.Kind.CHAPTER:
        chapter = next((c for c in chapters if c.pk == chapter_id), None)
        if chapter is None:
            return None
        export = chapter_export(chapter)
    else:
        export = guidebook_export(chapters)
    try:
        return export_file(export=export)
    finally:
        cache.delete(_queued_marker(current_key(export)))


def refresh_export_files(*, chapter: Chapter) -> list[ExportFile]:
    """Makes sure the chapter's PDF and the whole guidebook's are stored for the current
    versions, then deletes the files no current export has the key of."""
    chapters = list(chapters_for_export())
    this = next(c for c in chapters if c.pk == chapter.pk)
    files = [
        export_file(export=chapter_export(this)),
        export_file(export=guidebook_export(chapters)),
    ]
    delete_stale_export_files()
    return files


def delete_stale_export_files() -> int:
    """Deletes stored PDFs of superseded versions (or titles, site address, format)."""
    # Read afresh, not taken from a caller: rendering takes seconds, and a file stored
    # meanwhile for a newer publication must not be deleted as stale.
    chapters = list(chapters_for_export())
    keys = {current_key(chapter_export(c)) for c in chapters}
    keys.add(current_key(guidebook_export(chapters)))
    deleted, _ = ExportFile.objects.exclude(key__in=keys).delete()
    return deleted
