"""Who may see and change whose profile.

Each rule stands beside the queryset filter that matches it, as in forum/permissions.py.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

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


def has_verified_email(user) -> bool:
    """Whether this person confirmed an e-mail address (allauth's record), remembered on the
    user object for the rest of the request: pages ask it once per post."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_verified_email"):
        user._has_verified_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._has_verified_email


def trusted_reporters(qs: QuerySet[User], *, approved_authors: QuerySet) -> QuerySet[User]:
    """The people among `qs` whose reports count toward hiding a post on their own: members
    for `MODERATION_REPORT_TRUSTED_AFTER_DAYS`, or authors of an approved post
    (`approved_authors`, the ids of such authors, comes from forum, which knows posts)."""
    joined_before = timezone.now() - timedelta(days=settings.MODERATION_REPORT_TRUSTED_AFTER_DAYS)
    return qs.filter(Q(date_joined__lte=joined_before) | Q(pk__in=approved_authors))


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
