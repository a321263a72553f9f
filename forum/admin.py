"""The forum in the Django admin.

Administrators set up themes, the tag vocabulary and the consultation schedule here. Which
units moderate a theme is given on the unit's page (moderation/admin.py), through a service
that logs it; guardian's object-permission pages would grant it with no log row. Threads,
posts, revisions and notifications are shown read-only: their changes go through the
forum's and moderation's services, which keep revisions and the decision log that an edit
in the admin would skip.
Approving posts from the admin is added by `moderation/admin.py`, which owns decisions.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from forum.models import (
    ConsultationSchedule,
    Notification,
    Post,
    PostRevision,
    PostTag,
    Tag,
    Theme,
    Thread,
)
from forum.selectors.schedule import forget_schedule


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff with the view permission; never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent and never edited there: every field shown is read-only."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "order", "thread_count"]
    list_editable = ["order"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["order", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(thread_count=Count("threads"))

    @admin.display(description=_("threads"), ordering="thread_count")
    def thread_count(self, obj):
        return obj.thread_count


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "facet", "slug"]
    list_filter = ["facet"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class PostInline(ReadOnlyInline):
    model = Post
    fields = ["created_at", "author", "kind", "status"]
    ordering = ["created_at", "pk"]


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "theme",
        "author",
        "created_at",
        "last_activity_at",
        "pinned",
        "locked",
    ]
    list_filter = ["theme", "pinned", "locked", "first_post__status"]
    list_select_related = ["theme", "author"]
    search_fields = ["title", "author__display_name", "author__email"]
    date_hierarchy = "created_at"
    inlines = [PostInline]


class PostTagInline(ReadOnlyInline):
    model = PostTag
    fields = ["tag", "applied_by", "applied_at"]
    show_change_link = False


class PostRevisionInline(ReadOnlyInline):
    model = PostRevision
    fields = ["edited_at", "edited_by", "kind", "body"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "kind",
        "status",
        "theme",
        "author",
        "created_at",
        "accepted_for_guidebook",
    ]
    list_filter = ["status", "kind", "thread__theme", "accepted_for_guidebook", "created_at"]
    list_select_related = ["thread__theme", "author"]
    search_fields = ["body", "thread__title", "author__display_name", "author__email"]
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["thread", "author", "kind", "status", "status_reason"]}),
        ("Text", {"fields": ["body", "rendered"]}),
        ("Structured summary", {"fields": ["place", "period", "actors", "outcome"]}),
        ("Guidebook", {"fields": ["accepted_for_guidebook", "guidebook_note"]}),
        ("Dates", {"fields": ["created_at", "submitted_at", "edited_at"]}),
    ]
    inlines = [PostTagInline, PostRevisionInline]

    @admin.display(description=_("theme"), ordering="thread__theme__order")
    def theme(self, obj):
        return obj.thread.theme

    @admin.display(description=_("as shown"))
    def rendered(self, obj):
        # body_html was produced by forum.markup.render_markdown, the sanitiser, at write time.
        return mark_safe(obj.body_html)


@admin.register(PostRevision)
class PostRevisionAdmin(ReadOnlyAdmin):
    list_display = ["post", "kind", "edited_by", "edited_at"]
    list_filter = ["kind", "edited_at"]
    list_select_related = ["post__thread", "post__author", "edited_by"]
    search_fields = ["body", "post__thread__title", "edited_by__display_name"]
    date_hierarchy = "edited_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["message", "recipient", "created_at", "read_at"]
    list_filter = ["created_at", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["message", "recipient__email", "recipient__display_name"]


@admin.register(ConsultationSchedule)
class ConsultationScheduleAdmin(admin.ModelAdmin):
    """The schedule is a single row: it can be edited, not added twice or deleted."""

    list_display = ["title", "opens_at", "closes_at"]

    def has_add_permission(self, request):
        return not ConsultationSchedule.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_schedule()
