"""What every page needs from moderation: the header's count of what waits for a moderator,
and whether it links to the administration."""

from functools import cache

from django.conf import settings
from django.db.models import Func, IntegerField, QuerySet, Subquery

from accounts.models import ApprovalStatus, User
from forum.models import Post
from forum.permissions import moderated_theme_ids
from moderation.models import Report
from moderation.permissions import can_work_account_queue, is_admin_staff


def admin_link(request):
    """`shows_admin_link`: staff see the link; the admin itself asks for the second factor."""
    user = getattr(request, "user", None)
    return {"shows_admin_link": user is not None and is_admin_staff(user)}


def _count(rows: QuerySet) -> Subquery:
    """COUNT(*) of `rows` as a scalar subquery, so several counts come back in one query."""
    return Subquery(
        rows.order_by().values(n=Func("pk", function="COUNT")), output_field=IntegerField()
    )


def queue_count(request):
    """`moderation_queue_count`: for moderators, what waits for them: the pending posts (and
    held edits) and the open reports in their themes, and the accounts awaiting approval
    while approval is required; None for everyone else. Computed only if the page shows it,
    and then in one query (two while approval is required, to ask who may work the account
    queue): the themes come from `moderated_theme_ids`, which the request has usually read
    already.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"moderation_queue_count": None}

    @cache
    def count() -> int | None:
        theme_ids = moderated_theme_ids(user)
        if not theme_ids:
            return None
        counts = {
            "waiting_posts": _count(
                Post.objects.awaiting_review().filter(thread__theme_id__in=theme_ids)
            ),
            "open_reports": _count(
                Report.objects.filter(
                    status=Report.Status.OPEN, post__thread__theme_id__in=theme_ids
                )
            ),
        }
        if settings.ACCOUNT_APPROVAL_REQUIRED and can_work_account_queue(user):
            counts["waiting_accounts"] = _count(
                User.objects.filter(approval_status=ApprovalStatus.PENDING)
            )
        row = User.objects.filter(pk=user.pk).annotate(**counts).values_list(*counts).get()
        return sum(n or 0 for n in row)

    return {"moderation_queue_count": count}
