"""The review comments a version's page shows, and those carried to it from earlier versions."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString, mark_safe

from common.diffs import word_diff
from guidebook.citations import attribution_for, published_html
from guidebook.diffs import plain_texts
from guidebook.models import (
    ChapterVersion,
    CommentAnchor,
    ReviewComment,
)
from guidebook.passages import highlight
from guidebook.permissions import (
    visible_comments,
)
from guidebook.reading import split_blocks


def version_comments(user, version: ChapterVersion) -> list[ReviewComment]:
    """Comment threads sitting on this version, in paragraph order, each with its replies
    and an `attribution` for every author; then the comments on removed text: those left
    on this version and those the previous version left behind when this one replaced it
    (so the drafters of the new text still see them, with their quote)."""
    order = {p["id"]: n for n, p in enumerate(version.paragraphs)}
    here = Q(version=version)
    left_behind = Q(
        version__chapter_id=version.chapter_id,
        version__number=version.number - 1,
        on_removed_text=True,
    )
    threads = list(
        visible_comments(user, ReviewComment.objects.filter(here | left_behind, parent=None))
        .select_related("author", "outcome_by", "version", "round__version")
        .prefetch_related(
            Prefetch("replies", queryset=ReviewComment.objects.select_related("author"))
        )
    )
    for comment in threads:
        comment.attribution = attribution_for(comment.author)
        comment.paragraph_number = order.get(comment.para_id, 0) + 1
        for reply in comment.replies.all():
            reply.attribution = attribution_for(reply.author)
    threads.sort(key=lambda c: (c.on_removed_text, order.get(c.para_id, 0), c.created_at))
    return threads


def comments_carried(user, version: ChapterVersion) -> dict[int, list[ReviewComment]]:
    """paragraph id → the comments that sat on that paragraph of this version."""
    anchors = CommentAnchor.objects.filter(
        version=version,
        comment__in=visible_comments(user, ReviewComment.objects.filter(chapter=version.chapter)),
    ).select_related("comment__author", "comment__version__chapter")
    carried: dict[int, list[ReviewComment]] = {}
    for anchor in anchors:
        carried.setdefault(anchor.para_id, []).append(anchor.comment)
    return carried


SHOW_CHOICES = ("all", "open", "answered")


@dataclass
class ReadingBlock:
    """One top-level block of a version's page: a numbered paragraph with its comments, or
    a heading, a rule or the notes (no number, no comments)."""

    html: SafeString
    para_id: int | None = None
    number: int = 0
    source: str = ""  # the paragraph's Markdown, for a suggested rewording to start from
    text: str = ""  # the paragraph as a reader sees it, for quoting
    comments: list = field(default_factory=list)  # the threads the filter shows
    comment_count: int = 0  # all of them


def reading_page(user, version: ChapterVersion, *, show: str = "all", draft=None) -> dict:
    """The version as a reader's document: its blocks, each paragraph with its number, the
    threads on it (filtered by `show`: all, open or answered) and the passages they are
    about marked in its text; then the threads left on removed text. With the working
    `draft` (for its drafters), each suggested rewording gets `suggestion_diff`, a word
    diff against the draft's paragraph of the same id (None when that paragraph is gone)."""
    threads = version_comments(user, version)
    by_para: dict[int, list[ReviewComment]] = {}
    removed = []
    for comment in threads:
        if comment.on_removed_text or comment.version_id != version.pk:
            removed.append(comment)
        else:
            by_para.setdefault(comment.para_id, []).append(comment)
    draft_texts = {p["id"]: p["text"] for p in draft.paragraphs} if draft is not None else {}
    for comment in threads:
        comment.suggestion_diff = None
        if draft is not None and comment.suggested_text and comment.para_id in draft_texts:
            comment.suggestion_diff = word_diff(
                draft_texts[comment.para_id], comment.suggested_text
            )

    def shown(comments):
        if show == "open":
            return [c for c in comments if c.is_open]
        if show == "answered":
            return [c for c in comments if not c.is_open]
        return comments

    sources = {p["id"]: p["text"] for p in version.paragraphs}
    numbers = {p["id"]: n for n, p in enumerate(version.paragraphs, start=1)}
    texts = plain_texts(version.html)
    blocks = []
    for block in split_blocks(published_html(version)):
        if block.para_id is None or block.para_id not in numbers:
            blocks.append(ReadingBlock(html=mark_safe(block.html)))  # noqa: S308 - stored sanitiser output
            continue
        comments = by_para.get(block.para_id, [])
        html = block.html
        for comment in comments:
            if comment.selected_text:
                html = highlight(html, comment.selected_text)
        blocks.append(
            ReadingBlock(
                html=mark_safe(html),  # noqa: S308 - stored sanitiser output, or `highlight`'s
                para_id=block.para_id,
                number=numbers[block.para_id],
                source=sources[block.para_id],
                text=texts.get(block.para_id, sources[block.para_id]),
                comments=shown(comments),
                comment_count=len(comments),
            )
        )
    counts = {
        "all": len(threads),
        "open": sum(1 for c in threads if c.is_open),
        "answered": sum(1 for c in threads if not c.is_open),
    }
    return {"blocks": blocks, "removed_comments": shown(removed), "comment_counts": counts}
