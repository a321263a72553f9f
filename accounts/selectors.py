"""The reads account pages need."""

from django.shortcuts import get_object_or_404

from accounts import permissions
from accounts.models import User


def profile_for_page(*, viewer, username: str) -> User:
    """The person whose public profile is asked for, or 404."""
    return get_object_or_404(
        permissions.visible_profiles(viewer, User.objects.all()), username=username
    )
