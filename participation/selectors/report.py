"""The consultation's public report: who took part, for anyone to read.

It counts published contributions only (what readers can see in the forum) and the people
who wrote them. The stakeholder and gender balance hide small cells as the dashboard does;
here the stakeholder groups are suppressed too, since the page is public.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.utils import timezone

from forum.models import Post
from participation import dimensions
from participation.figures import Breakdown, breakdown
from participation.selectors.dashboard import count_countries
from participation.selectors.grouping import grouped_posts, post_totals


@dataclass(frozen=True)
class ReportFigures:
    counted_at: datetime
    contributions: int
    people: int
    countries: int
    breakdowns: dict[str, Breakdown]


def report_figures() -> ReportFigures:
    """Counts the report's figures now; stored beside the dashboard's, counted at the same
    time (participation/services.py), so the two pages always agree."""
    posts = Post.objects.approved()
    totals = post_totals(posts)
    stakeholder = replace(dimensions.STAKEHOLDER, suppressed=True)
    found = {
        dimension.slug: breakdown(
            dimension, grouped_posts(posts, dimension.expression()), totals=totals
        )
        for dimension in (stakeholder, dimensions.GENDER)
    }
    return ReportFigures(
        counted_at=timezone.now(),
        contributions=totals.contributions,
        people=totals.people,
        countries=count_countries(posts),
        breakdowns=found,
    )
