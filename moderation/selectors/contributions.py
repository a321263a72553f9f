"""/me/contributions/: an author's own posts and what moderation did with them."""

from django.core.paginator import Page, Paginator

from accounts.models import User
from forum.models import Post

CONTRIBUTIONS_PAGE_SIZE = 25


def my_contributions(user: User, *, page: int | str = 1) -> Page:
    """The person's own posts, newest first, with thread, theme and tags."""
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread", "thread__theme")
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
    )
    return Paginator(posts, CONTRIBUTIONS_PAGE_SIZE).get_page(page)
