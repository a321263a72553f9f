"""Undo on the review desk: a decision's notifications are held for 30 seconds, undo within
them deletes the notifications and puts the post back; once anyone has been told, no undo.

Time is controlled by passing `now` to the services (and by the hold's own timestamps)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification, Post, PostEdit, PostRevision
from forum.selectors.notifications import my_notifications, unread_count
from forum.services import edit_post
from forum.services.notifications import release_held_notifications
from moderation.models import Decision, UndoableDecision
from moderation.services.decisions import approve_post, reject_post, request_changes
from moderation.services.undo import UNDO_WINDOW, decide_with_undo, undo_decision, undo_offer
from tests.factories import ThreadFactory
from tests.moderation.helpers import pending_reply, pending_thread, tag, unit_page_status

LATER = UNDO_WINDOW + timedelta(seconds=1)


def _desk(actor, post, service=approve_post, **arguments):
    return decide_with_undo(
        actor=actor, post=post, decide=lambda: service(actor=actor, post=post, **arguments)
    )


@pytest.fixture
def waiting(themes, participant):
    return pending_thread(themes["atu"], author=participant)


def test_a_desk_decision_holds_its_notifications(atu_moderator, participant, waiting):
    mail.outbox.clear()
    _desk(atu_moderator, waiting)

    notice = Notification.objects.get(recipient=participant)
    assert notice.deliver_after is not None
    assert unread_count(participant) == 0
    assert list(my_notifications(participant).object_list) == []
    assert mail.outbox == []


def test_held_notifications_appear_and_are_emailed_when_the_hold_ends(
    atu_moderator, participant, waiting, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _desk(atu_moderator, waiting)
    assert mail.outbox == []

    assert release_held_notifications(now=timezone.now()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert release_held_notifications(now=timezone.now() + LATER) == 1

    assert len(mail.outbox) == 1 and "approved" in mail.outbox[0].subject
    assert Notification.objects.get(recipient=participant).deliver_after is None
    assert unread_count(participant) == 1


def test_a_deferring_backend_is_asked_to_release_the_hold_when_it_ends(
    settings, atu_moderator, waiting, django_capture_on_commit_callbacks
):
    """With django-tasks-db (production) no one has to schedule anything: the decision queues
    the release for the moment its hold ends, once the decision has committed."""
    from django.tasks import default_task_backend

    from forum.tasks import release_held_notifications_task

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=False) as pending:
        decision = _desk(atu_moderator, waiting)
    assert default_task_backend.results == []
    for callback in pending:
        callback()

    releases = [
        r
        for r in default_task_backend.results
        if r.task.func is release_held_notifications_task.func
    ]
    assert [r.task.run_after for r in releases] == [UndoableDecision.objects.get().expires_at]
    assert decision.pk == UndoableDecision.objects.get().decision_id


def test_without_a_deferring_backend_the_next_hold_releases_the_ended_ones(
    atu_moderator, participant, themes, waiting, django_capture_on_commit_callbacks
):
    """The in-process backend (`make run`, the tests) has no worker to wake at the hold's
    end: the next desk decision sends what waited past it, and keeps its own notice held."""
    _desk(atu_moderator, waiting)
    Notification.objects.filter(recipient=participant).update(
        deliver_after=timezone.now() - timedelta(seconds=1)
    )
    other = pending_thread(themes["atu"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _desk(atu_moderator, other)

    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert Notification.objects.get(recipient=participant).deliver_after is None
    assert Notification.objects.get(recipient=other.author).deliver_after is not None


def test_undo_within_the_window_restores_the_post_and_deletes_the_notifications(
    atu_moderator, participant, waiting
):
    topic = tag("policing")
    decision = _desk(atu_moderator, waiting, tags=[topic], accept=True, note="For chapter 1")

    [post] = undo_decision(actor=atu_moderator, decision_id=decision.pk)

    post.refresh_from_db()
    assert post.status == Post.Status.PENDING
    assert (post.accepted_for_guidebook, post.guidebook_note, list(post.tags.all())) == (
        False,
        "",
        [],
    )
    assert not Notification.objects.filter(recipient=participant).exists()
    undone = Decision.objects.filter(post=post).order_by("-pk").first()
    assert undone.action == Decision.Action.UNDO
    assert undone.get_action_display() == "Decision undone"
    assert undone.details == {"undid": decision.pk, "undid_action": "approve"}
    assert not UndoableDecision.objects.exists()


@pytest.mark.parametrize(
    ("service", "arguments"),
    [(request_changes, {"reason": "Add a source."}), (reject_post, {"preset_reason": "spam"})],
)
def test_requests_and_rejections_are_undone_too(
    atu_moderator, participant, waiting, service, arguments
):
    decision = _desk(atu_moderator, waiting, service, **arguments)
    undo_decision(actor=atu_moderator, decision_id=decision.pk)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.status_reason) == (Post.Status.PENDING, "")


def test_no_undo_once_the_window_has_passed(atu_moderator, waiting):
    decision = _desk(atu_moderator, waiting)

    with pytest.raises(ValidationError, match="has been told"):
        undo_decision(actor=atu_moderator, decision_id=decision.pk, now=timezone.now() + LATER)
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.APPROVED


def test_no_undo_once_the_notification_is_out(atu_moderator, participant, waiting):
    decision = _desk(atu_moderator, waiting)
    Notification.objects.filter(recipient=participant).update(emailed_at=timezone.now())

    assert undo_offer(atu_moderator, decision.pk) is None
    with pytest.raises(ValidationError):
        undo_decision(actor=atu_moderator, decision_id=decision.pk)


def test_only_the_deciding_moderator_may_undo(atu_moderator, administrator, waiting):
    decision = _desk(atu_moderator, waiting)

    assert undo_offer(administrator, decision.pk) is None
    with pytest.raises(ValidationError):
        undo_decision(actor=administrator, decision_id=decision.pk)


def test_no_undo_after_a_later_decision(atu_moderator, waiting):
    decision = _desk(atu_moderator, waiting)
    from moderation.services.threads import hide_post

    hide_post(actor=atu_moderator, post=waiting, reason="Second thoughts")

    with pytest.raises(ValidationError, match="acted on this post since"):
        undo_decision(actor=atu_moderator, decision_id=decision.pk)


def test_undoing_the_approval_of_a_held_edit_brings_the_old_text_back(
    atu_moderator, participant, themes
):
    thread = ThreadFactory(theme=themes["atu"], author=participant, title="Old title")
    post = thread.first_post
    old_body = post.body
    edit_post(editor=participant, post=post, body="New text.", kind=post.kind, title="New title")
    decision = _desk(atu_moderator, post)
    post.refresh_from_db()
    assert post.body == "New text."

    undo_decision(actor=atu_moderator, decision_id=decision.pk)

    post.refresh_from_db()
    thread.refresh_from_db()
    assert (post.body, thread.title) == (old_body, "Old title")
    assert PostEdit.objects.get().status == PostEdit.Status.PENDING
    assert not PostRevision.objects.filter(post=post).exists()


def test_followers_hear_of_an_approval_only_after_the_hold(atu_moderator, themes, participant):
    from forum.services.follows import follow

    reply = pending_reply(themes["atu"])
    follow(user=participant, target=reply.thread)
    decision = _desk(atu_moderator, reply)
    assert Notification.objects.filter(recipient=participant).exists()
    assert unread_count(participant) == 0

    undo_decision(actor=atu_moderator, decision_id=decision.pk)
    assert not Notification.objects.filter(recipient=participant).exists()


# The desk -----------------------------------------------------------------------------------


def test_the_desk_offers_undo_after_a_decision_and_undo_works(client_for, waiting, participant):
    client = client_for("atu_moderator")
    response = client.post(
        reverse("moderation:post_decide", kwargs={"pk": waiting.pk}),
        {"decision": "reject", "preset_reason": "spam", "then": "next"},
        follow=True,
    )
    page = response.content.decode()
    assert "Nothing else is waiting in the" in page
    assert "Undo the decision" in page
    decision = Decision.objects.get(post=waiting)

    undone = client.post(
        reverse("moderation:decision_undo", kwargs={"pk": decision.pk}), follow=True
    )
    assert "Decision undone" in undone.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.PENDING
    assert not Notification.objects.filter(recipient=participant).exists()


def test_the_desk_offers_no_undo_once_the_author_was_told(client_for, waiting, participant):
    client = client_for("atu_moderator")
    client.post(
        reverse("moderation:post_decide", kwargs={"pk": waiting.pk}),
        {"decision": "approve", "then": "queue"},
    )
    Notification.objects.filter(recipient=participant).update(
        deliver_after=timezone.now() - timedelta(seconds=1)
    )
    page = client.get(reverse("moderation:unit_queue", kwargs={"code": "atu"}))
    assert "Undo the decision" not in page.content.decode()

    decision = Decision.objects.get(post=waiting)
    late = client.post(reverse("moderation:decision_undo", kwargs={"pk": decision.pk}), follow=True)
    assert "can no longer be undone" in late.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.APPROVED


@pytest.mark.parametrize(
    "who", ["anonymous", "participant", "spmu_moderator", "atu_moderator", "administrator"]
)
def test_undo_answers_each_kind_of_person(client_for, atu_moderator, waiting, who):
    decision = _desk(atu_moderator, waiting)
    response = client_for(who).post(reverse("moderation:decision_undo", kwargs={"pk": decision.pk}))

    expected = {"atu_moderator": 302, "administrator": 404}.get(who) or unit_page_status(who)
    assert response.status_code == expected
    waiting.refresh_from_db()
    assert waiting.status == (Post.Status.PENDING if who == "atu_moderator" else "approved")


# Bulk approval from the queue: one undo for the batch ---------------------------------------


def _bulk(client, posts):
    return client.post(
        reverse("moderation:bulk_approve", kwargs={"code": "atu"}),
        {"posts": [p.pk for p in posts]},
        follow=True,
    )


def test_a_bulk_approval_holds_every_notice_and_one_undo_takes_the_batch_back(
    client_for, themes, participant
):
    from forum.services.follows import follow

    posts = [pending_thread(themes["atu"], author=participant), pending_reply(themes["atu"])]
    follow(user=participant, target=posts[1].thread)
    client = client_for("atu_moderator")

    page = _bulk(client, posts).content.decode()
    assert "Approved 2 posts." in page
    assert "you can undo these 2 approvals, all at once" in page
    assert "Undo the approvals" in page
    assert unread_count(participant) == 0 and unread_count(posts[1].author) == 0
    assert UndoableDecision.objects.values("batch").distinct().count() == 1

    decision = Decision.objects.filter(post=posts[0]).get()
    undone = client.post(
        reverse("moderation:decision_undo", kwargs={"pk": decision.pk}),
        {"unit": "atu"},
        follow=True,
    )
    assert undone.redirect_chain[-1][0] == reverse("moderation:unit_queue", kwargs={"code": "atu"})
    assert "Approvals undone: 2 posts wait for review again." in undone.content.decode()
    assert [Post.objects.get(pk=p.pk).status for p in posts] == [Post.Status.PENDING] * 2
    assert not Notification.objects.exists()
    assert not UndoableDecision.objects.exists()
    assert Decision.objects.filter(action=Decision.Action.UNDO).count() == 2


def test_a_bulk_approval_is_undone_whole_or_not_at_all(atu_moderator, themes):
    from moderation.services.threads import hide_post
    from moderation.services.undo import bulk_approve_with_undo

    posts = [pending_thread(themes["atu"]), pending_thread(themes["atu"])]
    made, skipped = bulk_approve_with_undo(actor=atu_moderator, posts=posts)
    assert (len(made), skipped) == (2, [])
    hide_post(actor=atu_moderator, post=posts[1], reason="Second thoughts")

    with pytest.raises(ValidationError, match="acted on this post since"):
        undo_decision(actor=atu_moderator, decision_id=made[0].pk)
    assert Post.objects.get(pk=posts[0].pk).status == Post.Status.APPROVED
    assert UndoableDecision.objects.count() == 2


def test_no_undo_of_a_bulk_approval_once_its_hold_is_over(atu_moderator, themes):
    from moderation.services.undo import bulk_approve_with_undo

    posts = [pending_thread(themes["atu"]), pending_thread(themes["atu"])]
    made, _skipped = bulk_approve_with_undo(actor=atu_moderator, posts=posts)
    assert undo_offer(atu_moderator, made[1].pk, now=timezone.now() + LATER) is None
    with pytest.raises(ValidationError, match="has been told"):
        undo_decision(actor=atu_moderator, decision_id=made[1].pk, now=timezone.now() + LATER)
    assert {Post.objects.get(pk=p.pk).status for p in posts} == {Post.Status.APPROVED}
