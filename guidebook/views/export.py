"""The guidebook ready to print, as HTML, PDF or DOCX (one chapter or all), and the
drafters' CSVs.

Published versions are public, so their exports are too: every format of the guidebook
and of a chapter answers everyone alike (a chapter that does not exist is a 404), through
the same `_chapter` and `_guidebook` lookups. The PDF is rendered from the same
HTML as the HTML export, but only ever by a task (see `guidebook.services.exports`): a
request is served the stored file, or, while there is none, a page saying it is being
prepared, and the render is queued. The HTML and the DOCX are quick to make and are made
on each request.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from common.ratelimits import rate_limit
from common.security import with_inline_styles_allowed
from guidebook.export.csv import comments_csv, links_csv
from guidebook.export.html import Export, chapter_export, guidebook_export, render_export_html
from guidebook.permissions import can_view_pool
from guidebook.selectors import chapters_for_export
from guidebook.services.exports import request_export_file, stored_export_file

export_limit = rate_limit("export")

# What a reader waiting for a PDF is told to do; the page says the same in words.
RETRY_AFTER_SECONDS = 60


def _chapter(number) -> Export:
    return chapter_export(get_object_or_404(chapters_for_export(), number=number))


def _guidebook() -> Export:
    return guidebook_export(list(chapters_for_export()))


def _html_response(request, export: Export) -> HttpResponse:
    # Written against the site's public address, as the PDF is: a saved or forwarded copy
    # must not point at whichever host the request came through.
    html, _key = render_export_html(export, site=settings.SITE_URL)
    return with_inline_styles_allowed(HttpResponse(html), html)


def _pdf_response(request, export: Export) -> HttpResponse:
    stored = stored_export_file(export)
    if stored is None:
        request_export_file(export=export)
        context = {"export": export, "retry_after": RETRY_AFTER_SECONDS}
        response = render(request, "guidebook/export_pending.html", context, status=202)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    # PostgreSQL hands binary columns back as a memoryview.
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    return _attachment(response, export.filename("pdf"))


def _docx_response(export: Export) -> HttpResponse:
    # Imported here: python-docx and lxml are loaded by the workers that write a document,
    # not by every process that loads the URLconf.
    from guidebook.export.docx import CONTENT_TYPE, export_docx

    response = HttpResponse(export_docx(export, site=settings.SITE_URL), content_type=CONTENT_TYPE)
    return _attachment(response, export.filename("docx"))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@export_limit
def export_chapter(request, number):
    return _html_response(request, _chapter(number))


@require_safe
@export_limit
def export_chapter_pdf(request, number):
    return _pdf_response(request, _chapter(number))


@require_safe
@export_limit
def chapter_export_docx(request, number):
    return _docx_response(_chapter(number))


@require_safe
@export_limit
def export_guidebook(request):
    return _html_response(request, _guidebook())


@require_safe
@export_limit
def export_guidebook_pdf(request):
    return _pdf_response(request, _guidebook())


@require_safe
@export_limit
def export_docx(request):
    return _docx_response(_guidebook())


@require_safe
@login_required
@export_limit
def export_links(request):
    if not can_view_pool(request.user):
        raise PermissionDenied
    return _csv_response(request, links_csv, filename="guidebook-links.csv")


@require_safe
@login_required
@export_limit
def export_comments(request):
    if not can_view_pool(request.user):
        raise PermissionDenied
    return _csv_response(request, comments_csv, filename="guidebook-review-comments.csv")


def _csv_response(request, make_csv, *, filename: str) -> StreamingHttpResponse:
    lines = make_csv(user=request.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)
