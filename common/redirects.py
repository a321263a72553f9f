"""Where a form may send a person back to: only a path on this site.

`?next=` and posted `next` fields come from the request, so anyone can write them:
another site's address (an open redirect), `//elsewhere.example` or `/\\elsewhere` (which
browsers read as another host), or a bare word such as `abc` (which `redirect()` would look
up as a URL name and fail on). Only an absolute path of this site is taken.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(candidate: str) -> bool:
    if not candidate or not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return False
    if any(ord(c) < 32 or c == "\x7f" for c in candidate):
        return False
    return url_has_allowed_host_and_scheme(candidate, allowed_hosts=None)


def local_path_or(candidate: str | None, fallback: str) -> str:
    """`candidate` if it is a path on this site, else `fallback`."""
    return candidate if candidate and is_local_path(candidate) else fallback
