"""Stored PDF exports: rendered once per key, then served from the database.

WeasyPrint needs tens of milliseconds of CPU per page, so a 100-page guidebook takes
seconds to lay out: too slow to do on every request. A publication is the only thing that
changes what an export shows (besides a chapter's title or the export format, which are in
the key too), so the PDFs are rendered after each publication, in a task, and stored under
their key. A request whose key has no stored file yet renders it, stores it and serves it:
slow once, never stale.

Stored PDFs are written against `settings.SITE_URL`, never the host of the request that
happened to render them, so every reader gets the same file.
"""

import time

from django.conf import settings
from django.db import IntegrityError, transaction

from guidebook.export import (
    Export,
    chapter_export,
    export_key,
    guidebook_export,
    render_export_html,
)
from guidebook.models import Chapter, ExportFile
from guidebook.pdf import render_document
from guidebook.selectors import chapters_for_export


def current_key(export: Export) -> str:
    """The key of the export as it stands; its chapters come from `chapters_for_export`."""
    latest = {c.pk: c.latest_version_id for c in export.chapters}
    return export_key(export, latest=latest, site=settings.SITE_URL)


def render_export_file(*, export: Export) -> ExportFile:
    """Lays out the export and stores it. Rendering runs outside any transaction (it takes
    seconds); if someone stored the same key meanwhile, theirs is kept and returned."""
    site = settings.SITE_URL
    started = time.perf_counter()
    html, key = render_export_html(export, site=site)
    document = render_document(html, site=site)
    pdf = document.write_pdf()
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


def export_file(*, export: Export) -> ExportFile:
    """The stored PDF of the export, rendered and stored first if there is none yet."""
    stored = ExportFile.objects.filter(key=current_key(export)).first()
    return stored or render_export_file(export=export)


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
