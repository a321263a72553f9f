"""Review queues and decisions on posts: /moderation/, a unit's queue, one post's review."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.models import StakeholderGroup
from common.forms import form_status, parse_ids
from forum.attachments.selectors import show_attachments
from forum.models import Post
from moderation.forms import NoteForm, ReviewForm, add_errors
from moderation.models import Decision
from moderation.permissions import (
    can_add_moderator_note,
    can_hide_public_post,
    can_unhide_post,
    reviewable_posts,
    unit_theme_ids,
)
from moderation.selectors.accounts import pending_accounts
from moderation.selectors.queues import next_in_queue, units_overview
from moderation.selectors.queues import unit_queue as select_unit_queue
from moderation.selectors.review import review_context
from moderation.services import decisions
from moderation.services.decisions import AlreadyDecided
from moderation.services.notes import add_moderator_note
from moderation.services.undo import (
    bulk_approve_with_undo,
    decide_with_undo,
    undo_decision,
    undo_offer,
)
from moderation.views.access import moderation_page, review_post_or_404, unit_or_404

# Forms: input shape only; the services hold the rules -------------------------------------


def _already_decided(request, exc: AlreadyDecided) -> None:
    decision = exc.decision
    if decision is None:
        messages.warning(request, str(exc))
        return
    params = {
        "actor": decision.actor,
        "action": decision.get_action_display().lower(),
        "reason": decision.reason,
    }
    if decision.reason:
        text = _(
            "Already decided by %(actor)s: %(action)s (reason: %(reason)s). "
            "Your decision was not recorded."
        )
    else:
        text = _("Already decided by %(actor)s: %(action)s. Your decision was not recorded.")
    messages.warning(request, text % params)


def _after_decision(request, decision, *, then_next: bool) -> str:
    """Where a decision leads: with "… and next", the unit queue's next waiting post (or the
    empty queue, saying so); otherwise back to the queue the post came from."""
    if decision.unit is None:
        return reverse("moderation:home")
    queue_url = reverse("moderation:unit_queue", kwargs={"code": decision.unit.code})
    if not then_next:
        return queue_url
    following = next_in_queue(request.user, decision.unit)
    if following is None:
        messages.info(
            request,
            _("Nothing else is waiting in the %(unit)s queue.") % {"unit": decision.unit.name},
        )
        return queue_url
    return reverse("moderation:post_review", kwargs={"pk": following.pk})


def _render_review(
    request,
    post: Post,
    *,
    form: ReviewForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
):
    context = review_context(request.user, post)
    show_attachments(request.user, [post])
    if form is None:
        form = ReviewForm(
            initial={
                "tags": sorted(context.current_tag_ids),
                # An edit of an approved post keeps its guidebook choice unless changed here.
                "accept": post.accepted_for_guidebook,
                "note": post.guidebook_note,
            }
        )
    if note_form is None:
        note_form = NoteForm()
    chosen = {str(v) for v in (form["tags"].value() or [])}
    return render(
        request,
        "moderation/post_review.html",
        {
            "review": context,
            "post": post,
            "form": form,
            "note_form": note_form,
            "can_add_note": can_add_moderator_note(request.user, post),
            "chosen_tag_ids": chosen,
            "can_hide": can_hide_public_post(request.user, post),
            "can_unhide": can_unhide_post(request.user, post),
            "undo_offer": _undo_offer(request),
        },
        status=status,
    )


UNDO_SESSION_KEY = "moderation:undoable_decision"


def _undo_offer(request):
    """The undo link the desk offers after the moderator's last decision, while it holds."""
    return undo_offer(request.user, request.session.get(UNDO_SESSION_KEY))


# Pages --------------------------------------------------------------------------------------


@require_safe
@moderation_page
def home(request):
    # Accounts waiting for approval can outlast the setting that made them wait, so the
    # queue is offered while any wait, even after the setting is turned off.
    waiting = pending_accounts().paginator.count
    context = {
        "summaries": units_overview(request.user),
        "pending_accounts": waiting,
        "shows_account_queue": settings.ACCOUNT_APPROVAL_REQUIRED or waiting > 0,
    }
    return render(request, "moderation/home.html", context)


@require_safe
@moderation_page
def unit_queue(request, code):
    unit = unit_or_404(request.user, code)
    queue = select_unit_queue(
        request.user,
        unit,
        theme=request.GET.get("theme"),
        kind=request.GET.get("kind"),
        stakeholder_group=request.GET.get("stakeholder_group"),
        page=request.GET.get("page", 1),
    )
    filter_query = QueryDict(mutable=True)
    filter_query.update(queue.filters)
    return render(
        request,
        "moderation/unit_queue.html",
        {
            "queue": queue,
            "unit": unit,
            "kinds": Post.Kind.choices,
            "stakeholder_groups": StakeholderGroup.choices,
            "filter_query": filter_query.urlencode(),
            "undo_offer": _undo_offer(request),
        },
    )


@require_safe
@moderation_page
def post_review(request, pk):
    post = review_post_or_404(request.user, pk)
    if post.status == Post.Status.PENDING or decisions.is_held_edit(post):
        decisions.claim_post(actor=request.user, post=post)
    return _render_review(request, post)


# Each decision's service and the one line that confirms it (formatted with the post).
DECISIONS: dict[str, tuple[Callable, str]] = {
    "approve": (decisions.approve_post, _("Approved the post by %(author)s in “%(thread)s”.")),
    "request_changes": (
        decisions.request_changes,
        _("Asked %(author)s for changes to their post in “%(thread)s”."),
    ),
    "reject": (decisions.reject_post, _("Rejected the post by %(author)s in “%(thread)s”.")),
}


@moderation_page
@require_POST
def post_decide(request, pk):
    """Runs the decision chosen on the review desk and answers the POST.

    A decision someone else made first goes back to the review page with what they decided;
    a refused one shows the review page again with the form's errors beside their fields.
    """
    post = review_post_or_404(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        service, success = DECISIONS[form.cleaned_data["decision"]]
        arguments = form.service_arguments()
        try:
            made = decide_with_undo(
                actor=request.user,
                post=post,
                decide=lambda: service(actor=request.user, post=post, **arguments),
            )
        except AlreadyDecided as exc:
            _already_decided(request, exc)
            return redirect("moderation:post_review", pk=post.pk)
        except ValidationError as exc:
            if not add_errors(form, exc):
                form.add_error(None, exc)
        else:
            messages.success(
                request, success % {"author": post.author, "thread": post.thread.title}
            )
            request.session[UNDO_SESSION_KEY] = made.pk
            then_next = request.POST.get("then") == "next"
            return redirect(_after_decision(request, made, then_next=then_next))
    return _render_review(request, post, form=form, status=400)


@moderation_page
@require_POST
def decision_undo(request, pk):
    """Takes back the moderator's last desk decision, or last bulk approval, while nobody has
    been told of it. A bulk approval undone from its queue returns to that queue."""
    decision = get_object_or_404(Decision, pk=pk, actor=request.user, post__isnull=False)
    post = review_post_or_404(request.user, decision.post_id)
    if request.POST.get("unit"):
        unit = unit_or_404(request.user, request.POST["unit"])
        back = reverse("moderation:unit_queue", kwargs={"code": unit.code})
    else:
        back = reverse("moderation:post_review", kwargs={"pk": post.pk})
    try:
        undone = undo_decision(actor=request.user, decision_id=decision.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if len(undone) > 1:
            text = ngettext(
                "Approval undone: %(count)d post waits for review again.",
                "Approvals undone: %(count)d posts wait for review again.",
                len(undone),
            ) % {"count": len(undone)}
        else:
            text = _("Decision undone: the post by %(author)s waits for review again.") % {
                "author": post.author
            }
        messages.success(request, text)
    request.session.pop(UNDO_SESSION_KEY, None)
    return redirect(back)


@moderation_page
@require_POST
def post_note(request, pk):
    """Adds a moderator's note on the post under review or on its author."""
    post = review_post_or_404(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        on_post = form.cleaned_data["about"] == "post"
        try:
            add_moderator_note(
                actor=request.user,
                post=post if on_post else None,
                author=None if on_post else post.author,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            if not add_errors(form, exc):
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Your note on this post is saved.")
                if on_post
                else _("Your note on %(author)s is saved.") % {"author": post.author},
            )
            return redirect("moderation:post_review", pk=post.pk)
    return _render_review(request, post, note_form=form, status=form_status(form))


@moderation_page
@require_POST
def bulk_approve(request, code):
    unit = unit_or_404(request.user, code)
    queue_url = reverse("moderation:unit_queue", kwargs={"code": unit.code})
    # Only the filter parameters go back into the address, re-encoded, never raw input.
    back = QueryDict(request.POST.get("query", ""))
    kept = QueryDict(mutable=True)
    for name in ("theme", "kind", "stakeholder_group", "page"):
        if back.get(name):
            kept[name] = back[name]
    if kept:
        queue_url = f"{queue_url}?{kept.urlencode()}"

    ids = parse_ids(request.POST.getlist("posts"))
    theme_ids = unit_theme_ids([unit])[unit.pk]
    posts = list(
        reviewable_posts(
            request.user,
            Post.objects.filter(pk__in=ids, thread__theme_id__in=theme_ids),
        )
        .select_related("thread", "thread__theme", "author")
        .order_by("submitted_at", "pk")
    )
    if not posts:
        messages.error(request, _("Select at least one post to approve."))
        return redirect(queue_url)
    made, skipped = bulk_approve_with_undo(actor=request.user, posts=posts)
    if made:
        request.session[UNDO_SESSION_KEY] = made[0].pk
    text = ngettext("Approved %(count)d post.", "Approved %(count)d posts.", len(made)) % {
        "count": len(made)
    }
    if skipped:
        text += " " + ngettext(
            "%(count)d had already been decided by someone else and was left as it was.",
            "%(count)d had already been decided by someone else and were left as they were.",
            len(skipped),
        ) % {"count": len(skipped)}
    messages.success(request, text)
    return redirect(queue_url)
