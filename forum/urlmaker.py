"""Links made many times a page without reverse() each time.

A thread page links every post to its permalink, its author's profile and the actions the
reader may take on it: forty and more reverse() calls a page, each a walk over the URLconf.
`url_maker` reverses once and fills in the one argument, quoted as reverse() quotes it;
`{% pk_url name pk %}` (forum/templatetags/forum_links.py) keeps one maker per URL name.
"""

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_SAMPLE_PK = 918273645
_makers: dict[tuple, Callable[[object], str]] = {}


def url_maker(name: str, argument: str, sample) -> Callable[[object], str]:
    """`make(value)` → the same URL as `reverse(name, kwargs={argument: value})`, for a URL
    with that one argument: reverse() once with `sample` (a value its converter accepts and
    the rest of the URL does not contain), then each value quoted as reverse() quotes it."""
    prefix, _, suffix = reverse(name, kwargs={argument: sample}).partition(str(sample))
    return lambda value: f"{prefix}{quote(str(value), safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"


def pk_url(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}), with one reverse() per URL name and URLconf."""
    key = (name, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    maker = _makers.get(key)
    if maker is None:
        maker = _makers[key] = url_maker(name, "pk", _SAMPLE_PK)
    return maker(int(pk))
