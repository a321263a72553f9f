"""The open reports a unit's moderators work through."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from moderation.models import Report, Unit
from moderation.permissions import unit_theme_ids, visible_reports

REPORTS_PAGE_SIZE = 25


def unit_open_reports(user, unit: Unit, *, page: int | str = 1) -> Page:
    """Open reports on posts in the unit's themes, oldest first, each with how many open
    reports its post has in all (several people reporting one post is a signal)."""
    theme_ids = unit_theme_ids([unit])[unit.pk]
    reports = (
        visible_reports(
            user,
            Report.objects.filter(status=Report.Status.OPEN, post__thread__theme_id__in=theme_ids),
        )
        .select_related("post", "post__author", "post__thread", "post__thread__theme", "reporter")
        .annotate(
            open_on_post=Count("post__reports", filter=Q(post__reports__status=Report.Status.OPEN))
        )
        .order_by("created_at", "pk")
    )
    return Paginator(reports, REPORTS_PAGE_SIZE).get_page(page)
