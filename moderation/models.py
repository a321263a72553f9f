from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Post, Thread


class Unit(models.Model):
    """A co-moderating unit (TNT/ATU, TNT/SPMU, ODIHR).

    Its members are the users of `group`; its right to moderate a theme is the guardian
    object permission `forum.moderate_theme` on that theme, granted to `group`.
    """

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    full_name = models.CharField(max_length=300, blank=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="unit")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


class Decision(models.Model):
    """One moderation action: the decision log. Rows are written once and never changed,
    except that a post or thread removed when its author deleted their account leaves the
    row in place with the link emptied (and the reason cleared by the account deletion)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REQUEST_CHANGES = "request_changes", _("Requested changes")
        REJECT = "reject", _("Rejected")
        HIDE = "hide", _("Hid")
        UNHIDE = "unhide", _("Unhid")
        AUTO_HIDE = "auto_hide", _("Hidden after reports")
        TAG = "tag", _("Tagged")
        ACCEPT = "accept", _("Accepted for the guidebook")
        LOCK = "lock", _("Locked thread")
        UNLOCK = "unlock", _("Unlocked thread")
        PIN = "pin", _("Pinned thread")
        UNPIN = "unpin", _("Unpinned thread")
        MOVE = "move", _("Moved thread")
        DISMISS_REPORT = "dismiss_report", _("Dismissed report")
        APPROVE_ACCOUNT = "approve_account", _("Approved account")
        DECLINE_ACCOUNT = "decline_account", _("Declined account")
        GRANT_THEME = "grant_theme", _("Gave a unit a theme")
        REVOKE_THEME = "revoke_theme", _("Took a theme from a unit")
        ADD_NOTE = "add_note", _("Note added")
        UNDO = "undo", _("Decision undone")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_decisions",
    )
    status_before = models.CharField(max_length=32, blank=True)
    status_after = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"


class ReviewClaim(models.Model):
    """A moderator has opened a post for review: a courtesy to others, not a lock."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="review_claim")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"Post {self.post_id} claimed by {self.moderator}"


class Report(models.Model):
    """A participant's flag on an approved post."""

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Off-topic")
        ABUSIVE = "abusive", _("Abusive")
        PERSONAL_DATA = "personal_data", _("Personal data")
        MISINFORMATION = "misinformation", _("Misinformation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        ACTIONED = "actioned", _("Post hidden")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(status="open"),
                name="one_open_report_per_person_per_post",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on post {self.post_id}"


NOTE_MAX_LENGTH = 2000


class ModeratorNote(models.Model):
    """A moderator's private note on a post or on an author, for the other moderators.

    Exactly one of `post` and `author` is set. Notes are never shown to participants, to
    drafters or to the person they are about; who may read one is
    moderation/permissions.py: visible_moderator_notes.
    """

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="moderator_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderator_notes",
    )
    text = models.TextField(max_length=NOTE_MAX_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The unit in whose name the note was written; empty for an administrator in none.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, author__isnull=True)
                    | models.Q(post__isnull=True, author__isnull=False)
                ),
                name="moderator_note_on_a_post_or_an_author",
            )
        ]

    def __str__(self):
        about = f"post {self.post_id}" if self.post_id else f"author {self.author_id}"
        return f"Note on {about} by {self.written_by}"


class UndoableDecision(models.Model):
    """A decision from the review desk that its moderator may still take back: for a short
    while (moderation.services.undo.UNDO_WINDOW), while the notifications it wrote are held
    and so have told nobody. `restore` is the post's state the decision replaced; the row is
    deleted when the decision is undone and is of no use once `expires_at` has passed.

    The approvals of one bulk approval share a `batch` and are undone together, all or none;
    each row of a batch lists every notification the batch held."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="undo")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()
    notification_ids = models.JSONField(default=list, blank=True)
    restore = models.JSONField(default=dict)
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    def __str__(self):
        return f"Undo of decision {self.decision_id} until {self.expires_at:%H:%M:%S}"
