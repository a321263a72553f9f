"""Telling a person about something that happened to their contribution.

Every notification is an in-app row (shown on /notifications/) and an e-mail. The e-mail
is queued only when the surrounding transaction commits, so a decision that is rolled back
never reaches anyone's inbox.
"""

from functools import partial

from django.conf import settings
from django.db import transaction

from accounts.models import User
from forum.models import Notification
from forum.tasks import send_notification_email


def notify(
    *, recipient: User, message: str, reason: str = "", url: str = "", email: bool = True
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, message=message[:500], reason=reason, url=url[:300]
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
