"""The language of a signed-in person's pages is the one in their profile.

Django's LocaleMiddleware, earlier in the chain, has already chosen from the language
cookie (the footer's switcher) and the browser's Accept-Language; a profile language, when
it is one the site offers, takes precedence over both. The footer's switcher updates the
profile of a signed-in person (accounts.views.set_language), so the two never disagree
for long.
"""

from django.conf import settings
from django.utils import translation


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
