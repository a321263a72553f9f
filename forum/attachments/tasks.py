"""Background work for attachments, through Django's tasks framework (settings.TASKS)."""

from django.tasks import task


@task
def extract_attachment_text(*, attachment_id: int) -> str:
    """Extracts one file's text for search (forum/attachments/services.py)."""
    from forum.attachments.services import extract_attachment_text as extract

    return extract(attachment_id=attachment_id)
