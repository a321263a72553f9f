"""Background work for the forum, through Django's tasks framework (settings.TASKS).

Arguments are plain values: a worker backend stores them as JSON and runs the task later,
after the request that queued it has finished.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# A mail server that refuses or times out is tried again, a little later each time
# (settings.NOTIFICATION_EMAIL_RETRY_SECONDS); after the last attempt the task fails,
# and the worker records it as failed with its error.
EMAIL_ATTEMPTS = 4


@task
def send_notification_email(*, notification_id: int, attempt: int = 1) -> bool:
    """E-mails one notification (forum/services/email.py decides whether it still should)."""
    from forum.services.email import send_notification

    try:
        return send_notification(notification_id=notification_id)
    except OSError as error:  # smtplib's errors, refused and timed-out connections
        if attempt >= EMAIL_ATTEMPTS:
            raise
        logger.warning(
            "E-mail of notification %s failed (attempt %s of %s): %s",
            notification_id,
            attempt,
            EMAIL_ATTEMPTS,
            error,
        )
        retry = send_notification_email
        if retry.get_backend().supports_defer:
            delay = timedelta(seconds=settings.NOTIFICATION_EMAIL_RETRY_SECONDS * attempt)
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(notification_id=notification_id, attempt=attempt + 1)
        return False


@task
def release_held_notifications_task() -> int:
    """E-mails the notifications whose hold has ended (forum/services/notifications.py)."""
    from forum.services.notifications import release_held_notifications

    return release_held_notifications()
