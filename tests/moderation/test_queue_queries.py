"""The queue page's query count is flat: the same with 10 or 500 posts waiting."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.models import Post, Thread
from moderation.models import ReviewClaim
from tests.factories import UserFactory
from tests.moderation.helpers import FAST_HASHERS, MODERATOR_EMAILS

# User, unit membership, the unit, its themes (guardian rows, then the themes), the
# themes the person moderates, the page's count, the header's count of what waits (posts and
# reports), the page's posts with thread, theme, author and claim joined, the units of the
# moderators who claimed them (the session and the schedule come from the cache).
QUEUE_PAGE_QUERIES = 10


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = MODERATOR_EMAILS
    settings.PASSWORD_HASHERS = FAST_HASHERS


def _fill_queue(theme, n, *, claimed_by):
    authors = [UserFactory() for _ in range(3)]
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(theme=theme, title=f"Queue thread {i}", author=authors[i % 3]) for i in range(n)
    )
    posts = Post.objects.bulk_create(
        Post(
            thread=thread,
            author=thread.author,
            body=f"Contribution {i}",
            body_html=f"<p>Contribution {i}</p>",
            status=Post.Status.PENDING,
            submitted_at=now - timedelta(minutes=n - i),
        )
        for i, thread in enumerate(threads)
    )
    ReviewClaim.objects.bulk_create(
        ReviewClaim(post=p, moderator=claimed_by, expires_at=now + timedelta(minutes=10))
        for p in posts[::3]
    )


def _queue_queries(client, params=None):
    # A first request fills the caches every page reads (the schedule, the session).
    client.get(reverse("moderation:unit_queue", kwargs={"code": "atu"}), params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("moderation:unit_queue", kwargs={"code": "atu"}), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("n", [10, 500])
def test_queue_page_query_count_is_pinned(client_for, themes, atu_moderator, n):
    _fill_queue(themes["atu"], n, claimed_by=atu_moderator)
    client = client_for("atu_moderator")

    count, response = _queue_queries(client)

    assert len(response.context["queue"].posts) == min(n, 25)
    assert count == QUEUE_PAGE_QUERIES


def test_filtered_queue_page_costs_the_same(client_for, themes, atu_moderator):
    _fill_queue(themes["atu"], 60, claimed_by=atu_moderator)
    client = client_for("atu_moderator")
    plain, _ = _queue_queries(client)
    filtered, _ = _queue_queries(
        client, {"kind": "comment", "stakeholder_group": "civil_society", "page": 2}
    )
    assert filtered == plain


def test_home_query_count_does_not_grow_with_pending_posts(client_for, themes, atu_moderator):
    client = client_for("administrator")
    _fill_queue(themes["atu"], 5, claimed_by=atu_moderator)
    client.get(reverse("moderation:home"))  # fills the caches every page reads
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("moderation:home"))
    _fill_queue(themes["shared"], 100, claimed_by=atu_moderator)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("moderation:home"))
    assert len(many.captured_queries) == len(few.captured_queries)
    atu = next(s for s in response.context["summaries"] if s.unit.code == "atu")
    assert atu.pending_count == 105


def test_review_page_query_count_does_not_grow_with_the_thread(client_for, themes, atu_moderator):
    """Nor with its revisions or the moderators' notes on the post and on its author."""
    from forum.models import PostRevision
    from moderation.services.notes import add_moderator_note
    from tests.factories import PostFactory
    from tests.moderation.helpers import pending_reply

    def review_queries(post):
        client = client_for("atu_moderator")
        url = reverse("moderation:post_review", kwargs={"pk": post.pk})
        client.get(url)  # the first visit also writes the claim
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = pending_reply(themes["atu"])
    big = pending_reply(themes["atu"])
    for _ in range(8):
        PostFactory(thread=big.thread)
        PostRevision.objects.create(post=big, body="old", kind=big.kind, edited_by=big.author)
        add_moderator_note(actor=atu_moderator, post=big, text="On the post.")
        add_moderator_note(actor=atu_moderator, author=big.author, text="On the author.")
    assert review_queries(big) == review_queries(small)


def test_page_count_and_header_count_agree_with_the_filters(client_for, themes):
    from django.utils.html import strip_tags

    from tests.moderation.helpers import pending_reply, pending_thread

    pending_thread(themes["atu"])
    pending_reply(themes["shared"], kind=Post.Kind.GOOD_PRACTICE)
    pending_reply(themes["shared"])
    pending_reply(themes["spmu"])  # not the ATU unit's, yet in the administrator's header
    client = client_for("administrator")

    _, response = _queue_queries(client)
    text = " ".join(strip_tags(response.content.decode()).split())
    assert "3 contributions waiting" in text
    assert "Review queue 4 waiting" in text

    _, response = _queue_queries(client, {"kind": Post.Kind.GOOD_PRACTICE})
    text = " ".join(strip_tags(response.content.decode()).split())
    assert "1 contribution waiting that matches the filters" in text
    assert "Review queue 4 waiting" in text
    assert [p.kind for p in response.context["queue"].posts] == [Post.Kind.GOOD_PRACTICE]


def test_queue_pages_keep_the_longest_waiting_first(client_for, themes, atu_moderator):
    _fill_queue(themes["atu"], 60, claimed_by=atu_moderator)
    client = client_for("atu_moderator")
    expected = list(
        Post.objects.filter(status=Post.Status.PENDING)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    seen = []
    for page in (1, 2, 3):
        _, response = _queue_queries(client, {"page": page})
        seen += [p.pk for p in response.context["queue"].posts]
    assert seen == expected
    claimed = {p.pk for p in response.context["queue"].posts if p.active_claim}
    assert claimed
