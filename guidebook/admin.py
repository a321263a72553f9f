from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from forum.admin import ReadOnlyAdmin, ReadOnlyInline
from guidebook.models import (
    Chapter,
    ChapterVersion,
    CommentAnchor,
    ContributionLink,
    Draft,
    ExportFile,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    Section,
)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    ordering = ["order"]


@admin.register(Chapter)
class ChapterAdmin(GuardedModelAdmin):
    """Object permissions ("draft_chapter") are granted per chapter on its permissions page."""

    list_display = ["number", "title", "state"]
    list_filter = ["state"]
    search_fields = ["title", "sections__title"]
    inlines = [SectionInline]


@admin.register(ChapterVersion)
class ChapterVersionAdmin(admin.ModelAdmin):
    """Read-only: a published version never changes."""

    list_display = ["chapter", "number", "published_by", "published_at"]
    list_filter = ["chapter"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContributionLink)
class ContributionLinkAdmin(admin.ModelAdmin):
    list_display = ["post", "chapter", "section", "linked_by", "linked_at"]
    list_filter = ["chapter"]
    raw_id_fields = ["post", "linked_revision"]
    readonly_fields = ["linked_text", "linked_by", "linked_at", "refreshed_at"]


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    """Read-only: drafts change through the drafting service, which detects conflicts."""

    list_display = ["chapter", "version", "updated_by", "updated_at"]
    list_select_related = ["chapter", "updated_by"]


class ReviewInvitationInline(ReadOnlyInline):
    model = ReviewInvitation
    fields = ["email", "invited_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["version", "audience", "opened_by", "opened_at", "ends_at"]
    list_filter = ["audience"]
    list_select_related = ["version__chapter", "opened_by"]
    inlines = [ReviewInvitationInline]


class CommentAnchorInline(ReadOnlyInline):
    model = CommentAnchor
    fields = ["version", "para_id"]
    readonly_fields = fields
    show_change_link = False


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "chapter", "author", "status", "outcome", "created_at"]
    list_filter = ["status", "outcome", "chapter"]
    list_select_related = ["chapter", "version__chapter", "author"]
    search_fields = ["body", "quote", "author__display_name", "author__email"]
    inlines = [CommentAnchorInline]


@admin.register(ExportFile)
class ExportFileAdmin(ReadOnlyAdmin):
    """Stored PDFs, for seeing what is stored and how long it took to render. Rows are
    made and removed by the export service; the bytes are not shown here."""

    list_display = ["kind", "chapter", "pages", "render_ms", "created_at", "key"]
    list_filter = ["kind"]
    list_select_related = ["chapter"]
    fields = ["key", "kind", "chapter", "pages", "render_ms", "created_at"]
