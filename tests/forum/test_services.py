"""Starting threads, replying and editing: review status, revisions, validation, refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum import selectors, services
from forum.models import ConsultationSchedule, Post, PostRevision, Thread
from tests.factories import PostFactory, ThreadFactory, UserFactory

Kind = Post.Kind
Status = Post.Status


def start(author, theme, **overrides):
    fields = {"title": "Neighbourhood officers", "kind": Kind.COMMENT, "body": "First text."}
    return services.start_thread(author=author, theme=theme, **(fields | overrides))


@pytest.fixture
def approved_thread(themes):
    return ThreadFactory(theme=themes["atu"], title="Open thread")


# start_thread ------------------------------------------------------------------------------


def test_participant_thread_waits_for_review(participant, themes):
    thread = start(participant, themes["atu"])

    assert thread.first_post.status == Status.PENDING
    assert thread.first_post.thread_id == thread.pk
    assert thread.first_post.body_html.strip() == "<p>First text.</p>"
    assert list(thread.posts.all()) == [thread.first_post]


@pytest.mark.parametrize("kind", ["atu_moderator", "administrator"])
def test_moderator_of_the_theme_and_administrator_publish_at_once(person, themes, kind):
    thread = start(person(kind), themes["atu"])
    assert thread.first_post.status == Status.APPROVED


def test_moderator_of_another_theme_waits_for_review(spmu_moderator, themes):
    thread = start(spmu_moderator, themes["atu"])
    assert thread.first_post.status == Status.PENDING


SUMMARY = {"place": "  Tajikistan ", "period": "2010–2011", "actors": "Police", "outcome": "x"}


@pytest.mark.parametrize("kind", [Kind.CASE_STUDY, Kind.GOOD_PRACTICE])
def test_structured_fields_are_kept_for_case_studies_and_good_practices(participant, themes, kind):
    post = start(participant, themes["atu"], kind=kind, **SUMMARY).first_post
    assert (post.place, post.period, post.actors, post.outcome) == (
        "Tajikistan",
        "2010–2011",
        "Police",
        "x",
    )


@pytest.mark.parametrize("kind", [Kind.COMMENT, Kind.LESSON_LEARNT, Kind.RECOMMENDATION])
def test_structured_fields_on_other_kinds_are_refused_field_by_field(participant, themes, kind):
    with pytest.raises(ValidationError) as refused:
        start(participant, themes["atu"], kind=kind, place="Tajikistan", outcome="x")
    errors = refused.value.message_dict
    assert set(errors) == {"place", "outcome"}
    assert "choose case study or good practice" in errors["place"][0]
    assert not Thread.objects.exists()


def test_other_kinds_with_an_empty_summary_are_accepted(participant, themes):
    post = start(participant, themes["atu"], kind=Kind.COMMENT, place="  ").first_post
    assert not post.has_structured_summary


def test_a_multi_line_outcome_from_a_browser_is_kept_with_plain_line_breaks(participant, themes):
    post = start(
        participant, themes["atu"], kind=Kind.CASE_STUDY, outcome="Fewer incidents.\r\nMore trust."
    ).first_post
    assert post.outcome == "Fewer incidents.\nMore trust."


def test_a_control_character_in_the_outcome_is_still_refused(participant, themes):
    with pytest.raises(ValidationError) as caught:
        start(participant, themes["atu"], kind=Kind.CASE_STUDY, outcome="bell\x07")
    assert "outcome" in caught.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "bell\x07"}, "title"),
        ({"kind": "essay"}, "kind"),
        ({"body": ""}, "body"),
        ({"body": "x" * 32_001}, "body"),
        ({"body": "null \x00 byte"}, "body"),
        ({"kind": Kind.GOOD_PRACTICE, "place": "x" * 201}, "place"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(participant, themes, overrides, field):
    with pytest.raises(ValidationError) as caught:
        start(participant, themes["atu"], **overrides)
    assert field in caught.value.message_dict
    assert not Thread.objects.exists()


def test_a_double_submitted_thread_is_stored_once(participant, themes):
    first = start(participant, themes["atu"])
    second = start(participant, themes["atu"])

    assert second.pk == first.pk
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


def test_the_same_thread_again_later_is_a_new_thread(participant, themes):
    first = start(participant, themes["atu"])
    Thread.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert start(participant, themes["atu"]).pk != first.pk


def test_closed_consultation_refuses_new_threads(participant, themes):
    now = timezone.now()
    ConsultationSchedule.objects.create(
        title="Closed", opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        start(participant, themes["atu"])


def test_consultation_not_yet_open_refuses_new_threads(participant, themes):
    ConsultationSchedule.objects.create(title="Later", opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        start(participant, themes["atu"])


def test_incomplete_profile_refuses_new_threads(themes):
    newcomer = UserFactory(display_name="", stakeholder_group="", country="")
    with pytest.raises(PermissionDenied):
        start(newcomer, themes["atu"])


# reply -------------------------------------------------------------------------------------


def test_participant_reply_waits_and_leaves_last_activity_alone(participant, approved_thread):
    before = approved_thread.last_activity_at
    post = services.reply(
        author=participant, thread=approved_thread, kind=Kind.COMMENT, body="A reply."
    )

    approved_thread.refresh_from_db()
    assert post.status == Status.PENDING
    assert approved_thread.last_activity_at == before


def test_moderator_reply_is_public_and_moves_last_activity(atu_moderator, approved_thread):
    before = approved_thread.last_activity_at
    post = services.reply(
        author=atu_moderator, thread=approved_thread, kind=Kind.RECOMMENDATION, body="Do this."
    )

    approved_thread.refresh_from_db()
    assert post.status == Status.APPROVED
    assert approved_thread.last_activity_at > before


def test_a_double_submitted_reply_is_stored_once(participant, approved_thread):
    args = {"author": participant, "thread": approved_thread, "kind": Kind.COMMENT, "body": "Hi"}
    assert services.reply(**args).pk == services.reply(**args).pk
    assert approved_thread.posts.count() == 2


def test_locked_thread_refuses_participant_replies(participant, approved_thread):
    approved_thread.locked = True
    approved_thread.save()
    with pytest.raises(PermissionDenied):
        services.reply(author=participant, thread=approved_thread, kind="comment", body="Hi")


def test_thread_awaiting_review_refuses_replies(participant, themes):
    thread = ThreadFactory(theme=themes["atu"], author=participant, opening__status="pending")
    with pytest.raises(PermissionDenied):
        services.reply(author=participant, thread=thread, kind="comment", body="Hi")


def test_closed_consultation_refuses_replies(participant, approved_thread):
    now = timezone.now()
    ConsultationSchedule.objects.create(
        title="Closed", opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        services.reply(author=participant, thread=approved_thread, kind="comment", body="Hi")


def test_reply_with_control_characters_is_refused(participant, approved_thread):
    with pytest.raises(ValidationError) as caught:
        services.reply(author=participant, thread=approved_thread, kind="comment", body="\x1b[31m")
    assert "body" in caught.value.message_dict


# edit_post ---------------------------------------------------------------------------------


def test_edit_keeps_the_earlier_text_as_a_revision(participant, approved_thread):
    # Pending: an edit of an approved post waits for review (tests/moderation/test_held_edits.py).
    post = PostFactory(
        thread=approved_thread, author=participant, body="Old **text**.", status=Status.PENDING
    )

    edited = services.edit_post(
        editor=participant, post=post, body="New *text*.", kind=Kind.LESSON_LEARNT
    )

    edited.refresh_from_db()
    assert edited.body == "New *text*."
    assert "<em>text</em>" in edited.body_html
    assert edited.kind == Kind.LESSON_LEARNT
    assert edited.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert (revision.body, revision.kind, revision.edited_by) == (
        "Old **text**.",
        Kind.COMMENT,
        participant,
    )


def test_every_edit_adds_a_revision_and_a_no_op_adds_none(participant, approved_thread):
    post = PostFactory(
        thread=approved_thread, author=participant, body="one", status=Status.PENDING
    )
    for text in ("two", "three", "three"):
        post = services.edit_post(editor=participant, post=post, body=text, kind="comment")

    bodies = list(post.revisions.order_by("edited_at", "pk").values_list("body", flat=True))
    assert bodies == ["one", "two"]


def test_edit_after_changes_requested_returns_the_post_to_review(participant, approved_thread):
    post = PostFactory(thread=approved_thread, author=participant, status=Status.CHANGES_REQUESTED)
    submitted = post.submitted_at

    edited = services.edit_post(editor=participant, post=post, body="Fixed.", kind="comment")

    edited.refresh_from_db()
    assert edited.status == Status.PENDING
    assert edited.submitted_at > submitted


def test_edit_of_an_approved_post_keeps_it_approved(participant, approved_thread):
    post = PostFactory(thread=approved_thread, author=participant)
    edited = services.edit_post(editor=participant, post=post, body="Better.", kind="comment")
    assert edited.status == Status.APPROVED


def test_edit_of_the_opening_post_may_change_the_title(participant, themes):
    thread = ThreadFactory(
        theme=themes["atu"], author=participant, title="Old title", opening__status=Status.PENDING
    )

    services.edit_post(
        editor=participant, post=thread.first_post, body="Same.", kind="comment", title="New"
    )

    thread.refresh_from_db()
    assert thread.title == "New"
    # The history keeps the title the thread had before, beside the text.
    assert thread.first_post.revisions.get().title == "Old title"
    versions = selectors.post_revisions(thread.first_post)
    assert [v.title for v in versions] == ["Old title", "New"]


def test_a_replys_revisions_carry_no_title(participant, approved_thread):
    post = PostFactory(
        thread=approved_thread, author=participant, body="First.", status=Status.PENDING
    )
    services.edit_post(editor=participant, post=post, body="Second.", kind="comment")
    assert post.revisions.get().title == ""


def test_title_is_ignored_when_editing_a_reply(participant, approved_thread):
    post = PostFactory(thread=approved_thread, author=participant)
    services.edit_post(editor=participant, post=post, body="Changed.", kind="comment", title="X")
    approved_thread.refresh_from_db()
    assert approved_thread.title == "Open thread"


def test_someone_else_cannot_edit_a_post(participant, atu_moderator, approved_thread):
    post = PostFactory(thread=approved_thread, author=participant)
    with pytest.raises(PermissionDenied):
        services.edit_post(editor=atu_moderator, post=post, body="Mine now.", kind="comment")


def test_rejected_posts_cannot_be_edited(participant, approved_thread):
    post = PostFactory(thread=approved_thread, author=participant, status=Status.REJECTED)
    with pytest.raises(PermissionDenied):
        services.edit_post(editor=participant, post=post, body="Again.", kind="comment")


def test_bad_edit_changes_nothing(participant, approved_thread):
    post = PostFactory(thread=approved_thread, author=participant, body="Kept.")
    with pytest.raises(ValidationError):
        services.edit_post(editor=participant, post=post, body="x" * 40_000, kind="comment")
    post.refresh_from_db()
    assert post.body == "Kept." and not post.revisions.exists()


# preview_markdown --------------------------------------------------------------------------


def test_preview_renders_without_storing(participant):
    html = services.preview_markdown("**bold** <script>alert(1)</script>")
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert not Post.objects.exists()
