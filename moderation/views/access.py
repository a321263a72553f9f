"""Who gets through to moderation pages: the checks every moderation view starts with.

Signed-out visitors go to the login page; people with no moderation role get 403; moderators
and administrators whose session did not pass the second factor get a 403 page that explains
how to turn it on or sign in with it. What a moderator may not see (another unit's queue or
posts) is a 404, decided by the permission-scoped lookups below, after these checks.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from forum.models import Post
from moderation.models import Unit
from moderation.permissions import (
    has_authenticator,
    is_moderation_staff,
    may_take_moderation_actions,
    reviewable_posts,
    visible_units,
)


def moderation_page(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_moderation_staff(request.user):
            raise PermissionDenied(_("Moderation pages are for moderators."))
        if not may_take_moderation_actions(request.user):
            return render(
                request,
                "moderation/mfa_required.html",
                {"has_authenticator": has_authenticator(request.user)},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped


# Lookups that answer 404 for what this moderator may not see -----------------------------


def unit_or_404(user, code: str) -> Unit:
    return get_object_or_404(visible_units(user, Unit.objects.all()), code=code)


def review_post_or_404(user, pk: int) -> Post:
    qs = Post.objects.select_related("thread", "thread__theme", "author")
    return get_object_or_404(reviewable_posts(user, qs), pk=pk)
