"""Forum pages: themes, threads, posts, the forms that write them, and search.

Things a person may not see answer 404; actions they may not take answer 403. The rules
are asked of forum/permissions.py, reads go through forum/selectors.py and writes through
forum/services.py.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from forum import permissions, selectors, services
from forum.context_processors import current_schedule
from forum.forms import PostForm, SearchForm, ThreadForm
from forum.models import Theme, Thread

POSTING_METHODS = require_http_methods(["GET", "POST"])


# Lookups that answer 404 for what this person may not see ---------------------------------


def _thread_for(user, pk: int) -> Thread:
    qs = Thread.objects.select_related("theme", "first_post")
    return get_object_or_404(permissions.visible_threads(user, qs), pk=pk)


def _post_for(user, pk: int):
    post = selectors.visible_post_or_none(user, pk)
    if post is None:
        raise Http404("No such post.")
    return post


def _posting_refusal(request, *, allowed: bool):
    """Why this person may not use a posting form now, as a response; None if they may.

    A closed consultation is explained on its own page; an incomplete profile sends them to
    complete it and back here; any other refusal is a plain 403.
    """
    if not permissions.consultation_accepts_posts(schedule=current_schedule(request)):
        return render(request, "forum/posting_closed.html", status=403)
    if permissions.needs_profile_before_posting(request.user):
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:profile_edit')}?{query}")
    if not allowed:
        raise PermissionDenied("You cannot post here.")
    return None


def _preview(form) -> str | None:
    """The text rendered as it would be stored. Only the text's own problems are reported:
    a missing title does not stop anyone looking at their text."""
    form.is_valid()
    for name in [name for name in form.errors if name != "body"]:
        del form.errors[name]
    if "body" in form.errors:
        return None
    try:
        return services.preview_markdown(form.cleaned_data["body"])
    except ValidationError as error:
        form.add_error(None, error)
    return None


def _submit(request, form, save):
    """Handles a posting form's POST: "preview" renders the text and stores nothing; the
    other button calls `save(cleaned_data)`. Returns (saved object or None, preview HTML)."""
    if request.method != "POST":
        return None, None
    if "preview" in request.POST:
        return None, _preview(form)
    if not form.is_valid():
        return None, None
    try:
        return save(form.cleaned_data), None
    except ValidationError as error:
        form.add_error(None, error)
    return None, None


# Reading -----------------------------------------------------------------------------------


@require_GET
def home(request):
    themes = selectors.themes_with_stats(request.user)
    return render(request, "forum/home.html", {"themes": themes})


@require_GET
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    page_obj = selectors.theme_threads_page(request.user, theme, request.GET.get("page"))
    return render(request, "forum/theme_detail.html", {"theme": theme, "page_obj": page_obj})


@require_GET
def thread_detail(request, pk):
    user = request.user
    thread = _thread_for(user, pk)
    page_obj = selectors.thread_posts_page(user, thread, request.GET.get("page"))
    may_post = permissions.can_post(user, schedule=current_schedule(request))
    actions = selectors.thread_page_actions(user, thread, page_obj, may_post=may_post)
    context = {"thread": thread, "page_obj": page_obj, "actions": actions}
    return render(request, "forum/thread_detail.html", context)


@require_GET
def post_permalink(request, pk):
    post = _post_for(request.user, pk)
    if not permissions.can_view_post(request.user, post):
        raise Http404("No such post.")
    number = selectors.page_number_of_post(request.user, post)
    page = f"?page={number}" if number > 1 else ""
    return redirect(f"{post.thread.get_absolute_url()}{page}#post-{post.pk}")


@require_GET
def post_revisions(request, pk):
    post = _post_for(request.user, pk)
    if not permissions.can_view_revisions(request.user, post):
        raise Http404("No such post.")
    versions = selectors.post_revisions(post)
    return render(request, "forum/post_revisions.html", {"post": post, "versions": versions})


@require_GET
def search(request):
    form = SearchForm(request.GET)
    page_obj = query = None
    if form.is_valid() and (query := form.cleaned_data["q"].strip()):
        page_obj = selectors.search_page(query, request.GET.get("page"))
    context = {"form": form, "query": query, "page_obj": page_obj}
    if page_obj is not None:
        context["page_query"] = urlencode({"q": query})
    return render(request, "forum/search.html", context)


# Writing -----------------------------------------------------------------------------------


@login_required
@POSTING_METHODS
def thread_create(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    allowed = permissions.can_start_thread(request.user, theme)
    if refusal := _posting_refusal(request, allowed=allowed):
        return refusal
    form = ThreadForm(request.POST or None)
    thread, preview = _submit(
        request, form, lambda data: services.start_thread(author=request.user, theme=theme, **data)
    )
    if thread is not None:
        return redirect(thread)
    context = {"theme": theme, "form": form, "preview": preview}
    return render(request, "forum/thread_form.html", context)


@login_required
@POSTING_METHODS
def post_create(request, pk):
    thread = _thread_for(request.user, pk)
    allowed = permissions.can_reply_to_thread(request.user, thread)
    if refusal := _posting_refusal(request, allowed=allowed):
        return refusal
    form = PostForm(request.POST or None)
    post, preview = _submit(
        request, form, lambda data: services.reply(author=request.user, thread=thread, **data)
    )
    if post is not None:
        return redirect("forum:post_permalink", pk=post.pk)
    context = {"thread": thread, "form": form, "preview": preview}
    return render(request, "forum/post_form.html", context)


@login_required
@POSTING_METHODS
def post_edit(request, pk):
    post = _post_for(request.user, pk)
    if refusal := _posting_refusal(request, allowed=permissions.can_edit_post(request.user, post)):
        return refusal
    opens_thread = post.thread.first_post_id == post.pk
    initial = {f: getattr(post, f) for f in ("kind", "body", *services.STRUCTURED_FIELDS)}
    initial["title"] = post.thread.title
    form = (ThreadForm if opens_thread else PostForm)(request.POST or None, initial=initial)
    saved, preview = _submit(
        request, form, lambda data: services.edit_post(editor=request.user, post=post, **data)
    )
    if saved is not None:
        return redirect("forum:post_permalink", pk=saved.pk)
    context = {"post": post, "thread": post.thread, "form": form, "preview": preview}
    return render(request, "forum/post_form.html", context)
