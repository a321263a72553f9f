"""Hiding and unhiding posts; locking, pinning and moving threads.

Each action has one address: GET shows a confirmation page saying what will happen, POST
does it. A post or thread outside the moderator's themes is a 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.models import Theme, Thread
from forum.permissions import move_destinations, visible_moderated_threads
from moderation.forms import MoveForm, ReasonForm, add_errors
from moderation.services import threads as services
from moderation.views.access import moderation_page, review_post_or_404


@dataclass(frozen=True)
class Action:
    service: Callable
    title: str
    explanation: str
    button: str
    done: str
    reason_required: bool = False
    reason_hint: str = _("Shown in the decision log.")
    danger: bool = False


POST_ACTIONS = {
    "hide": Action(
        service=services.hide_post,
        title=_("Hide this post"),
        explanation=(
            _(
                "The post disappears from public view and from tag pages. Its author is told, "
                "with your reason, and every open report on it is closed."
            )
        ),
        button=_("Hide the post"),
        done=_("The post is hidden."),
        reason_required=True,
        reason_hint=_("The author sees this reason; it is also kept in the decision log."),
        danger=True,
    ),
    "unhide": Action(
        service=services.unhide_post,
        title=_("Make this post public again"),
        explanation=(
            _(
                "The post is shown again where it was. Its author is told, and any open reports "
                "on it are dismissed."
            )
        ),
        button=_("Unhide the post"),
        done=_("The post is public again."),
        reason_hint=_("The author sees this reason; it is also kept in the decision log."),
    ),
}

THREAD_ACTIONS = {
    "lock": Action(
        service=services.lock_thread,
        title=_("Lock this thread"),
        explanation=(
            _(
                "Participants can still read the thread but can no longer reply. Moderators of "
                "the theme still can."
            )
        ),
        button=_("Lock the thread"),
        done=_("The thread is locked."),
    ),
    "unlock": Action(
        service=services.unlock_thread,
        title=_("Unlock this thread"),
        explanation=_("Participants can reply to the thread again."),
        button=_("Unlock the thread"),
        done=_("The thread is open for replies again."),
    ),
    "pin": Action(
        service=services.pin_thread,
        title=_("Pin this thread"),
        explanation=_("The thread stays at the top of its theme's list of threads."),
        button=_("Pin the thread"),
        done=_("The thread is pinned."),
    ),
    "unpin": Action(
        service=services.unpin_thread,
        title=_("Unpin this thread"),
        explanation=_("The thread takes its place among the others again, by latest activity."),
        button=_("Unpin the thread"),
        done=_("The thread is no longer pinned."),
    ),
}


def _thread_for(user, pk: int) -> Thread:
    qs = Thread.objects.select_related("theme", "author")
    return get_object_or_404(visible_moderated_threads(user, qs), pk=pk)


def _confirm(request, *, action: Action, target, do: Callable, back: str, context: dict):
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        required=action.reason_required,
        hint=action.reason_hint,
    )
    if request.method == "POST" and form.is_valid():
        try:
            do(reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if not add_errors(form, exc):
                messages.warning(request, " ".join(exc.messages))
                return redirect(back)
        else:
            messages.success(request, action.done)
            return redirect(back)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/threads_confirm.html",
        {"action": action, "form": form, "target": target, "back": back, **context},
        status=status,
    )


@moderation_page
def post_action(request, pk, name):
    post = review_post_or_404(request.user, pk)
    action = POST_ACTIONS[name]
    return _confirm(
        request,
        action=action,
        target=post,
        do=lambda reason: action.service(actor=request.user, post=post, reason=reason),
        back=reverse("moderation:post_review", kwargs={"pk": post.pk}),
        context={"post": post, "thread": post.thread},
    )


@moderation_page
def thread_action(request, pk, name):
    thread = _thread_for(request.user, pk)
    action = THREAD_ACTIONS[name]
    return _confirm(
        request,
        action=action,
        target=thread,
        do=lambda reason: action.service(actor=request.user, thread=thread, reason=reason),
        back=thread.get_absolute_url(),
        context={"thread": thread},
    )


@moderation_page
def thread_move(request, pk):
    thread = _thread_for(request.user, pk)
    themes = move_destinations(request.user, thread, Theme.objects.order_by("order", "title"))
    form = MoveForm(request.POST if request.method == "POST" else None, themes=themes)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_thread(
                actor=request.user,
                thread=thread,
                theme=form.cleaned_data["theme"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if not add_errors(form, exc):
                messages.warning(request, " ".join(exc.messages))
                return redirect(thread.get_absolute_url())
        else:
            messages.success(
                request, _("The thread is now in “%(theme)s”.") % {"theme": thread.theme}
            )
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "moderation/threads_move.html",
        {"thread": thread, "form": form, "has_destinations": themes.exists()},
        status=400 if request.method == "POST" else 200,
    )
