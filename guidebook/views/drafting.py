"""Editing the working draft (with conflict handling) and publishing versions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.diffs import word_diff
from guidebook import selectors
from guidebook.forms import DraftForm
from guidebook.services import (
    DraftConflict,
    autosave_draft,
    discard_autosave,
    get_draft,
    preview_draft,
    publish_version,
    save_draft,
)
from guidebook.views.common import drafter_chapter


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request, number):
    """The editor. "Preview" shows the text rendered as it would be published, writing
    nothing; `?restore=1` fills the form with the person's autosave, writing nothing."""
    chapter = drafter_chapter(request, number)
    draft = get_draft(chapter)
    autosave = selectors.pending_autosave(user=request.user, chapter=chapter, draft=draft)
    restoring = request.method == "GET" and autosave is not None and "restore" in request.GET
    initial = {"text": autosave.text if restoring else draft.text, "base_version": draft.version}
    form = DraftForm(
        request.POST or None,
        initial=initial,
        autosave_url=reverse("guidebook:draft_autosave", kwargs={"number": chapter.number}),
        autosave_seconds=settings.DRAFT_AUTOSAVE_SECONDS,
    )
    status, preview = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            text, base = form.cleaned_data["text"], form.cleaned_data["base_version"]
            try:
                if "preview" in request.POST:
                    preview = preview_draft(
                        actor=request.user, chapter=chapter, text=text, base_version=base
                    )
                    status = 200
                else:
                    save_draft(actor=request.user, chapter=chapter, text=text, base_version=base)
                    messages.success(request, _("Draft saved."))
                    return redirect("guidebook:draft_edit", number=chapter.number)
            except DraftConflict as conflict:
                return _conflict(request, chapter, conflict)
            except ValidationError as error:
                form.add_error("text", error)
    context = {
        "chapter": chapter,
        "draft": draft,
        "form": form,
        "preview": preview,
        "autosave": None if restoring or request.method == "POST" else autosave,
        "restoring": restoring,
        "links": selectors.chapter_links(chapter),
    }
    return render(request, "guidebook/draft_edit.html", context, status=status)


@require_POST
def draft_autosave(request, number):
    """Keeps the person's unsaved text (the editor's script posts it while they type).
    Anonymous people and non-drafters get 403, as for the editor itself."""
    chapter = drafter_chapter(request, number)
    try:
        autosave = autosave_draft(
            actor=request.user, chapter=chapter, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        return JsonResponse({"errors": error.messages}, status=400)
    return JsonResponse({"saved_at": autosave.saved_at.isoformat()})


@login_required
@require_POST
def draft_autosave_discard(request, number):
    chapter = drafter_chapter(request, number)
    discard_autosave(actor=request.user, chapter=chapter)
    messages.success(request, _("The unsaved text was discarded."))
    return redirect("guidebook:draft_edit", number=chapter.number)


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
            messages.success(
                request, _("Version %(number)s published.") % {"number": version.number}
            )
            return redirect(version.get_absolute_url())
    context = {"chapter": chapter, "draft": draft, "latest": latest, "errors": errors}
    return render(request, "guidebook/publish.html", context, status=400 if errors else 200)
