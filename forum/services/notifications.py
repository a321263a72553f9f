"""Telling a person about something that happened to their contribution.

Every notification is an in-app row (shown on /notifications/) and an e-mail. The e-mail
is queued only when the surrounding transaction commits, so a decision that is rolled back
never reaches anyone's inbox.
"""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum.models import Notification
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
        recipient=recipient, kind=kind, message=message[:500], reason=reason, url=url[:300]
    )
    if email:
        body = message if not reason else f"{message}\n\nReason given:\n{reason}"
        if url:
            # The in-app row keeps the site-relative path; e-mail needs the full address.
            link = f"{settings.SITE_URL}{url}" if url.startswith("/") else url
            body = f"{body}\n\n{link}"
        transaction.on_commit(
            partial(
                send_notification_email.enqueue,
                recipient_id=recipient.pk,
                subject=message[:150],
                body=body,
            )
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
