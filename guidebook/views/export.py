"""The guidebook ready to print, as HTML or PDF (one chapter or all), and the CSV of links.

Published versions are public, so their exports are too. The PDF is rendered from the same
HTML as the HTML export, but stored once per set of versions (see
`guidebook.services.exports`): a request is served the stored file, and renders it only if
no one has yet. The HTML is quick to make and is made on each request.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from guidebook.export import (
    Export,
    chapter_export,
    comments_csv,
    guidebook_export,
    links_csv,
    render_export_html,
)
from guidebook.models import ExportFile
from guidebook.permissions import can_view_pool
from guidebook.selectors import chapters_for_export
from guidebook.services.exports import export_file


def _chapter(number) -> Export:
    return chapter_export(get_object_or_404(chapters_for_export(), number=number))


def _guidebook() -> Export:
    return guidebook_export(list(chapters_for_export()))


def _html_response(request, export: Export) -> HttpResponse:
    html, _key = render_export_html(export, site=f"{request.scheme}://{request.get_host()}")
    return HttpResponse(html)


def _pdf_response(export: Export) -> HttpResponse:
    stored: ExportFile = export_file(export=export)
    # PostgreSQL hands binary columns back as a memoryview.
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def export_chapter(request, number):
    return _html_response(request, _chapter(number))


def export_chapter_pdf(request, number):
    return _pdf_response(_chapter(number))


def export_guidebook(request):
    return _html_response(request, _guidebook())


def export_guidebook_pdf(request):
    return _pdf_response(_guidebook())


@login_required
def export_links(request):
    if not can_view_pool(request.user):
        raise PermissionDenied
    return _csv_response(request, links_csv, filename="guidebook-links.csv")


@login_required
def export_comments(request):
    if not can_view_pool(request.user):
        raise PermissionDenied
    return _csv_response(request, comments_csv, filename="guidebook-review-comments.csv")


def _csv_response(request, make_csv, *, filename: str) -> HttpResponse:
    body = make_csv(user=request.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
