"""A chapter's link to a contribution it draws on, against the exact text linked."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from guidebook.models.chapters import Chapter, Section
from guidebook.models.outcomes import Outcome, OutcomeRecord


class ContributionLink(OutcomeRecord):
    """A forum contribution pulled into a chapter (or one of its sections) by a drafter.

    `linked_text` is the post's text at the moment of linking (or of the last refresh):
    citations point at it, and when the author edits the post later the drafter sees the
    difference and decides whether to move the link to the new text.
    """

    post = models.ForeignKey("forum.Post", on_delete=models.PROTECT, related_name="guidebook_links")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="links")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    note = models.TextField(blank=True)
    linked_text = models.TextField()
    # The newest earlier revision when linked (None if the post had never been edited).
    linked_revision = models.ForeignKey(
        "forum.PostRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    # Set when a published version cites the contribution while its outcome is still open:
    # the drafters confirm it on the consultation report (`confirm_proposed_outcomes`).
    proposed_outcome = models.CharField(max_length=16, blank=True, choices=Outcome.choices)

    class Meta:
        ordering = ["chapter", "section", "linked_at", "pk"]
        constraints = [
            # Two rules because NULL sections never collide in a plain unique constraint.
            models.UniqueConstraint(
                fields=["post", "chapter", "section"],
                condition=Q(section__isnull=False),
                name="unique_link_per_section",
            ),
            models.UniqueConstraint(
                fields=["post", "chapter"],
                condition=Q(section__isnull=True),
                name="unique_link_per_chapter",
            ),
        ]

    def __str__(self):
        return f"Post {self.post_id} → {self.section or self.chapter}"

    @property
    def is_changed(self) -> bool:
        """Whether the author edited the post after it was linked (needs `post` loaded)."""
        return self.post.body != self.linked_text
