"""Background work for the forum, through Django's tasks framework (settings.TASKS)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task


@task
def send_notification_email(*, recipient_id: int, subject: str, body: str) -> bool:
    """E-mails one notification. Arguments are plain values: a worker backend stores them
    as JSON and runs the task later, after the request that queued it has finished."""
    recipient = get_user_model().objects.filter(pk=recipient_id, is_active=True).first()
    if recipient is None or not recipient.email:
        return False
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient.email],
    )
    return True
