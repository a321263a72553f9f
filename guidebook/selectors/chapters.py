"""Chapters, their latest versions and their links, for the chapter pages and the exports."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from forum.models import Post
from forum.permissions import visible_posts
from guidebook.models import (
    Chapter,
    ChapterVersion,
    ContributionLink,
    ReviewComment,
)
from guidebook.permissions import (
    drafters_by_chapter,
)


def chapters_overview() -> list[Chapter]:
    """Every chapter with its sections, drafters, latest version number and link count."""
    chapters = list(
        Chapter.objects.annotate(
            latest_version=Max("versions__number"),
            review_ends_at=Max("versions__review_round__ends_at"),
            link_count=Count("links", distinct=True),
            open_comments=Count(
                "comments",
                filter=Q(comments__parent=None, comments__status=ReviewComment.Status.OPEN),
                distinct=True,
            ),
        ).prefetch_related("sections")
    )
    drafters = drafters_by_chapter([c.pk for c in chapters])
    now = timezone.now()
    for chapter in chapters:
        chapter.drafter_list = drafters.get(chapter.pk, [])
        # A round closes by the clock; the state stays "in peer review" until the drafters
        # publish the next version, so the list says when the comments stopped.
        chapter.review_closed = (
            chapter.state == Chapter.State.IN_REVIEW
            and chapter.review_ends_at is not None
            and chapter.review_ends_at <= now
        )
    return chapters


def latest_version(chapter: Chapter) -> ChapterVersion | None:
    return chapter.versions.order_by("-number").first()


def chapter_links(chapter: Chapter) -> QuerySet[ContributionLink]:
    return (
        ContributionLink.objects.filter(chapter=chapter)
        .select_related("post__author", "post__thread__theme", "section", "linked_by")
        .order_by("section__order", "linked_at", "pk")
    )


def latest_versions(chapter_ids=None) -> list[ChapterVersion]:
    newest = ChapterVersion.objects.filter(chapter=OuterRef("chapter")).order_by("-number")
    qs = ChapterVersion.objects.filter(number=Subquery(newest.values("number")[:1]))
    if chapter_ids is not None:
        qs = qs.filter(chapter_id__in=chapter_ids)
    return list(qs.select_related("chapter"))


def chapters_for_export() -> QuerySet[Chapter]:
    """Chapters with `latest_version_id` (None before the first publication): enough to
    compute an export's key, and so to find a stored PDF, without loading any text."""
    newest = ChapterVersion.objects.filter(chapter=OuterRef("pk")).order_by("-number")
    return Chapter.objects.annotate(latest_version_id=Subquery(newest.values("pk")[:1]))


def public_thread_titles(post_ids) -> dict[int, str]:
    """post id → the title of its thread, for the cited posts anyone may still read: a post
    hidden since it was cited keeps its title out of the exports, which anyone may download."""
    posts = visible_posts(AnonymousUser(), Post.objects.filter(pk__in=list(post_ids)))
    return dict(posts.values_list("pk", "thread__title"))
