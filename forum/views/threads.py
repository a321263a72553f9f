"""A thread's pages, and starting a thread.

Things a person may not see answer 404; actions they may not take answer 403.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from common.forms import form_status
from forum import permissions, selectors, services
from forum.context_processors import current_schedule
from forum.forms import ThreadForm
from forum.models import Theme, Thread
from forum.pagecache import CACHE_SECONDS as CARD_CACHE_SECONDS
from forum.pagecache import anonymous_page, schedule_phase
from forum.ratelimits import posting_limit
from forum.selectors.follows import follow_button
from forum.views.posting import POSTING_METHODS, confirm_submission, posting_refusal, submit


def thread_for(user, pk: int) -> Thread:
    qs = Thread.objects.select_related("theme", "first_post")
    return get_object_or_404(permissions.visible_threads(user, qs), pk=pk)


@require_GET
def thread_detail(request, pk):
    user = request.user
    schedule = current_schedule(request)

    def page():
        thread = thread_for(user, pk)
        page_obj = selectors.thread_posts_page(user, thread, request.GET.get("page"))
        may_post = permissions.can_post(user, schedule=schedule)
        actions = selectors.thread_page_actions(user, thread, page_obj, may_post=may_post)
        context = {
            "thread": thread,
            "page_obj": page_obj,
            "actions": actions,
            "follow": follow_button(user, thread),
            "card_seconds": CARD_CACHE_SECONDS,
        }
        return render(request, "forum/thread_detail.html", context)

    # An anonymous reader's page is looked up by the thread's stamp alone: a page is cached
    # only once an anonymous reader was allowed to see it, and whatever would hide it from
    # them (its opening post rejected or hidden) moves the stamp.
    return anonymous_page(
        request,
        scope=f"thread:{pk}",
        version=lambda: selectors.thread_stamp(pk),
        context=schedule_phase(schedule),
        render=page,
    )


@login_required
@POSTING_METHODS
@posting_limit
def thread_create(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    allowed = permissions.can_start_thread(request.user, theme)
    if refusal := posting_refusal(request, allowed=allowed):
        return refusal
    form = ThreadForm(
        request.POST or None,
        request.FILES or None,
        initial={"language": services.author_language(request.user)},
    )
    thread, preview = submit(
        request, form, lambda data: services.start_thread(author=request.user, theme=theme, **data)
    )
    if thread is not None:
        confirm_submission(request, thread.first_post)
        return redirect(thread)
    context = {"theme": theme, "form": form, "preview": preview}
    return render(request, "forum/thread_form.html", context, status=form_status(form))
