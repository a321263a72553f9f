"""What every page needs from moderation: the header's count of posts waiting for review."""

from functools import cache

from forum.models import Post
from forum.permissions import moderated_theme_ids


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
