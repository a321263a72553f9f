"""Small builders shared by the review-queue tests."""

import threading

from django.db import connections

from forum.models import Post, Tag
from tests.conftest import staff_page_status
from tests.factories import PostFactory, ThreadFactory

# Hashing passwords properly is slow by design; these tests never check a password.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MODERATOR_EMAILS = ["atu@example.org", "spmu@example.org", "odihr@example.org", "admin@example.org"]
# Who moderates the ATU themes the page tests put their posts in.
ATU_STAFF = ("atu_moderator", "administrator")


def unit_page_status(who: str, *, ok: int = 200, allowed=ATU_STAFF) -> int:
    """The status a moderation page about one unit's post answers `who`: as any staff page
    for anonymous visitors and participants, `ok` for the staff `allowed` there, and 404 for
    other units' moderators, to whom a post outside their themes does not exist."""
    return staff_page_status(who, ok if who in allowed else 404)


def pending_thread(theme, **kwargs):
    """A new thread whose opening post waits for review; returns the opening post."""
    thread = ThreadFactory(theme=theme, opening__status=Post.Status.PENDING, **kwargs)
    return thread.first_post


def pending_reply(theme, **kwargs):
    """A reply waiting for review in a public thread of `theme`."""
    thread = ThreadFactory(theme=theme)
    return PostFactory(thread=thread, status=Post.Status.PENDING, **kwargs)


def tag(slug, facet=Tag.Facet.TOPIC):
    return Tag.objects.get_or_create(
        slug=slug, defaults={"facet": facet, "name": slug.replace("-", " ").capitalize()}
    )[0]


def race(*calls):
    """Runs each call in its own thread (own database connection), released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes
