"""The reads forum pages need, scoped by forum/permissions.py and fetched up front, one
module per noun. Each selector issues a fixed number of queries whatever the size of what
it reads."""

from forum.selectors.pages import page_of
from forum.selectors.posts import (
    HeldEditView,
    RevisionView,
    held_edit_version,
    open_edit,
    post_revisions,
    visible_post_or_none,
)
from forum.selectors.tags import tagged_public_posts, tags_by_facet, tags_with_public_counts
from forum.selectors.themes import theme_threads_page, themes_with_stats
from forum.selectors.threads import (
    ThreadPageActions,
    page_number_of_post,
    thread_page_actions,
    thread_posts,
    thread_posts_page,
    thread_stamp,
)

__all__ = [
    "HeldEditView",
    "RevisionView",
    "ThreadPageActions",
    "held_edit_version",
    "open_edit",
    "page_number_of_post",
    "page_of",
    "post_revisions",
    "tagged_public_posts",
    "tags_by_facet",
    "tags_with_public_counts",
    "theme_threads_page",
    "themes_with_stats",
    "thread_page_actions",
    "thread_stamp",
    "thread_posts",
    "thread_posts_page",
    "visible_post_or_none",
]
