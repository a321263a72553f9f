"""The contribution pool and the links drafters make from it."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from common.diffs import word_diff
from guidebook import selectors
from guidebook.forms import LinkForm, PoolFilterForm
from guidebook.permissions import can_change_link, can_view_link_notes, can_view_pool
from guidebook.services import link_contribution, refresh_link, unlink_contribution
from guidebook.views.common import next_or, visible_link_or_404


def _pool_page(request, query, *, typed=None, status=200):
    """The pool as filtered by `query`; `typed` is a refused link form, shown again on its
    post with what was chosen and typed."""
    form = PoolFilterForm(query or None)
    page = selectors.pool(request.user, form.to_filters(), page=query.get("page", 1))
    if typed is not None:
        for post in page.object_list:
            if str(post.pk) == typed.data.get("post"):
                target = typed.data.get("target", "")
                chapter, section = typed.chapters.get(target), typed.sections.get(target)
                post.typed_chapter_id = chapter.pk if chapter else None
                post.typed_section_id = section.pk if section else None
                post.typed_note = typed.data.get("note", "")
    if form.errors:
        status = 400
    query = query.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "targets": selectors.link_targets(request.user),
        "query": query.urlencode(),
    }
    return render(request, "guidebook/pool.html", context, status=status)


@require_safe
@login_required
def pool(request):
    if not can_view_pool(request.user):
        raise PermissionDenied
    return _pool_page(request, request.GET)


@login_required
@require_POST
def link_create(request):
    if not can_view_pool(request.user):
        raise PermissionDenied
    form = LinkForm(request.POST, targets=selectors.link_targets(request.user))
    back = next_or(request, reverse("guidebook:pool"))
    if form.is_valid():
        post = get_object_or_404(selectors.pool_posts(), pk=form.cleaned_data["post"])
        chapter, section = form.chapter_and_section()
        try:
            link_contribution(
                actor=request.user,
                post=post,
                chapter=chapter,
                section=section,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Post #%(pk)s linked to %(section_or_chapter)s.")
                % {"pk": post.pk, "section_or_chapter": section or chapter},
            )
            return redirect(back)
    else:
        messages.error(request, _("Choose the chapter or section to link the contribution to."))
    # Shown again with the pool's filters, so the note typed is not lost.
    return _pool_page(request, QueryDict(urlsplit(back).query), typed=form, status=400)


@require_safe
@login_required
def link_detail(request, pk):
    """The drafters' page of one link: its note, and the text as linked beside the post's
    current one (an earlier revision, which readers of the forum do not see)."""
    link = visible_link_or_404(request, pk)
    if not can_view_link_notes(request.user, link.chapter):
        raise PermissionDenied
    context = {
        "link": link,
        "diff": word_diff(link.linked_text, link.post.body) if link.is_changed else "",
        "can_change": can_change_link(request.user, link),
    }
    return render(request, "guidebook/link_detail.html", context)


@login_required
@require_POST
def link_refresh(request, pk):
    link = visible_link_or_404(request, pk)
    refresh_link(actor=request.user, link=link)
    messages.success(
        request,
        _("The link now points at the current text of post #%(post_id)s.")
        % {"post_id": link.post_id},
    )
    return redirect(next_or(request, reverse("guidebook:link_detail", args=[link.pk])))


@login_required
@require_POST
def link_delete(request, pk):
    link = visible_link_or_404(request, pk)
    try:
        unlink_contribution(actor=request.user, link=link)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("guidebook:link_detail", args=[link.pk]))
    messages.success(
        request,
        _("Post #%(post_id)s unlinked from %(chapter)s.")
        % {"post_id": link.post_id, "chapter": link.section or link.chapter},
    )
    return redirect(next_or(request, reverse("guidebook:pool")))
