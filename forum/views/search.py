"""Search."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.forms import form_status
from forum import selectors
from forum.forms import SearchForm


@require_GET
def search(request):
    form = SearchForm(request.GET)
    page_obj = query = None
    if form.is_valid() and (query := form.cleaned_data["q"].strip()):
        page_obj = selectors.search_page(query, request.GET.get("page"))
    context = {"form": form, "query": query, "page_obj": page_obj}
    if page_obj is not None:
        context["page_query"] = urlencode({"q": query})
    return render(request, "forum/search.html", context, status=form_status(form))
