"""What every page needs from moderation: the header's count of posts waiting for review,
and whether it links to the administration."""

from functools import cache

from forum.models import Post
from forum.permissions import moderated_theme_ids
from moderation.permissions import is_admin_staff


def admin_link(request):
    """`shows_admin_link`: staff see the link; the admin itself asks for the second factor."""
    user = getattr(request, "user", None)
    return {"shows_admin_link": user is not None and is_admin_staff(user)}


def queue_count(request):
    """`moderation_queue_count`: for moderators, the pending posts in their themes; None for
    everyone else. Computed only if the page shows it, and then in one query at most: the
    themes come from `moderated_theme_ids`, which the request has usually read already.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"moderation_queue_count": None}

    @cache
    def count() -> int | None:
        theme_ids = moderated_theme_ids(user)
        if not theme_ids:
            return None
        return Post.objects.filter(
            status=Post.Status.PENDING, thread__theme_id__in=theme_ids
        ).count()

    return {"moderation_queue_count": count}
