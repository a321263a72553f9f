"""Rendered export files, stored once per published state."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidebook.models.chapters import Chapter


class ExportFile(models.Model):
    """A rendered PDF export, stored so serving it costs a row read instead of a layout.

    Published versions never change, so a PDF is a pure function of the chapters it shows
    (number, title, latest version) and the export format: `key` hashes exactly those (see
    `guidebook.export.html.export_key`). A new publication gives a new key; rows of keys nobody
    asks for any more are deleted when the exports are refreshed. The bytes live in the
    database so that every app server serves the same file without shared disk.
    """

    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("Chapter")
        GUIDEBOOK = "guidebook", _("Whole guidebook")

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField()
    render_ms = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="chapter", chapter__isnull=False)
                | Q(kind="guidebook", chapter__isnull=True),
                name="export_file_chapter_matches_kind",
            )
        ]

    def __str__(self):
        what = f"chapter {self.chapter_id}" if self.chapter_id else "guidebook"
        return f"PDF of {what} ({self.key[:12]})"
