"""Look-ups the guidebook pages share: permission-scoped, 404 for what a person may not see."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from common.redirects import local_path_or
from guidebook.models import Chapter, ChapterVersion, ContributionLink, ReviewComment
from guidebook.permissions import (
    can_draft_chapter,
    can_respond_to_comment,
    visible_comments,
    visible_links,
)


def chapter_or_404(number) -> Chapter:
    return get_object_or_404(Chapter, number=number)


def drafter_chapter(request, number) -> Chapter:
    """The chapter, if this person drafts it (403 otherwise: chapters themselves are public)."""
    chapter = chapter_or_404(number)
    if not can_draft_chapter(request.user, chapter):
        raise PermissionDenied
    return chapter


def version_or_404(number, version) -> tuple[Chapter, ChapterVersion]:
    chapter = chapter_or_404(number)
    return chapter, get_object_or_404(
        ChapterVersion.objects.select_related("published_by"), chapter=chapter, number=version
    )


def visible_link_or_404(request, pk) -> ContributionLink:
    qs = visible_links(request.user, ContributionLink.objects.all())
    return get_object_or_404(
        qs.select_related("post__author", "post__thread__theme", "chapter", "section"), pk=pk
    )


def visible_comment_or_404(request, pk) -> ReviewComment:
    qs = visible_comments(request.user, ReviewComment.objects.all())
    return get_object_or_404(qs.select_related("version__chapter", "chapter"), pk=pk)


def respondable_comment(request, pk) -> ReviewComment:
    """The comment, if this person may see it (404 otherwise) and answer it as a drafter
    (403 otherwise): what answering, applying and declining a suggestion each need first."""
    comment = visible_comment_or_404(request, pk)
    if not can_respond_to_comment(request.user, comment):
        raise PermissionDenied
    return comment


def next_or(request, fallback: str) -> str:
    """The `next` address posted with a form, if it is on this site; else the fallback."""
    return local_path_or(request.POST.get("next"), fallback)
