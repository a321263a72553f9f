"""The guidebook in the Django admin.

Administrators set up chapters and their sections here, and give or take the right to
draft a chapter through the two actions on the chapter list, which call the drafters
service (so every change is logged as a DrafterChange). Everything the guidebook's
services own is shown read-only: links, drafts, versions, review and the drafting rights
themselves (guardian's object-permission pages are not offered, since a grant made there
would leave no log).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.admin import ReadOnlyAdmin, ReadOnlyInline
from guidebook.forms import DrafterForm
from guidebook.models import (
    Chapter,
    ChapterVersion,
    CommentAnchor,
    ContributionLink,
    Draft,
    DrafterChange,
    ExportFile,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    Section,
)
from guidebook.permissions import can_assign_drafters, drafters_by_chapter
from guidebook.services import assign_drafter, remove_drafter


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    ordering = ["order"]


class DrafterChangeInline(ReadOnlyInline):
    model = DrafterChange
    fields = ["action", "user", "actor", "created_at"]
    show_change_link = False
    verbose_name_plural = "Drafting rights given and taken"


def _change_drafters(modeladmin, request, queryset, *, grant: bool):
    """Asks whom (on an intermediate page), then calls the service once per chapter."""
    form = DrafterForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        user = form.cleaned_data["person"]
        change = assign_drafter if grant else remove_drafter
        changed = [c for c in queryset if change(actor=request.user, chapter=c, user=user)]
        numbers = ", ".join(str(c.number) for c in changed)
        if not changed:
            text = _("Nothing changed: %(user)s already had that right on those chapters.")
        elif grant:
            text = ngettext(
                "%(user)s may now draft chapter %(numbers)s.",
                "%(user)s may now draft chapters %(numbers)s.",
                len(changed),
            )
        else:
            text = ngettext(
                "%(user)s no longer drafts chapter %(numbers)s.",
                "%(user)s no longer drafts chapters %(numbers)s.",
                len(changed),
            )
        modeladmin.message_user(
            request, text % {"user": user, "numbers": numbers}, messages.SUCCESS
        )
        return None  # back to the chapter list
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Give the drafting right") if grant else _("Take the drafting right"),
        "grant": grant,
        "form": form,
        "chapters": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "admin/guidebook/chapter/change_drafters.html", context, status=status
    )


@admin.action(
    description=_("Give someone the right to draft the selected chapters"),
    permissions=["assign_drafters"],
)
def grant_drafting(modeladmin, request, queryset):
    return _change_drafters(modeladmin, request, queryset, grant=True)


@admin.action(
    description=_("Take the right to draft the selected chapters from someone"),
    permissions=["assign_drafters"],
)
def revoke_drafting(modeladmin, request, queryset):
    return _change_drafters(modeladmin, request, queryset, grant=False)


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    """Chapters and sections are set up here. The state is the drafters' (set on the
    chapter's page on the site); drafting rights change through the actions."""

    list_display = ["number", "title", "state"]
    list_filter = ["state"]
    search_fields = ["title", "sections__title"]
    inlines = [SectionInline, DrafterChangeInline]
    actions = [grant_drafting, revoke_drafting]

    def get_readonly_fields(self, request, obj=None):
        return ["state", "drafters"] if obj else []

    @admin.display(description="Drafters")
    def drafters(self, obj):
        return ", ".join(str(u) for u in drafters_by_chapter([obj.pk])[obj.pk]) or "None"

    def has_assign_drafters_permission(self, request):
        return can_assign_drafters(request.user)


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
class ContributionLinkAdmin(ReadOnlyAdmin):
    """Read-only: linking, unlinking (refused while the draft cites the post), moving to
    the post's new text and outcomes go through the guidebook's services and pages."""

    list_display = ["post", "chapter", "section", "linked_by", "linked_at", "outcome"]
    list_filter = ["chapter", "outcome"]
    list_select_related = ["post", "chapter", "section", "linked_by"]


@admin.register(DrafterChange)
class DrafterChangeAdmin(ReadOnlyAdmin):
    """The log of drafting rights given and taken, written by the drafters service."""

    list_display = ["created_at", "action", "user", "chapter", "actor"]
    list_filter = ["action", "chapter"]
    list_select_related = ["user", "chapter", "actor"]


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    """Read-only: drafts change through the drafting service, which detects conflicts."""

    list_display = ["chapter", "version", "updated_by", "updated_at"]
    list_select_related = ["chapter", "updated_by"]


class ReviewInvitationInline(ReadOnlyInline):
    model = ReviewInvitation
    fields = ["email", "invited_at"]
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
    show_change_link = False


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "chapter", "author", "outcome", "created_at"]
    list_filter = ["outcome", "chapter"]
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
