"""Edits of approved posts held for review: the approved text stays public, the edit waits
in the unit's queue with a word diff, and a decision on it works as on a new post."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from forum.models import Notification, Post, PostEdit, PostRevision
from forum.services import edit_post
from moderation.models import Decision
from moderation.selectors.queues import next_in_queue, unit_queue
from moderation.services.decisions import (
    AlreadyDecided,
    approve_post,
    bulk_approve,
    reject_post,
    request_changes,
)
from tests.factories import PostFactory, ThreadFactory
from tests.moderation.helpers import tag, unit_page_status


def _text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def opening(themes, participant):
    """An approved case study opening a thread of the ATU theme, by the participant."""
    thread = ThreadFactory(
        theme=themes["atu"],
        author=participant,
        title="Community councils",
        opening__kind=Post.Kind.CASE_STUDY,
        opening__body="Councils met every month in the town hall.",
        opening__place="Vienna",
    )
    return thread.first_post


def _edit(editor, post, body, **fields):
    fields.setdefault("kind", post.kind)
    return edit_post(editor=editor, post=post, body=body, **fields)


# The service -------------------------------------------------------------------------------


def test_an_authors_edit_of_an_approved_post_is_held_and_the_public_text_stays(
    participant, opening
):
    saved = _edit(participant, opening, "Councils met every week.", title="Weekly councils")

    opening.refresh_from_db()
    opening.thread.refresh_from_db()
    assert saved.held_edit is not None
    assert opening.body == "Councils met every month in the town hall."
    assert opening.thread.title == "Community councils"
    assert opening.status == Post.Status.APPROVED
    edit = PostEdit.objects.get(post=opening)
    assert (edit.status, edit.body, edit.title) == (
        "pending",
        "Councils met every week.",
        "Weekly councils",
    )
    assert "<p>Councils met every week.</p>" in edit.body_html
    assert not PostRevision.objects.filter(post=opening).exists()


def test_a_second_edit_replaces_the_waiting_one(participant, opening):
    _edit(participant, opening, "First try.")
    _edit(participant, opening, "Second try.")

    assert list(PostEdit.objects.values_list("body", "status")) == [("Second try.", "pending")]


def test_an_edit_back_to_the_public_text_withdraws_the_waiting_one(participant, opening):
    _edit(participant, opening, "First try.")
    _edit(participant, opening, opening.body, place="Vienna", title="Community councils")

    assert not PostEdit.objects.exists()


def test_a_moderators_edit_of_their_own_post_goes_live(atu_moderator, themes):
    thread = ThreadFactory(theme=themes["atu"], author=atu_moderator)
    saved = _edit(atu_moderator, thread.first_post, "Changed at once.")

    saved.refresh_from_db()
    assert saved.body == "Changed at once."
    assert not PostEdit.objects.exists()


def test_edits_of_pending_posts_are_not_held(participant, themes):
    thread = ThreadFactory(theme=themes["atu"], author=participant, opening__status="pending")
    saved = _edit(participant, thread.first_post, "Still waiting, changed.")

    saved.refresh_from_db()
    assert saved.body == "Still waiting, changed."
    assert not PostEdit.objects.exists()


def test_small_edits_go_through_when_the_setting_allows(settings, participant, opening):
    settings.FORUM_UNREVIEWED_EDIT_MAX_CHARS = 5
    typo = "Councils met every month in the town hal."
    opening.body = typo
    opening.save()

    _edit(participant, opening, "Councils met every month in the town hall.", place="Vienna")
    opening.refresh_from_db()
    assert opening.body == "Councils met every month in the town hall."
    assert not PostEdit.objects.exists()

    _edit(participant, opening, "Councils met every month, chaired by the mayor.", place="Vienna")
    opening.refresh_from_db()
    assert opening.body == "Councils met every month in the town hall."
    assert PostEdit.objects.filter(post=opening, status="pending").exists()


def test_a_change_of_kind_is_never_small(settings, participant, opening):
    settings.FORUM_UNREVIEWED_EDIT_MAX_CHARS = 1000
    _edit(participant, opening, opening.body, kind=Post.Kind.COMMENT)

    assert PostEdit.objects.filter(post=opening, kind=Post.Kind.COMMENT).exists()


def test_approving_the_edit_replaces_the_text_and_title_and_keeps_the_old_one(
    participant, atu_moderator, opening
):
    topic = tag("policing")
    _edit(
        participant, opening, "Councils met every **week**.", title="Weekly councils", place="Graz"
    )

    decision = approve_post(actor=atu_moderator, post=opening, tags=[topic])

    opening.refresh_from_db()
    opening.thread.refresh_from_db()
    assert opening.body == "Councils met every **week**."
    assert "<strong>week</strong>" in opening.body_html
    assert (opening.place, opening.thread.title) == ("Graz", "Weekly councils")
    revision = PostRevision.objects.get(post=opening)
    assert (revision.body, revision.title, revision.place) == (
        "Councils met every month in the town hall.",
        "Community councils",
        "Vienna",
    )
    assert PostEdit.objects.get().status == "approved"
    assert decision.details["edit"] == PostEdit.objects.get().pk
    assert list(opening.tags.all()) == [topic]
    notice = Notification.objects.get(recipient=participant)
    assert "edit" in notice.message and "approved" in notice.message


def test_request_changes_on_the_edit_sends_it_back_and_the_next_edit_resubmits_it(
    participant, atu_moderator, opening
):
    _edit(participant, opening, "Weekly.")
    request_changes(actor=atu_moderator, post=opening, reason="Say which town.")

    edit = PostEdit.objects.get()
    assert (edit.status, edit.status_reason) == ("changes_requested", "Say which town.")
    opening.refresh_from_db()
    assert opening.status == Post.Status.APPROVED and opening.body.startswith("Councils met")
    notice = Notification.objects.get(recipient=participant)
    assert notice.reason == "Say which town."
    assert notice.url == reverse("forum:post_edit", kwargs={"pk": opening.pk})

    _edit(participant, opening, "Weekly, in Graz.")
    edit.refresh_from_db()
    assert (edit.status, edit.body) == ("pending", "Weekly, in Graz.")


def test_rejecting_the_edit_keeps_the_approved_text(participant, atu_moderator, opening):
    _edit(participant, opening, "Spam spam.")
    decision = reject_post(actor=atu_moderator, post=opening, preset_reason="spam")

    opening.refresh_from_db()
    assert opening.status == Post.Status.APPROVED
    assert opening.body == "Councils met every month in the town hall."
    assert PostEdit.objects.get().status == "rejected"
    assert (decision.action, decision.status_before, decision.status_after) == (
        Decision.Action.REJECT,
        "pending",
        "rejected",
    )
    assert "not published" in Notification.objects.get(recipient=participant).message


def test_a_second_decision_on_the_same_edit_loses(participant, atu_moderator, opening):
    _edit(participant, opening, "Weekly.")
    approve_post(actor=atu_moderator, post=opening)

    with pytest.raises(AlreadyDecided):
        reject_post(actor=atu_moderator, post=opening, preset_reason="spam")


def test_bulk_approval_of_an_edit_keeps_its_tags_and_guidebook_choice(
    participant, atu_moderator, opening
):
    topic = tag("policing")
    opening.status = Post.Status.PENDING
    opening.save()
    approve_post(actor=atu_moderator, post=opening, tags=[topic], accept=True, note="Chapter 2")
    _edit(participant, opening, "Weekly.", place="Vienna")
    opening.refresh_from_db()

    made, skipped = bulk_approve(actor=atu_moderator, posts=[opening])

    opening.refresh_from_db()
    assert (len(made), skipped) == (1, [])
    assert opening.body == "Weekly."
    assert opening.accepted_for_guidebook and opening.guidebook_note == "Chapter 2"
    assert list(opening.tags.all()) == [topic]


def test_the_edit_waits_in_the_units_queue_marked_as_an_edit(
    participant, atu_moderator, units, opening
):
    _edit(participant, opening, "Weekly.")

    queue = unit_queue(atu_moderator, units["atu"])
    assert [(p.pk, p.is_edit) for p in queue.posts] == [(opening.pk, True)]
    assert next_in_queue(atu_moderator, units["atu"]) == opening


def test_guidebook_links_keep_the_text_they_were_made_against(
    participant, atu_moderator, drafter, chapters, opening
):
    from guidebook.services.links import link_contribution

    opening.accepted_for_guidebook = True
    opening.save()
    link = link_contribution(actor=drafter, post=opening, chapter=chapters["one"], note="")
    _edit(participant, opening, "Weekly.", place="Vienna")
    approve_post(actor=atu_moderator, post=opening, tags=[tag("policing")], accept=True)

    link.refresh_from_db()
    assert link.linked_text == "Councils met every month in the town hall."


# The pages ---------------------------------------------------------------------------------


def test_the_author_sees_that_the_edit_waits_and_readers_see_the_approved_text(
    client_for, participant, opening
):
    author = client_for("participant")
    response = author.post(
        reverse("forum:post_edit", kwargs={"pk": opening.pk}),
        {
            "kind": "case_study",
            "title": "Weekly councils",
            "body": "Weekly now.",
            "place": "Vienna",
        },
        follow=True,
    )
    assert "Your edit is sent for review" in _text(response)
    assert "Your edit of this post is awaiting review" in _text(response)
    assert "Councils met every month" in _text(response)

    reader = client_for("spmu_moderator").get(opening.thread.get_absolute_url())
    assert "Councils met every month" in _text(reader)
    assert "Weekly now." not in _text(reader)
    assert "awaiting review" not in _text(reader)

    again = author.get(reverse("forum:post_edit", kwargs={"pk": opening.pk}))
    assert "Weekly now." in again.content.decode()
    assert "Your earlier edit is waiting for review" in _text(again)


@pytest.mark.parametrize(
    "who", ["anonymous", "participant", "spmu_moderator", "atu_moderator", "administrator"]
)
def test_the_review_page_of_an_edit_shows_the_word_diff(client_for, participant, opening, who):
    _edit(participant, opening, "Councils met every week in the town hall.", title="Weekly")
    response = client_for(who).get(reverse("moderation:post_review", kwargs={"pk": opening.pk}))

    assert response.status_code == unit_page_status(who)
    if response.status_code == 200:
        html = response.content.decode()
        assert "edit of an approved post" in _text(response)
        assert "<del>month</del><ins>week</ins>" in html
        assert "New title:" in _text(response)
        assert 'id="decide"' in html


def test_the_queue_row_is_marked_as_an_edit(client_for, participant, opening):
    _edit(participant, opening, "Weekly.", place="Vienna")
    response = client_for("atu_moderator").get(
        reverse("moderation:unit_queue", kwargs={"code": "atu"})
    )
    assert "Edit of an approved post" in _text(response)


def test_approving_the_edit_from_the_desk(client_for, participant, opening):
    _edit(participant, opening, "Weekly.", place="Vienna")
    response = client_for("atu_moderator").post(
        reverse("moderation:post_decide", kwargs={"pk": opening.pk}),
        {"decision": "approve", "then": "queue"},
    )
    assert response.status_code == 302
    opening.refresh_from_db()
    assert opening.body == "Weekly."


def test_a_reply_edit_is_held_too(participant, atu_moderator, themes):
    thread = ThreadFactory(theme=themes["atu"])
    reply = PostFactory(thread=thread, author=participant, body="Old reply.")
    _edit(participant, reply, "New reply.")

    reply.refresh_from_db()
    assert reply.body == "Old reply."
    approve_post(actor=atu_moderator, post=reply)
    reply.refresh_from_db()
    assert reply.body == "New reply."


def test_the_log_names_a_decision_on_an_edit(participant, atu_moderator, opening):
    from moderation.selectors.log import log_rows

    _edit(participant, opening, "Spam spam.")
    decision = reject_post(actor=atu_moderator, post=opening, preset_reason="spam")

    row = log_rows([decision])[0]
    assert row.target.startswith(f"Edit of approved post #{opening.pk}")
    assert row.status_change == "Awaiting review → Rejected"
