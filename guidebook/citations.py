"""Rendering a chapter's paragraphs with citations of linked contributions.

Citation syntax: `[[post:123]]` anywhere text can stand cites forum post 123, which must
be linked to the chapter (and not withdrawn by the moderators); never inside a link's text,
where it would make a link inside a link (`guidebook.paragraphs` refuses it). The
substitution runs on the sanitised HTML of the whole draft, in text outside tags and
outside code, with a pattern that only matches digits; so the marker it writes is the only
markup added, and a citation written inside a code span stays literal (to document the
syntax itself).
"""

import re
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.attribution import attribution_for
from forum.markup import render_markdown, render_tokens
from forum.models import Post
from guidebook.paragraphs import (
    CITATION,
    ParsedDraft,
    mark_paragraphs,
    parse_draft,
    place_headings,
)

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


def withdrawn_post_ids(post_ids) -> set[int]:
    """Those of the posts that the moderators have since hidden or rejected: they may not
    be cited any more, and a published note of one no longer quotes it."""
    return set(
        Post.objects.filter(pk__in=list(post_ids), status__in=WITHDRAWN).values_list(
            "pk", flat=True
        )
    )


WITHDRAWN = (Post.Status.HIDDEN, Post.Status.REJECTED)


def render_paragraphs(
    text: str | ParsedDraft, paragraphs: list[dict], links_by_post: dict
) -> Rendered:
    """HTML of the draft (each paragraph's opening tag carrying its id) followed by the
    numbered notes.

    `text` may be given already parsed (`parse_draft`, not yet rendered); `paragraphs` are
    its paragraphs in order (`guidebook.paragraphs`), whose ids the rendered blocks take.
    `links_by_post` maps post id → the ContributionLink (with `post`
    and its author loaded) the chapter holds for it. Raises ValidationError for Markdown
    that the forum refuses, and for citations of contributions not linked to the chapter or
    withdrawn by the moderators.
    """
    notes = {post_id: partial(_citation, link=link) for post_id, link in links_by_post.items()}
    withdrawn = {
        post_id for post_id, link in links_by_post.items() if link.post.status in WITHDRAWN
    }
    return _render(text, paragraphs, notes, refused=withdrawn)


def render_published(
    text: str, paragraphs: list[dict], citations: list[dict], *, withdrawn=frozenset()
) -> Rendered:
    """A published version rendered again with its notes exactly as they were published
    (the linked text may have changed since; the version must not), except that the note
    of a contribution in `withdrawn` no longer quotes it."""
    notes = {
        note["post_id"]: partial(_renumbered, note, note["post_id"] in withdrawn)
        for note in citations
    }
    return _render(text, paragraphs, notes)


def published_html(version) -> str:
    """The HTML of a published version as it may be shown or exported today: as stored,
    or rendered again when a contribution it cites has since been withdrawn."""
    withdrawn = withdrawn_post_ids(note["post_id"] for note in version.citations)
    if not withdrawn:
        return version.html
    return render_published(
        version.text, version.paragraphs, version.citations, withdrawn=withdrawn
    ).html


def _renumbered(note: dict, withdrawn: bool, number: int) -> dict:
    note = {**note, "number": number}
    if withdrawn:
        note["withdrawn"] = True
    return note


def _render(
    text: str | ParsedDraft, paragraphs: list[dict], notes: dict, *, refused=frozenset()
) -> Rendered:
    """The text and its notes; `notes` maps each post that may be cited to a function from
    the note's number to the note. Citing a post in `refused` is an error."""
    parsed = text if isinstance(text, ParsedDraft) else parse_draft(text)
    mark_paragraphs(parsed, [p["id"] for p in paragraphs])
    place_headings(parsed)
    body = render_tokens(parsed.tokens, parsed.env) if parsed.tokens else ""
    cited = cited_post_ids(body)
    unlinked = [post_id for post_id in cited if post_id not in notes]
    if unlinked:
        raise ValidationError(
            [
                _(
                    "Post #%(post)s is cited but is not linked to this chapter. Link it from "
                    "the contribution pool first, or remove the citation."
                )
                % {"post": post_id}
                for post_id in unlinked
            ],
            code="unlinked_citation",
        )
    withdrawn = [post_id for post_id in cited if post_id in refused]
    if withdrawn:
        raise ValidationError(
            [
                _(
                    "Contribution #%(post)s has been withdrawn by the moderators and can no "
                    "longer be cited. Remove the citation."
                )
                % {"post": post_id}
                for post_id in withdrawn
            ],
            code="withdrawn_citation",
        )
    numbers: dict[int, int] = {}
    uses: dict[int, int] = {}

    def marker(match):
        post_id = int(match.group(1))
        number = numbers.setdefault(post_id, len(numbers) + 1)
        uses[post_id] = uses.get(post_id, 0) + 1
        anchor = f"cite-{number}" if uses[post_id] == 1 else f"cite-{number}-{uses[post_id]}"
        return f'<sup class="cite"><a href="#note-{number}" id="{anchor}">{number}</a></sup>'

    body = _substitute_outside_code(body, marker)
    citations = [notes[post_id](number) for post_id, number in numbers.items()]
    return Rendered(html=body + _notes_html(citations), citations=citations)


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
        "title": post.thread.title,
        "linked_at": (link.refreshed_at or link.linked_at).isoformat(),
        "linked_text": link.linked_text,
    }


def withdrawn_note_text() -> str:
    """What a note says in place of the text of a contribution withdrawn after it was cited."""
    return _("withdrawn by the moderators")


def _note_html(note: dict) -> str:
    """One note: who, what and when, then the text as cited (or that it was withdrawn)."""
    if note.get("withdrawn"):
        body = format_html(
            '<span class="note-withdrawn">{withdrawn}</span>.', withdrawn=withdrawn_note_text()
        )
    else:
        try:
            quoted = _trusted(render_markdown(note["linked_text"]))
        except ValidationError:
            quoted = escape(note["linked_text"])
        # Named by its thread's title; notes frozen before titles were kept give the number.
        title = note.get("title")
        name = (
            _("“%(title)s”") % {"title": title}
            if title
            else _("contribution #%(number)s") % {"number": note["post_id"]}
        )
        body = format_html(
            '<a href="{url}">{name}</a>.'
            "<details><summary>{cited}</summary>"
            '<blockquote class="cited-text">{quoted}</blockquote></details>',
            url=note["permalink"],
            name=name,
            cited=_("Text as cited"),
            quoted=quoted,
        )
    return format_html(
        '<li id="note-{n}"><a class="backref" href="#cite-{n}" '
        'aria-label="Back to citation {n}">↑</a> {who}, {kind}, {date}: {body}</li>',
        n=note["number"],
        who=note["attribution"],
        kind=note["kind"],
        date=note["posted_at"],
        body=body,
    )


def _notes_html(citations: list[dict]) -> str:
    if not citations:
        return ""
    items = [_note_html(note) for note in citations]
    return (
        '\n<section class="notes" aria-labelledby="notes-heading">'
        '<h2 id="notes-heading">Notes</h2><ol>' + "".join(items) + "</ol></section>"
    )
