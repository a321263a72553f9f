"""The review comments a version's page shows, and those carried to it from earlier versions."""

from django.db.models import Prefetch, Q

from guidebook.citations import attribution_for
from guidebook.models import (
    ChapterVersion,
    CommentAnchor,
    ReviewComment,
)
from guidebook.permissions import (
    visible_comments,
)


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
        .select_related("author", "responded_by", "version", "round__version")
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
