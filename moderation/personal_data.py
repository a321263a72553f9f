"""What moderation holds about a person: the reports they made, and on deletion of their
account, what goes (accounts/personal_data.py; registered in ModerationConfig.ready).

The decision log keeps every row: a row points at the emptied account, which names nobody.
What a moderator wrote about the person or about a post of theirs that is being removed
(the reason) is cleared, as are moderators' notes about them and the reports they made.
"""

from django.db.models import Q

from forum.models import Post
from forum.personal_data import posts_kept_on_deletion
from moderation.models import Decision, ModeratorNote, Report, ReviewClaim


def export_reports(user) -> list[dict]:
    reports = Report.objects.filter(reporter=user).select_related("post__thread")
    return [
        {
            "post": report.post_id,
            "thread": report.post.thread.title,
            "reason": report.reason,
            "text": report.text,
            "status": report.status,
            "created_at": report.created_at.isoformat(),
            "resolved_at": report.resolved_at.isoformat() if report.resolved_at else None,
        }
        for report in reports.order_by("created_at", "pk")
    ]


def erase_moderation_data(user) -> None:
    """Runs in delete_account's transaction, before the forum removes the posts."""
    kept = posts_kept_on_deletion(user).values_list("pk", flat=True)
    removed_posts = Post.objects.filter(author=user).exclude(pk__in=kept)
    Decision.objects.filter(Q(target_user=user) | Q(post__in=removed_posts)).update(reason="")
    ModeratorNote.objects.filter(Q(author=user) | Q(post__in=removed_posts)).delete()
    Report.objects.filter(reporter=user).delete()
    ReviewClaim.objects.filter(moderator=user).delete()
