"""What other apps add to the search index.

forum may not import the apps above it, so each app with something to find (guidebook:
its published chapter versions) registers a source at start-up, in its
`AppConfig.ready`: a name, the label its results carry, and a function that yields the
entries for some of its rows (or all of them, for a rebuild). The app's own services call
`forum.search.index_source(name, ids=...)` when such a row is written.
"""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SearchEntry:
    """One item of another app, as search shows and finds it. Anyone may find it."""

    source_id: int
    url: str
    title: str
    # Plain text (no Markdown, no HTML).
    text: str
    created_at: datetime


# entries(ids) -> the entries of those rows (all of them when ids is None); a row that no
# longer exists or may no longer be found is simply not yielded, and leaves the index.
EntriesFunction = Callable[[Collection[int] | None], Iterable[SearchEntry]]


@dataclass(frozen=True)
class SearchSource:
    name: str
    label: str
    entries: EntriesFunction


_sources: dict[str, SearchSource] = {}


def register_source(name: str, *, label: str, entries: EntriesFunction) -> None:
    """Declares a source; registering the same name again (a reloaded app) replaces it."""
    _sources[name] = SearchSource(name, label, entries)


def registered_sources() -> list[SearchSource]:
    return list(_sources.values())


def source_named(name: str) -> SearchSource:
    return _sources[name]
