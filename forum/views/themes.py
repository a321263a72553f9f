"""The home page and a theme's threads."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from forum import permissions, selectors
from forum.context_processors import current_schedule
from forum.models import Theme
from forum.pagecache import anonymous_page, schedule_phase
from forum.selectors.follows import follow_button


@require_GET
def home(request):
    themes = selectors.themes_with_stats(request.user)
    return render(request, "forum/home.html", {"themes": themes})


@require_GET
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    schedule = current_schedule(request)

    def page():
        user = request.user
        context = {
            "theme": theme,
            "page_obj": selectors.theme_threads_page(user, theme, request.GET.get("page")),
            "can_start_thread": permissions.can_start_thread(user, theme, schedule=schedule),
            "posting_barrier": permissions.posting_barrier(user),
            "follow": follow_button(user, theme),
        }
        return render(request, "forum/theme_detail.html", context)

    return anonymous_page(
        request,
        scope=f"theme:{theme.pk}",
        version=theme.version,
        context=schedule_phase(schedule),
        render=page,
    )
