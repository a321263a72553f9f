"""What the guidebook tells people about their input, and who it does not tell."""

from django.urls import reverse

from forum.models import Notification
from forum.services.follows import follow
from guidebook.models import Outcome, ReviewRound
from guidebook.services import (
    add_comment,
    link_contribution,
    open_review,
    record_comment_outcome,
    record_link_outcome,
    reply_to_comment,
)
from tests.factories import UserFactory
from tests.guidebook.test_review import later, publish


def told(kind) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_a_link_and_its_outcome_tell_the_author(drafter, chapters, accepted_post):
    post = accepted_post(author=UserFactory(username="author"))
    link = link_contribution(actor=drafter, post=post, chapter=chapters["one"])

    notice = Notification.objects.get(kind=Notification.Kind.GUIDEBOOK)
    assert notice.recipient == post.author
    assert notice.url == f"{reverse('guidebook:my_input')}#link-{link.pk}"

    record_link_outcome(actor=drafter, link=link, outcome=Outcome.PARTLY, reason="Shortened.")
    record_link_outcome(actor=drafter, link=link, outcome=Outcome.PARTLY, reason="Same again.")
    outcome = Notification.objects.filter(kind=Notification.Kind.GUIDEBOOK).latest("pk")
    assert "partly incorporated" in outcome.message
    assert outcome.reason == "Shortened."
    assert told(Notification.Kind.GUIDEBOOK) == ["author", "author"]


def test_a_drafter_linking_their_own_post_is_not_told(drafter, chapters, accepted_post):
    link_contribution(actor=drafter, post=accepted_post(author=drafter), chapter=chapters["one"])
    assert not Notification.objects.exists()


def test_a_new_citation_tells_the_author_once_with_the_note(drafter, chapters, accepted_post):
    post = accepted_post(author=UserFactory(username="author"))
    link_contribution(actor=drafter, post=post, chapter=chapters["one"])
    Notification.objects.all().delete()

    v1 = publish(
        drafter, chapters["one"], f"Trust first [[post:{post.pk}]].\n\nAgain [[post:{post.pk}]]."
    )
    publish(drafter, chapters["one"], f"Trust first [[post:{post.pk}]].\n\nA new paragraph.")

    notice = Notification.objects.get(kind=Notification.Kind.GUIDEBOOK)
    assert notice.recipient == post.author
    assert notice.url == f"{v1.get_absolute_url()}#note-1"


def _review(drafter, chapters):
    version = publish(drafter, chapters["one"], "One paragraph.\n\nAnother paragraph.")
    open_review(
        actor=drafter,
        version=version,
        ends_at=later(),
        audience=ReviewRound.Audience.VERIFIED,
    )
    return version


def test_opening_a_review_tells_the_chapters_followers(drafter, chapters, participant):
    follow(user=participant, target=chapters["one"])
    follow(user=drafter, target=chapters["one"])
    follow(user=UserFactory(username="other-chapter"), target=chapters["two"])

    version = _review(drafter, chapters)

    assert told(Notification.Kind.REVIEW_OPENED) == ["participant"]
    assert Notification.objects.get().url == version.get_absolute_url()


def test_comments_replies_and_answers_reach_the_right_people(
    drafter, other_drafter, chapters, participant
):
    version = _review(drafter, chapters)
    para = version.paragraphs[0]["id"]

    comment = add_comment(actor=participant, version=version, para_id=para, body="Too vague.")
    assert told(Notification.Kind.REVIEW_COMMENT) == ["drafter"]
    anchor = f"{version.get_absolute_url()}#comment-{comment.pk}"
    assert Notification.objects.get(kind=Notification.Kind.REVIEW_COMMENT).url == anchor

    reply_to_comment(actor=participant, comment=comment, body="To add: an example.")
    assert told(Notification.Kind.REVIEW_REPLY) == []

    answer = reply_to_comment(actor=drafter, comment=comment, body="We will add one.")
    record_comment_outcome(
        actor=drafter, comment=comment, outcome=Outcome.PARTLY, reason="The example is added."
    )
    record_comment_outcome(actor=drafter, comment=comment, outcome=Outcome.INCORPORATED)
    assert told(Notification.Kind.REVIEW_REPLY) == ["participant"] * 3
    urls = set(
        Notification.objects.filter(kind=Notification.Kind.REVIEW_REPLY).values_list(
            "url", flat=True
        )
    )
    assert urls == {anchor, f"{version.get_absolute_url()}#comment-{answer.pk}"}
