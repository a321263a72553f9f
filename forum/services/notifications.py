"""Telling a person about something that happened to their contribution.

Every notification is written in its recipient's language (messages come as lazy text,
`localized`) and is an in-app row (shown on /notifications/) and, as the person chose,
an e-mail at once, a line in a digest, or nothing (forum/services/email.py). An e-mail at
once is queued only when the surrounding transaction commits, so a decision that is rolled
back never reaches anyone's inbox. Every change to a person's rows drops their cached
unread count (forum.selectors.notifications), so the header's bell is never behind.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy

from accounts.models import User
from forum.models import Notification
from forum.selectors.notifications import forget_unread_counts
from forum.services.email import preferences_for, wants_email_now
from forum.tasks import release_held_notifications_task, send_notification_email

# (until, rows held so far) while `holding_notifications` is in force.
_holding: ContextVar[tuple[datetime, list[Notification]] | None] = ContextVar(
    "holding_notifications", default=None
)


@contextmanager
def holding_notifications(*, until: datetime) -> Iterator[list[Notification]]:
    """Holds every notification written inside the block until `until`: the rows are stored
    but neither shown nor e-mailed before then, so what wrote them can still be taken back
    (moderation's undo of a decision deletes them). Yields the list of rows held, filled as
    they are written. In-app, they appear by themselves once the hold ends; their e-mail
    goes out through `release_held_notifications`:

    - where the task backend defers work (django-tasks-db's `db_worker` in production), a
      release task is queued, when the transaction commits, to run at `until`;
    - with a backend that cannot (the in-process backend of `make run` and the tests, which
      has no worker to wake later), each new hold first releases those that have ended, and
      the `release_held_notifications` command releases the rest.
    """
    task = release_held_notifications_task
    defers = task.get_backend().supports_defer
    if not defers:
        release_held_notifications()
    held: list[Notification] = []
    token = _holding.set((until, held))
    try:
        yield held
    finally:
        _holding.reset(token)
    if held and defers:
        transaction.on_commit(partial(task.using(run_after=until).enqueue))


def _hold(rows: list[Notification]) -> bool:
    """Marks `rows` (not yet saved) as held, if a hold is in force. Returns whether it is."""
    holding = _holding.get()
    if holding is None:
        return False
    until, held = holding
    for row in rows:
        row.deliver_after = until
    held.extend(rows)
    return True


@transaction.atomic
def release_held_notifications(*, now: datetime | None = None) -> int:
    """Sends the e-mails of notifications whose hold has ended (each as `notify` would have)
    and marks them delivered. Returns how many were released."""
    now = now or timezone.now()
    rows = list(
        Notification.objects.select_for_update()
        .select_related("recipient")
        .filter(deliver_after__isnull=False, deliver_after__lte=now)
    )
    if not rows:
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(deliver_after=None)
    forget_unread_counts({n.recipient_id for n in rows})
    preferences = preferences_for({n.recipient_id: n.recipient for n in rows}.values())
    for row in rows:
        if row.by_email and wants_email_now(row, preference=preferences[row.recipient_id]):
            transaction.on_commit(partial(send_notification_email.enqueue, notification_id=row.pk))
    return len(rows)


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
    held = _hold([notification])
    notification.save()
    forget_unread_counts([recipient.pk])
    if email and not held and wants_email_now(notification):
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
    rows = [
        _row(recipient=user, kind=kind, message=message, reason=reason, url=url, email=email)
        for user in unique
    ]
    held = _hold(rows)
    rows = Notification.objects.bulk_create(rows)
    forget_unread_counts([user.pk for user in unique])
    if email and not held:
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
    unread = Notification.objects.delivered().filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        forget_unread_counts([user.pk])
    return changed
