from urllib.parse import urlencode


def language_switcher(request):
    """The address the footer's language switcher returns to: this page, with its query
    (a search, a page number) but without a `next` of its own, which is only ever checked
    by the page that asked for it and need not be repeated in every form."""
    query = [
        (key, value) for key, values in request.GET.lists() if key != "next" for value in values
    ]
    return {"switcher_next": request.path + (f"?{urlencode(query)}" if query else "")}
