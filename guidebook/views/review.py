"""A published version's page with its peer review: opening, comments, replies, answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.submissions import submit_once
from guidebook import selectors
from guidebook.forms import CommentForm, OpenReviewForm, ReplyForm, RespondForm
from guidebook.models import ReviewComment, ReviewRound
from guidebook.permissions import (
    can_comment_in_review,
    can_draft_chapter,
    can_open_review,
    can_reply_to_comment,
    can_view_review,
)
from guidebook.services import add_comment, open_review, reply_to_comment, respond_to_comment
from guidebook.views.common import version_or_404, visible_comment_or_404


def _review_of(version) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(version=version)
        .select_related("version__chapter")
        .prefetch_related("invitations")
        .first()
    )


def _version_page(
    request, chapter, version, *, comment_form=None, errors=(), typed=None, status=200
):
    """`typed`: a refused reply or answer form, shown again on its comment with its text."""
    review = _review_of(version)
    user = request.user
    can_comment = review is not None and can_comment_in_review(user, review)
    is_latest = not chapter.versions.filter(number__gt=version.number).exists()
    comments = selectors.version_comments(user, version)
    for comment in comments:
        comment.can_reply = review is not None and can_reply_to_comment(user, comment, review)
        comment.form_reply, comment.form_status = "", comment.status
        comment.form_response = comment.response
    if typed is not None:
        comment_id, form = typed
        for comment in comments:
            if comment.pk == comment_id:
                comment.form_reply = form.data.get("body", "")
                comment.form_status = form.data.get("status", comment.status)
                comment.form_response = form.data.get("response", comment.response)
    context = {
        "chapter": chapter,
        "version": version,
        "review": review,
        "review_visible": review is not None and can_view_review(user, review),
        "comments": comments,
        "can_draft": can_draft_chapter(user, chapter),
        "can_comment": can_comment,
        "can_open_review": is_latest and review is None and can_open_review(user, version),
        "comment_form": comment_form or (CommentForm(version=version) if can_comment else None),
        "respond_statuses": ReviewComment.Status.choices,
        "errors": errors,
    }
    return render(request, "guidebook/version_detail.html", context, status=status)


def _form_errors(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


def version_detail(request, number, version):
    chapter, version = version_or_404(number, version)
    return _version_page(request, chapter, version)


@login_required
@require_http_methods(["GET", "POST"])
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
            messages.success(request, f"Version {version.number} is open for review.")
            return redirect(version.get_absolute_url())
    status = 400 if form.errors else 200
    context = {"chapter": chapter, "version": version, "form": form}
    return render(request, "guidebook/review_open.html", context, status=status)


@login_required
@require_POST
def comment_create(request, number, version):
    chapter, version = version_or_404(number, version)
    form = CommentForm(request.POST, version=version)
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
                ),
            ).obj
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your comment has been added.")
            return redirect(f"{version.get_absolute_url()}#comment-{comment.pk}")
    return _version_page(request, chapter, version, comment_form=form, status=400)


@login_required
@require_POST
def comment_reply(request, pk):
    comment = visible_comment_or_404(request, pk)
    version = comment.version
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = reply_to_comment(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, "Your reply has been added.")
            return redirect(f"{version.get_absolute_url()}#comment-{reply.pk}")
    return _version_page(
        request,
        version.chapter,
        version,
        errors=_form_errors(form),
        typed=(comment.parent_id or comment.pk, form),
        status=400,
    )


@login_required
@require_POST
def comment_respond(request, pk):
    comment = visible_comment_or_404(request, pk)
    version = comment.version
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            respond_to_comment(
                actor=request.user,
                comment=comment,
                status=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Comment marked {comment.get_status_display().lower()}.")
            return redirect(f"{version.get_absolute_url()}#comment-{comment.pk}")
    return _version_page(
        request,
        version.chapter,
        version,
        errors=_form_errors(form),
        typed=(comment.pk, form),
        status=400,
    )
