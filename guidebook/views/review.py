"""A published version's page with its peer review: opening, comments, replies, answers,
suggested rewordings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.submissions import submit_once
from common.ratelimits import rate_limit
from guidebook import selectors
from guidebook.forms import (
    ApplySuggestionForm,
    CommentForm,
    DeclineSuggestionForm,
    OpenReviewForm,
    OutcomeForm,
    ReplyForm,
)
from guidebook.models import Outcome, ReviewRound
from guidebook.permissions import (
    can_comment_in_review,
    can_draft_chapter,
    can_open_review,
    can_reply_to_comment,
    can_sign_in_to_comment,
    can_view_review,
)
from guidebook.services import (
    DraftConflict,
    add_comment,
    apply_suggestion,
    decline_suggestion,
    get_draft,
    open_review,
    record_comment_outcome,
    reply_to_comment,
)
from guidebook.views.common import (
    respondable_comment,
    version_or_404,
    visible_comment_or_404,
)

# The field each of add_comment's refusals is about; the others concern the whole form.
COMMENT_ERROR_FIELDS = {
    "body_missing": "body",
    "body_too_long": "body",
    "passage_not_found": "selected_text",
    "suggestion_unchanged": "suggested_text",
}


def _review_of(version) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(version=version)
        .select_related("version__chapter")
        .prefetch_related("invitations")
        .first()
    )


def _chosen_paragraph(request, version, comment_form) -> int | None:
    """The paragraph the comment form is for: the one posted, or `?para=` in the link."""
    raw = comment_form.data.get("para_id") if comment_form is not None else request.GET.get("para")
    ids = {p["id"] for p in version.paragraphs}
    return int(raw) if raw and str(raw).isdigit() and int(raw) in ids else None


def _version_page(request, chapter, version, *, comment_form=None, typed=None, status=200):
    """`typed`: a refused reply, answer or decline, as (comment id, form), shown again on
    its comment with what was typed."""
    review = _review_of(version)
    user = request.user
    can_draft = can_draft_chapter(user, chapter)
    can_comment = review is not None and can_comment_in_review(user, review)
    show = request.GET.get("show", "all")
    show = show if show in selectors.SHOW_CHOICES else "all"
    draft = get_draft(chapter) if can_draft else None
    page = selectors.reading_page(user, version, show=show, draft=draft)
    chosen = _chosen_paragraph(request, version, comment_form) if can_comment else None
    chosen_block = next((b for b in page["blocks"] if b.para_id and b.para_id == chosen), None)
    if can_comment and comment_form is None:
        suggest = chosen_block is not None and request.GET.get("suggest") == "1"
        comment_form = CommentForm(
            initial={
                "para_id": chosen,
                "selected_text": request.GET.get("passage", "")[:2000] if chosen else "",
                "suggested_text": chosen_block.source if suggest else "",
            }
        )
    threads = [c for b in page["blocks"] for c in b.comments] + page["removed_comments"]
    for comment in threads:
        comment.can_reply = review is not None and can_reply_to_comment(user, comment, review)
        comment.form_reply = comment.form_decline = ""
        comment.form_outcome, comment.form_reason = comment.outcome, comment.outcome_reason
        if typed is not None and typed[0] == comment.pk:
            data = typed[1].data
            comment.form_reply = data.get("body", "")
            comment.form_outcome = data.get("outcome", comment.outcome)
            comment.form_reason = data.get("reason", comment.outcome_reason)
            comment.form_decline = data.get("reason", "")
    errors = []
    if typed is not None:
        errors = [error for field in typed[1].errors.values() for error in field]
    context = {
        "chapter": chapter,
        "version": version,
        "review": review,
        "review_visible": review is not None and can_view_review(user, review),
        "can_draft": can_draft,
        "can_comment": can_comment,
        "can_sign_in_to_comment": review is not None and can_sign_in_to_comment(user, review),
        "can_open_review": (
            review is None
            and can_open_review(user, version)
            and not chapter.versions.filter(number__gt=version.number).exists()
        ),
        "comment_form": comment_form,
        "chosen_block": chosen_block,
        "suggesting": bool(comment_form is not None and comment_form["suggested_text"].value()),
        "draft_version": draft.version if draft is not None else None,
        "outcomes": Outcome.choices,
        "show": show,
        "errors": errors,
        **page,
    }
    return render(request, "guidebook/version_detail.html", context, status=status)


@require_safe
def version_detail(request, number, version):
    chapter, version = version_or_404(number, version)
    return _version_page(request, chapter, version)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("invite", method="POST")
def review_open(request, number, version):
    chapter, version = version_or_404(number, version)
    if not can_open_review(request.user, version):
        raise PermissionDenied
    form = OpenReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            open_review(
                actor=request.user,
                version=version,
                ends_at=form.ends_at(),
                audience=form.cleaned_data["audience"],
                emails=form.email_list(),
                site=f"{request.scheme}://{request.get_host()}",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)s is open for review.") % {"number": version.number}
            )
            return redirect(version.get_absolute_url())
    status = 400 if form.errors else 200
    context = {"chapter": chapter, "version": version, "form": form}
    return render(request, "guidebook/review_open.html", context, status=status)


@login_required
@require_POST
@rate_limit("review_comment")
def comment_create(request, number, version):
    chapter, version = version_or_404(number, version)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = submit_once(
                user=request.user,
                token=form.cleaned_data["submission"],
                save=lambda: add_comment(
                    actor=request.user,
                    version=version,
                    para_id=form.cleaned_data["para_id"],
                    body=form.cleaned_data["body"],
                    selected_text=form.cleaned_data["selected_text"],
                    suggested_text=form.cleaned_data["suggested_text"],
                ),
            ).obj
        except ValidationError as error:
            # On the field it is about, so the error summary links to that field.
            form.add_error(COMMENT_ERROR_FIELDS.get(error.code), error)
        else:
            if comment.suggested_text:
                messages.success(request, _("Your suggested wording has been added."))
            else:
                messages.success(request, _("Your comment has been added."))
            return redirect(f"{version.get_absolute_url()}#comment-{comment.pk}")
    return _version_page(request, chapter, version, comment_form=form, status=400)


def _back_to(comment) -> str:
    return f"{comment.version.get_absolute_url()}#comment-{comment.pk}"


def _refused(request, comment, form):
    version = comment.version
    return _version_page(
        request, version.chapter, version, typed=(comment.parent_id or comment.pk, form), status=400
    )


def _answered(request, comment, form, write, *, error_field):
    """What the forms on a comment share (reply, answer, decline): when the form is valid,
    `write(cleaned_data)` makes the change and returns the success message and the comment
    to go back to; a ValidationError goes onto the form, on the field `error_field(error)`
    names (None: the whole form), and the page is shown again with what was typed."""
    if form.is_valid():
        try:
            message, target = write(form.cleaned_data)
        except ValidationError as error:
            form.add_error(error_field(error), error)
        else:
            messages.success(request, message)
            return redirect(_back_to(target))
    return _refused(request, comment, form)


@login_required
@require_POST
@rate_limit("review_comment")
def comment_reply(request, pk):
    comment = visible_comment_or_404(request, pk)

    def write(data):
        reply = reply_to_comment(actor=request.user, comment=comment, body=data["body"])
        return _("Your reply has been added."), reply

    form = ReplyForm(request.POST)
    return _answered(request, comment, form, write, error_field=lambda _error: "body")


@login_required
@require_POST
def comment_respond(request, pk):
    """The drafters' answer on the version page: the comment's outcome and their words."""
    comment = respondable_comment(request, pk)

    def write(data):
        record_comment_outcome(
            actor=request.user, comment=comment, outcome=data["outcome"], reason=data["reason"]
        )
        outcome = comment.get_outcome_display()
        return _("Answer saved: %(outcome)s.") % {"outcome": outcome}, comment

    form = OutcomeForm(request.POST)
    return _answered(request, comment, form, write, error_field=_reason_or_form)


def _reason_or_form(error: ValidationError) -> str | None:
    """A missing or refused reason belongs under the reason field; anything else (the
    suggestion was answered meanwhile) is about the whole form."""
    return "reason" if error.code == "reason" else None


@login_required
@require_POST
def suggestion_apply(request, pk):
    comment = respondable_comment(request, pk)
    form = ApplySuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Open the page again and apply the suggestion from there."))
        return redirect(_back_to(comment))
    try:
        draft = apply_suggestion(
            actor=request.user, comment=comment, base_version=form.cleaned_data["base_version"]
        )
    except DraftConflict as conflict:
        messages.error(
            request,
            _(
                "The working draft was saved by %(who)s since you opened this page, so nothing "
                "was applied. Check the suggestion against the draft as it is now, and apply "
                "it again."
            )
            % {"who": conflict.current.updated_by or _("another drafter")},
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "The suggested wording is now in the working draft (save %(save)s) and the "
                "comment is marked incorporated."
            )
            % {"save": draft.version},
        )
    return redirect(_back_to(comment))


@login_required
@require_POST
def suggestion_decline(request, pk):
    comment = respondable_comment(request, pk)

    def write(data):
        decline_suggestion(actor=request.user, comment=comment, reason=data["reason"])
        return _("Suggestion declined; the reviewer sees your reason."), comment

    form = DeclineSuggestionForm(request.POST)
    return _answered(request, comment, form, write, error_field=_reason_or_form)
