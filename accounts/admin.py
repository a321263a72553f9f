"""People in the Django admin: the user with the profile on the same row.

Approval is shown but not edited here: approving or declining an account is a moderation
decision, logged and told to the person (the admin actions in moderation/admin.py).

Gender is shown on a person's page (administrators may need to correct it) but is never a
column or a filter of the list: it is collected for aggregate statistics only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import PrivacyNotice, User
from accounts.notices import publish_privacy_notice
from accounts.services import PROFILE_FIELDS


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "display_name",
        "organisation",
        "stakeholder_group",
        "country",
        "approval_status",
        "is_staff",
        "date_joined",
    ]
    list_filter = [
        "stakeholder_group",
        "approval_status",
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
        "country",
    ]
    search_fields = ["username", "email", "display_name", "organisation"]
    ordering = ["display_name", "username"]
    readonly_fields = ["approval_status", "approval_reason"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            "Profile",
            {"fields": [*PROFILE_FIELDS, "profile_completed_at"]},
        ),
        ("Account approval", {"fields": ["approval_status", "approval_reason"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "usable_password", "password1", "password2"],
            },
        ),
    ]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """Administrators publish a new version; a published one is never edited or deleted,
    because consents name the version the person agreed to."""

    list_display = ["version", "published_at", "published_by"]
    fields = ["text"]
    readonly_fields_on_view = ["version", "text", "published_at", "published_by"]

    def get_fields(self, request, obj=None):
        return self.readonly_fields_on_view if obj else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields_on_view if obj else []

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        published = publish_privacy_notice(actor=request.user, text=form.cleaned_data["text"])
        # The admin's messages and redirect read the saved object.
        obj.pk, obj.version = published.pk, published.version
        obj.published_at, obj.published_by = published.published_at, published.published_by
