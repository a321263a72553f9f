"""E-mail about notifications: at once, in a daily or weekly digest, or not at all, as each
person chose; and a signed link in every message that stops them without signing in.

A notification row is written first (forum/services/notifications.py); this module decides
whether and when it goes out. Sending marks the row `emailed_at` in the same transaction
that reads it under a row lock, so two workers, or a digest run twice, never send the same
notification twice.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from forum.models import EmailPreference, Notification

Frequency = EmailPreference.Frequency
DIGEST_PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
# An unsubscribe link keeps working this long after the e-mail that carried it.
UNSUBSCRIBE_MAX_AGE = timedelta(days=180)
_UNSUBSCRIBE_SALT = "forum.email.unsubscribe"
# A digest lists this many notifications and links to the page for the rest.
DIGEST_MAX_ITEMS = 50


def preference_for(user: User) -> EmailPreference:
    """The person's choice; an unsaved default (every notification at once) if they made none."""
    return EmailPreference.objects.filter(user=user).first() or EmailPreference(user=user)


def preferences_for(users) -> dict[int, EmailPreference]:
    """`preference_for` of many people at once, in one query: user id → their choice."""
    users = list(users)
    saved = {p.user_id: p for p in EmailPreference.objects.filter(user__in=users)}
    return {user.pk: saved.get(user.pk) or EmailPreference(user=user) for user in users}


@transaction.atomic
def set_email_preference(*, user: User, frequency: str, muted_kinds=()) -> EmailPreference:
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown frequency {frequency!r}")
    muted = sorted({kind for kind in muted_kinds if kind in Notification.Kind.values})
    preference, _created = EmailPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "muted_kinds": muted}
    )
    return preference


# Unsubscribe links ----------------------------------------------------------------------


def unsubscribe_token(user: User, kind: str = "") -> str:
    """A signed, dated token naming the person (and the kind of notification the e-mail
    was about, so the link can stop just that kind)."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    """The person and kind a token names. Raises signing.SignatureExpired for an old link
    and signing.BadSignature for a changed or made-up one (SignatureExpired is one)."""
    data = signing.loads(token, salt=_UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        raise signing.BadSignature("No such person.")
    kind = data.get("k", "")
    return user, kind if kind in Notification.Kind.values else ""


@transaction.atomic
def unsubscribe(*, user: User, kind: str = "") -> EmailPreference:
    """Stops e-mail of one kind, or all e-mail when `kind` is empty. The notifications
    still appear on the site."""
    preference = preference_for(user)
    if kind:
        return set_email_preference(
            user=user,
            frequency=preference.frequency,
            muted_kinds=[*preference.muted_kinds, kind],
        )
    return set_email_preference(
        user=user, frequency=Frequency.OFF, muted_kinds=preference.muted_kinds
    )


def unsubscribe_url(user: User, kind: str = "") -> str:
    path = reverse("forum:email_unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    return f"{settings.SITE_URL}{path}"


# Building and sending ---------------------------------------------------------------------


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _message(*, user: User, subject: str, template: str, context: dict, kind: str = ""):
    """One e-mail in the person's language, with a plain-text and an HTML part, links built
    from SITE_URL, and the RFC 8058 headers that let a mail program unsubscribe in one click."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        stop_url = unsubscribe_url(user, kind)
        context = {
            **context,
            "person": user,
            "site_url": settings.SITE_URL,
            "settings_url": _absolute(reverse("forum:email_settings")),
            "unsubscribe_url": stop_url,
            "unsubscribe_all_url": unsubscribe_url(user) if kind else stop_url,
        }
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string(f"email/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{stop_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message


def _item(notification: Notification) -> dict:
    return {
        "message": notification.message,
        "reason": notification.reason,
        "url": _absolute(notification.url) if notification.url else "",
        "created_at": notification.created_at,
    }


def wants_email_now(
    notification: Notification, *, preference: EmailPreference | None = None
) -> bool:
    """Whether this notification goes out on its own as soon as it is written.
    `preference`: the recipient's, when the caller read it already (`preferences_for`)."""
    if not notification.by_email:
        return False
    preference = preference or preference_for(notification.recipient)
    return preference.frequency == Frequency.IMMEDIATELY and preference.wants(notification.kind)


@transaction.atomic
def send_notification(*, notification_id: int) -> bool:
    """E-mails one notification unless it was e-mailed already or the person no longer
    wants it. Returns whether an e-mail went out. A failure to send raises, and leaves the
    row unsent, so the task can be tried again."""
    notification = (
        Notification.objects.delivered()
        .select_for_update()
        .select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True, by_email=True)
        .first()
    )
    if notification is None:
        return False
    recipient = notification.recipient
    if not (recipient.is_active and recipient.email) or not wants_email_now(notification):
        return False
    _message(
        user=recipient,
        subject=notification.message[:150],
        template="notification",
        context={"item": _item(notification)},
        kind=notification.kind,
    ).send()
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def _digest_recipients(period: str):
    return User.objects.filter(is_active=True, email_preference__frequency=period).exclude(email="")


@transaction.atomic
def send_digest(*, user: User, period: str, now=None) -> int:
    """One digest for one person: every notification of theirs not yet e-mailed, of the
    kinds they still want. Returns how many it listed (0: nothing sent)."""
    now = now or timezone.now()
    preference = preference_for(user)
    rows = list(
        Notification.objects.delivered(now=now)
        .select_for_update()
        .filter(recipient=user, by_email=True, emailed_at__isnull=True, created_at__lte=now)
        .exclude(kind__in=preference.muted_kinds)
        .order_by("-created_at", "-pk")
    )
    if not rows or preference.frequency != period:
        return 0
    count = len(rows)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = ngettext(
            "Your %(period)s digest: %(count)d notification",
            "Your %(period)s digest: %(count)d notifications",
            count,
        ) % {"period": _("daily") if period == Frequency.DAILY else _("weekly"), "count": count}
    _message(
        user=user,
        subject=subject,
        template="digest",
        context={
            "items": [_item(n) for n in rows[:DIGEST_MAX_ITEMS]],
            "count": count,
            "more": max(count - DIGEST_MAX_ITEMS, 0),
            "notifications_url": _absolute(reverse("forum:notifications")),
        },
    ).send()
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
    return count


def send_digests(*, period: str, dry_run: bool = False) -> dict[str, int]:
    """Every digest of this period that has something to say: one transaction a person,
    so one failure leaves the others sent and its own rows for the next run."""
    if period not in DIGEST_PERIODS:
        raise ValueError(f"Unknown digest period {period!r}")
    sent = people = 0
    for user in _digest_recipients(period).iterator(chunk_size=200):
        if dry_run:
            waiting = (
                Notification.objects.delivered()
                .filter(recipient=user, by_email=True, emailed_at__isnull=True)
                .exclude(kind__in=preference_for(user).muted_kinds)
                .count()
            )
        else:
            waiting = send_digest(user=user, period=period)
        if waiting:
            people += 1
            sent += waiting
    return {"people": people, "notifications": sent}
