"""Telling a person about something that happened to their contribution.

Every notification is an in-app row (shown on /notifications/) and, as the person chose,
an e-mail at once, a line in a digest, or nothing (forum/services/email.py). An e-mail at
once is queued only when the surrounding transaction commits, so a decision that is rolled
back never reaches anyone's inbox.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum.models import Notification
from forum.services.email import wants_email_now
from forum.tasks import send_notification_email


def notify(
    *,
    recipient: User,
    message: str,
    reason: str = "",
    url: str = "",
    email: bool = True,
    kind: str = Notification.Kind.MODERATION,
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        message=message[:500],
        reason=reason,
        url=url[:300],
        by_email=email,
    )
    if email and wants_email_now(notification):
        transaction.on_commit(
            partial(send_notification_email.enqueue, notification_id=notification.pk)
        )
    return notification


@transaction.atomic
def mark_notifications_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Marks the person's unread notifications read: those in `ids`, or all when None.
    Another person's ids are ignored. Returns how many rows changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
