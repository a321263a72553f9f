"""Anonymous search results from the page cache (forum/views/search.py, forum/pagecache.py):
every change to what search finds is found on the next anonymous search."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.deletion import delete_account
from accounts.services import update_profile
from forum.models import Post
from forum.search import rebuild_search_index
from guidebook.services.drafting import publish_version, save_draft
from moderation.services.decisions import approve_post
from moderation.services.threads import hide_post
from tests.factories import DEFAULT_PASSWORD, PostFactory, ThreadFactory
from tests.moderation.helpers import MODERATOR_EMAILS

SEARCH = reverse("forum:search")


@pytest.fixture(autouse=True)
def _moderators_exempt_from_mfa(settings):
    settings.MODERATION_MFA_EXEMPT_EMAILS = MODERATOR_EMAILS


def anonymous_search(q, **params):
    response = Client().get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response


def from_cache(q, **params) -> bool:
    """Whether the page came from the cache: it was not rendered (no template context)."""
    return anonymous_search(q, **params).context is None


def permalink(post) -> str:
    return reverse("forum:post_permalink", kwargs={"pk": post.pk})


@pytest.fixture
def zebra(themes):
    thread = ThreadFactory(theme=themes["atu"], title="Crossings", opening__body="Zebra crossings.")
    rebuild_search_index()
    return thread.first_post


def test_a_repeated_anonymous_search_is_answered_from_the_cache(zebra):
    first = anonymous_search("zebra")
    assert first.context is not None
    assert permalink(zebra) in first.text

    with CaptureQueriesContext(connection) as queries:
        again = anonymous_search("zebra")
    assert again.context is None
    assert again.content == first.content
    # The search stamp; the schedule comes from its own cache.
    assert len(queries) == 1


def test_the_same_words_with_other_filters_or_pages_are_other_pages(zebra, themes):
    anonymous_search("zebra")
    assert not from_cache("zebra", theme=themes["atu"].slug)
    assert not from_cache("zebra", page="2")
    assert from_cache("zebra", theme=themes["atu"].slug)


def test_an_unknown_parameter_is_never_answered_from_the_cache(zebra):
    anonymous_search("zebra", utm="x")
    assert not from_cache("zebra", utm="x")


def test_an_unchanged_page_is_a_304_for_a_browser_that_holds_it(zebra):
    etag = anonymous_search("zebra")["ETag"]
    response = Client().get(SEARCH, {"q": "zebra"}, headers={"if-none-match": etag})
    assert response.status_code == 304


def test_an_approved_post_is_found_at_once(zebra, participant, atu_moderator, themes):
    pending = PostFactory(
        thread=zebra.thread, author=participant, status=Post.Status.PENDING, body="A zebra reply."
    )
    rebuild_search_index()
    assert permalink(pending) not in anonymous_search("zebra").text

    approve_post(actor=atu_moderator, post=Post.objects.get(pk=pending.pk))
    response = anonymous_search("zebra")
    assert response.context is not None
    assert permalink(pending) in response.text


def test_a_hidden_post_goes_at_once(zebra, atu_moderator):
    anonymous_search("zebra")
    hide_post(actor=atu_moderator, post=zebra, reason="Abusive.")
    assert permalink(zebra) not in anonymous_search("zebra").text


def test_a_renamed_author_is_found_by_the_new_name_at_once(zebra):
    assert "Aigerim" not in anonymous_search("zebra").text
    update_profile(user=zebra.author, display_name="Aigerim Zhakupova")
    assert permalink(zebra) in anonymous_search("Aigerim").text
    assert "Aigerim" in anonymous_search("zebra").text


def test_a_published_version_is_found_at_once(db, drafter, chapters):
    chapter = chapters["one"]
    assert "/guidebook/" not in anonymous_search("outreach").text.split("<main", 1)[1]
    save_draft(actor=drafter, chapter=chapter, text="Trust grows through outreach.", base_version=0)
    version = publish_version(actor=drafter, chapter=chapter)
    assert version.get_absolute_url() in anonymous_search("outreach").text


def test_a_deleted_account_s_posts_go_at_once(themes, participant):
    thread = ThreadFactory(theme=themes["atu"], author=participant, opening__body="Zebra notes.")
    # A newer document than theirs, so that theirs going leaves the newest in place.
    ThreadFactory(theme=themes["odihr"], opening__body="Other notes.")
    rebuild_search_index()
    assert permalink(thread.first_post) in anonymous_search("zebra").text

    delete_account(user=participant, password=DEFAULT_PASSWORD)
    assert permalink(thread.first_post) not in anonymous_search("zebra").text


def test_a_signed_in_search_is_never_answered_from_the_cache(zebra, participant, client_for):
    anonymous_search("zebra")
    anonymous_search("zebra")
    response = client_for("participant").get(SEARCH, {"q": "zebra"})
    assert response.context is not None
    assert "ETag" not in response
