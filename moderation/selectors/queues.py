"""The queues: /moderation/ (every unit this person may work, with what waits in it) and
one unit's queue of pending posts."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from accounts.models import StakeholderGroup
from forum.models import Post, PostEdit, Theme, Thread
from moderation.models import Decision, Report, ReviewClaim, Unit
from moderation.permissions import unit_theme_ids, visible_units

QUEUE_PAGE_SIZE = 25


@dataclass
class UnitSummary:
    unit: Unit
    pending_count: int = 0
    oldest_pending_at: datetime | None = None
    open_reports: int = 0
    recent_decisions: int = 0


def units_overview(user) -> list[UnitSummary]:
    """Each unit this person may work, with what waits in it. Five queries whatever the size."""
    units = list(visible_units(user, Unit.objects.all()).order_by("code"))
    if not units:
        return []
    themes_of = unit_theme_ids(units)
    all_theme_ids = set().union(*themes_of.values())
    pending = {
        row["thread__theme_id"]: row
        for row in Post.objects.awaiting_review()
        .filter(thread__theme_id__in=all_theme_ids)
        .values("thread__theme_id")
        .annotate(n=Count("pk"), oldest=Min("submitted_at"))
        .order_by()
    }
    reports = dict(
        Report.objects.filter(status=Report.Status.OPEN, post__thread__theme_id__in=all_theme_ids)
        .values("post__thread__theme_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("post__thread__theme_id", "n")
    )
    since = timezone.now() - timedelta(days=7)
    decisions = dict(
        Decision.objects.filter(unit__in=units, created_at__gte=since)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("unit_id", "n")
    )
    summaries = []
    for unit in units:
        summary = UnitSummary(unit=unit, recent_decisions=decisions.get(unit.pk, 0))
        for theme_id in themes_of[unit.pk]:
            row = pending.get(theme_id)
            if row:
                summary.pending_count += row["n"]
                if summary.oldest_pending_at is None or row["oldest"] < summary.oldest_pending_at:
                    summary.oldest_pending_at = row["oldest"]
            summary.open_reports += reports.get(theme_id, 0)
        summaries.append(summary)
    return summaries


@dataclass
class UnitQueue:
    unit: Unit
    themes: list[Theme]
    page: Page
    filters: dict = field(default_factory=dict)

    @property
    def posts(self):
        return self.page.object_list


def unit_queue(
    user,
    unit: Unit,
    *,
    theme: str | None = None,
    kind: str | None = None,
    stakeholder_group: str | None = None,
    page: int | str = 1,
) -> UnitQueue:
    """Pending posts in the unit's themes, the longest-waiting first, 25 a page.

    `theme` is a theme slug; a filter value outside the unit's themes or the known kinds and
    groups is ignored rather than answered with an error, as it comes from a URL.
    The caller has checked that `user` may work this unit's queue.

    Thousands of posts can wait, so the work stays proportional to a page: one count of the
    matching posts replaces the paginator's, and the page's 25 ids are chosen
    in a subquery over the pending posts alone, so the joins for thread, theme, author and
    claim run for those 25 rows only, not for every waiting post before the sort.
    """
    theme_ids = unit_theme_ids([unit])[unit.pk]
    themes = list(Theme.objects.filter(pk__in=theme_ids).order_by("order", "title"))
    filters = {}
    shown_theme_ids = theme_ids
    chosen = next((t for t in themes if t.slug == theme), None)
    if chosen is not None:
        shown_theme_ids = {chosen.pk}
        filters["theme"] = chosen.slug
    conditions = Q()
    if kind in Post.Kind.values:
        conditions &= Q(kind=kind)
        filters["kind"] = kind
    if stakeholder_group in StakeholderGroup.values:
        conditions &= Q(author__stakeholder_group=stakeholder_group)
        filters["stakeholder_group"] = stakeholder_group

    pending = Post.objects.awaiting_review()
    matching = pending.filter(conditions, thread__theme_id__in=shown_theme_ids).count()
    # Threads as a subquery rather than a join: both databases then read the waiting posts
    # thread by thread from forum_post_pending_idx and sort only their ids.
    ids = (
        pending.filter(conditions, thread__in=Thread.objects.filter(theme_id__in=shown_theme_ids))
        .order_by("submitted_at", "pk")
        .values("pk")
    )
    paginator = Paginator(ids, QUEUE_PAGE_SIZE)
    paginator.count = matching  # replaces the paginator's own COUNT(*) query
    page_obj = paginator.get_page(page)
    page_obj.object_list = list(
        Post.objects.filter(pk__in=page_obj.object_list)
        .select_related(
            "thread", "thread__theme", "author", "review_claim", "review_claim__moderator"
        )
        .annotate(
            # Sent back once already: the author edited it after a moderator asked.
            is_resubmission=Exists(
                Decision.objects.filter(post=OuterRef("pk"), action=Decision.Action.REQUEST_CHANGES)
            ),
            # Approved and public: what waits is the author's edit of it.
            is_edit=Exists(
                PostEdit.objects.filter(post=OuterRef("pk"), status=PostEdit.Status.PENDING)
            ),
        )
        .order_by("submitted_at", "pk")
    )
    claims = []
    for post in page_obj.object_list:
        post.active_claim = live_claim(post)
        if post.active_claim is not None:
            claims.append(post.active_claim)
    _label_claimants(claims)
    return UnitQueue(
        unit=unit,
        themes=themes,
        page=page_obj,
        filters=filters,
    )


def _label_claimants(claims: list[ReviewClaim]) -> None:
    """Sets `claimant` on each claim: the moderator with their units, "Katarina Horvat,
    TNT/ATU", read for every claim on the page in one query."""
    if not claims:
        return
    units_of: dict[int, list[str]] = {}
    rows = Unit.objects.filter(group__user__in={c.moderator_id for c in claims}).values_list(
        "group__user", "name"
    )
    for user_id, name in rows.order_by("name"):
        units_of.setdefault(user_id, []).append(name)
    for claim in claims:
        names = units_of.get(claim.moderator_id)
        claim.claimant = (
            f"{claim.moderator}, {' / '.join(names)}" if names else str(claim.moderator)
        )


def live_claim(post: Post) -> ReviewClaim | None:
    """The post's claim if it has not expired (read from a select_related row when there)."""
    try:
        claim = post.review_claim
    except ReviewClaim.DoesNotExist:
        return None
    return claim if claim.expires_at > timezone.now() else None


def next_in_queue(user, unit: Unit) -> Post | None:
    """The post "… and next" opens: the longest-waiting pending post of the unit's queue
    that no other moderator is reviewing right now (theirs is left to them), or None when
    nothing else waits. The caller has checked that `user` may work this unit's queue."""
    theme_ids = unit_theme_ids([unit])[unit.pk]
    taken_by_others = ReviewClaim.objects.filter(expires_at__gt=timezone.now()).exclude(
        moderator=user
    )
    return (
        Post.objects.awaiting_review()
        .filter(thread__theme_id__in=theme_ids)
        .exclude(pk__in=taken_by_others.values("post_id"))
        .order_by("submitted_at", "pk")
        .first()
    )
