"""Chapters, their sections, the working draft, published versions, and the log of who
was given or lost the right to draft a chapter.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.translations import translated


class Chapter(models.Model):
    class State(models.TextChoices):
        DRAFTING = "drafting", _("Drafting")
        IN_REVIEW = "in_review", _("In peer review")
        FINAL = "final", _("Final")

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=300)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFTING)
    # The title in other languages (common/translations.py).
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["number"]
        # Granted per chapter (a guardian object permission) to the people who draft it.
        permissions = [("draft_chapter", "Can draft this chapter")]

    def __str__(self):
        return f"{self.number}. {self.translated_title}"

    def get_absolute_url(self):
        return reverse("guidebook:chapter_detail", kwargs={"number": self.number})

    @property
    def translated_title(self) -> str:
        return translated(self, "title")


class Section(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["chapter", "order"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "order"], name="unique_section_order")
        ]

    def __str__(self):
        return f"{self.chapter.number}.{self.order} {self.title}"


class Draft(models.Model):
    """The working text of one chapter, which its drafters edit and publish as versions.

    `paragraphs` is the text cut into blocks, each `{"id": int, "text": str}`; the ids are
    what review comments and version diffs hold on to, so they survive edits, reordering
    and splits (see `guidebook.paragraphs`). `version` counts saves: a save names the
    version it was based on, and a stale one is refused rather than overwriting.
    """

    chapter = models.OneToOneField(Chapter, on_delete=models.CASCADE, related_name="draft")
    text = models.TextField(blank=True)
    paragraphs = models.JSONField(default=list, blank=True)
    html = models.TextField(blank=True)
    # Ids of the posts the draft cites, in note order (kept so unlinking can refuse).
    cited_post_ids = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=0)
    # Paragraph ids are never reused within a chapter, even after a paragraph is deleted.
    next_paragraph_id = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Draft of chapter {self.chapter_id} (save {self.version})"


class DraftAutosave(models.Model):
    """One person's unsaved text of a chapter's draft, kept by the editor while they type.

    It is a private copy, not a save: it never changes the draft or its version counter,
    so the conflict rule between drafters is untouched. Saving the draft deletes it; when
    it is newer than the draft, the editor offers to restore or discard it.
    """

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chapter", "user"], name="unique_autosave_per_person")
        ]

    def __str__(self):
        return f"Autosave of chapter {self.chapter_id} by {self.user_id}"


class ChapterVersion(models.Model):
    """A published version of a chapter. Written once by `publish_version`, never changed:
    review comments, citations and exports refer to exactly this text."""

    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    paragraphs = models.JSONField(default=list)
    html = models.TextField()
    # The notes as published: [{number, post_id, link_id, attribution, permalink, ...}].
    citations = models.JSONField(default=list, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["chapter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "number"], name="unique_chapter_version")
        ]

    def __str__(self):
        return f"Chapter {self.chapter_id}, version {self.number}"

    def get_absolute_url(self):
        return reverse(
            "guidebook:version_detail",
            kwargs={"number": self.chapter.number, "version": self.number},
        )


class DrafterChange(models.Model):
    """One grant or withdrawal of the right to draft a chapter, and who made it.

    The right itself is a guardian object permission, which records nothing about its
    history; this log is written by `assign_drafter` and `remove_drafter` and never changed.
    """

    class Action(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REVOKED = "revoked", _("Revoked")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="drafter_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.user} on chapter {self.chapter_id}"
