"""The drafters' contribution pool: accepted contributions, filtered, a page at a time."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from accounts.countries import country_groups
from forum.models import Post, PostTag
from guidebook.citations import attribution_for
from guidebook.models import (
    Chapter,
    ContributionLink,
    Section,
)
from guidebook.permissions import (
    can_view_pool,
    drafted_chapters,
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
