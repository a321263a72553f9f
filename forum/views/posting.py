"""What every posting form shares: who may use it now, and how its POST is handled
(preview without storing, or save through a service).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.submissions import submit_once
from forum import permissions, reviewers, services
from forum.context_processors import current_schedule
from forum.models import Post
from forum.services import STRUCTURED_FIELDS

POSTING_METHODS = require_http_methods(["GET", "POST"])


def posting_refusal(request, *, allowed: bool):
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
        raise PermissionDenied(_("You cannot post here."))
    return None


@dataclass
class Preview:
    """The post as it will appear: its title, its kind and summary box (`post`, unsaved)
    and its text rendered as it would be stored (`html`)."""

    html: str
    post: Post
    title: str


def _preview(form) -> Preview | None:
    """The post as it would be shown. Only the text's own problems are reported: a missing
    title does not stop anyone looking at their text."""
    form.is_valid()
    for name in [name for name in form.errors if name != "body"]:
        del form.errors[name]
    if "body" in form.errors:
        return None
    try:
        html = services.preview_markdown(form.cleaned_data["body"])
    except ValidationError as error:
        form.add_error(None, error)
        return None
    data = form.cleaned_data
    kind = data.get("kind") or Post.Kind.COMMENT
    summary = {}
    if kind in Post.STRUCTURED_KINDS:
        summary = {name: (data.get(name) or "").strip() for name in STRUCTURED_FIELDS}
    return Preview(html=html, post=Post(kind=kind, **summary), title=data.get("title", ""))


def submit(request, form, save):
    """Handles a posting form's POST: "preview" shows the post as it will appear and stores
    nothing; "change kind" shows the form again for the kind chosen, with everything typed
    kept and no errors (nothing was sent yet); the other button calls `save(cleaned_data)`.
    Returns (saved object or None, Preview or None)."""
    if request.method != "POST":
        return None, None
    if "preview" in request.POST:
        return None, _preview(form)
    if "change_kind" in request.POST:
        form.is_valid()
        form.errors.clear()
        return None, None
    if not form.is_valid():
        return None, None
    try:
        # A second click on the button, or a retry, gets what the first one saved.
        data = dict(form.cleaned_data)
        token = data.pop("submission", None)
        submitted = submit_once(user=request.user, token=token, save=lambda: save(data))
        return submitted.obj, None
    except ValidationError as error:
        form.add_error(None, error)
    return None, None


def confirm_submission(request, post) -> None:
    """Tells the author what happens next to what they just posted or resubmitted: it is
    public, or it waits for the units that review the theme's posts, by name."""
    if post.is_public:
        if post.thread.first_post_id == post.pk:
            text = _("Your thread is published.")
        else:
            text = _("Your reply is published.")
        messages.success(request, text)
        return
    theme = post.thread.theme
    names = reviewers.reviewer_names(theme)
    values = {"kind": post.get_kind_display().lower(), "theme": theme.title}
    if names:
        values["reviewers"] = get_text_list(names, _("and"))
        text = _(
            "Your %(kind)s is waiting for review by %(reviewers)s; "
            "you will be notified of the decision."
        )
    else:
        text = _(
            "Your %(kind)s is waiting for review by the moderators of “%(theme)s”; "
            "you will be notified of the decision."
        )
    messages.success(request, text % values)
