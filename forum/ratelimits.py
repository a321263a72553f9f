"""How often people may post, edit and preview (the limits themselves are in
`settings.RATE_LIMITS`; `common.ratelimits` counts them).

A new account's first posts are limited harder than an established one's: until it has
`settings.RATE_LIMIT_NEW_ACCOUNT_POSTS` approved posts it posts at the "post_new_account"
rate, so an account made to flood the forum is slowed before any moderator has seen it.
"""

from django.conf import settings

from common.ratelimits import rate_limit
from forum.models import Post


def is_new_poster(user) -> bool:
    if not user.is_authenticated:
        return True
    approved = Post.objects.filter(author=user, status=Post.Status.APPROVED)
    return approved[: settings.RATE_LIMIT_NEW_ACCOUNT_POSTS].count() < (
        settings.RATE_LIMIT_NEW_ACCOUNT_POSTS
    )


def _posting_rate(action: str, request) -> str:
    if action == "post" and is_new_poster(request.user):
        return settings.RATE_LIMITS["post_new_account"]
    return settings.RATE_LIMITS[action]


def _posting_action(saving: str):
    def action(request) -> str | None:
        if request.method != "POST" or "change_kind" in request.POST:
            return None
        return "preview" if "preview" in request.POST else saving

    return action


# A posting form's POST either previews (counted as a preview) or saves (counted as a post).
posting_limit = rate_limit(_posting_action("post"), rate=_posting_rate)
editing_limit = rate_limit(_posting_action("edit"), rate=_posting_rate)
