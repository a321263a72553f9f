"""Background work for the guidebook, through Django's tasks framework (settings.TASKS)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task
def send_review_invitation(*, email: str, subject: str, body: str) -> bool:
    """E-mails one invited reviewer. The address is the invitation's, not an account's:
    invited reviewers may not have signed up yet."""
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return True


@task
def render_export_files(*, chapter_id: int) -> list[str]:
    """Renders and stores the PDFs a publication changed (the chapter's and the whole
    guidebook's), so readers are served stored files. Returns the keys stored."""
    # Imported here: the services import this module to enqueue its tasks.
    from guidebook.models import Chapter
    from guidebook.services.exports import refresh_export_files

    chapter = Chapter.objects.filter(pk=chapter_id).first()
    if chapter is None:
        return []
    return [file.key for file in refresh_export_files(chapter=chapter)]


@task
def render_export(*, kind: str, chapter_id: int | None = None) -> str | None:
    """Renders and stores one export a reader asked for and found missing (a chapter's PDF,
    or with `chapter_id` None the whole guidebook's). Returns the key stored."""
    from guidebook.services.exports import render_requested_export

    stored = render_requested_export(kind=kind, chapter_id=chapter_id)
    return stored.key if stored else None
