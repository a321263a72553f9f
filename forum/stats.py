"""Per-theme figures for the home page: threads, posts and the latest activity in each theme.

Counting 100,000 posts on every visit to the home page is the slowest read in the forum, and
the figures everyone sees are the same for everyone. So two sets of figures are computed with
one grouped query each (threads, then posts) and kept in the cache for a short while:

- the public figures (what `forum.permissions` shows an anonymous reader), which every page
  view starts from;
- the figures over everything (every status), which is what a moderator sees in the themes
  they moderate (and an administrator in all of them).

What differs per person (their own posts and threads that are not public) is added by
`forum.selectors.themes_with_stats` in the query that reads the themes anyway.

Writes that change the figures call `public_stats_changed()`, which moves the cache to a new
version: the next page view counts afresh, so a new post shows at once. The short expiry
bounds how stale the figures can be after writes made outside the services (the admin,
bulk imports).
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

from forum import permissions
from forum.models import Post, Thread

CACHE_SECONDS = 30
_VERSION_KEY = "forum:theme-stats:version"
_KEY = "forum:theme-stats:{version}:{scope}"


@dataclass(frozen=True)
class ThemeStats:
    threads: int = 0
    posts: int = 0
    last_activity_at: datetime | None = None

    def plus(self, *, threads: int, posts: int, last_activity_at: datetime | None) -> "ThemeStats":
        """These figures with someone's own non-public threads and posts added."""
        dates = [d for d in (self.last_activity_at, last_activity_at) if d is not None]
        return ThemeStats(
            threads=self.threads + threads,
            posts=self.posts + posts,
            last_activity_at=max(dates) if dates else None,
        )


EMPTY = ThemeStats()


def _new_version() -> None:
    cache.set(_VERSION_KEY, time.time_ns(), None)


def public_stats_changed() -> None:
    """Call from any write that adds, removes, moves or changes the status of a post or a
    thread. The version moves now (so this process's next read in the same transaction
    counts afresh) and again after commit (so a read made by another request between the
    two, which could not yet see the write, is not the one kept)."""
    _new_version()
    transaction.on_commit(_new_version)


def _version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, time.time_ns(), None)
        version = cache.get(_VERSION_KEY, 0)
    return version


def _count(threads, posts) -> dict[int, ThemeStats]:
    """{theme id: figures} for the given threads and posts: two grouped queries. Themes with
    nothing in them are absent."""
    per_theme = {
        row["theme"]: [row["n"], 0, row["at"]]
        for row in threads.order_by()
        .values("theme")
        .annotate(n=Count("pk"), at=Max("last_activity_at"))
    }
    for row in posts.order_by().values("thread__theme").annotate(n=Count("pk")):
        per_theme.setdefault(row["thread__theme"], [0, 0, None])[1] = row["n"]
    return {
        pk: ThemeStats(threads=t, posts=p, last_activity_at=at)
        for pk, (t, p, at) in per_theme.items()
    }


def _cached(scope: str, compute, theme_ids) -> dict[int, ThemeStats]:
    """The figures for `scope`, from the cache unless a theme in `theme_ids` is not in them
    (a theme created since they were counted)."""
    key = _KEY.format(version=_version(), scope=scope)
    figures = cache.get(key)
    if figures is None or not set(theme_ids) <= figures.keys():
        counted = compute()
        # Every theme gets an entry, empty ones too, so a theme with nothing in it does not
        # look new on every read.
        figures = {pk: counted.get(pk, EMPTY) for pk in {*theme_ids, *counted}}
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def public_theme_stats(theme_ids) -> dict[int, ThemeStats]:
    """What anyone may see in each theme: threads whose opening post is approved, and the
    approved posts in them (the rule of `permissions.visible_threads` / `visible_posts` for
    an anonymous reader)."""
    anonymous = AnonymousUser()

    def compute():
        return _count(
            permissions.visible_threads(anonymous, Thread.objects.all()),
            permissions.visible_posts(anonymous, Post.objects.all()),
        )

    return _cached("public", compute, theme_ids)


def all_theme_stats(theme_ids) -> dict[int, ThemeStats]:
    """Every thread and post in each theme, whatever its status: what the theme's
    moderators see."""
    return _cached("all", lambda: _count(Thread.objects.all(), Post.objects.all()), theme_ids)
