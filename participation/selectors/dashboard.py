"""Everything the dashboard shows, counted in one go.

Each figure is one grouped query over every contribution (all statuses: what was
submitted, not only what was published), so the number of queries is fixed whatever the
number of posts. Counting 100,000 posts a dozen ways takes the database seconds, so no page
counts: a background task does (participation/services.py) and the page shows what it
stored, saying when it was counted.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from forum.models import Post, Theme
from participation import dimensions
from participation.figures import (
    Breakdown,
    ChapterBalance,
    UnitFigures,
    Week,
    breakdown,
    fill_weeks,
)
from participation.selectors.chapters import chapter_balances
from participation.selectors.functions import WeekStart
from participation.selectors.grouping import grouped_posts, post_totals
from participation.selectors.units import unit_figures


@dataclass(frozen=True)
class DashboardFigures:
    counted_at: datetime
    contributions: int
    people: int
    countries: int
    weeks: list[Week]
    breakdowns: dict[str, Breakdown]
    units: list[UnitFigures]
    chapters: list[ChapterBalance]


def person_breakdowns(posts, totals) -> dict[str, Breakdown]:
    """The breakdowns of `posts` by a property of their author, suppressed as each needs."""
    found = {}
    for dimension in (
        dimensions.STAKEHOLDER,
        dimensions.GENDER,
        dimensions.region_dimension(),
        dimensions.country_dimension(),
    ):
        found[dimension.slug] = breakdown(
            dimension, grouped_posts(posts, dimension.expression()), totals=totals
        )
    return found


def count_countries(posts) -> int:
    return (
        posts.exclude(author__country__in=["", "other"])
        .order_by()
        .aggregate(countries=Count("author__country", distinct=True))["countries"]
    )


def dashboard_figures() -> DashboardFigures:
    """Counts the dashboard's figures now (seconds at 100,000 posts)."""
    posts = Post.objects.all()
    totals = post_totals(posts)
    weeks = fill_weeks(
        posts.order_by()
        .annotate(week=WeekStart("created_at"))
        .values("week")
        .annotate(contributions=Count("pk"), people=Count("author", distinct=True))
        .order_by("week")
    )
    found = person_breakdowns(posts, totals)
    themes = dimensions.with_labels(
        dimensions.THEME, dict(Theme.objects.values_list("pk", "title"))
    )
    for dimension in (themes, dimensions.KIND):
        found[dimension.slug] = breakdown(
            dimension, grouped_posts(posts, dimension.expression()), totals=totals
        )
    return DashboardFigures(
        counted_at=timezone.now(),
        contributions=totals.contributions,
        people=totals.people,
        countries=count_countries(posts),
        weeks=weeks,
        breakdowns=found,
        units=unit_figures(),
        chapters=chapter_balances(),
    )
