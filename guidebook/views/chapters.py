"""The chapter list, a chapter's page and the comparison of two versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from forum.selectors.follows import follow_button
from guidebook import selectors
from guidebook.citations import published_html
from guidebook.diffs import compare_versions
from guidebook.forms import ChapterStateForm, CompareForm
from guidebook.models import Chapter
from guidebook.permissions import can_draft_chapter, can_view_pool
from guidebook.services import set_chapter_state
from guidebook.views.common import chapter_or_404, drafter_chapter


@require_safe
def home(request):
    context = {
        "chapters": selectors.chapters_overview(),
        "can_view_pool": can_view_pool(request.user),
    }
    return render(request, "guidebook/home.html", context)


@require_safe
def chapter_detail(request, number):
    chapter = get_object_or_404(Chapter.objects.prefetch_related("sections"), number=number)
    versions = list(chapter.versions.order_by("-number").only("number", "published_at"))
    latest = selectors.latest_version(chapter) if versions else None
    can_draft = can_draft_chapter(request.user, chapter)
    context = {
        "chapter": chapter,
        "version": latest,
        "version_html": published_html(latest) if latest else "",
        "versions": versions,
        "can_draft": can_draft,
        "withdrawn": selectors.withdrawn_citations(chapter) if can_draft else [],
        "follow": follow_button(request.user, chapter),
    }
    return render(request, "guidebook/chapter_detail.html", context)


@require_safe
def compare(request, number):
    chapter = chapter_or_404(number)
    numbers = list(chapter.versions.order_by("number").values_list("number", flat=True))
    if len(numbers) < 2:
        raise Http404(_("This chapter has fewer than two versions."))
    form = CompareForm(
        {
            "from_version": request.GET.get("from", numbers[-2]),
            "to_version": request.GET.get("to", numbers[-1]),
        }
    )
    if not form.is_valid():
        context = {"chapter": chapter, "form": form, "numbers": numbers}
        return render(request, "guidebook/compare.html", context, status=400)
    wanted = [form.cleaned_data["from_version"], form.cleaned_data["to_version"]]
    versions = {v.number: v for v in chapter.versions.filter(number__in=wanted)}
    if any(n not in versions for n in wanted):
        raise Http404(_("No such version."))
    old, new = versions[wanted[0]], versions[wanted[1]]
    # The Markdown source is the drafters' working view; readers compare what they read.
    can_see_source = can_draft_chapter(request.user, chapter)
    source = can_see_source and request.GET.get("source") == "1"
    changes = compare_versions(old, new, source=source)
    # Which review comments each paragraph carried in the older version.
    carried = selectors.comments_carried(request.user, old)
    for change in changes:
        change.comments = carried.get(change.para_id, []) if change.kind != "added" else []
    context = {
        "chapter": chapter,
        "form": form,
        "numbers": numbers,
        "old": old,
        "new": new,
        "changes": changes,
        "can_see_source": can_see_source,
        "source": source,
    }
    return render(request, "guidebook/compare.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def chapter_state(request, number):
    """Choose the state, confirm it on a second page, then it is set."""
    chapter = drafter_chapter(request, number)
    form = ChapterStateForm(request.POST or None, initial={"state": chapter.state})
    context = {"chapter": chapter, "form": form, "confirming": False}
    if request.method == "POST" and form.is_valid():
        state = form.cleaned_data["state"]
        if not form.cleaned_data["confirmed"]:
            context |= {"confirming": True, "new_state": Chapter.State(state)}
            return render(request, "guidebook/chapter_state.html", context)
        try:
            set_chapter_state(actor=request.user, chapter=chapter, state=state)
        except ValidationError as error:
            form.add_error("state", error)
        else:
            messages.success(
                request,
                _("Chapter %(number)s is now “%(state)s”.")
                % {"number": chapter.number, "state": chapter.get_state_display()},
            )
            return redirect(chapter.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "guidebook/chapter_state.html", context, status=status)
