from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Outcome(models.TextChoices):
    """What became of one input (a linked contribution or a review comment)."""

    INCORPORATED = "incorporated", "Incorporated"
    PARTLY = "partly", "Partly incorporated"
    NOT_USED = "not_used", "Not used"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"


class OutcomeRecord(models.Model):
    """The drafters' record of what became of an input (set by `guidebook.services.outcomes`);
    an empty `outcome` means not decided yet."""

    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Chapter(models.Model):
    class State(models.TextChoices):
        DRAFTING = "drafting", "Drafting"
        IN_REVIEW = "in_review", "In peer review"
        FINAL = "final", "Final"

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=300)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFTING)

    class Meta:
        ordering = ["number"]
        # Granted per chapter (a guardian object permission) to the people who draft it.
        permissions = [("draft_chapter", "Can draft this chapter")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("guidebook:chapter_detail", kwargs={"number": self.number})


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


class ReviewRound(models.Model):
    """Peer review of one published version, open until `ends_at`, then read-only."""

    class Audience(models.TextChoices):
        VERIFIED = "verified", "All verified participants"
        INVITED = "invited", "Invited reviewers only"

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
    `quote` is the paragraph as the reviewer saw it. Replies share their parent's place
    and carry no status.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ADDRESSED = "addressed", "Addressed"
        DECLINED = "declined", "Declined"

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
    body = models.TextField()
    body_html = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_comments"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["chapter", "status"])]

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


class ExportFile(models.Model):
    """A rendered PDF export, stored so serving it costs a row read instead of a layout.

    Published versions never change, so a PDF is a pure function of the chapters it shows
    (number, title, latest version) and the export format: `key` hashes exactly those (see
    `guidebook.export.html.export_key`). A new publication gives a new key; rows of keys nobody
    asks for any more are deleted when the exports are refreshed. The bytes live in the
    database so that every app server serves the same file without shared disk.
    """

    class Kind(models.TextChoices):
        CHAPTER = "chapter", "Chapter"
        GUIDEBOOK = "guidebook", "Whole guidebook"

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


class DrafterChange(models.Model):
    """One grant or withdrawal of the right to draft a chapter, and who made it.

    The right itself is a guardian object permission, which records nothing about its
    history; this log is written by `assign_drafter` and `remove_drafter` and never changed.
    """

    class Action(models.TextChoices):
        GRANTED = "granted", "Granted"
        REVOKED = "revoked", "Revoked"

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="drafter_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.user} on chapter {self.chapter_id}"
