"""Tags grouped for display, and the read behind a tag's page."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from forum import permissions
from forum.models import Post, Tag

_FACET_ORDER = {value: index for index, value in enumerate(Tag.Facet.values)}


def tags_by_facet(tags) -> list[tuple[str, list[Tag]]]:
    """[(facet label, its tags by name)], facets in the vocabulary's order, empty ones left out."""
    grouped: dict[str, list[Tag]] = {}
    for tag in sorted(tags, key=lambda t: (_FACET_ORDER.get(t.facet, 99), t.name.lower())):
        grouped.setdefault(tag.get_facet_display(), []).append(tag)
    return list(grouped.items())


def tags_with_public_counts() -> list[tuple[str, list[Tag]]]:
    """Every tag, grouped by facet, each with `post_count`: the approved posts in public
    threads that carry it. One query."""
    public = Q(
        post_tags__post__status=Post.Status.APPROVED,
        post_tags__post__thread__first_post__status=Post.Status.APPROVED,
    )
    return tags_by_facet(Tag.objects.annotate(post_count=Count("post_tags", filter=public)))


def tagged_public_posts(tag: Tag) -> QuerySet[Post]:
    """Approved posts carrying `tag` in threads anyone may read, newest first.

    The same for every visitor: a tag's page is a public listing, so it asks
    `permissions.visible_posts` as an anonymous reader and never shows a moderator's or
    author's non-public posts. Related rows come up front (the thread, its theme, the
    author and every post's tags in one more query), so the page's query count does not
    depend on how many posts it shows.
    """
    posts = permissions.visible_posts(AnonymousUser(), Post.objects.filter(post_tags__tag=tag))
    return (
        posts.select_related("thread__theme", "author")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("facet", "name")))
        .order_by("-created_at", "-pk")
    )
