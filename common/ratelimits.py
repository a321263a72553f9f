"""Rate limits on what people do often (posting, editing, previews, reports, review
comments, search, exports), counted in the cache by django-ratelimit.

A view is wrapped in `rate_limit("post")`; the rate is `settings.RATE_LIMITS[action]` unless
the view passes its own `rate` (a callable, for limits that depend on who is asking). Each
signed-in person has their own count; anonymous visitors are counted by address, the
client's address as allauth finds it (so both libraries obey DJANGO_TRUSTED_PROXY_COUNT and
DJANGO_CLIENT_IP_HEADER). A request over the limit answers 429 with the site's page saying
when to try again, and a Retry-After header; the view does not run, so nothing is saved.
"""

import math
from collections.abc import Callable
from functools import wraps

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited


class RateLimited(Ratelimited):
    """Raised by django-ratelimit's own decorator, should any code use it; answered with the
    same 429 page by `RateLimitMiddleware`."""


def client_ip(request) -> str:
    """The client's address behind the trusted proxies (allauth's reading of the settings)."""
    return get_adapter().get_client_ip(request)


def user_or_ip(group, request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


def too_many_requests(request, retry_after: int | None = None):
    """The 429 page in the site's layout; `retry_after` in seconds when it is known."""
    minutes = math.ceil(retry_after / 60) if retry_after and retry_after > 0 else None
    response = render(request, "429.html", {"retry_after_minutes": minutes}, status=429)
    if minutes:
        response["Retry-After"] = str(retry_after)
    return response


def rate_limit(action, *, method=ALL, rate: Callable | None = None):
    """Counts each request the view gets (of `method`) against the limit for `action`.

    `action` is a name in `settings.RATE_LIMITS`, or a callable `(request) -> name or None`
    for views whose one form does several things (a posting form saves or previews); None
    counts nothing. `rate(action, request)` may give a rate other than the setting's."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            name = action(request) if callable(action) else action
            if name is not None:
                usage = get_usage(
                    request,
                    group=f"site.{name}",
                    key=user_or_ip,
                    rate=lambda group, request: (rate or _setting_rate)(name, request),
                    method=method,
                    increment=True,
                )
                if usage is not None and usage["should_limit"]:
                    return too_many_requests(request, usage["time_left"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _setting_rate(action: str, request) -> str:
    return settings.RATE_LIMITS[action]


class RateLimitMiddleware:
    """Turns django-ratelimit's exception into the site's 429 page rather than a 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Ratelimited):
            return too_many_requests(request)
        return None
