"""People in the Django admin: the user with the profile on the same row.

Approval is shown but not edited here: approving or declining an account is a moderation
decision, logged and told to the person (the admin actions in moderation/admin.py).

Gender is shown on a person's page (administrators may need to correct it) but is never a
column or a filter of the list: it is collected for aggregate statistics only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User
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
