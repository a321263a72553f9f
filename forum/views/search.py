"""Search."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.forms import form_status
from common.ratelimits import rate_limit
from forum.context_processors import current_schedule
from forum.forms import SearchForm
from forum.pagecache import anonymous_page, schedule_phase
from forum.search import search_page
from forum.services.stamps import search_version


@require_GET
@rate_limit("search")
def search(request):
    def page():
        form = SearchForm(request.GET)
        page_obj = query = None
        context = {"form": form}
        if form.is_valid() and (query := form.cleaned_data["q"]):
            page_obj = search_page(
                user=request.user, query=query, filters=form.filters(), page=request.GET.get("page")
            )
            # Every parameter but the page, for the pagination links.
            others = request.GET.copy()
            others.pop("page", None)
            context.update(
                page_query=others.urlencode(), truncated=page_obj.paginator.object_list.truncated
            )
        context.update(query=query, page_obj=page_obj)
        return render(request, "forum/search.html", context, status=form_status(form))

    # What an anonymous reader finds is the same for every anonymous reader until the index
    # or a theme changes: the results page comes from the cache (forum/pagecache.py).
    return anonymous_page(
        request,
        scope="search",
        version=search_version,
        context=schedule_phase(current_schedule(request)),
        parameters=SearchForm.base_fields,
        render=page,
    )
