"""Search over what anyone may read."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page
from django.db.models import Q, QuerySet

from forum import permissions
from forum.models import Post
from forum.selectors.pages import page_of

SEARCH_MAX_LENGTH = 200


def search_posts(query: str) -> QuerySet[Post]:
    """Public posts whose text or thread title contains `query`, ignoring case, newest first.

    Search shows only what anyone may read, whoever asks, so a result list never differs
    between people and never hints at content awaiting review.
    """
    qs = permissions.visible_posts(AnonymousUser(), Post.objects.all())
    return (
        qs.filter(Q(body__icontains=query) | Q(thread__title__icontains=query))
        .select_related("author", "thread", "thread__theme")
        .order_by("-created_at", "-pk")
    )


def search_page(query: str, page) -> Page:
    return page_of(search_posts(query), per_page=settings.FORUM_POSTS_PER_PAGE, number=page)
