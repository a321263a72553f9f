"""The reads the guidebook pages need, permission-scoped and with related rows fetched."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.countries import country_groups
from forum.models import Post, PostTag
from guidebook.citations import CITATION, attribution_for
from guidebook.models import (
    Chapter,
    ChapterVersion,
    CommentAnchor,
    ContributionLink,
    ReviewComment,
    Section,
)
from guidebook.permissions import (
    can_view_pool,
    drafted_chapters,
    drafters_by_chapter,
    visible_comments,
    visible_links,
)

POOL_PAGE_SIZE = 25

# Region filter values beside single country codes.
REGIONS = {
    "participating": "participating_state",
    "mediterranean": "mediterranean_partner",
    "asian": "asian_partner",
}


def pool_posts() -> QuerySet[Post]:
    """Posts that may be linked: approved, in a public thread, accepted for the guidebook."""
    return Post.objects.filter(
        status=Post.Status.APPROVED,
        thread__first_post__status=Post.Status.APPROVED,
        accepted_for_guidebook=True,
    )


@dataclass
class PoolFilters:
    tags: list[str] = field(default_factory=list)  # tag slugs; a post must carry all
    kind: str = ""
    theme: str = ""  # theme slug
    stakeholder_group: str = ""
    region: str = ""  # a country code, or a key of REGIONS
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    linked: str = ""  # "yes", "no" or "" for both


def filter_pool(qs: QuerySet[Post], filters: PoolFilters) -> QuerySet[Post]:
    for slug in filters.tags:
        qs = qs.filter(Exists(PostTag.objects.filter(post=OuterRef("pk"), tag__slug=slug)))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.theme:
        qs = qs.filter(thread__theme__slug=filters.theme)
    if filters.stakeholder_group:
        qs = qs.filter(author__stakeholder_group=filters.stakeholder_group)
    if filters.region in REGIONS:
        group = REGIONS[filters.region]
        codes = [code for code, g in country_groups().items() if g == group]
        qs = qs.filter(author__country__in=codes)
    elif filters.region:
        qs = qs.filter(author__country=filters.region)
    if filters.date_from:
        qs = qs.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__date__lte=filters.date_to)
    if filters.linked in ("yes", "no"):
        linked = Exists(ContributionLink.objects.filter(post=OuterRef("pk")))
        qs = qs.filter(linked if filters.linked == "yes" else ~linked)
    return qs


def pool(user, filters: PoolFilters, *, page: int | str = 1) -> Page:
    """One page of the contribution pool, newest first, each post with its author, theme,
    tags and the links it already has (with chapter and section)."""
    qs = pool_posts() if can_view_pool(user) else Post.objects.none()
    qs = (
        filter_pool(qs, filters)
        .select_related("author", "thread__theme")
        .prefetch_related(
            "tags",
            Prefetch(
                "guidebook_links",
                queryset=ContributionLink.objects.select_related("chapter", "section"),
            ),
        )
        .order_by("-created_at", "-pk")
    )
    result = Paginator(qs, POOL_PAGE_SIZE).get_page(page)
    result.object_list = list(result.object_list)
    for post in result.object_list:
        post.attribution = attribution_for(post.author)
    return result


def link_targets(user) -> list[tuple[Chapter, list[Section]]]:
    """The chapters (with sections) this person may link contributions to."""
    chapters = drafted_chapters(user, Chapter.objects.all()).prefetch_related("sections")
    return [(chapter, list(chapter.sections.all())) for chapter in chapters]


# Chapters ---------------------------------------------------------------------------------


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


# Peer review ------------------------------------------------------------------------------


def version_comments(user, version: ChapterVersion) -> list[ReviewComment]:
    """Comment threads sitting on this version, in paragraph order, each with its replies
    and an `attribution` for every author; then the comments on removed text: those left
    on this version and those the previous version left behind when this one replaced it
    (so the drafters of the new text still see them, with their quote)."""
    order = {p["id"]: n for n, p in enumerate(version.paragraphs)}
    here = Q(version=version)
    left_behind = Q(
        version__chapter_id=version.chapter_id,
        version__number=version.number - 1,
        on_removed_text=True,
    )
    threads = list(
        visible_comments(user, ReviewComment.objects.filter(here | left_behind, parent=None))
        .select_related("author", "responded_by", "version", "round__version")
        .prefetch_related(
            Prefetch("replies", queryset=ReviewComment.objects.select_related("author"))
        )
    )
    for comment in threads:
        comment.attribution = attribution_for(comment.author)
        comment.paragraph_number = order.get(comment.para_id, 0) + 1
        for reply in comment.replies.all():
            reply.attribution = attribution_for(reply.author)
    threads.sort(key=lambda c: (c.on_removed_text, order.get(c.para_id, 0), c.created_at))
    return threads


def comments_carried(user, version: ChapterVersion) -> dict[int, list[ReviewComment]]:
    """paragraph id → the comments that sat on that paragraph of this version."""
    anchors = CommentAnchor.objects.filter(
        version=version,
        comment__in=visible_comments(user, ReviewComment.objects.filter(chapter=version.chapter)),
    ).select_related("comment__author", "comment__version__chapter")
    carried: dict[int, list[ReviewComment]] = {}
    for anchor in anchors:
        carried.setdefault(anchor.para_id, []).append(anchor.comment)
    return carried


# Outcomes ---------------------------------------------------------------------------------


@dataclass
class Passage:
    """A paragraph of a published version that cites a contribution."""

    version: ChapterVersion
    paragraph_number: int
    para_id: int
    note_number: int

    @property
    def url(self) -> str:
        return f"{self.version.get_absolute_url()}#p-{self.para_id}"


def latest_versions(chapter_ids=None) -> list[ChapterVersion]:
    newest = ChapterVersion.objects.filter(chapter=OuterRef("chapter")).order_by("-number")
    qs = ChapterVersion.objects.filter(number=Subquery(newest.values("number")[:1]))
    if chapter_ids is not None:
        qs = qs.filter(chapter_id__in=chapter_ids)
    return list(qs.select_related("chapter"))


def citing_passages(versions) -> dict[int, list[Passage]]:
    """post id → the paragraphs of these versions that cite it."""
    passages: dict[int, list[Passage]] = {}
    for version in versions:
        notes = {c["post_id"]: c["number"] for c in version.citations}
        for number, paragraph in enumerate(version.paragraphs, start=1):
            cited = {int(m.group(1)) for m in CITATION.finditer(paragraph["text"])}
            for post_id in sorted(cited & notes.keys()):
                passages.setdefault(post_id, []).append(
                    Passage(version, number, paragraph["id"], notes[post_id])
                )
    return passages


def my_input(user) -> dict:
    """A participant's contributions taken into the guidebook and their review comments,
    with outcomes and the published passages that cite them."""
    links = list(
        ContributionLink.objects.filter(post__author=user)
        .select_related("post__thread", "chapter", "section")
        .order_by("post__created_at", "chapter__number", "pk")
    )
    passages = citing_passages(latest_versions({link.chapter_id for link in links}))
    for link in links:
        link.passages = [
            p for p in passages.get(link.post_id, []) if p.version.chapter_id == link.chapter_id
        ]
    comments = list(
        ReviewComment.objects.filter(author=user, parent=None)
        # The comment's address is built from its version's chapter.
        .select_related("chapter", "version__chapter")
        .order_by("-created_at")
    )
    return {"links": links, "comments": comments}


def chapter_report(user, chapter: Chapter) -> dict:
    """Every input to one chapter this person may read (linked contributions, review
    comments) with its outcome and its author as they chose to be credited."""
    links = list(visible_links(user, chapter_links(chapter)))
    passages = citing_passages(latest_versions([chapter.pk]))
    for link in links:
        link.attribution = attribution_for(link.post.author)
        link.passages = passages.get(link.post_id, [])
    comments = list(
        visible_comments(user, ReviewComment.objects.filter(chapter=chapter, parent=None))
        # The comment's address is built from its version's chapter.
        .select_related("author", "version__chapter", "round__version")
        .order_by("round__version__number", "created_at")
    )
    for comment in comments:
        comment.attribution = attribution_for(comment.author)
    return {"links": links, "comments": comments}


def chapters_for_export() -> QuerySet[Chapter]:
    """Chapters with `latest_version_id` (None before the first publication): enough to
    compute an export's key, and so to find a stored PDF, without loading any text."""
    newest = ChapterVersion.objects.filter(chapter=OuterRef("pk")).order_by("-number")
    return Chapter.objects.annotate(latest_version_id=Subquery(newest.values("pk")[:1]))
