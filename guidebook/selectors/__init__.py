"""The reads the guidebook pages need, permission-scoped and with related rows fetched up
front, one module per noun: the pool, chapters, review comments, outcomes."""

from guidebook.selectors.chapters import (
    chapter_links,
    chapters_for_export,
    chapters_overview,
    latest_version,
    latest_versions,
    pending_autosave,
    public_thread_titles,
    withdrawn_citations,
)
from guidebook.selectors.outcomes import Passage, chapter_report, citing_passages, my_input
from guidebook.selectors.pool import (
    POOL_PAGE_SIZE,
    REGIONS,
    PoolFilters,
    filter_pool,
    link_targets,
    pool,
    pool_posts,
)
from guidebook.selectors.review import (
    SHOW_CHOICES,
    ReadingBlock,
    comments_carried,
    reading_page,
    version_comments,
)

__all__ = [
    "SHOW_CHOICES",
    "ReadingBlock",
    "reading_page",
    "POOL_PAGE_SIZE",
    "REGIONS",
    "Passage",
    "PoolFilters",
    "chapter_links",
    "pending_autosave",
    "withdrawn_citations",
    "chapter_report",
    "chapters_for_export",
    "chapters_overview",
    "citing_passages",
    "comments_carried",
    "filter_pool",
    "latest_version",
    "latest_versions",
    "link_targets",
    "my_input",
    "pool",
    "pool_posts",
    "public_thread_titles",
    "version_comments",
]
