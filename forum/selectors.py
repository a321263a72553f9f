"""The reads forum pages need, scoped by forum/permissions.py and fetched up front.

Each selector issues a fixed number of queries whatever the number of themes, threads or
posts: counts and dates come from correlated subqueries, related rows from select_related.
"""

import difflib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from forum import permissions, stats
from forum.models import Post, PostRevision, Tag, Theme, Thread

SEARCH_MAX_LENGTH = 200


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


def _page(qs: QuerySet, *, per_page: int, number) -> Page:
    """A page of `qs`; out-of-range or malformed numbers give the nearest valid page."""
    page = Paginator(qs, per_page).get_page(number)
    # Evaluate now so a template looping twice does not query twice.
    page.object_list = list(page.object_list)
    return page


def theme_threads_page(user, theme: Theme, page) -> Page:
    """A theme's threads this person may see: pinned first, then by latest activity. Each
    carries its author and `reply_count`, the visible posts after the opening one."""
    replies = permissions.visible_posts(
        user, Post.objects.filter(thread=OuterRef("pk")).exclude(pk=OuterRef("first_post_id"))
    )
    threads = (
        permissions.visible_threads(user, theme.threads.all())
        .select_related("author", "first_post")
        .annotate(reply_count=_count(replies, "thread"))
        .order_by("-pinned", "-last_activity_at", "-pk")
    )
    return _page(threads, per_page=settings.FORUM_THREADS_PER_PAGE, number=page)


def thread_posts(user, thread: Thread) -> QuerySet[Post]:
    """The posts of a thread this person may see, in reading order."""
    return permissions.visible_posts(user, thread.posts.all()).order_by("created_at", "pk")


_FACET_ORDER = {value: index for index, value in enumerate(Tag.Facet.values)}


def tags_by_facet(tags) -> list[tuple[str, list[Tag]]]:
    """[(facet label, its tags by name)], facets in the vocabulary's order, empty ones left out."""
    grouped: dict[str, list[Tag]] = {}
    for tag in sorted(tags, key=lambda t: (_FACET_ORDER.get(t.facet, 99), t.name.lower())):
        grouped.setdefault(tag.get_facet_display(), []).append(tag)
    return list(grouped.items())


def thread_posts_page(user, thread: Thread, page) -> Page:
    """One page of a thread's visible posts with their authors and tags: a COUNT, one SELECT
    and one for the tags of every post on the page, on the first page as on the last.

    Each post carries `tag_groups`, its tags grouped by facet (see `tags_by_facet`).
    """
    posts = (
        thread_posts(user, thread)
        .select_related("author")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.all(), to_attr="tag_list"))
    )
    page_obj = _page(posts, per_page=settings.FORUM_POSTS_PER_PAGE, number=page)
    for post in page_obj.object_list:
        # The caller already holds the thread (and its theme); permission checks on each
        # post read it from here instead of querying for it again.
        post.thread = thread
        post.tag_groups = tags_by_facet(post.tag_list)
    return page_obj


@dataclass(frozen=True)
class ThreadPageActions:
    """What this person may do on one page of a thread, from forum/permissions.py, so the
    template only reads booleans and sets of post ids."""

    can_reply: bool = False
    can_moderate: bool = False
    can_move: bool = False
    editable_ids: frozenset[int] = frozenset()
    history_ids: frozenset[int] = frozenset()
    reportable_ids: frozenset[int] = frozenset()
    hideable_ids: frozenset[int] = frozenset()
    unhideable_ids: frozenset[int] = frozenset()
    reviewable_ids: frozenset[int] = frozenset()


def thread_page_actions(user, thread: Thread, posts, *, may_post: bool) -> ThreadPageActions:
    """The actions on `posts` (a page of `thread`) and on the thread itself. No queries: the
    rules read the moderated themes kept on the user and the rows the page already holds.

    `may_post`: `permissions.can_post(user)`, asked once by the caller.
    """
    posts = list(posts)
    can_moderate = permissions.can_moderate_thread(user, thread)
    moderatable = [p for p in posts if permissions.can_hide_post(user, p)]
    return ThreadPageActions(
        can_reply=permissions.can_reply_to_thread(user, thread, may_post=may_post),
        can_moderate=can_moderate,
        can_move=permissions.can_move_thread_somewhere(user, thread),
        editable_ids=frozenset(
            p.pk for p in posts if permissions.can_edit_post(user, p, may_post=may_post)
        ),
        history_ids=frozenset(
            p.pk for p in posts if p.edited_at and permissions.can_view_revisions(user, p)
        ),
        reportable_ids=frozenset(p.pk for p in posts if permissions.can_report_post(user, p)),
        hideable_ids=frozenset(p.pk for p in moderatable if p.status == Post.Status.APPROVED),
        unhideable_ids=frozenset(p.pk for p in moderatable if p.status == Post.Status.HIDDEN),
        # Reviewing a pending post is the same right as hiding one: moderating its theme.
        reviewable_ids=frozenset(p.pk for p in moderatable if p.status == Post.Status.PENDING),
    )


def page_number_of_post(user, post: Post) -> int:
    """Which page of its thread a visible post appears on, for this person."""
    earlier = thread_posts(user, post.thread).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return earlier.count() // settings.FORUM_POSTS_PER_PAGE + 1


def visible_post_or_none(user, pk: int) -> Post | None:
    qs = permissions.visible_posts(
        user, Post.objects.select_related("thread", "thread__theme", "thread__first_post")
    )
    return qs.filter(pk=pk).first()


@dataclass(frozen=True)
class RevisionView:
    """One version of a post, oldest first, with the unified diff from the version before."""

    text: str
    kind: str
    kind_value: str
    title: str
    edited_at: object
    edited_by: object
    diff: str
    is_current: bool = False


def post_revisions(post: Post) -> list[RevisionView]:
    """Every version of a post, oldest first, the current text last."""
    revisions = list(
        PostRevision.objects.filter(post=post)
        .select_related("edited_by")
        .order_by("edited_at", "pk")
    )
    # A revision holds the text *before* an edit; the first version is the one written at
    # creation, each later one is the text left by the edit before it.
    opens_thread = post.thread.first_post_id == post.pk
    versions = [(r.body, r.kind, r.get_kind_display(), r.title) for r in revisions]
    current_title = post.thread.title if opens_thread else ""
    versions.append((post.body, post.kind, post.get_kind_display(), current_title))
    when = [post.created_at] + [r.edited_at for r in revisions]
    who = [post.author] + [r.edited_by for r in revisions]
    views = []
    for index, (text, kind_value, kind, title) in enumerate(versions):
        diff = ""
        if index:
            diff = "\n".join(
                difflib.unified_diff(
                    versions[index - 1][0].splitlines(),
                    text.splitlines(),
                    fromfile=f"version {index}",
                    tofile=f"version {index + 1}",
                    lineterm="",
                )
            )
        views.append(
            RevisionView(
                text=text,
                kind=kind,
                kind_value=kind_value,
                title=title,
                edited_at=when[index],
                edited_by=who[index],
                diff=diff,
                is_current=index == len(versions) - 1,
            )
        )
    return views


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
    return _page(search_posts(query), per_page=settings.FORUM_POSTS_PER_PAGE, number=page)
