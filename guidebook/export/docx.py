"""The guidebook (one chapter or all) as a Word document, for a publications office to edit.

It says what the HTML and PDF exports say, from the same published versions
(`export_context`): the cover, the contents, each published chapter's text and notes, and
the annex of cited contributions. Word's own styles carry the structure, so the office's
template can restyle it: Heading 1 for each chapter and the annex, Heading 2 (and below)
for the headings inside a chapter, Normal for paragraphs.

python-docx has no API for footnotes or endnotes, so each chapter's notes are a numbered
"Notes" list at its end, and the text refers to them with the note numbers in superscript,
as the HTML does. The chapter text is the published version's sanitised HTML, walked with
the standard library's parser into Word runs: bold, italic, code, superscript, and links as
their text followed by the address (a printed page cannot be clicked).

Documents are small and quick to write (about 0.6 s of CPU for the 100-page benchmark
guidebook), so they are made on each request rather than stored like the PDFs.
"""

import io
import re
from html.parser import HTMLParser

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from guidebook.export import publication
from guidebook.export.html import Export, export_context, heading_ranks

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_BLOCKS = {"p", "div", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SPACE = re.compile(r"\s+")


class _RunWriter(HTMLParser):
    """Writes sanitised HTML into a python-docx document, one paragraph per block.

    `heading_style` maps a heading's level to the Word style it takes; `style` is the
    paragraph style of everything else (Normal, or Quote for a cited contribution).
    """

    def __init__(self, document, *, site: str, heading_style: dict[int, str], style="Normal"):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.site = site
        self.heading_style = heading_style
        self.style = style
        self.paragraph = None
        self.marks = {"bold": 0, "italic": 0, "code": 0, "superscript": 0}
        self.links: list[list] = []  # [address or None, text so far] per open link
        self.lists: list[list] = []  # [kind, next number] per open list
        self.pre = 0
        self.quote = 0

    # A paragraph opens lazily at its first text, so empty blocks leave no empty paragraph.
    def _open(self):
        if self.paragraph is None:
            self.paragraph = _paragraph(self.document, style=self._block_style())
        return self.paragraph

    def _block_style(self) -> str:
        if self.quote:
            return "Quote"
        if self.lists:
            # A numbered item carries its number as text (see handle_starttag).
            return "List Bullet" if self.lists[-1][0] == "ul" else "List Paragraph"
        return self.style

    def _close(self):
        self.paragraph = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _BLOCKS:
            self._close()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.paragraph = _paragraph(
                self.document, style=self.heading_style.get(int(tag[1]), "Heading 6")
            )
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag, 1])
        elif tag == "li" and self.lists and self.lists[-1][0] == "ol":
            # Numbered by hand: Word's list numbering would run on from list to list.
            self.paragraph = _paragraph(self.document, style="List Paragraph")
            self.paragraph.add_run(f"{self.lists[-1][1]}. ")
            self.lists[-1][1] += 1
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre += 1
        elif tag in ("strong", "b"):
            self.marks["bold"] += 1
        elif tag in ("em", "i"):
            self.marks["italic"] += 1
        elif tag == "code":
            self.marks["code"] += 1
        elif tag == "sup":
            self.marks["superscript"] += 1
        elif tag == "a":
            self.links.append([self._address(attrs.get("href") or ""), ""])
        elif tag == "br":
            self._open().add_run().add_break(WD_BREAK.LINE)
        elif tag in ("td", "th") and self.paragraph is not None:
            self.paragraph.add_run(" | ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._close()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in ("strong", "b"):
            self.marks["bold"] = max(0, self.marks["bold"] - 1)
        elif tag in ("em", "i"):
            self.marks["italic"] = max(0, self.marks["italic"] - 1)
        elif tag == "code":
            self.marks["code"] = max(0, self.marks["code"] - 1)
        elif tag == "sup":
            self.marks["superscript"] = max(0, self.marks["superscript"] - 1)
        elif tag == "a" and self.links:
            address, text = self.links.pop()
            # A bare address written as its own text is not printed twice.
            if address and text.strip() != address and self.paragraph is not None:
                self.paragraph.add_run(f" ({address})")

    def handle_data(self, data):
        text = data if self.pre else _SPACE.sub(" ", data)
        if self.paragraph is None:
            text = text.lstrip()
        if not text:
            return
        for link in self.links:
            link[1] += text
        run = self._open().add_run(text)
        # Only marks that are on are written: each one written costs an XML lookup.
        if self.marks["bold"]:
            run.bold = True
        if self.marks["italic"]:
            run.italic = True
        if self.marks["superscript"]:
            run.font.superscript = True
        if self.marks["code"] or self.pre:
            run.font.name = "Courier New"

    def _address(self, href: str) -> str | None:
        """The address printed after a link's text: none for links inside the document
        (citation markers, back-references); the site's own pages made absolute."""
        if not href or href.startswith("#"):
            return None
        if href.startswith("/") and not href.startswith("//"):
            return self.site + href
        return href


def _paragraph(document, text: str = "", *, style: str = "Normal"):
    """A new paragraph. Normal is the document's default style and is left unnamed:
    naming a style makes python-docx search the style sheet, which takes most of the time
    a long document is written in."""
    return document.add_paragraph(text, style=None if style == "Normal" else style)


def _write_html(document, html: str, *, site: str, heading_style: dict[int, str], **kwargs):
    writer = _RunWriter(document, site=site, heading_style=heading_style, **kwargs)
    writer.feed(html)
    writer.close()


def _chapter_heading_styles(html: str) -> dict[int, str]:
    """The chapter's heading levels as Heading 2, 3, … (the chapter itself is Heading 1)."""
    return {level: f"Heading {min(2 + rank, 6)}" for level, rank in heading_ranks(html).items()}


def _cover(document, export: Export, context: dict) -> None:
    _paragraph(document, str(publication.ORGANISATION), style="Normal")
    _paragraph(document, str(publication.TITLE), style="Title")
    _paragraph(document, str(publication.SUBTITLE), style="Subtitle")
    if export.chapter is not None:
        _paragraph(document, export.title, style="Subtitle")
    status = _paragraph(document, style="Normal")
    status.add_run(context["status"]).bold = True
    if context["as_of"]:
        _paragraph(
            document,
            _("Text as published on %(date)s")
            % {"date": date_format(context["as_of"], "DATE_FORMAT")},
            style="Normal",
        )
    _paragraph(document, _("Published by"), style="Normal")
    for publisher in publication.PUBLISHERS:
        line = _paragraph(document, style="List Paragraph")
        line.add_run(publisher.code).bold = True
        line.add_run(f": {publisher.name}")


def _contents(document, context: dict) -> None:
    heading = _paragraph(document, _("Contents"), style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    for part in context["parts"]:
        chapter = part["chapter"]
        line = _paragraph(document, f"{chapter.number}. {chapter.title}", style="Normal")
        if part["version"] is None:
            line.add_run(f" ({_('in preparation')})").italic = True
    if context["annex"]:
        _paragraph(document, _("Annex: contributions cited"), style="Normal")


def _chapter(document, part: dict, *, site: str, titles: dict[int, str]) -> None:
    chapter, version = part["chapter"], part["version"]
    heading = document.add_heading(f"{chapter.number}. {chapter.title}", level=1)
    heading.paragraph_format.page_break_before = True
    meta = _paragraph(document, style="Normal")
    meta.add_run(
        _("Version %(number)s, published %(date)s")
        % {"number": version.number, "date": date_format(version.published_at, "DATE_FORMAT")}
    ).italic = True
    # The stored HTML ends with its notes, which are written from the citations instead.
    body = version.html.partition('<section class="notes"')[0]
    _write_html(document, body, site=site, heading_style=_chapter_heading_styles(body))
    if version.citations:
        _notes(document, version.citations, site=site, titles=titles)


def _notes(document, citations: list[dict], *, site: str, titles: dict[int, str]) -> None:
    """The chapter's notes, each naming its contribution by its thread's title (`titles`,
    from the annex: a contribution withdrawn since has none, and says so)."""
    document.add_heading(_("Notes"), level=2)
    for note in citations:
        title = titles.get(note["post_id"])
        line = _paragraph(document)
        line.add_run(f"{note['number']}. ")
        line.add_run(
            _("%(who)s, %(kind)s, %(date)s: %(name)s (%(address)s).")
            % {
                "who": note["attribution"],
                "kind": note["kind"],
                "date": note["posted_at"],
                "name": f"“{title}”" if title else _("withdrawn by the moderators"),
                "address": site + note["permalink"],
            }
        )


ANNEX_FONT_SIZE = Pt(9)
ANNEX_COLUMNS = (
    gettext_lazy("Note"),
    gettext_lazy("Contribution"),
    gettext_lazy("Author (as attributed)"),
    gettext_lazy("Kind"),
    gettext_lazy("Theme"),
    gettext_lazy("Permalink"),
)


def _annex(document, annex: list) -> None:
    heading = document.add_heading(_("Annex: contributions cited"), level=1)
    heading.paragraph_format.page_break_before = True
    _paragraph(
        document,
        _(
            "Each contribution is credited as its author chose. The address leads to the "
            "contribution in the consultation forum. Notes are numbered by chapter: 1.3 is "
            "note 3 of chapter 1."
        ),
        style="Normal",
    )
    # All rows at once: adding them one by one recomputes the column widths each time.
    table = document.add_table(rows=len(annex) + 1, cols=len(ANNEX_COLUMNS))
    table.style = "Table Grid"
    header, *rows = table.rows
    for cell, label in zip(header.cells, ANNEX_COLUMNS, strict=True):
        _cell_text(cell, str(label)).bold = True
    for row, entry in zip(rows, annex, strict=True):
        values = (
            ", ".join(entry.notes),
            entry.title or _("withdrawn by the moderators"),
            entry.attribution,
            entry.kind,
            entry.theme,
            entry.permalink,
        )
        for cell, value in zip(row.cells, values, strict=True):
            _cell_text(cell, value)


def _cell_text(cell, text: str):
    run = cell.paragraphs[0].add_run(text)
    run.font.size = ANNEX_FONT_SIZE
    return run


def export_docx(export: Export, *, site: str) -> bytes:
    """The export as a .docx file. `site` is the address its permalinks are written
    against (`settings.SITE_URL`)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = export_context(export.chapters, site=site)
        document = Document()
        properties = document.core_properties
        properties.title = export.title
        properties.subject = str(publication.SUBTITLE)
        properties.author = ", ".join(p.code for p in publication.PUBLISHERS)
        properties.language = settings.LANGUAGE_CODE
        _cover(document, export, context)
        _contents(document, context)
        titles = {entry.post_id: entry.title for entry in context["annex"] if entry.title}
        for part in context["published_parts"]:
            _chapter(document, part, site=site, titles=titles)
        if context["annex"]:
            _annex(document, context["annex"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
