"""The guidebook's print-ready HTML as PDF, rendered by WeasyPrint without any network.

The PDF is made from exactly the HTML the HTML export serves, so both say the same thing.
Chapter text is people's writing: whatever URL it holds, rendering must never make the
server open a connection (to an internal address, or to a slow host that would hold a
worker). So WeasyPrint's fetcher is replaced by one that reads only this site's own static
files from disk and refuses everything else: other hosts, `file:` paths outside the static
folders, `data:` and any other scheme. A refused resource is left out of the PDF.

WeasyPrint is imported inside the functions that lay out a PDF, never when this module is
imported: the URLconf reaches this module through the export views, and every web worker
would otherwise carry WeasyPrint's tens of megabytes for files it only reads from the
database.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join


class RefusedURL(ValueError):
    """A resource the export may not fetch; WeasyPrint logs it and renders without it."""


class StaticFiles:
    """Which URLs name one of this site's static files: `<site>/static/...`, and `file:`
    URLs inside the static folders.

    `site` is the scheme and host the HTML's relative addresses resolve against; an address
    on any other host names no static file.
    """

    def __init__(self, *, site: str):
        parts = urlsplit(site)
        self._site = (parts.scheme.lower(), parts.netloc.lower())

    def local_path(self, url: str) -> Path | None:
        """The static file `url` names, or None if it names anything else."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme == "file":
            return _inside_static_folders(Path(unquote(parts.path)))
        if (scheme, parts.netloc.lower()) != self._site:
            return None
        static_url = urlsplit(settings.STATIC_URL).path
        path = posixpath.normpath(unquote(parts.path))
        if not path.startswith(static_url):
            return None
        return _static_file(path.removeprefix(static_url))


def static_files_fetcher(*, site: str):
    """A WeasyPrint URL fetcher that serves `StaticFiles(site=site)` from disk and raises
    `RefusedURL` for every other address, never opening a connection."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_files = StaticFiles(site=site)

    class StaticFilesFetcher(URLFetcher):
        def __init__(self):
            # No protocol is allowed through the parent's opener: `fetch` never calls it.
            super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)

        def fetch(self, url, headers=None):
            path = static_files.local_path(url)
            if path is None:
                raise RefusedURL(
                    f"Not fetched (only the site's static files are used): {url[:200]}"
                )
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesFetcher()


def _static_file(relative: str) -> Path | None:
    if not relative or relative.startswith("/") or "\x00" in relative:
        return None
    try:
        found = finders.find(relative)
        if found is None and settings.STATIC_ROOT:
            candidate = Path(safe_join(settings.STATIC_ROOT, relative))
            found = candidate if candidate.is_file() else None
    except SuspiciousFileOperation:
        return None
    return Path(found) if found and Path(found).is_file() else None


def _static_folders() -> list[Path]:
    folders = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        folders.append(Path(settings.STATIC_ROOT).resolve())
    for config in apps.get_app_configs():
        static = Path(config.path) / "static"
        if static.is_dir():
            folders.append(static.resolve())
    return folders


def _inside_static_folders(path: Path) -> Path | None:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_file():
        return None
    if any(resolved.is_relative_to(folder) for folder in _static_folders()):
        return resolved
    return None


def render_document(html: str, *, site: str):
    """Lays out the HTML in pages: a `weasyprint.document.Document`, whose page count is
    `len(document.pages)`."""
    from weasyprint import HTML

    fetcher = static_files_fetcher(site=site)
    return HTML(string=html, base_url=f"{site}/", url_fetcher=fetcher).render()


# PDF/UA-1: the PDF is tagged (headings, paragraphs, lists, links and tables in a structure
# tree, `/MarkInfo /Marked true`) so screen readers and reflow can follow it, and shows its
# title (the HTML's <title>) and language (<html lang>) from its metadata. WeasyPrint turns
# the tags on for this variant.
PDF_VARIANT = "pdf/ua-1"


def write_pdf(document) -> bytes:
    """The laid-out document as a tagged, accessible PDF."""
    return document.write_pdf(pdf_variant=PDF_VARIANT)
