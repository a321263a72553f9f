"""Carries the fact "this session passed the second factor" from the request to the user.

Services are called with the actor alone, never the request, yet whether a moderator may
act depends on how this session signed in (allauth keeps a record of every method used).
The middleware wraps `request.user` so that, when it is first read, the user object is
marked with that fact, which `moderation.permissions.passed_second_factor` reads.

It also keeps the Django admin for staff whose session passed the second factor: the admin
changes what moderation guards, so a password alone must not open it either.
"""

from allauth.account.authentication import get_authentication_records
from django.contrib.auth.middleware import get_user
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from moderation.permissions import (
    SECOND_FACTOR_ATTR,
    can_use_admin,
    has_authenticator,
    is_admin_staff,
)


def _marked_user(request):
    user = get_user(request)
    if user.is_authenticated:
        records = get_authentication_records(request, user)
        setattr(user, SECOND_FACTOR_ATTR, any(r.get("method") == "mfa" for r in records))
    return user


class SecondFactorMiddleware:
    """Goes after allauth's AccountMiddleware (and Django's AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _marked_user(request))
        if request.path.startswith(reverse("admin:index")) and is_admin_staff(request.user):
            if not can_use_admin(request.user):
                return render(
                    request,
                    "moderation/mfa_required.html",
                    {"has_authenticator": has_authenticator(request.user), "for_admin": True},
                    status=403,
                )
        return self.get_response(request)
