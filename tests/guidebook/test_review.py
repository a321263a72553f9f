import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guidebook.models import Chapter, CommentAnchor, Outcome, ReviewComment, ReviewRound
from guidebook.permissions import visible_comments
from guidebook.services import (
    add_comment,
    get_draft,
    open_review,
    publish_version,
    record_comment_outcome,
    reply_to_comment,
    save_draft,
)
from tests.factories import UserFactory

ONE = "Community policing builds trust between the police and the public."
TWO = "Officers need training in human rights before they are tasked with outreach."
THREE = "Partnerships with civil society must never become intelligence gathering."


def later(days=7):
    return timezone.now() + datetime.timedelta(days=days)


def publish(drafter, chapter, text):
    draft = get_draft(chapter)
    save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)
    return publish_version(actor=drafter, chapter=chapter)


@pytest.fixture
def v1(drafter, chapters):
    return publish(drafter, chapters["one"], "\n\n".join([ONE, TWO, THREE]))


@pytest.fixture
def review(drafter, v1):
    return open_review(
        actor=drafter, version=v1, ends_at=later(), audience=ReviewRound.Audience.VERIFIED
    )


def para(version, n):
    return version.paragraphs[n - 1]["id"]


def test_opening_a_review_puts_the_chapter_in_review(review, chapters):
    chapters["one"].refresh_from_db()
    assert chapters["one"].state == Chapter.State.IN_REVIEW


def test_only_drafters_open_reviews_of_the_latest_version(drafter, participant, chapters, v1):
    with pytest.raises(PermissionDenied):
        open_review(actor=participant, version=v1, ends_at=later(), audience="verified")
    with pytest.raises(ValidationError, match="in the future"):
        open_review(actor=drafter, version=v1, ends_at=later(-1), audience="verified")
    with pytest.raises(ValidationError, match="at least one e-mail"):
        open_review(actor=drafter, version=v1, ends_at=later(), audience="invited")
    publish(drafter, chapters["one"], ONE)
    with pytest.raises(ValidationError, match="latest version"):
        open_review(actor=drafter, version=v1, ends_at=later(), audience="verified")


def test_verified_participant_comments_on_a_paragraph(review, v1, participant):
    comment = add_comment(
        actor=participant,
        version=v1,
        para_id=para(v1, 2),
        body="Which *training*?",
        selected_text="human rights",
    )
    assert comment.quote == TWO
    assert comment.body_html == "<p>Which <em>training</em>?</p>"
    assert comment.outcome == Outcome.OPEN and comment.is_open
    with pytest.raises(ValidationError, match="is not in paragraph 2"):
        add_comment(
            actor=participant, version=v1, para_id=para(v1, 2), body="x", selected_text="absent"
        )
    with pytest.raises(ValidationError, match="not part of this version"):
        add_comment(actor=participant, version=v1, para_id=999, body="x")


def test_unverified_people_cannot_comment(review, v1):
    unverified = UserFactory(verified=False)
    with pytest.raises(PermissionDenied):
        add_comment(actor=unverified, version=v1, para_id=para(v1, 1), body="Hello")


def test_no_comments_without_a_review_or_after_it_ends(drafter, v1, participant):
    with pytest.raises(ValidationError, match="not open for review"):
        add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Early")
    review = open_review(actor=drafter, version=v1, ends_at=later(), audience="verified")
    comment = add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="In time")
    ReviewRound.objects.filter(pk=review.pk).update(ends_at=timezone.now())
    with pytest.raises(PermissionDenied):
        add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Late")
    with pytest.raises(PermissionDenied):
        reply_to_comment(actor=participant, comment=comment, body="Late reply")
    # Drafters still answer comments after the round has closed.
    record_comment_outcome(
        actor=drafter, comment=comment, outcome=Outcome.INCORPORATED, reason="Done."
    )


def test_invited_round_takes_only_invited_reviewers(drafter, v1, participant):
    invited = UserFactory(email="Expert@Example.org")
    open_review(
        actor=drafter,
        version=v1,
        ends_at=later(),
        audience="invited",
        emails=["expert@example.org"],
    )
    comment = add_comment(actor=invited, version=v1, para_id=para(v1, 1), body="Invited view")
    with pytest.raises(PermissionDenied):
        add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Uninvited")
    assert not visible_comments(participant, ReviewComment.objects.all()).exists()
    assert list(visible_comments(invited, ReviewComment.objects.all())) == [comment]
    assert list(visible_comments(drafter, ReviewComment.objects.all())) == [comment]


def test_replies_form_a_thread(review, v1, participant, drafter):
    comment = add_comment(actor=participant, version=v1, para_id=para(v1, 2), body="Question")
    answer = reply_to_comment(actor=drafter, comment=comment, body="Answer")
    again = reply_to_comment(actor=participant, comment=answer, body="Thanks")
    assert answer.parent == comment and again.parent == comment
    assert list(comment.replies.all()) == [answer, again]


def test_answers_need_a_reason_to_decline_and_come_from_drafters(review, v1, participant, drafter):
    comment = add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Hm")
    with pytest.raises(PermissionDenied):
        record_comment_outcome(actor=participant, comment=comment, outcome="incorporated")
    with pytest.raises(ValidationError, match="reason it was not incorporated"):
        record_comment_outcome(actor=drafter, comment=comment, outcome="not_incorporated")
    with pytest.raises(ValidationError, match="Choose open, incorporated"):
        record_comment_outcome(actor=drafter, comment=comment, outcome="addressed")
    record_comment_outcome(
        actor=drafter, comment=comment, outcome="not_incorporated", reason="Elsewhere"
    )
    comment.refresh_from_db()
    assert (comment.outcome, comment.outcome_reason, comment.outcome_by) == (
        "not_incorporated",
        "Elsewhere",
        drafter,
    )
    assert comment.get_outcome_display() == "Not incorporated"


def test_comments_are_carried_to_the_next_version(review, v1, participant, drafter, chapters):
    on_two = add_comment(actor=participant, version=v1, para_id=para(v1, 2), body="On two")
    reply = reply_to_comment(actor=drafter, comment=on_two, body="Will fix")
    on_three = add_comment(actor=participant, version=v1, para_id=para(v1, 3), body="On three")
    done = add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="On one")
    record_comment_outcome(actor=drafter, comment=done, outcome="incorporated", reason="Fixed")

    # Paragraph 2 is edited, paragraph 3 deleted, a new one added.
    v2 = publish(
        drafter, chapters["one"], "\n\n".join([ONE, TWO.replace("need", "require"), "New."])
    )
    for c in (on_two, reply, on_three, done):
        c.refresh_from_db()
    assert (on_two.version, on_two.para_id) == (v2, para(v1, 2))
    assert reply.version == v2
    assert on_two.quote == TWO  # what the reviewer saw
    assert on_three.version == v1 and on_three.on_removed_text
    # Answered comments move too: the page filters open and answered ones.
    assert done.version == v2 and not done.on_removed_text
    anchors = CommentAnchor.objects.filter(comment=on_two).order_by("version__number")
    assert [a.version.number for a in anchors] == [1, 2]
    # The round on the superseded version closed; the chapter is back to drafting.
    review.refresh_from_db()
    assert not review.is_open()
    chapters["one"].refresh_from_db()
    assert chapters["one"].state == Chapter.State.DRAFTING

    # Answered on the new version, it stays with its paragraph when v3 drops it.
    record_comment_outcome(actor=drafter, comment=on_two, outcome="partly", reason="Reworded")
    publish(drafter, chapters["one"], ONE)
    on_two.refresh_from_db()
    assert on_two.version == v2 and on_two.on_removed_text


def test_a_carried_thread_takes_replies_in_the_review_of_the_new_version(
    review, v1, participant, drafter, chapters
):
    on_two = add_comment(actor=participant, version=v1, para_id=para(v1, 2), body="On two")
    on_three = add_comment(actor=participant, version=v1, para_id=para(v1, 3), body="On three")
    v2 = publish(drafter, chapters["one"], "\n\n".join([ONE, TWO.replace("need", "require")]))
    on_two.refresh_from_db()
    # v1's round closed when v2 was published, and v2 is not under review yet.
    with pytest.raises(PermissionDenied):
        reply_to_comment(actor=participant, comment=on_two, body="Too early")
    open_review(actor=drafter, version=v2, ends_at=later(), audience="verified")
    reply = reply_to_comment(actor=participant, comment=on_two, body="Better now")
    assert (reply.parent, reply.version, reply.round) == (on_two, v2, on_two.round)
    # A thread on removed text is read-only.
    on_three.refresh_from_db()
    with pytest.raises(PermissionDenied):
        reply_to_comment(actor=participant, comment=on_three, body="Where did it go?")


def test_the_round_closes_at_its_end_date_by_the_clock_alone(drafter, v1, participant, monkeypatch):
    review = open_review(actor=drafter, version=v1, ends_at=later(2), audience="verified")
    comment = add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="In time")
    # Nothing closes the round by hand: only the clock moves past its end date.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=3))
    review.refresh_from_db()
    assert not review.is_open()
    with pytest.raises(PermissionDenied):
        add_comment(actor=participant, version=v1, para_id=para(v1, 1), body="Late")
    with pytest.raises(PermissionDenied):
        reply_to_comment(actor=participant, comment=comment, body="Late reply")
    assert ReviewComment.objects.count() == 1
