"""A thread's pages: its visible posts with authors and tags, and what the reader may do.

A page costs the same number of queries on the first page as on the last.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)

from forum import permissions
from forum.attachments.selectors import show_attachments
from forum.models import Post, PostEdit, PostTag, Tag, Thread
from forum.pagecache import Stamp
from forum.selectors.pages import page_of
from forum.selectors.tags import tags_by_facet
from forum.urlmaker import pk_url, url_maker


def thread_posts(user, thread: Thread) -> QuerySet[Post]:
    """The posts of a thread this person may see, in reading order."""
    return permissions.visible_posts(user, thread.posts.all()).order_by("created_at", "pk")


def thread_posts_page(user, thread: Thread, page) -> Page:
    """One page of a thread's visible posts with their authors, tags and files: a COUNT, one
    SELECT, one for the files of every post on the page and, when a post on the page has tags,
    one for the tags of those posts, on the first page as on the last.

    Each post carries `tag_groups`, its tags grouped by facet (see `tags_by_facet`).
    """
    posts = (
        thread_posts(user, thread)
        .select_related("author")
        # Most posts carry no tags: the tags are read only for the posts that have some, and
        # not at all (no query) when none on the page has any.
        .annotate(has_tags=Exists(PostTag.objects.filter(post=OuterRef("pk"))))
        # The status of the post's edit held for review, if any (thread_page_actions shows
        # it to the editor only), in the page's one SELECT.
        .annotate(
            open_edit_status=Subquery(
                PostEdit.objects.filter(post=OuterRef("pk"), status__in=PostEdit.OPEN).values(
                    "status"
                )[:1]
            )
        )
    )
    page_obj = page_of(posts, per_page=settings.FORUM_POSTS_PER_PAGE, number=page)
    tagged = [post for post in page_obj.object_list if post.has_tags]
    prefetch_related_objects(
        tagged, Prefetch("tags", queryset=Tag.objects.all(), to_attr="tag_list")
    )
    # Two links a post, made without reverse(): a page of 20 posts would call it 40 times.
    profile_url = url_maker("accounts:profile", "username", "url-argument-sample")
    for post in page_obj.object_list:
        # The caller already holds the thread (and its theme); permission checks on each
        # post read it from here instead of querying for it again.
        post.thread = thread
        post.tag_groups = tags_by_facet(post.tag_list) if post.has_tags else []
        post.permalink = pk_url("forum:post_permalink", post.pk)
        post.author_url = profile_url(post.author.username)
    show_attachments(user, page_obj.object_list)
    return page_obj


def thread_stamp(pk: int) -> Stamp:
    """The version of thread `pk`'s pages and when it last changed, in one cheap read (no
    permission rule: for the page cache, which holds only pages anonymous readers were shown)."""
    row = Thread.objects.filter(pk=pk).values_list("version", "changed_at").first()
    return Stamp(*row) if row else Stamp(None)


@dataclass(frozen=True)
class ThreadPageActions:
    """What this person may do on one page of a thread, from forum/permissions.py, so the
    template only reads booleans and sets of post ids."""

    can_reply: bool = False
    # Why a reply is not offered, when the person could fix it: forum.permissions.posting_barrier.
    posting_barrier: str = ""
    can_moderate: bool = False
    # Which cached copy of the post cards this person reads: forum.permissions.post_card_audience.
    card_audience: str = "reader"
    can_move: bool = False
    editable_ids: frozenset[int] = frozenset()
    history_ids: frozenset[int] = frozenset()
    reportable_ids: frozenset[int] = frozenset()
    hideable_ids: frozenset[int] = frozenset()
    unhideable_ids: frozenset[int] = frozenset()
    reviewable_ids: frozenset[int] = frozenset()
    # The opening post was hidden by a moderator and this person may not read it: the page
    # shows a placeholder in its place, above the replies.
    opening_hidden: bool = False
    # The person's own posts whose edit waits for review, or was sent back for changes.
    edit_waiting_ids: frozenset[int] = frozenset()
    edit_sent_back_ids: frozenset[int] = frozenset()


def thread_page_actions(user, thread: Thread, posts, *, may_post: bool) -> ThreadPageActions:
    """The actions on `posts` (a page of `thread`) and on the thread itself. No queries: the
    rules read the moderated themes kept on the user and the rows the page already holds.

    `may_post`: `permissions.can_post(user)`, asked once by the caller.
    """
    posts = list(posts)
    can_moderate = permissions.can_moderate_thread(user, thread)
    moderatable = [p for p in posts if permissions.can_hide_post(user, p)]
    own = [p for p in posts if user.is_authenticated and p.author_id == user.pk]
    edit_status = {p.pk: getattr(p, "open_edit_status", None) for p in posts}
    return ThreadPageActions(
        edit_waiting_ids=frozenset(
            p.pk for p in own if edit_status[p.pk] == PostEdit.Status.PENDING
        ),
        edit_sent_back_ids=frozenset(
            p.pk for p in own if edit_status[p.pk] == PostEdit.Status.CHANGES_REQUESTED
        ),
        can_reply=permissions.can_reply_to_thread(user, thread, may_post=may_post),
        posting_barrier=permissions.posting_barrier(user),
        can_moderate=can_moderate,
        card_audience=permissions.post_card_audience(user, thread),
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
        reviewable_ids=frozenset(
            p.pk
            for p in moderatable
            if p.status == Post.Status.PENDING or edit_status[p.pk] == PostEdit.Status.PENDING
        ),
        opening_hidden=bool(
            thread.first_post
            and thread.first_post.status == Post.Status.HIDDEN
            and not permissions.can_view_post(user, thread.first_post)
        ),
    )


def page_number_of_post(user, post: Post) -> int:
    """Which page of its thread a visible post appears on, for this person."""
    earlier = thread_posts(user, post.thread).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return earlier.count() // settings.FORUM_POSTS_PER_PAGE + 1
