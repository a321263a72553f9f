from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.translations import translated


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    # The title and description in other languages (common/translations.py).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # Moves on every change to what the theme's page shows (forum.services.stamps), so a
    # cached copy of the page, or a browser's, is known to be stale.
    version = models.PositiveBigIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["order", "title"]
        permissions = [("moderate_theme", "Can moderate posts in this theme")]

    def __str__(self):
        return self.translated_title

    def get_absolute_url(self):
        return reverse("forum:theme_detail", kwargs={"slug": self.slug})

    @property
    def translated_title(self) -> str:
        return translated(self, "title")

    @property
    def translated_description(self) -> str:
        return translated(self, "description")


class Tag(models.Model):
    """A term of the controlled vocabulary moderators apply to individual posts."""

    class Facet(models.TextChoices):
        TOPIC = "topic", _("Topic")
        REGION = "region", _("Region")
        ACTOR = "actor", _("Actor")
        PRACTICE_AREA = "practice_area", _("Practice area")

    facet = models.CharField(max_length=20, choices=Facet.choices)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    # The name and description in other languages (common/translations.py).
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["facet", "name"]

    def __str__(self):
        return self.translated_name

    def get_absolute_url(self):
        return reverse("forum:tag_detail", kwargs={"slug": self.slug})

    @property
    def translated_name(self) -> str:
        return translated(self, "name")

    @property
    def translated_description(self) -> str:
        return translated(self, "description")


class ThreadQuerySet(models.QuerySet):
    def public(self):
        """Threads whose opening post is approved: what anyone may see."""
        return self.filter(first_post__status=Post.Status.APPROVED)


class Thread(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads"
    )
    # The opening post decides whether the thread is visible; set when the thread is created.
    first_post = models.OneToOneField(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    # Move on every change to what the thread's pages show (forum.services.stamps): the
    # cached pages are keyed by `version`, and browsers get it as ETag and Last-Modified.
    version = models.PositiveBigIntegerField(default=1, editable=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_activity_at"]
        indexes = [models.Index(fields=["theme", "-pinned", "-last_activity_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread_detail", kwargs={"pk": self.pk})


class PostQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Post.Status.APPROVED)

    def awaiting_review(self):
        """Posts a moderator has to look at: pending ones, and approved ones whose author's
        edit waits for review (PostEdit)."""
        return self.filter(
            Q(status=Post.Status.PENDING)
            | Q(pk__in=PostEdit.objects.filter(status=PostEdit.Status.PENDING).values("post_id"))
        )


class Post(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        LESSON_LEARNT = "lesson", _("Lesson learnt")
        GOOD_PRACTICE = "good_practice", _("Good practice")
        CASE_STUDY = "case_study", _("Case study")
        RECOMMENDATION = "recommendation", _("Recommendation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")

    # Kinds that may carry the structured summary (country or region, period, actors, outcome).
    STRUCTURED_KINDS = frozenset({Kind.CASE_STUDY, Kind.GOOD_PRACTICE})

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField()
    body_html = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When the post last entered the review queue (creation, or resubmission after changes).
    submitted_at = models.DateTimeField(default=timezone.now)
    # The reason given with the latest moderation decision, shown to the author.
    status_reason = models.TextField(blank=True)

    accepted_for_guidebook = models.BooleanField(default=False)
    guidebook_note = models.TextField(_("note for drafters"), blank=True)
    tags = models.ManyToManyField(Tag, through="PostTag", related_name="posts", blank=True)

    # Structured summary for case studies and good practices (all optional).
    place = models.CharField(_("country or region"), max_length=200, blank=True)
    period = models.CharField(max_length=100, blank=True)
    actors = models.CharField(_("actors involved"), max_length=300, blank=True)
    outcome = models.TextField(blank=True)
    # The language the post is written in (a code from settings.LANGUAGES), by default the
    # author's profile language; its HTML and every excerpt of it carry it as `lang`.
    language = models.CharField(_("language"), max_length=8, default="en")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(
                fields=["thread", "created_at"],
                name="forum_post_approved_idx",
                condition=Q(status="approved"),
            ),
            # The review queues count and page a unit's waiting posts thread by thread from
            # this small index alone. `status` is in the key although the condition fixes it:
            # SQLite, given the status as a bound parameter, checks it against the index
            # entry instead of reading every post's row.
            models.Index(
                fields=["status", "thread", "submitted_at", "id"],
                name="forum_post_pending_idx",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.author} in {self.thread}"

    def get_absolute_url(self):
        return reverse("forum:post_permalink", kwargs={"pk": self.pk})

    @property
    def has_structured_summary(self) -> bool:
        return any((self.place, self.period, self.actors, self.outcome))

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


class PostTag(models.Model):
    """One tag applied to one post, with who applied it and when."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_tags")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="post_tags")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "tag"], name="unique_post_tag")]

    def __str__(self):
        return f"{self.tag} on post {self.post_id}"


class NotificationQuerySet(models.QuerySet):
    def delivered(self, *, now=None):
        """Rows the person may see and be e-mailed: not held, or held past their time (a
        moderator's decision holds its notifications while it can still be undone)."""
        return self.filter(
            Q(deliver_after__isnull=True) | Q(deliver_after__lte=now or timezone.now())
        )


class Notification(models.Model):
    """An in-app message to one person (a moderation decision on their post, and so on)."""

    class Kind(models.TextChoices):
        # What the notification is about: people choose per kind how they hear of it.
        MODERATION = "moderation", _("A moderation decision on my contribution")
        ACCOUNT = "account", _("A decision on my account")
        REPLY = "reply", _("A reply in a thread I follow")
        NEW_THREAD = "new_thread", _("A new thread in a theme I follow")
        TAGGED = "tagged", _("A new contribution with a tag I follow")
        GUIDEBOOK = "guidebook", _("My contribution used in the guidebook")
        REVIEW_REPLY = "review_reply", _("A reply or answer to my review comment")
        REVIEW_COMMENT = "review_comment", _("A review comment on a chapter I draft")
        REVIEW_OPENED = "review_opened", _("A chapter I follow opens for review")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MODERATION)
    message = models.CharField(max_length=500)
    reason = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Whether this notification may go out by e-mail at all (some are for the site only),
    # and when it did, alone or in a digest: a digest sends only rows not yet e-mailed, so
    # running it twice sends nothing twice.
    by_email = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Held until then: neither shown nor e-mailed before (forum.services.notifications:
    # holding_notifications); cleared when the held e-mail is sent on its way.
    deliver_after = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(by_email=True, emailed_at__isnull=True),
                name="forum_notification_unsent_idx",
            ),
        ]

    def __str__(self):
        return self.message


class Follow(models.Model):
    """One person following one thing: a thread, a theme, a tag or a guidebook chapter.

    The target is stored generically, as `target_type` and `target_id`, for every kind:
    forum may not import guidebook, so chapters cannot be a foreign key here, and one shape
    for all four kinds lets one query find everyone who follows any of an event's targets
    (a reply's thread and theme, a post's tags). The price is that a deleted target leaves
    its follows behind; the following page shows those as gone, with their unfollow button.
    `forum.followables` maps each kind to its model.
    """

    class Target(models.TextChoices):
        THREAD = "thread", _("Thread")
        THEME = "theme", _("Theme")
        TAG = "tag", _("Tag")
        CHAPTER = "chapter", _("Guidebook chapter")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_type", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="unique_follow"
            )
        ]
        # Fan-out reads everyone following a target.
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.user} follows {self.target_type} {self.target_id}"


class PostRevision(models.Model):
    """The text a post had before one edit. Every edit keeps the earlier text."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    # The thread's title before the edit, kept for the opening post only (blank otherwise).
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    kind = models.CharField(max_length=20, choices=Post.Kind.choices)
    place = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=100, blank=True)
    actors = models.CharField(max_length=300, blank=True)
    outcome = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"Revision of post {self.post_id} at {self.edited_at:%Y-%m-%d %H:%M}"


class PostEdit(models.Model):
    """An edit of an approved post held for review: the text the editor wants the post to
    have. The approved text stays public until a moderator approves the edit, which then
    replaces it (the replaced text is kept as a PostRevision, as for every edit).

    A post has at most one open edit (pending, or sent back with changes requested); the
    author's next edit changes that row rather than adding another.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN = (Status.PENDING, Status.CHANGES_REQUESTED)

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    # The thread's new title, for an edit of the opening post (blank otherwise).
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    kind = models.CharField(max_length=20, choices=Post.Kind.choices)
    place = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=100, blank=True)
    actors = models.CharField(max_length=300, blank=True)
    outcome = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    status_reason = models.TextField(blank=True)
    # The post's files this edit takes off once approved; those it adds are the attachments
    # held for it (Attachment.held_for, `added_files`).
    removes_files = models.ManyToManyField(
        "forum.Attachment", blank=True, related_name="removed_by_edits"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(status__in=["pending", "changes_requested"]),
                name="one_open_edit_per_post",
            )
        ]
        indexes = [models.Index(fields=["status", "post"])]

    def __str__(self):
        return f"Edit of post {self.post_id} ({self.get_status_display()})"

    @property
    def has_structured_summary(self) -> bool:
        return any((self.place, self.period, self.actors, self.outcome))


class ConsultationSchedule(models.Model):
    """When the consultation takes contributions. One row; pages read it on every request."""

    title = models.CharField(max_length=300)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consultation schedule")

    def __str__(self):
        return self.title

    def is_open(self, *, at=None) -> bool:
        now = at or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def has_opened(self, *, at=None) -> bool:
        return (at or timezone.now()) >= self.opens_at

    def has_closed(self, *, at=None) -> bool:
        return self.closes_at is not None and (at or timezone.now()) >= self.closes_at

    @classmethod
    def current(cls) -> "ConsultationSchedule":
        """The schedule row, or an unsaved always-open default before one is set up."""
        return cls.objects.order_by("pk").first() or cls(
            title=_("Consultation"), opens_at=timezone.now().replace(year=2000)
        )


class EmailPreference(models.Model):
    """How one person wants to hear of their notifications by e-mail. A person without a
    row gets each notification at once (the default)."""

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("As each one happens")
        DAILY = "daily", _("In a daily digest")
        WEEKLY = "weekly", _("In a weekly digest")
        OFF = "off", _("Never (notifications stay on the site)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    # Kinds of notification (Notification.Kind values) never e-mailed to this person.
    muted_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"

    def wants(self, kind: str) -> bool:
        return self.frequency != self.Frequency.OFF and kind not in self.muted_kinds


class SearchDocument(models.Model):
    """One searchable item as search finds it: a post, or what another app registered (a
    published guidebook version), flattened into text and the fields search filters on.

    Written only by forum/search/ (from the services that change what it copies), so a
    search is one query over this table whatever it filters on. The text columns hold the
    text as indexed: plain text, spellings made one (forum/search/spelling.py). On
    PostgreSQL `vector` holds their tsvector; on SQLite the FTS5 table
    `forum_search_fts` holds them, keyed by this row's id.
    """

    source = models.CharField(max_length=40)
    source_id = models.PositiveBigIntegerField()
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.CharField(max_length=300)
    # The title as results show it; `title` is the same as indexed.
    heading = models.CharField(max_length=400)
    title = models.CharField(max_length=400)
    # The author's name and organisation as far as their attribution shows them.
    people = models.CharField(max_length=400, blank=True)
    # How the result credits its author (the attribution, or "" for no author).
    attribution = models.CharField(max_length=400, blank=True)
    tags = models.TextField(blank=True)
    body = models.TextField(blank=True)
    kind = models.CharField(max_length=30)
    status = models.CharField(max_length=20)
    # Found by anyone: an approved post in a public thread, or a published text.
    is_public = models.BooleanField(default=False)
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    stakeholder_group = models.CharField(max_length=32, blank=True)
    country = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField()
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_search_source")
        ]
        indexes = [
            models.Index(fields=["is_public", "-created_at"], name="forum_search_public_idx"),
            models.Index(fields=["theme", "status"], name="forum_search_theme_idx"),
            models.Index(fields=["author", "status"], name="forum_search_author_idx"),
            # Every column a search filters on: the ids a filtered search may return are
            # read from this index alone, without the rows' text.
            models.Index(
                fields=[
                    "is_public",
                    "theme",
                    "stakeholder_group",
                    "kind",
                    "country",
                    "created_at",
                    "status",
                    "author",
                    "post",
                ],
                name="forum_search_filter_idx",
            ),
            # Created on PostgreSQL only (migration 0005); SQLite searches its FTS5 table.
            GinIndex(fields=["vector"], name="forum_search_vector_idx"),
        ]

    def __str__(self):
        return f"{self.source} {self.source_id}: {self.title}"


# The files on posts (forum/attachments/), imported so Django registers their models.
from forum.attachments.models import Attachment, AttachmentChange  # noqa: E402, F401
