"""Chapters, their latest versions and their links, for the chapter pages and the exports."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, JSONField, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from forum.models import Post
from forum.permissions import visible_posts
from guidebook.citations import WITHDRAWN, attribution_for
from guidebook.models import (
    Chapter,
    ChapterVersion,
    ContributionLink,
    Draft,
    DraftAutosave,
    Outcome,
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
                filter=Q(comments__parent=None, comments__outcome=Outcome.OPEN),
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
    """Chapters with `latest_version_id` (None before the first publication) and the notes
    of that version (`latest_citations`): enough to compute an export's key, and so to find
    a stored PDF, without loading any text."""
    newest = ChapterVersion.objects.filter(chapter=OuterRef("pk")).order_by("-number")
    return Chapter.objects.annotate(
        latest_version_id=Subquery(newest.values("pk")[:1]),
        latest_citations=Subquery(newest.values("citations")[:1], output_field=JSONField()),
    )


def public_thread_titles(post_ids) -> dict[int, str]:
    """post id → the title of its thread, for the cited posts anyone may still read: a post
    hidden since it was cited keeps its title out of the exports, which anyone may download."""
    posts = visible_posts(AnonymousUser(), Post.objects.filter(pk__in=list(post_ids)))
    return dict(posts.values_list("pk", "thread__title"))


def pending_autosave(*, user, chapter: Chapter, draft: Draft) -> DraftAutosave | None:
    """The person's autosave of the chapter, if it is newer than the stored draft and
    differs from it (what the editor offers to restore)."""
    autosave = DraftAutosave.objects.filter(chapter=chapter, user=user).first()
    if autosave is None or autosave.text.strip() == (draft.text or "").strip():
        return None
    if draft.updated_at is not None and autosave.saved_at <= draft.updated_at:
        return None
    return autosave


def withdrawn_citations(chapter: Chapter) -> list[Post]:
    """The contributions the chapter's draft or newest version cites that the moderators
    have since hidden or rejected (its drafters are warned: the next version may not cite
    them), each with the `attribution` its author chose, so the warning names it as the
    notes do rather than by its number."""
    draft = Draft.objects.filter(chapter=chapter).only("cited_post_ids").first()
    cited = set(draft.cited_post_ids if draft else [])
    version = latest_version(chapter)
    if version is not None:
        cited.update(note["post_id"] for note in version.citations)
    if not cited:
        return []
    posts = list(
        Post.objects.filter(pk__in=cited, status__in=WITHDRAWN)
        .select_related("thread", "author")
        .order_by("pk")
    )
    for post in posts:
        post.attribution = attribution_for(post.author)
    return posts
