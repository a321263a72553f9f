from urllib.parse import urlencode

from django.conf import settings


def language_switcher(request):
    """The footer's language switcher: its languages, and the address it returns to:
    this page, with its query (a search, a page number) but without a `next` of its own,
    which only the page that asked for it checks and need not be repeated in every form."""
    query = [
        (key, value) for key, values in request.GET.lists() if key != "next" for value in values
    ]
    return {
        "switcher_next": request.path + (f"?{urlencode(query)}" if query else ""),
        # Each language named in itself, never translated: a reader lost in a language
        # they do not read still finds their own.
        "switcher_languages": settings.LANGUAGES,
    }
