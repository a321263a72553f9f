"""Hiding and unhiding posts; locking, pinning and moving threads.

Each action has one address: GET shows a confirmation page saying what will happen, POST
does it. A post or thread outside the moderator's themes is a 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from forum.models import Post, Theme, Thread
from forum.permissions import moderated_theme_ids, move_destinations
from moderation.permissions import reviewable_posts
from moderation.services import threads as services
from moderation.views.access import moderation_page


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, required: bool, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = required
        field.label = "Reason" if required else "Reason (optional)"
        field.help_text = hint


class MoveForm(forms.Form):
    theme = forms.ModelChoiceField(label="Move to theme", queryset=Theme.objects.none())
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the decision log.",
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


@dataclass(frozen=True)
class Action:
    service: Callable
    title: str
    explanation: str
    button: str
    done: str
    reason_required: bool = False
    reason_hint: str = "Shown in the decision log."
    danger: bool = False


POST_ACTIONS = {
    "hide": Action(
        service=services.hide_post,
        title="Hide this post",
        explanation=(
            "The post disappears from public view and from tag pages. Its author is told, "
            "with your reason, and every open report on it is closed."
        ),
        button="Hide the post",
        done="The post is hidden.",
        reason_required=True,
        reason_hint="The author sees this reason; it is also kept in the decision log.",
        danger=True,
    ),
    "unhide": Action(
        service=services.unhide_post,
        title="Make this post public again",
        explanation=(
            "The post is shown again where it was. Its author is told, and any open reports "
            "on it are dismissed."
        ),
        button="Unhide the post",
        done="The post is public again.",
        reason_hint="The author sees this reason; it is also kept in the decision log.",
    ),
}

THREAD_ACTIONS = {
    "lock": Action(
        service=services.lock_thread,
        title="Lock this thread",
        explanation=(
            "Participants can still read the thread but can no longer reply. Moderators of "
            "the theme still can."
        ),
        button="Lock the thread",
        done="The thread is locked.",
    ),
    "unlock": Action(
        service=services.unlock_thread,
        title="Unlock this thread",
        explanation="Participants can reply to the thread again.",
        button="Unlock the thread",
        done="The thread is open for replies again.",
    ),
    "pin": Action(
        service=services.pin_thread,
        title="Pin this thread",
        explanation="The thread stays at the top of its theme's list of threads.",
        button="Pin the thread",
        done="The thread is pinned.",
    ),
    "unpin": Action(
        service=services.unpin_thread,
        title="Unpin this thread",
        explanation="The thread takes its place among the others again, by latest activity.",
        button="Unpin the thread",
        done="The thread is no longer pinned.",
    ),
}


def _post_for(user, pk: int) -> Post:
    qs = Post.objects.select_related("thread", "thread__theme", "author")
    return get_object_or_404(reviewable_posts(user, qs), pk=pk)


def _thread_for(user, pk: int) -> Thread:
    qs = Thread.objects.select_related("theme", "author")
    return get_object_or_404(qs.filter(theme_id__in=moderated_theme_ids(user)), pk=pk)


def add_errors(form: forms.Form, error: ValidationError) -> bool:
    """Puts a service's field errors on the form. Returns False when the error is about the
    object's state rather than the input (someone else acted first): the caller says so."""
    if not hasattr(error, "error_dict"):
        return False
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
    return True


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


def _post_action(request, pk: int, name: str):
    post = _post_for(request.user, pk)
    action = POST_ACTIONS[name]
    return _confirm(
        request,
        action=action,
        target=post,
        do=lambda reason: action.service(actor=request.user, post=post, reason=reason),
        back=reverse("moderation:post_review", kwargs={"pk": post.pk}),
        context={"post": post, "thread": post.thread},
    )


def _thread_action(request, pk: int, name: str):
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
def post_hide(request, pk):
    return _post_action(request, pk, "hide")


@moderation_page
def post_unhide(request, pk):
    return _post_action(request, pk, "unhide")


@moderation_page
def thread_lock(request, pk):
    return _thread_action(request, pk, "lock")


@moderation_page
def thread_unlock(request, pk):
    return _thread_action(request, pk, "unlock")


@moderation_page
def thread_pin(request, pk):
    return _thread_action(request, pk, "pin")


@moderation_page
def thread_unpin(request, pk):
    return _thread_action(request, pk, "unpin")


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
            messages.success(request, f"The thread is now in “{thread.theme}”.")
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "moderation/threads_move.html",
        {"thread": thread, "form": form, "has_destinations": themes.exists()},
        status=400 if request.method == "POST" else 200,
    )
