"""Query counts of the reading pages, pinned: they do not grow with threads or posts.

Counts include the request's own reads: the session and the user (signed in), the guardian
lookup of moderated themes (signed in) and the consultation schedule. The thread page also
reads the tags of every post on the page, in one query.

The home page's figures per theme are kept briefly in the cache (forum/stats.py): its pinned
count is that of a read finding them there, which is what nearly every visit does. The read
that counts afresh (after a write, or once the figures expire) costs two grouped queries
more, for everything in a moderator's themes two more again; it is pinned too.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.models import Post
from tests.factories import ThreadFactory, UserFactory

# kind → queries for home (figures cached), theme page, thread page
EXPECTED = {
    "anonymous": {"home": 2, "theme": 4, "thread": 5},
    # The theme and thread pages ask whether the participant follows them (one query); the
    # thread page whether their address is verified, which reporting a post needs (one more).
    "participant": {"home": 5, "theme": 8, "thread": 10},
}


def add_posts(thread, count: int, *, authors) -> None:
    """Bulk-inserts approved posts, oldest first, with a pending one among them."""
    start = timezone.now() - timedelta(days=1)
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[i % len(authors)],
            body=f"Post {i}",
            body_html=f"<p>Post {i}</p>",
            kind=Post.Kind.values[i % len(Post.Kind.values)],
            status=Post.Status.PENDING if i % 10 == 3 else Post.Status.APPROVED,
            created_at=start + timedelta(seconds=i),
            edited_at=start if i % 7 == 0 else None,
        )
        for i in range(count)
    )


@pytest.fixture
def forum_of(themes, participant):
    """forum_of(n): in every theme, n // 5 + 1 threads of n posts, some by the participant."""

    def build(count: int):
        authors = [participant, *UserFactory.create_batch(3)]
        threads = []
        for theme in themes.values():
            for index in range(count // 5 + 1):
                thread = ThreadFactory(theme=theme, author=authors[index % len(authors)])
                add_posts(thread, count, authors=authors)
                threads.append(thread)
        return threads

    return build


def urls(thread) -> dict[str, str]:
    return {
        "home": reverse("forum:home"),
        "theme": thread.theme.get_absolute_url(),
        "thread": thread.get_absolute_url(),
    }


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("kind", EXPECTED)
@pytest.mark.parametrize("page", ["home", "theme", "thread"])
def test_page_query_count_does_not_grow(
    client_for, forum_of, django_assert_num_queries, kind, page, size
):
    threads = forum_of(size)
    client = client_for(kind)
    url = urls(threads[0])[page]
    client.get(url)  # the home page's figures are counted once, then read from the cache

    with django_assert_num_queries(EXPECTED[kind][page]):
        response = client.get(url)
    assert response.status_code == 200


# Reading the themes and counting afresh: threads and posts, public (and, for moderators,
# everything), one grouped query each.
# Signed in, the header's unread count is read afresh too (one query).
HOME_COUNTING = {"anonymous": 4, "participant": 8, "atu_moderator": 11, "administrator": 11}


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("kind", HOME_COUNTING)
def test_home_counting_afresh_does_not_grow(
    client_for, forum_of, django_assert_num_queries, kind, size
):
    forum_of(size)
    client = client_for(kind)
    client.get(reverse("forum:home"))
    cache.clear()

    with django_assert_num_queries(HOME_COUNTING[kind]):
        response = client.get(reverse("forum:home"))
    assert response.status_code == 200


@pytest.mark.parametrize("kind", EXPECTED)
def test_first_and_last_page_of_a_long_thread_cost_the_same(
    client_for, themes, participant, django_assert_num_queries, kind
):
    thread = ThreadFactory(theme=themes["atu"])
    add_posts(thread, 1000, authors=[participant, *UserFactory.create_batch(5)])
    client = client_for(kind)
    last = client.get(thread.get_absolute_url() + "?page=999").context["page_obj"].number
    assert last > 40

    for number in (1, last):
        with django_assert_num_queries(EXPECTED[kind]["thread"]):
            response = client.get(f"{thread.get_absolute_url()}?page={number}")
        assert len(response.context["page_obj"].object_list) > 0


@pytest.mark.parametrize("kind", ["atu_moderator", "administrator"])
def test_moderators_pages_cost_the_same_with_more_posts(client_for, forum_of, kind):
    def counts(threads):
        client = client_for(kind)
        cache.clear()  # the rows were written in bulk, not through the services
        result = {}
        for page, url in urls(threads[0]).items():
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            result[page] = len(ctx.captured_queries)
        return result

    small = counts(forum_of(5))
    large = counts(forum_of(30))
    assert small == large
    # One more than a participant's: the header counts what waits in the moderator's queue.
    # The moderation links on the page (review, hide, lock, pin, move) cost nothing more.
    assert small["thread"] == EXPECTED["participant"]["thread"] + 1
