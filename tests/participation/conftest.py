"""A hand-built consultation whose figures are worked out by hand in the tests.

Authors (16): 6 women, 7 men and 3 of another gender; by country 9 in Austria (a
participating State), 3 in Georgia, 4 in Egypt (a Mediterranean Partner); by group 10
civil society, 6 government. Each writes one contribution in the ATU theme ("Key concepts")
in the week of 5 March 2012, and the 7 men one more in the SPMU theme the week after, as
case studies. So: 23 contributions, 16 participants, 3 countries.

Decisions: ATU approved three of the first posts after 2, 4 and 10 hours, rejected one
after 6 hours, and asked for changes on a fifth after 1 hour and approved it a day later:
5 posts decided, 4 approvals to 1 rejection (80 %), and the median first decision after
4 hours (only the first decision on a post is timed).
Chapter 1 links the first two women's and one man's contribution in the ATU theme.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from forum.models import Post
from guidebook.services import link_contribution
from moderation.models import Decision
from tests.factories import PostFactory, ThreadFactory, UserFactory

MONDAY = datetime(2012, 3, 5, 9, tzinfo=UTC)


@dataclass
class Consultation:
    women: list
    men: list
    others: list
    first_posts: list
    linked: list


def _people(n, *, gender, countries, groups, prefix):
    return [
        UserFactory(
            username=f"{prefix}{i}",
            gender=gender,
            country=countries[i],
            stakeholder_group=groups[i],
        )
        for i in range(n)
    ]


@pytest.fixture
def consultation(themes, units, chapters, drafter, atu_moderator) -> Consultation:
    cs, gov = "civil_society", "government"
    women = _people(
        6,
        gender="woman",
        countries=["AT"] * 4 + ["EG"] * 2,
        groups=[cs] * 4 + [gov] * 2,
        prefix="w",
    )
    men = _people(
        7,
        gender="man",
        countries=["AT"] * 3 + ["GE"] * 2 + ["EG"] * 2,
        groups=[cs] * 4 + [gov] * 3,
        prefix="m",
    )
    others = _people(
        3, gender="another", countries=["AT", "AT", "GE"], groups=[cs, cs, gov], prefix="o"
    )
    thread = ThreadFactory(theme=themes["atu"], author=women[0], opening__created_at=MONDAY)
    first_posts = [thread.first_post]
    for n, author in enumerate([*women[1:], *men, *others], start=1):
        first_posts.append(
            PostFactory(thread=thread, author=author, created_at=MONDAY + timedelta(minutes=n))
        )
    later = ThreadFactory(
        theme=themes["spmu"],
        author=men[0],
        opening__kind=Post.Kind.CASE_STUDY,
        opening__created_at=MONDAY + timedelta(days=7),
    )
    for n, author in enumerate(men[1:], start=1):
        PostFactory(
            thread=later,
            author=author,
            kind=Post.Kind.CASE_STUDY,
            created_at=MONDAY + timedelta(days=7, minutes=n),
        )
    unit = units["atu"]

    def decide(post, action, hours):
        Decision.objects.create(
            unit=unit,
            actor=atu_moderator,
            action=action,
            post=post,
            thread=post.thread,
            created_at=post.created_at + timedelta(hours=hours),
        )

    decide(first_posts[0], Decision.Action.APPROVE, 2)
    decide(first_posts[1], Decision.Action.APPROVE, 4)
    decide(first_posts[2], Decision.Action.APPROVE, 10)
    decide(first_posts[3], Decision.Action.REJECT, 6)
    decide(first_posts[4], Decision.Action.REQUEST_CHANGES, 1)
    decide(first_posts[4], Decision.Action.APPROVE, 25)
    linked = [first_posts[0], first_posts[1], first_posts[6]]
    Post.objects.filter(pk__in=[p.pk for p in linked]).update(accepted_for_guidebook=True)
    for post in linked:
        link_contribution(actor=drafter, post=post, chapter=chapters["one"], note="Used.")
    return Consultation(women=women, men=men, others=others, first_posts=first_posts, linked=linked)
