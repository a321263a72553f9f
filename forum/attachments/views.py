"""Serving a post's files: only through these views, after the permission check, never
from a public URL. Someone who may not see the post gets 404.

Every response is a download (`Content-Disposition: attachment`) with the type found in
the file's content and `nosniff`, so a browser never renders an uploaded file as a page.
"""

import logging

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from forum.attachments.selectors import attachment_for_download
from forum.attachments.storage import attachment_storage

logger = logging.getLogger(__name__)


def _file_response(stored_name: str, *, filename: str, content_type: str) -> FileResponse:
    try:
        stored = attachment_storage().open(stored_name, "rb")
    except OSError as error:
        logger.error("The stored attachment %s is missing", stored_name)
        raise Http404("No such file.") from error
    response = FileResponse(
        stored, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Kept by the reader's browser only: whether it may be seen depends on who asks.
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


@require_GET
def attachment_download(request, pk):
    attachment = attachment_for_download(request.user, pk)
    return _file_response(
        attachment.stored_name, filename=attachment.name, content_type=attachment.content_type
    )


@require_GET
def attachment_thumbnail(request, pk):
    attachment = attachment_for_download(request.user, pk)
    if not attachment.thumbnail_name:
        raise Http404("No thumbnail.")
    return _file_response(
        attachment.thumbnail_name,
        filename=f"thumbnail-{attachment.name}",
        content_type=attachment.content_type,
    )
