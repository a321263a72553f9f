"""Moderation in the Django admin: units, and read-only views of the decision log,
reports and review claims.

Whatever moderation decides goes through its services, which check the actor's rights, log
the decision and tell the person, so the admin offers actions that call them rather than
editable fields: which themes a unit moderates (the unit's "Themes" page), approving posts
(on the forum's post list) and approving or declining accounts (on the people list). They
live here rather than in forum's or accounts' admin because those apps must not import
moderation.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import UserAdmin
from accounts.models import ApprovalStatus, User
from forum.admin import PostAdmin, ReadOnlyAdmin
from forum.models import Post, Theme
from moderation.models import Decision, Report, ReviewClaim, Unit
from moderation.permissions import unit_theme_ids
from moderation.services.accounts import approve_account, decline_account
from moderation.services.decisions import bulk_approve
from moderation.services.threads import REASON_MAX_LENGTH
from moderation.services.units import grant_theme, revoke_theme


def _run(model_admin, request, service, **kwargs) -> bool:
    """Calls a moderation service; a refusal or a lost race becomes a message."""
    try:
        service(actor=request.user, **kwargs)
    except (PermissionDenied, ValidationError) as error:
        text = " ".join(getattr(error, "messages", [str(error)]))
        model_admin.message_user(request, text, messages.ERROR)
        return False
    return True


class UnitThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.order_by("order", "title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each change is logged; the unit's moderators see it in the decision log."),
    )


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Themes are given and taken on the unit's "Themes" page, through the logging service;
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

    @admin.display(description=_("members"))
    def member_count(self, obj):
        return obj.group.user_set.count()

    @admin.display(description=_("themes it moderates"))
    def themes(self, obj):
        themes = Theme.objects.filter(pk__in=unit_theme_ids([obj])[obj.pk]).order_by("order")
        return format_html(
            '{} (<a href="{}">change</a>)',
            ", ".join(theme.title for theme in themes) or "—",
            reverse("admin:moderation_unit_themes", args=[obj.pk]),
        )

    def get_urls(self):
        themes = path(
            "<int:pk>/themes/",
            self.admin_site.admin_view(self.themes_view),
            name="moderation_unit_themes",
        )
        return [themes, *super().get_urls()]

    def themes_view(self, request, pk):
        unit = get_object_or_404(Unit, pk=pk)
        if not self.has_change_permission(request, unit):
            raise PermissionDenied
        current = unit_theme_ids([unit])[unit.pk]
        form = UnitThemesForm(request.POST or None, initial={"themes": sorted(current)})
        if request.method == "POST" and form.is_valid():
            wanted = {theme.pk: theme for theme in form.cleaned_data["themes"]}
            for theme in Theme.objects.filter(pk__in=current - set(wanted)):
                _run(self, request, revoke_theme, unit=unit, theme=theme)
            for pk_, theme in wanted.items():
                if pk_ not in current:
                    _run(self, request, grant_theme, unit=unit, theme=theme)
            return redirect("admin:moderation_unit_change", unit.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Themes {unit} moderates",
            "unit": unit,
            "form": form,
            "opts": self.opts,
        }
        return TemplateResponse(
            request,
            "admin/moderation/unit_themes.html",
            context,
            status=400 if request.method == "POST" else 200,
        )

    @admin.display(description=_("members"))
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

    @admin.action(description=_("Approve selected posts"))
    def approve_selected(self, request, queryset):
        posts = queryset.select_related("thread__theme", "author")
        try:
            decisions, skipped = bulk_approve(actor=request.user, posts=posts)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if decisions:
            self.message_user(
                request,
                ngettext("Approved %(count)d post.", "Approved %(count)d posts.", len(decisions))
                % {"count": len(decisions)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Skipped %(count)d post that was not awaiting review.",
                    "Skipped %(count)d posts that were not awaiting review.",
                    len(skipped),
                )
                % {"count": len(skipped)},
                messages.WARNING,
            )


admin.site.unregister(User)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to each person and kept in the decision log."),
    )


@admin.register(User)
class ModeratedUserAdmin(UserAdmin):
    actions = ["approve_accounts", "decline_accounts"]

    @admin.action(description=_("Approve selected accounts"))
    def approve_accounts(self, request, queryset):
        done = sum(
            _run(self, request, approve_account, person=person)
            for person in queryset.filter(approval_status=ApprovalStatus.PENDING)
        )
        if done:
            self.message_user(
                request,
                ngettext("Approved %(count)d account.", "Approved %(count)d accounts.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Decline selected accounts…"))
    def decline_accounts(self, request, queryset):
        people = queryset.filter(approval_status=ApprovalStatus.PENDING)
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            done = sum(
                _run(self, request, decline_account, person=person, reason=reason)
                for person in people
            )
            if done:
                self.message_user(
                    request,
                    ngettext("Declined %(count)d account.", "Declined %(count)d accounts.", done)
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline accounts"),
            "people": people,
            "form": form,
            "opts": self.opts,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request,
            "admin/moderation/decline_accounts.html",
            context,
            status=400 if form.is_bound else 200,
        )
