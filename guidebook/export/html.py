"""The guidebook as print-ready HTML (one chapter or all), which the PDF is made from.

Exports read only published versions: what was published is what gets printed, and a
chapter with no published version is listed in the contents as in preparation, with no
page of its own. Each version's HTML already carries its numbered notes; the annex lists
every cited contribution once, with the attribution, date, kind and theme frozen at
publication, and a permalink written against `settings.SITE_URL` (the site's public
address), never the host a request happened to use.

Because published versions never change, an export is fully determined by the chapters it
shows (number, title, state, latest version), the site address its links point at, the
language and the export format. `export_key` hashes exactly that, so a PDF rendered once
can be stored under its key and served again until one of those changes.

Exports are written in the site's language (`settings.LANGUAGE_CODE`), whoever asks: the
chapters are written in it, and a stored PDF must not depend on the language of the first
reader who asked for it.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from guidebook.citations import published_html, withdrawn_post_ids
from guidebook.export import publication
from guidebook.models import Chapter, ChapterVersion, ExportFile
from guidebook.selectors import latest_versions, public_thread_titles

TEMPLATE = "guidebook/export.html"

# Part of every export key: raise it whenever guidebook/export.html (its markup or print
# stylesheet), the publication's fixed text (guidebook.export.publication), the PDF variant
# or the way versions are turned into the export changes, so PDFs stored under the old
# format are rendered again instead of being served.
EXPORT_FORMAT_REVISION = 3

# Anchors of paragraphs, citation markers and notes, which repeat from chapter to chapter.
_ANCHOR = re.compile(r'\b(id|href|aria-labelledby)="(#?)(p|cite|note|notes)-')
# Links to pages of the site (the notes' permalinks), written relative when published.
_SITE_LINK = re.compile(r'\bhref="/(?!/)')
# Headings of the chapter text (stored from h2 down, see guidebook.paragraphs.place_headings).
_HEADING = re.compile(r"<(/?)h([1-6])\b")
# Where a version's notes begin; their heading is an h2 there.
_NOTES_START = '<section class="notes"'
_QUOTED_HEADING = re.compile(r"<(/)h[3-6]>|<h[3-6]\b")


def heading_ranks(html: str) -> dict[int, int]:
    """Each heading level the HTML uses → its rank, shallowest first (0), so a chapter's
    headings can be placed under the chapter's own without skipping a level."""
    levels = sorted({int(level) for _close, level in _HEADING.findall(html)})
    return {level: rank for rank, level in enumerate(levels)}


def scoped_html(version: ChapterVersion, *, site: str) -> SafeString:
    """The version's stored HTML made to sit inside one document of several chapters.

    Its anchors are prefixed by the chapter number, so the notes of several chapters can
    share a document; its links to the site's pages are made absolute against `site`; and
    its headings are renumbered below the chapter's own heading (an h2) without skipping a
    level, whichever levels its author used (a skipped level breaks the outline that
    screen readers and the PDF's tags give).
    """
    # The notes come last, in a section of their own (see guidebook.citations).
    # Notes of contributions withdrawn since publication say so instead of quoting them.
    body, notes_start, notes = published_html(version).partition(_NOTES_START)
    level_for = {level: min(3 + rank, 6) for level, rank in heading_ranks(body).items()}
    body = _HEADING.sub(lambda m: f"<{m[1]}h{level_for[int(m[2])]}", body)
    # Headings inside the quoted contributions are the contributors' own, not the guidebook's.
    notes = _QUOTED_HEADING.sub(lambda m: "</p>" if m[1] else '<p class="cited-heading"', notes)
    notes = notes.replace("<h2 ", "<h3 ").replace("</h2>", "</h3>")
    html = body + notes_start + notes
    prefix = f"c{version.chapter.number}"
    html = _ANCHOR.sub(lambda m: f'{m[1]}="{m[2]}{prefix}-{m[3]}-', html)
    html = _SITE_LINK.sub(f'href="{site}/', html)
    return mark_safe(html)  # noqa: S308 - stored sanitised HTML, only anchors and levels changed


@dataclass
class AnnexEntry:
    post_id: int
    attribution: str
    kind: str
    theme: str
    posted_at: str
    permalink: str
    # The title of its thread, by which the annex names it; empty when the moderators have
    # withdrawn it since (an export anyone may download does not show what they hid).
    title: str = ""
    chapters: list[int] = field(default_factory=list)
    # The notes that cite it, as "chapter.note" ("1.3": chapter 1, note 3).
    notes: list[str] = field(default_factory=list)


def export_context(chapters: list[Chapter], *, site: str) -> dict:
    """The published text of these chapters (latest version each), the annex, and what the
    cover says: status (final or draft for consultation) and date."""
    by_chapter = {v.chapter_id: v for v in latest_versions([c.pk for c in chapters])}
    entries: dict[int, AnnexEntry] = {}
    parts = []
    for chapter in chapters:
        version: ChapterVersion | None = by_chapter.get(chapter.pk)
        parts.append(
            {
                "chapter": chapter,
                "version": version,
                "html": scoped_html(version, site=site) if version else "",
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
                    permalink=site + note["permalink"],
                ),
            )
            if chapter.number not in entry.chapters:
                entry.chapters.append(chapter.number)
            entry.notes.append(f"{chapter.number}.{note['number']}")
    titles = public_thread_titles(entries)
    for post_id, entry in entries.items():
        entry.title = titles.get(post_id, "")
    annex = sorted(entries.values(), key=lambda e: (e.posted_at, e.post_id))
    # The export is dated by its newest text, not by the day it was rendered: the same
    # versions always give the same document, whenever it is made.
    as_of = max((v.published_at for v in by_chapter.values()), default=None)
    final = publication.is_final(chapters, published=set(by_chapter))
    return {
        "parts": parts,
        "published_parts": [p for p in parts if p["version"]],
        "annex": annex,
        "as_of": as_of,
        "is_final": final,
        "status": publication.status_label(final=final),
    }


@dataclass(frozen=True)
class Export:
    """One exportable document: a chapter or the whole guidebook."""

    kind: str  # ExportFile.Kind
    stem: str  # the file name without its extension
    chapters: list[Chapter]
    chapter: Chapter | None = None

    @property
    def title(self) -> str:
        """The document's title (its PDF metadata and window title), in the active
        language."""
        if self.chapter is None:
            return str(publication.TITLE)
        return _("Chapter %(number)s: %(title)s") % {
            "number": self.chapter.number,
            "title": self.chapter.title,
        }

    def filename(self, extension: str) -> str:
        return f"{self.stem}.{extension}"


def chapter_export(chapter: Chapter) -> Export:
    return Export(
        kind=ExportFile.Kind.CHAPTER,
        stem=f"guidebook-chapter-{chapter.number}",
        chapters=[chapter],
        chapter=chapter,
    )


def guidebook_export(chapters: list[Chapter]) -> Export:
    return Export(kind=ExportFile.Kind.GUIDEBOOK, stem="guidebook", chapters=chapters)


def withdrawn_cited(version_ids) -> list[int]:
    """The posts these versions cite that the moderators have withdrawn since: their notes
    say so, so they are part of what an export shows."""
    cited = set()
    for citations in ChapterVersion.objects.filter(
        pk__in=[pk for pk in version_ids if pk]
    ).values_list("citations", flat=True):
        cited.update(note["post_id"] for note in citations)
    return sorted(withdrawn_post_ids(cited))


def export_key(export: Export, *, latest: dict[int, int | None], site: str, withdrawn=None) -> str:
    """The identity of what the export shows. `latest` maps each chapter's pk to the pk of
    its newest published version (None when it has none); `withdrawn` the cited posts
    withdrawn since (read from those versions when not given). A contribution hidden after
    a PDF was stored changes the key, so the stale file is never served again."""
    if withdrawn is None:
        withdrawn = withdrawn_cited(latest.values())
    payload = {
        "withdrawn": sorted(withdrawn),
        "revision": EXPORT_FORMAT_REVISION,
        "kind": str(export.kind),
        "site": site,
        "language": settings.LANGUAGE_CODE,
        # The state is on the cover: a chapter made final makes a new document.
        "chapters": [[c.number, c.title, c.state, latest.get(c.pk)] for c in export.chapters],
    }
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def render_export_html(export: Export, *, site: str) -> tuple[str, str]:
    """The print-ready HTML of the export and the key of exactly the versions it shows
    (read together, so a publication in between cannot make the two disagree).

    `site` is the scheme and host the annex's permalinks are written against.
    """
    # Read before the text: a contribution withdrawn while the export renders then gives a
    # file whose key is already out of date (rendered again), never a stale file under the
    # current key.
    versions = latest_versions([c.pk for c in export.chapters])
    withdrawn = withdrawn_cited(v.pk for v in versions)
    with translation.override(settings.LANGUAGE_CODE):
        context = export_context(export.chapters, site=site)
        latest = {
            p["chapter"].pk: p["version"].pk if p["version"] else None for p in context["parts"]
        }
        html = render_to_string(
            TEMPLATE,
            {
                "export": export,
                "title": export.title,
                "publication": publication,
                "site": site,
                **context,
            },
        )
    return html, export_key(export, latest=latest, site=site, withdrawn=withdrawn)
