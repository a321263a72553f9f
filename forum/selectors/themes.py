"""The home page's themes with their figures, and a theme's page of threads.

Each selector issues a fixed number of queries whatever the number of themes or threads:
counts and dates come from correlated subqueries, related rows from select_related.
"""

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, F, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from forum import permissions, stats
from forum.models import Post, Theme, Thread
from forum.selectors.pages import page_of


def _count(qs: QuerySet, group_by: str) -> Subquery:
    """A correlated COUNT(*) of `qs` (already filtered on OuterRef), 0 when nothing matches."""
    counted = qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def themes_with_stats(user) -> list[Theme]:
    """Every theme with the threads and posts this person may see in it (`thread_count`,
    `post_count`) and the latest activity among those threads (`last_activity_at`).

    The figures are those of `permissions.visible_threads` / `visible_posts`, assembled from
    parts that are cheap to read: the public figures, and in the themes this person
    moderates the figures over everything, both kept briefly in the cache by forum/stats.py;
    plus, for a signed-in person, their own threads and posts that are not public, counted
    in the one query that reads the themes.
    """
    themes = Theme.objects.order_by("order", "title")
    if user.is_authenticated:
        approved = Post.Status.APPROVED
        own_threads = Thread.objects.filter(theme=OuterRef("pk"), author_id=user.pk).exclude(
            first_post__status=approved
        )
        own_posts = Post.objects.filter(thread__theme=OuterRef("pk"), author_id=user.pk).exclude(
            status=approved, thread__first_post__status=approved
        )
        last_own = own_threads.order_by().values("theme").annotate(at=Max("last_activity_at"))
        themes = themes.annotate(
            own_thread_count=_count(own_threads, "theme"),
            own_post_count=_count(own_posts, "thread__theme"),
            own_last_activity_at=Subquery(last_own.values("at")),
        )
    themes = list(themes)
    ids = [theme.pk for theme in themes]
    moderated = permissions.moderated_theme_ids(user)
    public = stats.public_theme_stats(ids)
    everything = stats.all_theme_stats(ids) if moderated else {}
    for theme in themes:
        if theme.pk in moderated:
            figures = everything[theme.pk]
        elif user.is_authenticated:
            figures = public[theme.pk].plus(
                threads=theme.own_thread_count,
                posts=theme.own_post_count,
                last_activity_at=theme.own_last_activity_at,
            )
        else:
            figures = public[theme.pk]
        theme.thread_count = figures.threads
        theme.post_count = figures.posts
        theme.last_activity_at = figures.last_activity_at
    return themes


def theme_threads_page(user, theme: Theme, page) -> Page:
    """A theme's threads this person may see: pinned first, then by latest activity. Each
    carries its author and `reply_count`, the visible posts after the opening one: counted
    in one grouped query over the page's threads, rather than by a correlated subquery that
    the database may run for every thread of the theme before it sorts them."""
    threads = (
        permissions.visible_threads(user, theme.threads.all())
        .select_related("author", "first_post")
        .order_by("-pinned", "-last_activity_at", "-pk")
    )
    page_obj = page_of(threads, per_page=settings.FORUM_THREADS_PER_PAGE, number=page)
    ids = [thread.pk for thread in page_obj.object_list]
    replies = permissions.visible_posts(user, Post.objects.filter(thread_id__in=ids)).exclude(
        pk=F("thread__first_post_id")
    )
    counts = dict(
        replies.order_by().values("thread").annotate(n=Count("pk")).values_list("thread", "n")
    )
    for thread in page_obj.object_list:
        thread.reply_count = counts.get(thread.pk, 0)
    return page_obj
