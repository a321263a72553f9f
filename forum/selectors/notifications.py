"""The signed-in person's notifications, newest first, and the header's unread count."""

import math
from collections.abc import Iterable
from functools import partial

from django.core.cache import cache
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from accounts.models import User
from forum.models import Notification
from forum.selectors.pages import page_of

NOTIFICATIONS_PER_PAGE = 25
# Kept until the person's notifications change (every change drops it), so this only
# bounds how long a count written by a lost race could linger.
UNREAD_COUNT_TIMEOUT = 60 * 60


def my_notifications(user: User, *, page: int | str = 1) -> Page:
    qs = Notification.objects.delivered().filter(recipient=user).order_by("-created_at", "-pk")
    return page_of(qs, per_page=NOTIFICATIONS_PER_PAGE, number=page)


def _unread_key(user_id: int) -> str:
    return f"forum:unread-notifications:{user_id}"


def unread_count(user: User) -> int:
    """How many of the person's notifications are unread: one COUNT, then from the cache
    until their notifications change."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        now = timezone.now()
        row = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
            count=Count("pk", filter=Q(deliver_after__isnull=True) | Q(deliver_after__lte=now)),
            held_until=Min("deliver_after", filter=Q(deliver_after__gt=now)),
        )
        count, timeout = row["count"], UNREAD_COUNT_TIMEOUT
        if row["held_until"] is not None:
            # A held notification appears when its hold ends: the count lasts until then.
            timeout = max(1, math.ceil((row["held_until"] - now).total_seconds()))
        cache.set(key, count, timeout)
    return count


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    """Drops the cached counts of these people: now, for the rest of this request, and again
    when the transaction commits, so a count read meanwhile from the old rows (by another
    request) does not outlive the change."""
    keys = [_unread_key(pk) for pk in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(partial(cache.delete_many, keys))
