"""The drafters' records as CSV: every link and every review comment, with its outcome.

Both files are for the drafting team (and administrators); the view asks
`can_view_pool` before sending either. They follow the guidebook's rules row by row all
the same, so neither can say more than the pages do: the links are those `visible_links`
lets the downloader see, with the note only where `can_view_link_notes` allows it; the
comments are those `visible_comments` allows (an invited-only review stays with its
audience). Every cell goes through `common.csv`, which keeps formulas out of spreadsheets.
"""

from collections.abc import Iterator

from common.csv import csv_lines
from guidebook.models import ContributionLink, ReviewComment
from guidebook.permissions import can_view_link_notes, visible_comments, visible_links

LINKS_HEADER = [
    "chapter",
    "section",
    "post",
    "permalink",
    "kind",
    "theme",
    "linked_by",
    "linked_at",
    "changed_since_linked",
    "note",
    "outcome",
    "outcome_reason",
]


def links_csv(*, user, base_url: str) -> Iterator[str]:
    """Every link this person may see with its outcome, one row each, as CSV lines."""
    links = (
        visible_links(user, ContributionLink.objects.all())
        .select_related("chapter", "section", "post__thread__theme", "linked_by")
        .order_by("chapter__number", "section__order", "linked_at", "pk")
    )
    rows = (
        [
            link.chapter.number,
            f"{link.chapter.number}.{link.section.order}" if link.section else "",
            link.post_id,
            base_url + link.post.get_absolute_url(),
            link.post.get_kind_display(),
            link.post.thread.theme.title,
            link.linked_by,
            link.linked_at.isoformat(),
            "yes" if link.is_changed else "no",
            link.note if can_view_link_notes(user, link.chapter) else "",
            str(link.get_outcome_display()),
            link.outcome_reason,
        ]
        for link in links.iterator(chunk_size=500)
    )
    return csv_lines(LINKS_HEADER, rows)


COMMENTS_HEADER = [
    "chapter",
    "version",
    "comment",
    "permalink",
    "paragraph",
    "on_removed_text",
    "author",
    "created_at",
    "quote",
    "comment_text",
    "suggested_text",
    "outcome",
    "outcome_reason",
]


def comments_csv(*, user, base_url: str) -> Iterator[str]:
    """Every review comment (not the replies) this person may read, with the drafters'
    answer and its outcome, as CSV lines."""
    comments = (
        visible_comments(user, ReviewComment.objects.filter(parent__isnull=True))
        .select_related("chapter", "version__chapter", "author")
        .order_by("chapter__number", "created_at", "pk")
    )
    rows = (
        [
            comment.chapter.number,
            comment.version.number,
            comment.pk,
            f"{base_url}{comment.version.get_absolute_url()}#comment-{comment.pk}",
            comment.para_id,
            "yes" if comment.on_removed_text else "no",
            comment.author,
            comment.created_at.isoformat(),
            comment.quote,
            comment.body,
            comment.suggested_text,
            str(comment.get_outcome_display()),
            comment.outcome_reason,
        ]
        for comment in comments.iterator(chunk_size=500)
    )
    return csv_lines(COMMENTS_HEADER, rows)
