"""Telling a person about something that happened to their contribution.

Every notification is written in its recipient's language (messages come as lazy text,
`localized`) and is an in-app row (shown on /notifications/) and, as the person chose,
an e-mail at once, a line in a digest, or nothing (forum/services/email.py). An e-mail at
once is queued only when the surrounding transaction commits, so a decision that is rolled
back never reaches anyone's inbox. Every change to a person's rows drops their cached
unread count (forum.selectors.notifications), so the header's bell is never behind.
"""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy

from accounts.models import User
from forum.models import Notification
from forum.selectors.notifications import forget_unread_counts
from forum.services.email import preferences_for, wants_email_now
from forum.tasks import send_notification_email


def localized(message: str | Promise, params: dict | None = None, /) -> Promise:
    """A message written in whichever language is active when it is read: `message` is a
    gettext_lazy text with %(name)s placeholders, `params` its values, which may be lazy
    too (a translated name, `lazy_text`). `notify` reads it in each recipient's language."""

    def render() -> str:
        if not params:
            return str(message)
        return str(message) % {
            key: str(value) if isinstance(value, Promise) else value
            for key, value in params.items()
        }

    return lazy(render, str)()


def lazy_text(function, *args) -> Promise:
    """`function(*args)`, a str, called only when read: a name or a label in the language
    active then (`lazy_text(translated, theme, "title")`)."""
    return lazy(function, str)(*args)


def in_language_of(recipient: User, message: str | Promise) -> str:
    """`message` as `recipient` reads it: in their profile's language."""
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        return str(message)


def _row(*, recipient: User, kind: str, message: str | Promise, reason: str, url: str, email: bool):
    """A notification as stored: the message in the recipient's language, the message and
    address cut to their columns."""
    return Notification(
        recipient=recipient,
        kind=kind,
        message=in_language_of(recipient, message)[:500],
        reason=reason,
        url=url[:300],
        by_email=email,
    )


def notify(
    *,
    recipient: User,
    message: str | Promise,
    reason: str = "",
    url: str = "",
    email: bool = True,
    kind: str = Notification.Kind.MODERATION,
) -> Notification:
    notification = _row(
        recipient=recipient, kind=kind, message=message, reason=reason, url=url, email=email
    )
    notification.save()
    forget_unread_counts([recipient.pk])
    if email and wants_email_now(notification):
        transaction.on_commit(
            partial(send_notification_email.enqueue, notification_id=notification.pk)
        )
    return notification


def notify_many(
    *,
    recipients: Iterable[User],
    message: str | Promise,
    reason: str = "",
    url: str = "",
    email: bool = True,
    kind: str,
) -> list[Notification]:
    """`notify` for many people at once: one INSERT for all the rows, one query for their
    e-mail choices, and each e-mail at once queued as `notify` queues it. A person listed
    twice is told once."""
    unique = list({user.pk: user for user in recipients}.values())
    if not unique:
        return []
    rows = Notification.objects.bulk_create(
        _row(recipient=user, kind=kind, message=message, reason=reason, url=url, email=email)
        for user in unique
    )
    forget_unread_counts([user.pk for user in unique])
    if email:
        preferences = preferences_for(unique)
        for row in rows:
            if wants_email_now(row, preference=preferences[row.recipient_id]):
                transaction.on_commit(
                    partial(send_notification_email.enqueue, notification_id=row.pk)
                )
    return rows


@transaction.atomic
def mark_notifications_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Marks the person's unread notifications read: those in `ids`, or all when None.
    Another person's ids are ignored. Returns how many rows changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        forget_unread_counts([user.pk])
    return changed
