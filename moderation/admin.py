"""Moderation in the Django admin: units, and read-only views of the decision log,
reports and review claims.

It also gives the forum's post list an "Approve selected posts" action. The action lives
here rather than in `forum/admin.py` because approving is a moderation decision: it goes
through `moderation.services.decisions.bulk_approve`, which checks the actor's rights, logs
the decision and notifies the author, and forum code must not import moderation.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from guardian.shortcuts import get_objects_for_group

from forum.admin import PostAdmin, ReadOnlyAdmin
from forum.models import Post, Theme
from forum.permissions import MODERATE_THEME
from moderation.models import Decision, Report, ReviewClaim, Unit
from moderation.services.decisions import bulk_approve


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Themes are granted on each theme's "Object permissions" page (to the unit's group);
    members are added to the group on the user's page. Both are shown here."""

    list_display = ["name", "code", "full_name", "member_count"]
    search_fields = ["name", "code", "full_name"]
    readonly_fields = ["group", "themes", "members"]
    fields = ["code", "name", "full_name", "group", "themes", "members"]

    def get_readonly_fields(self, request, obj=None):
        # A unit's group is made with it (moderation.services.units.ensure_unit).
        return self.readonly_fields if obj else ["themes", "members"]

    def get_fields(self, request, obj=None):
        return self.fields if obj else ["code", "name", "full_name", "group"]

    @admin.display(description="members")
    def member_count(self, obj):
        return obj.group.user_set.count()

    @admin.display(description="themes it moderates")
    def themes(self, obj):
        themes = get_objects_for_group(
            obj.group, MODERATE_THEME, klass=Theme, accept_global_perms=False
        )
        return ", ".join(theme.title for theme in themes) or "—"

    @admin.display(description="members")
    def members(self, obj):
        return ", ".join(str(user) for user in obj.group.user_set.order_by("display_name")) or "—"


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """The decision log is written by the moderation services only, and never changed."""

    list_display = ["created_at", "action", "actor", "unit", "post", "thread", "target_user"]
    list_filter = ["action", "unit", "created_at"]
    list_select_related = ["actor", "unit", "post__thread", "post__author", "thread", "target_user"]
    search_fields = ["reason", "actor__display_name", "actor__email", "thread__title"]
    date_hierarchy = "created_at"


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["post", "reason", "reporter", "status", "created_at", "resolved_by"]
    list_filter = ["status", "reason", "created_at"]
    list_select_related = ["post__thread", "post__author", "reporter", "resolved_by"]
    search_fields = ["text", "reporter__display_name", "reporter__email"]


@admin.register(ReviewClaim)
class ReviewClaimAdmin(ReadOnlyAdmin):
    list_display = ["post", "moderator", "expires_at"]
    list_select_related = ["post__thread", "post__author", "moderator"]


admin.site.unregister(Post)


@admin.register(Post)
class ModeratedPostAdmin(PostAdmin):
    actions = ["approve_selected"]

    @admin.action(description="Approve selected posts")
    def approve_selected(self, request, queryset):
        posts = queryset.select_related("thread__theme", "author")
        try:
            decisions, skipped = bulk_approve(actor=request.user, posts=posts)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if decisions:
            self.message_user(request, f"Approved {len(decisions)} post(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Skipped {len(skipped)} post(s) that were not awaiting review.",
                messages.WARNING,
            )
