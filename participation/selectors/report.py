"""The consultation's public report: who took part, for anyone to read.

It counts published contributions only (what readers can see in the forum) and the people
who wrote them. The stakeholder and gender balance hide small cells as the dashboard does;
here the stakeholder groups are suppressed too, since the page is public.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from forum.models import Post
from participation import dimensions
from participation.figures import Breakdown, breakdown
from participation.selectors.dashboard import CACHE_SECONDS, count_countries
from participation.selectors.grouping import grouped_posts, post_totals

_KEY = "participation:report:{language}"


@dataclass(frozen=True)
class ReportFigures:
    counted_at: datetime
    contributions: int
    people: int
    countries: int
    breakdowns: dict[str, Breakdown]


def _compute() -> ReportFigures:
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


def report_figures() -> ReportFigures:
    key = _KEY.format(language=get_language())
    figures = cache.get(key)
    if figures is None:
        figures = _compute()
        cache.set(key, figures, CACHE_SECONDS)
    return figures
