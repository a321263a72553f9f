"""Peer review: rounds on a published version, invitations, comments and their anchors."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidebook.models.chapters import Chapter, ChapterVersion
from guidebook.models.outcomes import OutcomeRecord


class ReviewRound(models.Model):
    """Peer review of one published version, open until `ends_at`, then read-only."""

    class Audience(models.TextChoices):
        VERIFIED = "verified", _("All verified participants")
        INVITED = "invited", _("Invited reviewers only")

    version = models.OneToOneField(
        ChapterVersion, on_delete=models.PROTECT, related_name="review_round"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices)
    ends_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self):
        return f"Review of {self.version}"

    def is_open(self, *, at=None) -> bool:
        return (at or timezone.now()) < self.ends_at


class ReviewInvitation(models.Model):
    """An invited reviewer, by e-mail address (they may not have an account yet)."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="unique_review_invitation")
        ]

    def __str__(self):
        return self.email


class ReviewComment(OutcomeRecord):
    """A reviewer's comment on one paragraph of a version, or a reply to one.

    `version` and `para_id` say where the comment sits now: while it is open it moves to
    each newly published version that still has its paragraph (the anchors keep where it
    sat before); when the paragraph is gone it stays behind, marked `on_removed_text`.
    `quote` is the paragraph as the reviewer saw it, `selected_text` the words of it the
    comment is about, `suggested_text` a rewording of the whole paragraph the reviewer
    proposes (Markdown). What became of the comment is its outcome (`OutcomeRecord`):
    empty while open. Replies share their parent's place and carry no outcome.
    """

    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="comments")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(ChapterVersion, on_delete=models.PROTECT, related_name="comments")
    para_id = models.PositiveIntegerField()
    on_removed_text = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    quote = models.TextField(blank=True)
    selected_text = models.TextField(blank=True)
    suggested_text = models.TextField(blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_comments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["chapter", "outcome"])]

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def is_suggestion(self) -> bool:
        return bool(self.suggested_text)

    def __str__(self):
        return f"Comment {self.pk} on paragraph {self.para_id} of {self.version}"


class CommentAnchor(models.Model):
    """Where a comment sat on each version it was carried through."""

    comment = models.ForeignKey(ReviewComment, on_delete=models.CASCADE, related_name="anchors")
    version = models.ForeignKey(
        ChapterVersion, on_delete=models.CASCADE, related_name="comment_anchors"
    )
    para_id = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "version"], name="unique_comment_anchor")
        ]

    def __str__(self):
        return f"Comment {self.comment_id} at paragraph {self.para_id} of {self.version}"
