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


def can_download_personal_data(user, target: User) -> bool:
    """People download what the site holds about themselves, nobody else's."""
    return can_edit_profile(user, target)


def can_delete_account(user, target: User) -> bool:
    """People delete their own account. Staff accounts (administrators) are closed by
    another administrator, so the site is never left without one by a slip."""
    return can_edit_profile(user, target) and not (target.is_staff or target.is_superuser)


def can_publish_privacy_notice(user) -> bool:
    """Administrators publish the privacy notice (in the admin)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)
