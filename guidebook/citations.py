"""Rendering a chapter's paragraphs with citations of linked contributions.

Citation syntax: `[[post:123]]` anywhere in a paragraph cites forum post 123, which must
be linked to the chapter. The substitution runs on the sanitised HTML that
`render_markdown` returns, in text outside tags and outside code, with a pattern that only
matches digits; so the marker it writes is the only markup added, and a citation written
inside a code span stays literal (to document the syntax itself).
"""

import re
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from accounts.attribution import attribution_for
from forum.markup import render_markdown

CITATION = re.compile(r"\[\[post:(\d{1,12})\]\]")
# A tag of sanitised HTML: attribute values are always quoted there, and may hold ">".
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_CODE_TAG = re.compile(r"<(/?)(code|pre)\b", re.IGNORECASE)


def cited_post_ids(html: str) -> list[int]:
    """Post ids cited in rendered paragraph HTML, in order of first appearance."""
    seen: dict[int, None] = {}
    for piece, is_text in _pieces(html):
        if is_text:
            for match in CITATION.finditer(piece):
                seen.setdefault(int(match.group(1)), None)
    return list(seen)


def _pieces(html: str):
    """The HTML cut into tags and text, each with whether it is text outside code (the only
    place a citation counts)."""
    depth = 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            code = _CODE_TAG.match(piece)
            if code:
                depth = max(0, depth + (-1 if code.group(1) else 1))
            yield piece, False
        else:
            yield piece, depth == 0


@dataclass
class Rendered:
    html: str
    # One entry per note, in note order (what a published version keeps).
    citations: list[dict] = field(default_factory=list)


def render_paragraphs(paragraphs: list[dict], links_by_post: dict) -> Rendered:
    """HTML of the paragraphs (one `div.para` each) followed by the numbered notes.

    `links_by_post` maps post id → the ContributionLink (with `post` and its author
    loaded) the chapter holds for it. Raises ValidationError for Markdown that
    `render_markdown` refuses and for citations of contributions not linked to the chapter.
    """
    notes = {post_id: partial(_citation, link=link) for post_id, link in links_by_post.items()}
    return _render(paragraphs, notes)


def render_published(paragraphs: list[dict], citations: list[dict]) -> Rendered:
    """A published version rendered again with its notes exactly as they were published
    (the linked text may have changed since; the version must not)."""
    notes = {note["post_id"]: partial(_renumbered, note) for note in citations}
    return _render(paragraphs, notes)


def _renumbered(note: dict, number: int) -> dict:
    return {**note, "number": number}


def _render(paragraphs: list[dict], notes: dict) -> Rendered:
    """The paragraphs and their notes; `notes` maps each post that may be cited to a
    function from the note's number to the note."""
    numbers: dict[int, int] = {}
    uses: dict[int, int] = {}
    unlinked: list[int] = []
    parts = []
    for position, paragraph in enumerate(paragraphs, start=1):
        try:
            body = render_markdown(paragraph["text"])
        except ValidationError as error:
            raise ValidationError(
                [f"Paragraph {position}: {message}" for message in error.messages]
            ) from error
        for post_id in cited_post_ids(body):
            if post_id not in notes and post_id not in unlinked:
                unlinked.append(post_id)
        if unlinked:
            continue

        def marker(match):
            post_id = int(match.group(1))
            number = numbers.setdefault(post_id, len(numbers) + 1)
            uses[post_id] = uses.get(post_id, 0) + 1
            anchor = f"cite-{number}" if uses[post_id] == 1 else f"cite-{number}-{uses[post_id]}"
            return f'<sup class="cite"><a href="#note-{number}" id="{anchor}">{number}</a></sup>'

        body = _substitute_outside_code(body, marker)
        parts.append(
            format_html(
                '<div class="para" id="p-{}" data-para="{}">{}</div>',
                paragraph["id"],
                paragraph["id"],
                _trusted(body),
            )
        )
    if unlinked:
        raise ValidationError(
            [
                f"Post #{post_id} is cited but is not linked to this chapter. Link it from "
                "the contribution pool first, or remove the citation."
                for post_id in unlinked
            ],
            code="unlinked_citation",
        )
    citations = [notes[post_id](number) for post_id, number in numbers.items()]
    return Rendered(html="\n".join(parts) + _notes_html(citations), citations=citations)


def _trusted(html: str):
    """Marks sanitiser output (plus our own markers) as safe for format_html."""
    return mark_safe(html)  # noqa: S308 - output of render_markdown and fixed markers only


def _substitute_outside_code(html: str, replace) -> str:
    return "".join(
        CITATION.sub(replace, piece) if is_text else piece for piece, is_text in _pieces(html)
    )


def _citation(number: int, link) -> dict:
    post = link.post
    return {
        "number": number,
        "post_id": post.pk,
        "link_id": link.pk,
        "attribution": attribution_for(post.author),
        "kind": post.get_kind_display(),
        "theme": post.thread.theme.title,
        "posted_at": post.created_at.date().isoformat(),
        "permalink": post.get_absolute_url(),
        "linked_at": (link.refreshed_at or link.linked_at).isoformat(),
        "linked_text": link.linked_text,
    }


def _notes_html(citations: list[dict]) -> str:
    if not citations:
        return ""
    items = []
    for note in citations:
        try:
            quoted = _trusted(render_markdown(note["linked_text"]))
        except ValidationError:
            quoted = escape(note["linked_text"])
        items.append(
            format_html(
                '<li id="note-{n}"><a class="backref" href="#cite-{n}" '
                'aria-label="Back to citation {n}">↑</a> {who}, {kind}, {date}: '
                '<a href="{url}">contribution #{pk}</a>.'
                "<details><summary>Text as cited</summary>"
                '<blockquote class="cited-text">{quoted}</blockquote></details></li>',
                n=note["number"],
                who=note["attribution"],
                kind=note["kind"],
                date=note["posted_at"],
                url=note["permalink"],
                pk=note["post_id"],
                quoted=quoted,
            )
        )
    return (
        '\n<section class="notes" aria-labelledby="notes-heading">'
        '<h2 id="notes-heading">Notes</h2><ol>' + "".join(items) + "</ol></section>"
    )
