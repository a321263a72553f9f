"""One post: its permalink, its history, replying and editing.

Things a person may not see answer 404; actions they may not take answer 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.forms import form_status
from forum import permissions, selectors, services
from forum.attachments.selectors import files_as_edited, show_attachments
from forum.forms import PostForm, ThreadForm
from forum.models import Post
from forum.ratelimits import editing_limit, posting_limit
from forum.views.posting import POSTING_METHODS, confirm_submission, posting_refusal, submit
from forum.views.threads import thread_for


def _post_for(user, pk: int):
    post = selectors.visible_post_or_none(user, pk)
    if post is None:
        raise Http404(_("No such post."))
    return post


@require_GET
def post_permalink(request, pk):
    post = _post_for(request.user, pk)
    if not permissions.can_view_post(request.user, post):
        raise Http404(_("No such post."))
    number = selectors.page_number_of_post(request.user, post)
    page = f"?page={number}" if number > 1 else ""
    return redirect(f"{post.thread.get_absolute_url()}{page}#post-{post.pk}")


@require_GET
def post_revisions(request, pk):
    post = _post_for(request.user, pk)
    if not permissions.can_view_revisions(request.user, post):
        raise Http404(_("No such post."))
    versions = selectors.post_revisions(post)
    held = None
    if permissions.can_view_held_edit(request.user, post):
        held = selectors.held_edit_version(post)
    return render(
        request,
        "forum/post_revisions.html",
        {"post": post, "versions": versions, "held_edit": held},
    )


@login_required
@POSTING_METHODS
@posting_limit
def post_create(request, pk):
    thread = thread_for(request.user, pk)
    allowed = permissions.can_reply_to_thread(request.user, thread)
    if refusal := posting_refusal(request, allowed=allowed):
        return refusal
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        initial={"language": services.author_language(request.user)},
    )
    post, preview = submit(
        request, form, lambda data: services.reply(author=request.user, thread=thread, **data)
    )
    if post is not None:
        confirm_submission(request, post)
        return redirect("forum:post_permalink", pk=post.pk)
    context = {"thread": thread, "form": form, "preview": preview}
    return render(request, "forum/post_form.html", context, status=form_status(form))


@login_required
@POSTING_METHODS
@editing_limit
def post_edit(request, pk):
    post = _post_for(request.user, pk)
    if refusal := posting_refusal(request, allowed=permissions.can_edit_post(request.user, post)):
        return refusal
    opens_thread = post.thread.first_post_id == post.pk
    status_before = post.status
    # An edit waiting for review is where the author left off: the form starts from it.
    pending_edit = selectors.open_edit(post)
    source = pending_edit or post
    initial = {f: getattr(source, f) for f in ("kind", "body", *services.STRUCTURED_FIELDS)}
    initial["language"] = post.language
    initial["title"] = (pending_edit and pending_edit.title) or post.thread.title
    show_attachments(request.user, [post])
    form = (ThreadForm if opens_thread else PostForm)(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        # The files as the author left them: with those the waiting edit adds and takes off.
        attachments=files_as_edited(post, pending_edit),
    )
    saved, preview = submit(
        request, form, lambda data: services.edit_post(editor=request.user, post=post, **data)
    )
    if saved is not None:
        if saved.held_edit is not None:
            messages.success(
                request,
                _(
                    "Your edit is sent for review. The approved text stays public until a "
                    "moderator approves the edit."
                ),
            )
        elif saved.status != status_before and saved.status == Post.Status.PENDING:
            confirm_submission(request, saved)  # resubmitted after changes were requested
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect("forum:post_permalink", pk=saved.pk)
    context = {
        "post": post,
        "thread": post.thread,
        "form": form,
        "preview": preview,
        "pending_edit": pending_edit,
        "edit_is_reviewed": post.status == Post.Status.APPROVED
        and not permissions.can_edit_without_review(request.user, post),
    }
    return render(request, "forum/post_form.html", context, status=form_status(form))
