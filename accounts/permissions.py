"""Who may see and change whose profile.

Each rule stands beside the queryset filter that matches it, as in forum/permissions.py.
"""

from django.db.models import QuerySet

from accounts.models import User


def can_view_profile(viewer, target: User) -> bool:
    """Anyone, signed in or not, may read the public profile of an active account. Closed
    (inactive) accounts have no public page."""
    return target.is_active


def visible_profiles(viewer, qs: QuerySet[User]) -> QuerySet[User]:
    return qs.filter(is_active=True)


def can_edit_profile(user, target: User) -> bool:
    """People edit their own profile only; administrators change others in the admin."""
    return bool(user.is_authenticated and user.is_active and user.pk == target.pk)
