"""Full-text search over posts and what other apps register (guidebook versions).

- `documents`: writing the index; the services call `index_post`, `index_threads`,
  `index_authors`, `index_source` inside their transactions, and `rebuild_search_index`
  writes it all again.
- `backends`: each database's full-text index (PostgreSQL tsvector, SQLite FTS5).
- `queries`: a page of results for one person, scoped by forum/permissions.py.
- `spelling`: one spelling for British and American variants, for text and queries alike.
- `sources`: the registry other apps add their searchable rows to.
"""

from forum.search.documents import (
    POST_SOURCE,
    RebuildOutcome,
    index_authors,
    index_post,
    index_posts,
    index_source,
    index_tags,
    index_threads,
    rebuild_search_index,
)
from forum.search.queries import (
    RESULTS_PER_PAGE,
    SEARCH_MAX_LENGTH,
    SearchFilters,
    Sort,
    kind_labels,
    search_page,
    search_terms,
)
from forum.search.sources import SearchEntry, register_source
from forum.search.spelling import normalise

__all__ = [
    "POST_SOURCE",
    "RESULTS_PER_PAGE",
    "SEARCH_MAX_LENGTH",
    "RebuildOutcome",
    "SearchEntry",
    "SearchFilters",
    "Sort",
    "index_authors",
    "index_post",
    "index_posts",
    "index_source",
    "index_tags",
    "index_threads",
    "kind_labels",
    "normalise",
    "rebuild_search_index",
    "register_source",
    "search_page",
    "search_terms",
]
