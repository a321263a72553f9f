"""The guidebook as print-ready HTML (one chapter or all), which the PDF is made from.

Exports read only published versions: what was published is what gets printed. Each
version's HTML already carries its numbered notes; the annex lists every cited
contribution once, with the attribution, date, kind and theme frozen at publication.

Because published versions never change, an export is fully determined by the chapters it
shows (number, title, latest version), the site address its links point at and the export
format. `export_key` hashes exactly that, so a PDF rendered once can be stored under its key
and served again until one of those changes.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from guidebook.citations import published_html
from guidebook.models import Chapter, ChapterVersion, ExportFile
from guidebook.selectors import latest_versions

TEMPLATE = "guidebook/export.html"

# Part of every export key: raise it whenever guidebook/export.html (its markup or print
# stylesheet) or the way versions are turned into the export changes, so PDFs stored under
# the old format are rendered again instead of being served.
EXPORT_FORMAT_REVISION = 1

# Anchors of paragraphs, citation markers and notes, which repeat from chapter to chapter.
_ANCHOR = re.compile(r'\b(id|href|aria-labelledby)="(#?)(p|cite|note|notes)-')


def scoped_html(version: ChapterVersion) -> SafeString:
    """The version's stored HTML with its anchors prefixed by the chapter number, so notes
    of several chapters can share one document."""
    prefix = f"c{version.chapter.number}"
    html = _ANCHOR.sub(lambda m: f'{m[1]}="{m[2]}{prefix}-{m[3]}-', published_html(version))
    return mark_safe(html)  # noqa: S308 - stored sanitised HTML, only anchor names changed


@dataclass
class AnnexEntry:
    post_id: int
    attribution: str
    kind: str
    theme: str
    posted_at: str
    permalink: str
    chapters: list[int] = field(default_factory=list)


def export_context(chapters: list[Chapter]) -> dict:
    """The published text of these chapters (latest version each) and the annex."""
    by_chapter = {v.chapter_id: v for v in latest_versions([c.pk for c in chapters])}
    entries: dict[int, AnnexEntry] = {}
    parts = []
    for chapter in chapters:
        version: ChapterVersion | None = by_chapter.get(chapter.pk)
        parts.append(
            {
                "chapter": chapter,
                "version": version,
                "html": scoped_html(version) if version else "",
            }
        )
        for note in version.citations if version else []:
            entry = entries.setdefault(
                note["post_id"],
                AnnexEntry(
                    post_id=note["post_id"],
                    attribution=note["attribution"],
                    kind=note["kind"],
                    theme=note.get("theme", ""),
                    posted_at=note["posted_at"],
                    permalink=note["permalink"],
                ),
            )
            if chapter.number not in entry.chapters:
                entry.chapters.append(chapter.number)
    annex = sorted(entries.values(), key=lambda e: (e.posted_at, e.post_id))
    # The export is dated by its newest text, not by the day it was rendered: the same
    # versions always give the same document, whenever it is made.
    as_of = max((v.published_at for v in by_chapter.values()), default=None)
    return {"parts": parts, "annex": annex, "as_of": as_of}


@dataclass(frozen=True)
class Export:
    """One exportable document: a chapter or the whole guidebook."""

    kind: str  # ExportFile.Kind
    title: str
    filename: str
    chapters: list[Chapter]
    chapter: Chapter | None = None


def chapter_export(chapter: Chapter) -> Export:
    return Export(
        kind=ExportFile.Kind.CHAPTER,
        title=f"Chapter {chapter.number}: {chapter.title}",
        filename=f"guidebook-chapter-{chapter.number}.pdf",
        chapters=[chapter],
        chapter=chapter,
    )


def guidebook_export(chapters: list[Chapter]) -> Export:
    return Export(
        kind=ExportFile.Kind.GUIDEBOOK,
        title="Guidebook",
        filename="guidebook.pdf",
        chapters=chapters,
    )


def export_key(export: Export, *, latest: dict[int, int | None], site: str) -> str:
    """The identity of what the export shows. `latest` maps each chapter's pk to the pk of
    its newest published version (None when it has none)."""
    payload = {
        "revision": EXPORT_FORMAT_REVISION,
        "kind": str(export.kind),
        "site": site,
        "chapters": [[c.number, c.title, latest.get(c.pk)] for c in export.chapters],
    }
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def render_export_html(export: Export, *, site: str) -> tuple[str, str]:
    """The print-ready HTML of the export and the key of exactly the versions it shows
    (read together, so a publication in between cannot make the two disagree).

    `site` is the scheme and host the annex's permalinks are written against.
    """
    context = export_context(export.chapters)
    latest = {p["chapter"].pk: p["version"].pk if p["version"] else None for p in context["parts"]}
    html = render_to_string(TEMPLATE, {"title": export.title, "site": site, **context})
    return html, export_key(export, latest=latest, site=site)
