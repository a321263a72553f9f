"""The controlled vocabulary: the bundled file, loading it, and a tag's public page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Post, PostTag, Tag
from forum.services.tags import load_vocabulary, read_vocabulary_file
from tests.factories import PostFactory, ThreadFactory, UserFactory

# The vocabulary ------------------------------------------------------------------------------


def test_bundled_vocabulary_covers_every_facet_with_unique_slugs():
    data = read_vocabulary_file()
    slugs = [entry["slug"] for entry in data]
    assert len(slugs) == len(set(slugs))
    assert {entry["facet"] for entry in data} == set(Tag.Facet.values)
    assert all(entry["name"] and entry["description"] for entry in data)
    names = {entry["name"] for entry in data}
    assert {"Youth engagement", "Police", "Central Asia", "Prevention"} <= names


def test_loading_is_idempotent(db):
    created = load_vocabulary()
    assert created == len(read_vocabulary_file())
    assert load_vocabulary() == 0
    assert Tag.objects.count() == created


def test_loading_restores_the_shipped_wording_and_keeps_other_tags(db):
    data = [{"facet": "topic", "name": "Training", "slug": "training", "description": "A"}]
    load_vocabulary(data=data)
    Tag.objects.filter(slug="training").update(name="Edited", description="B")
    Tag.objects.create(facet="topic", name="Added by an administrator", slug="extra")

    assert load_vocabulary(data=data) == 0

    tag = Tag.objects.get(slug="training")
    assert (tag.name, tag.description) == ("Training", "A")
    assert Tag.objects.filter(slug="extra").exists()


def test_a_bad_entry_changes_nothing(db):
    data = [
        {"facet": "topic", "name": "Fine", "slug": "fine"},
        {"facet": "mood", "name": "Bad", "slug": "bad"},
    ]
    with pytest.raises(ValidationError):
        load_vocabulary(data=data)
    assert not Tag.objects.exists()


# A tag's page ----------------------------------------------------------------------------------


@pytest.fixture
def topic(db):
    return Tag.objects.create(facet="topic", name="Youth engagement", slug="youth-engagement")


def _tagged(post, tag, by=None):
    PostTag.objects.create(post=post, tag=tag, applied_by=by or UserFactory())
    return post


def test_tag_page_lists_only_public_posts_with_the_tag(client, themes, topic):
    public = _tagged(PostFactory(thread=ThreadFactory(theme=themes["atu"], title="Shown")), topic)
    hidden = _tagged(
        PostFactory(
            thread=ThreadFactory(theme=themes["atu"], title="Hidden one"),
            status=Post.Status.HIDDEN,
        ),
        topic,
    )
    # An approved reply in a thread whose opening post is not public stays out of sight.
    secret_thread = ThreadFactory(
        theme=themes["atu"], title="Secret thread", opening__status=Post.Status.PENDING
    )
    _tagged(PostFactory(thread=secret_thread), topic)
    PostFactory(thread=ThreadFactory(theme=themes["atu"], title="Untagged"))

    response = client.get(reverse("forum:tag_detail", kwargs={"slug": topic.slug}))

    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [public]
    assert b"Shown" in response.content
    assert b"Secret thread" not in response.content
    assert b"Untagged" not in response.content
    assert hidden.pk not in [p.pk for p in response.context["page_obj"].object_list]


def test_unknown_tag_is_404(client, db):
    assert client.get(reverse("forum:tag_detail", kwargs={"slug": "nope"})).status_code == 404


def test_tag_page_has_20_posts_a_page(client, themes, topic):
    thread = ThreadFactory(theme=themes["atu"])
    for _ in range(21):
        _tagged(PostFactory(thread=thread), topic)
    first = client.get(reverse("forum:tag_detail", kwargs={"slug": topic.slug}))
    assert len(first.context["page_obj"].object_list) == 20
    second = client.get(reverse("forum:tag_detail", kwargs={"slug": topic.slug}) + "?page=2")
    assert len(second.context["page_obj"].object_list) == 1


def _queries_for(client, url) -> int:
    # A first request fills the caches every page reads (the schedule, the session).
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_tag_page_query_count_does_not_grow_with_posts(client, themes, topic):
    other = Tag.objects.create(facet="actor", name="Police", slug="police")
    url = reverse("forum:tag_detail", kwargs={"slug": topic.slug})
    thread = ThreadFactory(theme=themes["atu"])
    for _ in range(2):
        _tagged(_tagged(PostFactory(thread=thread, author=UserFactory()), topic), other)
    few = _queries_for(client, url)
    for _ in range(18):
        _tagged(_tagged(PostFactory(thread=ThreadFactory(theme=themes["spmu"])), topic), other)
    assert _queries_for(client, url) == few
    # The tag, the count, the page of posts and their tags (the schedule comes from the cache).
    assert few == 4
