"""The files on a post and the record of which were added or removed.

The rows live in the forum app (forum/models.py imports them), so their table names and
migrations are the forum's.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicAttachments(models.Manager):
    """The files a post shows: not those added by an edit still held for review."""

    def get_queryset(self):
        return super().get_queryset().filter(held_for__isnull=True)


class AllAttachments(models.Manager):
    pass


class Attachment(models.Model):
    """One file on one post, as stored: the bytes under a random name in the attachments
    storage (never a public URL), the type decided from the content, a cleaned name to show.

    A file added by an edit held for review (`held_for`, forum.models.PostEdit) belongs to
    that edit until a moderator decides: the default manager, and so `post.attachments`,
    leaves it out, and only `Attachment.with_held` finds it; approval makes it the post's,
    rejection deletes it. (Deletions that cascade from the post use the plain base manager
    and take held files too.)
    """

    class Text(models.TextChoices):
        # Only PDF and DOCX files carry text we extract; the others are NOT_APPLICABLE.
        PENDING = "pending", _("Text being extracted")
        EXTRACTED = "extracted", _("Text extracted")
        FAILED = "failed", _("Text not extracted")
        NOT_APPLICABLE = "none", _("No text to extract")

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(max_length=150)
    stored_name = models.CharField(max_length=200, unique=True)
    thumbnail_name = models.CharField(max_length=200, blank=True)
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    text_status = models.CharField(max_length=10, choices=Text.choices)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    held_for = models.ForeignKey(
        "forum.PostEdit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="added_files",
    )

    objects = PublicAttachments()
    # Every file, held ones too: for the edit's own reviewers and for deleting files.
    with_held = AllAttachments()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail_name)

    @property
    def kind_label(self) -> str:
        from forum.attachments.detection import type_for

        found = type_for(self.content_type)
        return found.label if found else self.content_type

    @property
    def text_not_extracted(self) -> bool:
        return self.text_status == self.Text.FAILED


class AttachmentChange(models.Model):
    """A file added to or removed from a post. A change made by an edit points at the
    revision that edit kept; files given when the post was written have no revision."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        REMOVED = "removed", _("Removed")

    post = models.ForeignKey(
        "forum.Post", on_delete=models.CASCADE, related_name="attachment_changes"
    )
    revision = models.ForeignKey(
        "forum.PostRevision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachment_changes",
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    name = models.CharField(max_length=150)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.name} on post {self.post_id}"
