"""Whole pages for anonymous readers, from the cache, and 304 for browsers that hold them.

Every anonymous reader of a thread's page gets the same HTML, so it is rendered once per
version of the thread and kept in the cache (local memory by default, Redis when REDIS_URL
is set). The key holds the version stamp the services move on every change to what the
page shows (forum/services/stamps.py), so a change is seen on the next request; the expiry
only bounds what no stamp records (a participant renaming themselves, a new deploy).

Only what cannot be personal is cached or answered from the cache:

- the request carries no session cookie and no messages cookie (so it is anonymous without
  reading a session, and no message waits to be shown), and its query string is at most
  `?page=N` (or the parameters the page names, such as a search's words and filters);
- the response is a 200 that used no CSRF token, set no cookie and added no message.

The ETag is made from the same key, so a returning anonymous reader's browser gets a 304
without the page being rendered or read from the cache.
"""

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language

CACHE_SECONDS = 300
_KEY = "forum:page:{digest}"


@dataclass(frozen=True)
class Stamp:
    """A page's version and, for `Last-Modified`, when it last changed: what a `version`
    function may return when one read gives both."""

    version: object
    changed_at: datetime | None = None


def schedule_phase(schedule) -> tuple:
    """What an anonymous page shows of the schedule (its title, dates and whether it is
    open yet or closed), for `anonymous_page`'s `context`: the banners change with it."""
    return (
        schedule.title,
        schedule.opens_at,
        schedule.closes_at,
        schedule.has_opened(),
        schedule.has_closed(),
    )


def _cacheable_request(request: HttpRequest, parameters: Collection[str]) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    params = request.GET
    if not params:
        return True
    if "page" in params:
        page = params["page"]
        if not (page.isdigit() and len(page) <= 6):
            return False
    return all(name == "page" or name in parameters for name in params)


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (storage is not None and getattr(storage, "_queued_messages", None))
    )


def _not_modified(request: HttpRequest, etag: str) -> bool:
    wanted = request.META.get("HTTP_IF_NONE_MATCH")
    return bool(wanted) and (wanted.strip() == "*" or etag in parse_etags(wanted))


def anonymous_page(
    request: HttpRequest,
    *,
    scope: str,
    version: int | Callable[[], object],
    context: tuple = (),
    changed_at: datetime | None = None,
    parameters: Collection[str] = (),
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """The page `render()` makes, from the cache for anonymous readers.

    `scope` names the page ("thread:12"), `version` is its stamp (or a function that reads
    it, called only for a request that may be answered from the cache, which may return a
    `Stamp` carrying `changed_at` as well), `context` anything else
    the anonymous page depends on (the schedule's phase); the language and the path with
    its query string are added here. `parameters` names the query parameters the page reads
    besides `page` (a search's words and filters); a request with any other is rendered as
    usual, like every request that may be personal.
    """
    if not _cacheable_request(request, parameters):
        return render()
    if callable(version):
        version = version()
    if isinstance(version, Stamp):
        version, changed_at = version.version, version.changed_at
    parts = (scope, version, get_language(), request.get_full_path(), *context)
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    etag = f'"{digest}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if changed_at is not None:
        headers["Last-Modified"] = http_date(changed_at.timestamp())
    if _not_modified(request, etag):
        response = HttpResponseNotModified()
    elif (cached := cache.get(_KEY.format(digest=digest))) is not None:
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
    else:
        response = render()
        if not _cacheable_response(request, response):
            return response
        cache.set(
            _KEY.format(digest=digest),
            (response.content, response["Content-Type"]),
            CACHE_SECONDS,
        )
    for name, value in headers.items():
        response[name] = value
    return response
