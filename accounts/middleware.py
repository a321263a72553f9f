"""The middlewares of signed-in requests: the profile's language, and agreeing to the
privacy notice in force.

The language of a signed-in person's pages is the one in their profile.

Django's LocaleMiddleware, earlier in the chain, has already chosen from the language
cookie (the footer's switcher) and the browser's Accept-Language; a profile language, when
it is one the site offers, takes precedence over both. The footer's switcher updates the
profile of a signed-in person (accounts.views.set_language), so the two never disagree
for long.
"""

from functools import cache
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from accounts.notices import needs_privacy_consent
from common.redirects import local_path_or


class ProfileLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class PrivacyConsentMiddleware:
    """A signed-in person who has not agreed to the privacy notice in force (a newer version
    was published, or the account is older than consents) is sent to agree to it first.

    What stays open without agreeing: the consent page and the notice itself, signing out,
    the language switcher, and downloading one's data and deleting one's account, so a
    person who does not agree can still take their data and leave; the admin for staff,
    and static files. Goes after the authentication middlewares.

    The check costs no query: the version agreed to is on the user's row, the version in
    force comes from the cache (accounts.notices)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and needs_privacy_consent(user):
            if not _is_exempt(request.path_info, user):
                return redirect(consent_url(request))
        return self.get_response(request)


@cache
def _exempt_paths() -> frozenset[str]:
    return frozenset(
        reverse(name)
        for name in (
            "accounts:privacy_consent",
            "accounts:privacy_notice",
            "accounts:set_language",
            "accounts:personal_data_download",
            "accounts:account_delete",
            "account_logout",
        )
    )


def _is_exempt(path: str, user) -> bool:
    if path.startswith(settings.STATIC_URL):
        return True
    if user.is_staff and path.startswith(reverse("admin:index")):
        return True
    return path in _exempt_paths()


def consent_url(request) -> str:
    """The consent page, with `next` the page asked for, or for a form sent (POST) the page
    that held the form."""
    if request.method in ("GET", "HEAD"):
        back = request.get_full_path()
    else:
        referer = urlsplit(request.headers.get("referer", ""))
        same_site = referer.netloc == request.get_host()
        back = local_path_or(referer.path + (f"?{referer.query}" if referer.query else ""), "")
        back = back if same_site else ""
    url = reverse("accounts:privacy_consent")
    return f"{url}?{urlencode({'next': back})}" if back else url
