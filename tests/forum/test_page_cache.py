"""The anonymous page cache and the 304s (forum/pagecache.py): correct, whatever its speed.

Every service that changes what a thread's page or a theme's page shows moves the thread's
version stamp (forum/services/stamps.py: touch_thread); each test here reads the page as an
anonymous visitor (so it is cached), calls the service, and reads it again.
"""

import subprocess
import sys

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Post, Tag, Thread
from moderation.services.decisions import approve_post, reject_post
from moderation.services.threads import (
    hide_post,
    lock_thread,
    move_thread,
    pin_thread,
    unhide_post,
)
from tests.factories import PostFactory, ThreadFactory


@pytest.fixture
def thread(themes, participant):
    thread = ThreadFactory(theme=themes["atu"], title="Neighbourhood officers")
    PostFactory(thread=thread, body="First reply", body_html="<p>First reply</p>")
    return Thread.objects.get(pk=thread.pk)


def anonymous_get(url, **headers):
    return Client().get(url, headers=headers)


def cached(url) -> bool:
    """Whether an anonymous visitor's next read of `url` comes from the cache: the page is
    not rendered (no template context) and only the thread or theme row is read."""
    response = anonymous_get(url)
    assert response.status_code == 200
    return response.context is None


def pending_reply(thread, author, body="Waiting for review"):
    return PostFactory(thread=thread, author=author, status=Post.Status.PENDING, body=body)


def test_an_anonymous_page_is_cached_and_read_without_rendering(thread):
    url = thread.get_absolute_url()
    first = anonymous_get(url)
    assert first.context is not None

    with CaptureQueriesContext(connection) as queries:
        again = anonymous_get(url)
    assert again.context is None
    assert again.content == first.content
    # The thread's row and nothing else: no session, no schedule, no posts.
    assert len(queries) == 1
    assert "django_session" not in queries[0]["sql"]


def test_no_session_is_created_or_read_for_anonymous_readers(thread):
    with CaptureQueriesContext(connection) as queries:
        response = anonymous_get(thread.get_absolute_url())
    assert response.context is not None
    assert not response.cookies
    assert not [q for q in queries if "django_session" in q["sql"]]


@pytest.mark.parametrize("page", ["2", "3"])
def test_each_page_of_a_thread_is_cached_on_its_own(thread, participant, settings, page):
    settings.FORUM_POSTS_PER_PAGE = 1
    url = f"{thread.get_absolute_url()}?page={page}"
    first = anonymous_get(url)
    assert cached(url)
    assert anonymous_get(url).content == first.content
    assert anonymous_get(thread.get_absolute_url()).content != first.content


def test_other_query_strings_are_rendered_not_cached(thread):
    url = f"{thread.get_absolute_url()}?page=1&utm_source=mail"
    anonymous_get(url)
    assert not cached(url)


def test_a_reply_shows_on_the_next_anonymous_read(thread, atu_moderator):
    url = thread.get_absolute_url()
    anonymous_get(url)
    # A moderator's reply in a theme they moderate needs no review: it is public at once.
    post = services.reply(author=atu_moderator, thread=thread, body="A new reply", kind="comment")
    assert post.status == Post.Status.APPROVED
    assert b"A new reply" in anonymous_get(url).content


def test_a_reply_waiting_for_review_stays_out(thread, participant):
    url = thread.get_absolute_url()
    anonymous_get(url)
    post = services.reply(author=participant, thread=thread, body="Wait for me", kind="comment")
    assert post.status == Post.Status.PENDING
    assert b"Wait for me" not in anonymous_get(url).content


def test_approving_shows_the_post_and_its_tags(thread, participant, atu_moderator):
    post = pending_reply(thread, participant, body="Trust takes years")
    topic = Tag.objects.create(slug="trust", name="Trust", facet=Tag.Facet.TOPIC)
    url = thread.get_absolute_url()
    assert b"Trust takes years" not in anonymous_get(url).content

    approve_post(actor=atu_moderator, post=post, tags=[topic], accept=True)

    page = anonymous_get(url).content
    assert b"Trust takes years" in page
    assert b'href="/tags/trust/"' in page
    assert b"Accepted for the guidebook" in page


def test_a_pending_post_never_appears_in_a_cached_anonymous_page(thread, participant):
    pending_reply(thread, participant, body="Not yet reviewed")
    url = thread.get_absolute_url()
    # The author sees it; the anonymous page, rendered after and then read from the cache,
    # does not.
    author = Client()
    author.force_login(participant)
    assert b"Not yet reviewed" in author.get(url).content
    assert b"Not yet reviewed" not in anonymous_get(url).content
    assert cached(url)
    assert b"Not yet reviewed" not in anonymous_get(url).content


def test_rejecting_a_pending_post_keeps_it_out(thread, participant, atu_moderator):
    post = pending_reply(thread, participant, body="Off topic")
    url = thread.get_absolute_url()
    anonymous_get(url)
    reject_post(actor=atu_moderator, post=post, preset_reason="off_topic")
    assert b"Off topic" not in anonymous_get(url).content


def test_editing_shows_the_new_text_once_the_edit_is_approved(thread, atu_moderator):
    post = thread.posts.exclude(pk=thread.first_post_id).get()
    url = thread.get_absolute_url()
    assert b"First reply" in anonymous_get(url).content

    services.edit_post(editor=post.author, post=post, body="Second thoughts", kind=post.kind)
    # The edit of an approved post waits for review; readers keep the approved text.
    assert b"Second thoughts" not in anonymous_get(url).content
    approve_post(actor=atu_moderator, post=post)

    page = anonymous_get(url).content
    assert b"Second thoughts" in page
    assert b"First reply" not in page


def test_editing_the_title_shows_on_the_thread_and_theme_pages(thread, atu_moderator):
    opening = thread.first_post
    urls = [thread.get_absolute_url(), thread.theme.get_absolute_url()]
    for url in urls:
        anonymous_get(url)

    services.edit_post(
        editor=opening.author,
        post=opening,
        body=opening.body,
        kind=opening.kind,
        title="Officers on foot",
    )
    approve_post(actor=atu_moderator, post=opening)

    for url in urls:
        assert b"Officers on foot" in anonymous_get(url).content


def test_hiding_and_unhiding(thread, atu_moderator):
    post = thread.posts.exclude(pk=thread.first_post_id).get()
    url = thread.get_absolute_url()
    anonymous_get(url)

    hide_post(actor=atu_moderator, post=post, reason="Personal data")
    assert b"First reply" not in anonymous_get(url).content

    unhide_post(actor=atu_moderator, post=Post.objects.get(pk=post.pk))
    assert b"First reply" in anonymous_get(url).content


def test_a_thread_whose_opening_post_is_hidden_is_not_served_from_the_cache(thread, atu_moderator):
    """The cached page is found by the thread's stamp alone, before any permission rule: the
    stamp must move when the thread stops being public, so the next read is rendered."""
    url = thread.get_absolute_url()
    anonymous_get(url)
    assert cached(url)

    hide_post(actor=atu_moderator, post=thread.first_post, reason="Personal data")
    response = anonymous_get(url)

    assert response.context is not None
    assert b'id="opening-hidden"' in response.content
    assert thread.first_post.body.encode() not in response.content
    assert b"First reply" in response.content


def test_an_unknown_thread_is_404_for_anonymous_readers(themes):
    assert anonymous_get("/threads/987654/").status_code == 404


def test_locking_and_pinning(thread, atu_moderator):
    url = thread.get_absolute_url()
    anonymous_get(url)
    lock_thread(actor=atu_moderator, thread=thread)
    assert b"Locked: no new replies" in anonymous_get(url).content

    anonymous_get(thread.theme.get_absolute_url())
    pin_thread(actor=atu_moderator, thread=Thread.objects.get(pk=thread.pk))
    assert b"Pinned" in anonymous_get(url).content
    assert b"Pinned" in anonymous_get(thread.theme.get_absolute_url()).content


def test_moving_shows_on_the_thread_and_both_theme_pages(thread, themes, administrator):
    origin, target = themes["atu"], themes["shared"]
    urls = [thread.get_absolute_url(), origin.get_absolute_url(), target.get_absolute_url()]
    for url in urls:
        anonymous_get(url)

    move_thread(actor=administrator, thread=thread, theme=target)

    assert target.title.encode() in anonymous_get(urls[0]).content
    assert b"Neighbourhood officers" not in anonymous_get(urls[1]).content
    assert b"Neighbourhood officers" in anonymous_get(urls[2]).content


def test_a_new_thread_shows_on_the_theme_page(themes, participant):
    url = themes["atu"].get_absolute_url()
    anonymous_get(url)
    thread = services.start_thread(
        author=participant,
        theme=themes["atu"],
        title="Trust in schools",
        body="Text",
        kind="comment",
    )
    if thread.first_post.status == Post.Status.APPROVED:
        assert b"Trust in schools" in anonymous_get(url).content
    else:
        assert b"Trust in schools" not in anonymous_get(url).content


@pytest.mark.parametrize("kind", ["participant", "atu_moderator", "administrator"])
def test_signed_in_pages_never_come_from_the_anonymous_cache(thread, client_for, kind):
    url = thread.get_absolute_url()
    anonymous = anonymous_get(url).content
    assert cached(url)

    response = client_for(kind).get(url)
    assert response.context is not None
    assert response.content != anonymous
    assert "ETag" not in response


def test_a_moderators_page_is_not_served_to_anonymous_readers(thread, client_for):
    url = thread.get_absolute_url()
    assert b"Moderate this thread" in client_for("atu_moderator").get(url).content
    assert b"Moderate this thread" not in anonymous_get(url).content


def test_a_page_with_a_message_is_neither_cached_nor_served_from_the_cache(thread, rf):
    url = thread.get_absolute_url()
    anonymous_get(url)
    client = Client()
    client.cookies["messages"] = "anything"
    response = client.get(url)
    assert response.context is not None
    assert "ETag" not in response
    assert list(get_messages(response.wsgi_request)) == []


def test_304_on_an_unchanged_page_and_200_once_it_changes(thread, atu_moderator):
    url = thread.get_absolute_url()
    first = anonymous_get(url)
    etag = first["ETag"]
    assert first["Last-Modified"]

    unchanged = anonymous_get(url, if_none_match=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag

    lock_thread(actor=atu_moderator, thread=thread)
    changed = anonymous_get(url, if_none_match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_theme_page_304(thread):
    url = thread.theme.get_absolute_url()
    etag = anonymous_get(url)["ETag"]
    assert anonymous_get(url, if_none_match=etag).status_code == 304


def test_a_page_in_another_language_is_cached_apart(thread):
    english = anonymous_get(thread.get_absolute_url())
    french = anonymous_get(thread.get_absolute_url(), accept_language="fr")
    assert english["ETag"] != french["ETag"]


def test_the_urlconf_does_not_import_weasyprint():
    # WeasyPrint costs each worker about 40 MB and its first request half a second; only the
    # task that renders a PDF imports it.
    code = (
        "import os, sys, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "os.environ['DJANGO_DEBUG'] = '1'\n"
        "django.setup()\n"
        "import config.urls\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"


def test_signed_in_readers_see_an_edit_on_their_next_read(thread, client_for, atu_moderator):
    # Their pages are rendered each time, around post cards kept in the cache by the
    # thread's version: an edit moves it, so the card is rendered again.
    post = thread.posts.exclude(pk=thread.first_post_id).get()
    reader = client_for("participant")
    assert b"First reply" in reader.get(thread.get_absolute_url()).content

    services.edit_post(editor=post.author, post=post, body="Second thoughts", kind=post.kind)
    approve_post(actor=atu_moderator, post=post)

    page = reader.get(thread.get_absolute_url()).content
    assert b"Second thoughts" in page
    assert b"First reply" not in page


def test_a_moderator_sees_the_hidden_badge_after_hiding(thread, client_for, atu_moderator):
    post = thread.posts.exclude(pk=thread.first_post_id).get()
    moderator = client_for("atu_moderator")
    moderator.get(thread.get_absolute_url())

    hide_post(actor=atu_moderator, post=post, reason="Personal data")

    page = moderator.get(thread.get_absolute_url()).content.decode()
    assert f'class="post post--hidden" id="post-{post.pk}"' in page
    assert "badge--status-hidden" in page


@pytest.mark.parametrize("username", ["plain", "dotted.name+tag@x", "Ünïcode-ñame"])
def test_links_made_without_reverse_are_the_links_reverse_makes(username):
    from django.urls import reverse

    from forum.urlmaker import pk_url, url_maker

    profile = url_maker("accounts:profile", "username", "url-argument-sample")
    assert profile(username) == reverse("accounts:profile", kwargs={"username": username})
    for name in ("forum:post_permalink", "forum:post_edit", "moderation:post_report"):
        assert pk_url(name, 42) == reverse(name, kwargs={"pk": 42})
