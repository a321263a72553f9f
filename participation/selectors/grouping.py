"""The grouped queries every figure is made of: contributions and distinct people per value
of one expression, counted by the database."""

from django.db.models import Count, QuerySet

from participation.suppression import Totals


def grouped_posts(posts: QuerySet, expression) -> list[dict]:
    """[{key, contributions, people}] over posts, one row per value of `expression`."""
    return list(
        posts.order_by()
        .values(key=expression)
        .annotate(contributions=Count("pk"), people=Count("author", distinct=True))
    )


def grouped_links(links: QuerySet, expression) -> list[dict]:
    """[{chapter_id, key, contributions, people}] over chapters' links to posts."""
    return list(
        links.order_by()
        .values("chapter_id", key=expression)
        .annotate(
            contributions=Count("post", distinct=True),
            people=Count("post__author", distinct=True),
        )
    )


def post_totals(posts: QuerySet) -> Totals:
    figures = posts.order_by().aggregate(
        contributions=Count("pk"), people=Count("author", distinct=True)
    )
    return Totals(people=figures["people"], contributions=figures["contributions"])
