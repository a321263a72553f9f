"""Which link addresses a post may carry, and which of them leave the site.

The sanitiser's own scheme check is a second lock; this module is the one relied on, and
it judges an address the way a browser will read it.
"""

import html
import re

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
EXTERNAL_SCHEMES = frozenset({"http", "https"})
EXTERNAL_REL = "nofollow ugc noopener noreferrer"

# Browsers drop ASCII tab and newline anywhere in a URL and strip C0 controls and spaces at
# either end before they look for the scheme, so "java\tscript:" is "javascript:". Removing
# every such character before the check makes the check see what the browser sees.
_URL_IGNORED_RE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
_SLASHES = "/\\"


def _normalised_url(value: str) -> str:
    # Entities are decoded until nothing changes (bounded), so "&amp;#106;avascript:"
    # is judged as "javascript:" even though a browser would decode it only once.
    for _ in range(3):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return _URL_IGNORED_RE.sub("", value).lower()


def is_allowed_url(value: str) -> bool:
    """True for http, https and mailto URLs and for relative ones (path, query, fragment).

    Anything with a scheme outside the allow-list is refused, and so is anything with a
    colon before its first ``/``, ``?`` or ``#`` that does not parse as an allowed scheme,
    because some browser might read it as one.
    """
    url = _normalised_url(value)
    match = _SCHEME_RE.match(url)
    if match:
        return match.group(1) in ALLOWED_SCHEMES
    head = re.split(r"[/\\?#]", url, maxsplit=1)[0]
    return ":" not in head


def is_external_url(value: str) -> bool:
    """True when following the link leaves the site: http(s) or protocol-relative ``//``."""
    url = _normalised_url(value)
    match = _SCHEME_RE.match(url)
    if match:
        return match.group(1) in EXTERNAL_SCHEMES
    # Browsers treat a backslash like a slash here, so "\\evil.example" leaves the site too.
    return len(url) >= 2 and url[0] in _SLASHES and url[1] in _SLASHES
