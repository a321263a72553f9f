"""Editing the working draft (with conflict handling) and publishing versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from common.diffs import word_diff
from guidebook import selectors
from guidebook.forms import DraftForm
from guidebook.services import DraftConflict, get_draft, publish_version, save_draft
from guidebook.views.common import drafter_chapter


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request, number):
    chapter = drafter_chapter(request, number)
    draft = get_draft(chapter)
    form = DraftForm(
        request.POST or None, initial={"text": draft.text, "base_version": draft.version}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save_draft(
                    actor=request.user,
                    chapter=chapter,
                    text=form.cleaned_data["text"],
                    base_version=form.cleaned_data["base_version"],
                )
            except DraftConflict as conflict:
                return _conflict(request, chapter, conflict)
            except ValidationError as error:
                form.add_error("text", error)
            else:
                messages.success(request, "Draft saved.")
                return redirect("guidebook:draft_edit", number=chapter.number)
        status = 400
    context = {
        "chapter": chapter,
        "draft": draft,
        "form": form,
        "links": selectors.chapter_links(chapter),
    }
    return render(request, "guidebook/draft_edit.html", context, status=status)


def _conflict(request, chapter, conflict: DraftConflict):
    """Both texts and their difference; the form starts from the writer's own text, based on
    the stored save, so saving it again is a deliberate choice and nothing is lost."""
    current = conflict.current
    form = DraftForm(initial={"text": conflict.submitted_text, "base_version": current.version})
    context = {
        "chapter": chapter,
        "current": current,
        "submitted_text": conflict.submitted_text,
        "diff": word_diff(current.text, conflict.submitted_text),
        "form": form,
    }
    return render(request, "guidebook/draft_conflict.html", context, status=409)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, number):
    chapter = drafter_chapter(request, number)
    draft = get_draft(chapter)
    latest = selectors.latest_version(chapter)
    errors = []
    if request.method == "POST":
        try:
            version = publish_version(actor=request.user, chapter=chapter)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"Version {version.number} published.")
            return redirect(version.get_absolute_url())
    context = {"chapter": chapter, "draft": draft, "latest": latest, "errors": errors}
    return render(request, "guidebook/publish.html", context, status=400 if errors else 200)
