"""Query counts of the reading pages, pinned: they do not grow with threads or posts.

Counts include the request's own reads: the user (signed in; the session comes from the
cache) and the guardian lookup of moderated themes (signed in); the consultation schedule
comes from the cache. The thread page reads the files of the posts on the page in one query,
and the tags of the posts that have some in one more, and nothing when none has. An anonymous
reader's thread or theme page is read from the page cache after the first time, for the one
query of its version stamp.

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

from forum.models import Post, PostTag, Tag
from forum.services.stamps import touch_thread
from tests.factories import ThreadFactory, UserFactory

# kind → queries for home (figures cached), theme page, thread page, rendered (not from the
# anonymous page cache). The schedule comes from the cache, the session too once read; the
# thread page reads tags only when a post on it has some (none here). An anonymous reader's
# thread page first reads the thread's stamp alone, for the cache; rendering reads it again.
EXPECTED = {
    "anonymous": {"home": 1, "theme": 4, "thread": 5},
    # The theme and thread pages ask whether the participant follows them (one query); the
    # thread page whether their address is verified, which reporting a post needs (one more).
    "participant": {"home": 3, "theme": 7, "thread": 8},
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
    # A changed thread: its page and its theme's are rendered again, not read from the
    # anonymous page cache (whose cost is pinned below).
    touch_thread(threads[0].pk)

    with django_assert_num_queries(EXPECTED[kind][page]):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context is not None


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("page", ["theme", "thread"])
def test_a_cached_anonymous_page_costs_one_query(client, forum_of, page, size):
    """The thread's (or theme's) row, for its version stamp: no session, no schedule."""
    url = urls(forum_of(size)[0])[page]
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context is None
    assert len(queries) == 1


# Reading the themes and counting afresh: threads and posts, public (and, for moderators,
# everything), one grouped query each.
# Signed in, the header's unread count is read afresh too (one query), and the version of
# the privacy notice in force, which the emptied cache held (one more).
HOME_COUNTING = {"anonymous": 4, "participant": 9, "atu_moderator": 12, "administrator": 12}


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


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("kind", EXPECTED)
def test_tags_cost_one_query_whatever_the_number_of_tagged_posts(
    client_for, themes, participant, django_assert_num_queries, kind, size
):
    thread = ThreadFactory(theme=themes["atu"])
    add_posts(thread, size, authors=[participant])
    topic = Tag.objects.create(slug="trust", name="Trust", facet=Tag.Facet.TOPIC)
    for post in thread.posts.all():
        PostTag.objects.create(post=post, tag=topic, applied_by=participant)
    client = client_for(kind)
    client.get(thread.get_absolute_url())  # the schedule and the session are cached
    touch_thread(thread.pk)

    with django_assert_num_queries(EXPECTED[kind]["thread"] + 1):
        response = client.get(thread.get_absolute_url())
    assert b'href="/tags/trust/"' in response.content
