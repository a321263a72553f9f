"""Following threads, themes, tags and chapters: the services, the buttons and the following
page; following one's own threads; the followers told of new public posts."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Follow, Notification, Post, Tag
from forum.permissions import moderated_theme_ids
from forum.selectors.follows import FOLLOWS_PER_PAGE, is_following
from forum.services import reply, start_thread
from forum.services.follows import follow, unfollow
from tests.conftest import KINDS
from tests.factories import PostFactory, ThreadFactory, UserFactory

SIGNED_IN = [kind for kind in KINDS if kind != "anonymous"]


def notified(kind=None) -> set[str]:
    rows = Notification.objects.all()
    if kind is not None:
        rows = rows.filter(kind=kind)
    return set(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def thread(themes):
    return ThreadFactory(theme=themes["atu"], title="Trust in the neighbourhood")


@pytest.fixture
def tag(db):
    return Tag.objects.create(facet=Tag.Facet.TOPIC, name="Youth", slug="youth")


# The services -----------------------------------------------------------------------------


def test_following_twice_keeps_one_follow_and_unfollowing_removes_it(participant, thread):
    first = follow(user=participant, target=thread)
    again = follow(user=participant, target=thread)

    assert first.pk == again.pk
    assert Follow.objects.filter(user=participant).count() == 1
    assert is_following(participant, thread)
    assert unfollow(user=participant, target_type="thread", target_id=thread.pk) is True
    assert unfollow(user=participant, target_type="thread", target_id=thread.pk) is False
    assert not is_following(participant, thread)


def test_each_kind_of_target_is_followed_separately(participant, thread, themes, tag, chapters):
    for target in (thread, themes["atu"], tag, chapters["one"]):
        follow(user=participant, target=target)

    kinds = set(Follow.objects.filter(user=participant).values_list("target_type", flat=True))
    assert kinds == {"thread", "theme", "tag", "chapter"}
    assert is_following(participant, chapters["one"])
    assert not is_following(participant, chapters["two"])


def test_a_thread_one_may_not_see_cannot_be_followed(participant, themes):
    hidden = ThreadFactory(theme=themes["atu"], opening__status=Post.Status.PENDING)
    with pytest.raises(PermissionDenied):
        follow(user=participant, target=hidden)


# The buttons and the following page ------------------------------------------------------


def _pages(thread, themes, tag, chapters):
    return {
        "thread": (thread.get_absolute_url(), thread.pk),
        "theme": (themes["atu"].get_absolute_url(), themes["atu"].pk),
        "tag": (tag.get_absolute_url(), tag.pk),
        "chapter": (chapters["one"].get_absolute_url(), chapters["one"].pk),
    }


@pytest.mark.parametrize("kind", ["thread", "theme", "tag", "chapter"])
@pytest.mark.parametrize("who", KINDS)
def test_the_follow_button_posts_and_returns_to_the_page(
    client_for, person, who, kind, thread, themes, tag, chapters
):
    url, pk = _pages(thread, themes, tag, chapters)[kind]
    client = client_for(who)
    page = client.get(url).content.decode()
    data = {"target_type": kind, "target_id": pk, "next": url}

    if who == "anonymous":
        assert reverse("forum:follow") not in page
        response = client.post(reverse("forum:follow"), data)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert not Follow.objects.exists()
        return

    assert reverse("forum:follow") in page
    response = client.post(reverse("forum:follow"), data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "You are following" in response.content.decode()
    assert reverse("forum:unfollow") in response.content.decode()
    client.post(reverse("forum:follow"), data)  # a second click changes nothing
    assert Follow.objects.filter(user=person(who), target_type=kind, target_id=pk).count() == 1

    response = client.post(reverse("forum:unfollow"), data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "You no longer follow" in response.content.decode()
    assert not Follow.objects.filter(user=person(who)).exists()


@pytest.mark.parametrize("name", ["forum:follow", "forum:unfollow"])
def test_following_is_a_post(client_for, name):
    assert client_for("participant").get(reverse(name)).status_code == 405


def test_following_what_one_may_not_see_is_404(client_for, themes):
    hidden = ThreadFactory(theme=themes["atu"], opening__status=Post.Status.PENDING)
    client = client_for("participant")
    for data in (
        {"target_type": "thread", "target_id": hidden.pk},
        {"target_type": "thread", "target_id": 999_999},
        {"target_type": "nonsense", "target_id": 1},
    ):
        assert client.post(reverse("forum:follow"), data).status_code == 404
    assert not Follow.objects.exists()


def test_a_next_address_off_the_site_is_ignored(client_for, thread):
    response = client_for("participant").post(
        reverse("forum:follow"),
        {"target_type": "thread", "target_id": thread.pk, "next": "https://evil.example/"},
    )
    assert response.url == thread.get_absolute_url()


@pytest.mark.parametrize("who", KINDS)
def test_the_following_page_is_for_signed_in_people(client_for, who):
    response = client_for(who).get(reverse("forum:following"))
    assert response.status_code == (302 if who == "anonymous" else 200)


def test_the_following_page_groups_by_kind_with_an_unfollow_button_each(
    client_for, participant, thread, themes, tag, chapters
):
    for target in (thread, themes["spmu"], tag, chapters["two"]):
        follow(user=participant, target=target)
    follow(user=UserFactory(), target=themes["odihr"])

    page = client_for("participant").get(reverse("forum:following")).content.decode()

    for heading in ("Threads", "Themes", "Tags", "Guidebook chapters"):
        assert f">{heading}</h2>" in page
    assert page.index(">Threads</h2>") < page.index(">Themes</h2>") < page.index(">Tags</h2>")
    for target in (thread, themes["spmu"], tag, chapters["two"]):
        assert target.get_absolute_url() in page
    assert themes["odihr"].get_absolute_url() not in page
    assert page.count(f'action="{reverse("forum:unfollow")}"') == 4


def test_the_following_page_is_paginated_at_a_fixed_cost(
    client_for, participant, themes, django_assert_max_num_queries
):
    threads = [ThreadFactory(theme=themes["atu"]) for _ in range(FOLLOWS_PER_PAGE + 5)]
    Follow.objects.bulk_create(
        Follow(user=participant, target_type="thread", target_id=t.pk) for t in threads
    )
    follow(user=participant, target=themes["atu"])
    client = client_for("participant")

    # Session, user and schedule; the COUNT and the page; the threads on it, scoped by the
    # themes the person moderates (one query each), whatever the number of follows.
    with django_assert_max_num_queries(7):
        first = client.get(reverse("forum:following"))
    second = client.get(reverse("forum:following"), {"page": 2})

    assert len(first.context["page_obj"].object_list) == FOLLOWS_PER_PAGE
    assert len(second.context["page_obj"].object_list) == 6
    assert themes["atu"].get_absolute_url() in second.content.decode()


def test_a_thread_rejected_since_is_listed_as_gone_and_can_be_unfollowed(
    client_for, participant, thread
):
    """(A thread whose opening post was hidden stays readable, and stays listed.)"""
    follow(user=participant, target=thread)
    Post.objects.filter(pk=thread.first_post_id).update(status=Post.Status.REJECTED)
    client = client_for("participant")

    page = client.get(reverse("forum:following")).content.decode()
    assert "No longer available" in page
    assert thread.title not in page
    client.post(reverse("forum:unfollow"), {"target_type": "thread", "target_id": thread.pk})
    assert not Follow.objects.exists()


# Following one's own threads --------------------------------------------------------------


@pytest.mark.parametrize("setting", [True, False])
def test_starting_or_replying_follows_the_thread_unless_turned_off(
    participant, thread, themes, setting
):
    participant.follows_own_threads = setting
    participant.save()

    started = start_thread(
        author=participant, theme=themes["spmu"], title="Mine", kind="comment", body="Hello"
    )
    reply(author=participant, thread=thread, kind="comment", body="Agreed.")

    assert is_following(participant, started) is setting
    assert is_following(participant, thread) is setting


def test_the_profile_form_turns_following_own_threads_off(client_for, participant):
    data = {
        "display_name": participant.display_name,
        "stakeholder_group": participant.stakeholder_group,
        "country": participant.country,
        "language": "en",
        "default_attribution": participant.default_attribution,
    }
    client = client_for("participant")
    assert (
        'name="follows_own_threads"'
        in client.get(reverse("accounts:profile_edit")).content.decode()
    )

    client.post(reverse("accounts:profile_edit"), data)  # an unticked box is not sent
    participant.refresh_from_db()
    assert participant.follows_own_threads is False

    client.post(reverse("accounts:profile_edit"), {**data, "follows_own_threads": "on"})
    participant.refresh_from_db()
    assert participant.follows_own_threads is True


# Followers told of posts public at once --------------------------------------------------


def test_a_public_reply_tells_the_threads_followers_but_not_its_author(
    thread, atu_moderator, participant, themes
):
    follow(user=participant, target=thread)
    follow(user=atu_moderator, target=thread)
    theme_only = UserFactory(username="theme-only")
    follow(user=theme_only, target=themes["atu"])

    post = reply(author=atu_moderator, thread=thread, kind="comment", body="Thank you all.")

    assert notified(Notification.Kind.REPLY) == {"participant"}
    row = Notification.objects.get(recipient=participant)
    assert row.url == reverse("forum:post_permalink", kwargs={"pk": post.pk})
    assert thread.title in row.message


def test_a_reply_waiting_for_review_tells_nobody_yet(thread, participant):
    follow(user=participant, target=thread)
    reply(author=UserFactory(), thread=thread, kind="comment", body="Pending.")
    assert not Notification.objects.exists()


def test_a_thread_public_at_once_tells_the_themes_followers(themes, atu_moderator, participant):
    follow(user=participant, target=themes["atu"])
    follow(user=atu_moderator, target=themes["atu"])

    thread = start_thread(
        author=atu_moderator, theme=themes["atu"], title="Welcome", kind="comment", body="Hi"
    )

    assert notified(Notification.Kind.NEW_THREAD) == {"participant"}
    assert Notification.objects.get().url == thread.first_post.get_absolute_url()


def test_following_the_thread_twice_over_tells_once(thread, atu_moderator, participant):
    """Thread followed, and its theme: a reply is one notification."""
    follow(user=participant, target=thread)
    follow(user=participant, target=thread.theme)
    reply(author=atu_moderator, thread=thread, kind="comment", body="Once.")
    assert Notification.objects.filter(recipient=participant).count() == 1


def _fan_out_queries(thread, moderator, followers: int) -> int:
    users = UserFactory.create_batch(followers)
    Follow.objects.bulk_create(
        Follow(user=user, target_type="thread", target_id=thread.pk) for user in users
    )
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        reply(author=moderator, thread=thread, kind="comment", body=f"To {followers}.")
    assert Notification.objects.filter(kind=Notification.Kind.REPLY).count() == followers
    return len(queries)


def test_telling_followers_costs_the_same_for_few_and_many(themes, atu_moderator):
    few_thread = ThreadFactory(theme=themes["atu"])
    many_thread = ThreadFactory(theme=themes["atu"])
    PostFactory(thread=few_thread, status=Post.Status.APPROVED)
    PostFactory(thread=many_thread, status=Post.Status.APPROVED)

    moderated_theme_ids(atu_moderator)  # read once per request; kept on the user after
    few = _fan_out_queries(few_thread, atu_moderator, 2)
    many = _fan_out_queries(many_thread, atu_moderator, 40)

    assert many == few
