"""Approving a post tells the followers of what it belongs to: its thread (a reply), its
theme (a new thread), its tags; once each, never its author or the moderator, never
someone who may not see it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import Follow, Notification, Post
from forum.services.follows import follow
from moderation.services.decisions import approve_post, request_changes
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.moderation.helpers import pending_reply, pending_thread, tag


def told(kind=None) -> set[str]:
    rows = Notification.objects.exclude(kind=Notification.Kind.MODERATION)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return set(rows.values_list("recipient__username", flat=True))


def test_an_approved_reply_tells_the_threads_followers(themes, atu_moderator, participant):
    post = pending_reply(themes["atu"])
    follow(user=participant, target=post.thread)
    follow(user=post.author, target=post.thread)
    follow(user=atu_moderator, target=post.thread)

    approve_post(actor=atu_moderator, post=post)

    assert told() == {"participant"}
    notice = Notification.objects.get(recipient=participant)
    assert notice.kind == Notification.Kind.REPLY
    assert notice.url == post.get_absolute_url()


def test_changes_requested_tell_no_follower(themes, atu_moderator, participant):
    post = pending_reply(themes["atu"])
    follow(user=participant, target=post.thread)
    request_changes(actor=atu_moderator, post=post, reason="Add a source.")
    assert told() == set()


def test_an_approved_thread_tells_the_themes_followers(themes, atu_moderator, participant):
    post = pending_thread(themes["atu"])
    follow(user=participant, target=themes["atu"])
    follow(user=UserFactory(username="elsewhere"), target=themes["spmu"])

    approve_post(actor=atu_moderator, post=post)

    assert told(Notification.Kind.NEW_THREAD) == {"participant"}
    assert Notification.objects.get(recipient=participant).url == post.get_absolute_url()


def test_tags_set_at_approval_tell_their_followers_once(themes, atu_moderator, participant):
    youth, policing = tag("youth"), tag("policing")
    tag_only = UserFactory(username="tag-only")
    follow(user=tag_only, target=youth)
    follow(user=tag_only, target=policing)
    follow(user=participant, target=youth)
    follow(user=participant, target=themes["atu"])
    post = pending_thread(themes["atu"])

    approve_post(actor=atu_moderator, post=post, tags=[youth, policing])

    assert Notification.objects.filter(recipient=tag_only).count() == 1
    assert Notification.objects.get(recipient=tag_only).kind == Notification.Kind.TAGGED
    # Theme and tag followed: one notification, the new thread's.
    assert Notification.objects.filter(recipient=participant).count() == 1
    assert Notification.objects.get(recipient=participant).kind == Notification.Kind.NEW_THREAD


def test_followers_who_may_not_see_the_post_are_not_told(themes, atu_moderator, participant):
    """A reply approved in a thread whose opening post was rejected since: the theme's other
    moderator still sees it; the participant does not. (A thread whose opening post was
    hidden stays readable, with its replies.)"""
    thread = ThreadFactory(theme=themes["atu"])
    post = PostFactory(thread=thread, status=Post.Status.PENDING)
    colleague = UserFactory(username="admin")
    colleague.is_superuser = True
    colleague.save()
    Follow.objects.bulk_create(
        Follow(user=user, target_type="thread", target_id=thread.pk)
        for user in (participant, colleague)
    )
    Post.objects.filter(pk=thread.first_post_id).update(status=Post.Status.REJECTED)

    approve_post(actor=atu_moderator, post=post)

    assert told() == {"admin"}


def _approval_queries(theme, moderator, followers: int) -> int:
    post = pending_reply(theme)
    Follow.objects.bulk_create(
        Follow(user=user, target_type="thread", target_id=post.thread_id)
        for user in UserFactory.create_batch(followers)
    )
    with CaptureQueriesContext(connection) as queries:
        approve_post(actor=moderator, post=post)
    assert Notification.objects.filter(kind=Notification.Kind.REPLY).count() == followers
    Notification.objects.all().delete()
    return len(queries)


def test_approval_costs_the_same_for_few_and_many_followers(themes, atu_moderator):
    _approval_queries(themes["atu"], atu_moderator, 1)  # the moderator's rights, read once
    assert _approval_queries(themes["atu"], atu_moderator, 2) == _approval_queries(
        themes["atu"], atu_moderator, 40
    )
