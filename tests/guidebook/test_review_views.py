import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from guidebook.models import ReviewComment, ReviewRound
from guidebook.services import add_comment, get_draft, open_review, publish_version, save_draft
from tests.factories import DEFAULT_PASSWORD, UserFactory

ONE = "Community policing builds trust between the police and the public."
TWO = "Officers need training in human rights before they are tasked with outreach."


def publish(drafter, chapter, text):
    draft = get_draft(chapter)
    save_draft(actor=drafter, chapter=chapter, text=text, base_version=draft.version)
    return publish_version(actor=drafter, chapter=chapter)


def open_for_a_week(drafter, version) -> ReviewRound:
    """Opens the version for comments by every verified participant, for seven days."""
    return open_review(
        actor=drafter,
        version=version,
        ends_at=timezone.now() + datetime.timedelta(days=7),
        audience="verified",
    )


@pytest.fixture
def v1(drafter, chapters):
    return publish(drafter, chapters["one"], f"{ONE}\n\n{TWO}")


@pytest.fixture
def drafter_client(client, drafter):
    client.force_login(drafter)
    return client


def test_drafter_opens_a_review_from_the_version_page(drafter_client, v1, client_for):
    url = reverse("guidebook:review_open", args=[1, 1])
    assert client_for("participant").get(url).status_code == 403
    page = drafter_client.get(v1.get_absolute_url()).content.decode()
    assert url in page
    ends = (timezone.now() + datetime.timedelta(days=10)).date().isoformat()
    response = drafter_client.post(url, {"ends_on": ends, "audience": "verified"})
    assert response.status_code == 302
    assert ReviewRound.objects.get(version=v1).is_open()
    past = drafter_client.post(url, {"ends_on": "2012-03-08", "audience": "verified"})
    assert past.status_code == 400


def test_review_flow_comment_carry_and_answer(drafter, drafter_client, v1, client_for, chapters):
    open_for_a_week(drafter, v1)
    participant = client_for("participant")
    page = participant.get(v1.get_absolute_url()).content.decode()
    assert "Comment on this paragraph" in page
    second = v1.paragraphs[1]["id"]
    response = participant.post(
        reverse("guidebook:comment_create", args=[1, 1]),
        {"para_id": second, "body": "What training, exactly?", "selected_text": "human rights"},
    )
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert comment.para_id == second

    v2 = publish(drafter, chapters["one"], f"{ONE}\n\n{TWO.replace('need', 'require')}")
    page = participant.get(v2.get_absolute_url()).content.decode()
    assert "What training, exactly?" in page
    assert "carried from version 1" in page
    compare = participant.get(reverse("guidebook:compare", args=[1]), {"from": 1, "to": 2})
    assert "Comments on this paragraph in version 1" in compare.content.decode()

    respond = reverse("guidebook:comment_respond", args=[comment.pk])
    answer = {"outcome": "incorporated", "reason": "Specified the curriculum."}
    assert participant.post(respond, answer).status_code == 403
    assert drafter_client.post(respond, answer).status_code == 302
    comment.refresh_from_db()
    assert comment.outcome == "incorporated"
    assert "Specified the curriculum." in participant.get(v2.get_absolute_url()).content.decode()


def test_a_failed_comment_keeps_the_text(drafter, v1, client_for):
    open_for_a_week(drafter, v1)
    response = client_for("participant").post(
        reverse("guidebook:comment_create", args=[1, 1]),
        {"para_id": v1.paragraphs[0]["id"], "body": "My careful words", "selected_text": "nope"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not in paragraph 1" in html
    assert "My careful words</textarea>" in html


def test_a_refused_reply_or_answer_is_shown_again_with_its_text(
    drafter, participant, v1, client_for, drafter_client
):
    open_for_a_week(drafter, v1)
    comment = add_comment(
        actor=participant, version=v1, para_id=v1.paragraphs[0]["id"], body="Why?"
    )
    too_long = "Careful reply. " + "x" * 10_000
    response = client_for("participant").post(
        reverse("guidebook:comment_reply", args=[comment.pk]), {"body": too_long}
    )
    assert response.status_code == 400
    assert f"{too_long}</textarea>" in response.content.decode()

    response = drafter_client.post(
        reverse("guidebook:comment_respond", args=[comment.pk]),
        {"outcome": "not_incorporated", "reason": ""},
    )
    assert response.status_code == 400
    assert "reason it was not incorporated" in response.content.decode()
    assert ReviewComment.objects.get(pk=comment.pk).is_open
    response = drafter_client.post(
        reverse("guidebook:comment_respond", args=[comment.pk]),
        {"outcome": "bogus", "reason": "My typed answer"},
    )
    assert response.status_code == 400
    assert "My typed answer</textarea>" in response.content.decode()


def test_closed_review_is_read_only(drafter, v1, client_for):
    review = open_for_a_week(drafter, v1)
    ReviewRound.objects.filter(pk=review.pk).update(ends_at=timezone.now())
    participant = client_for("participant")
    assert "Comment on a paragraph" not in participant.get(v1.get_absolute_url()).content.decode()
    response = participant.post(
        reverse("guidebook:comment_create", args=[1, 1]),
        {"para_id": v1.paragraphs[0]["id"], "body": "Too late"},
    )
    assert response.status_code == 403


def test_anonymous_visitors_read_but_must_sign_in_to_comment(drafter, v1, client):
    open_for_a_week(drafter, v1)
    assert client.get(v1.get_absolute_url()).status_code == 200
    response = client.post(reverse("guidebook:comment_create", args=[1, 1]), {"body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anonymous_readers_are_offered_to_sign_in_and_come_back_to_the_paragraph(
    drafter, v1, client, client_for
):
    review = open_for_a_week(drafter, v1)
    second = v1.paragraphs[1]["id"]
    back = f"{v1.get_absolute_url()}?para={second}#comment-form"
    page = client.get(v1.get_absolute_url()).content.decode()
    assert "Comment on this paragraph" not in page
    assert page.count("Sign in to comment<span") == 2  # one per paragraph
    login = f"{reverse('account_login')}?next={quote(back, safe='')}"
    assert f'href="{escape(login)}"' in page
    # Signing in there leads back to the form for that paragraph.
    reader = UserFactory()
    signed_in = client.post(login, {"login": reader.email, "password": DEFAULT_PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == back
    client.logout()
    participant = client_for("participant")
    assert "Sign in to comment" not in participant.get(v1.get_absolute_url()).content.decode()
    # A closed round offers nothing to sign in for.
    ReviewRound.objects.filter(pk=review.pk).update(ends_at=timezone.now())
    assert "Sign in to comment" not in client.get(v1.get_absolute_url()).content.decode()


def test_comments_on_removed_text_are_listed_on_the_next_version_with_their_quote(
    drafter, drafter_client, v1, client_for, chapters
):
    open_for_a_week(drafter, v1)
    participant = client_for("participant")
    second = v1.paragraphs[1]["id"]
    participant.post(
        reverse("guidebook:comment_create", args=[1, 1]),
        {"para_id": second, "body": "Which training?"},
    )
    v2 = publish(drafter, chapters["one"], ONE)  # paragraph 2 is gone
    comment = ReviewComment.objects.get()
    assert comment.on_removed_text and comment.version == v1
    open_for_a_week(drafter, v2)
    page = participant.get(v2.get_absolute_url()).content.decode()
    assert "Which training?" in page
    assert "on removed text" in page
    assert "On a paragraph later removed (of version 1)" in page
    assert TWO in page  # the quote: what the reviewer commented on
    # Read-only: no reply form on it, although v2 is open for comments.
    assert reverse("guidebook:comment_reply", args=[comment.pk]) not in page
    assert "Comment on this paragraph" in page
    # The drafters can still answer it from the new version's page.
    assert reverse("guidebook:comment_respond", args=[comment.pk]) in (
        drafter_client.get(v2.get_absolute_url()).content.decode()
    )


def test_the_guidebook_list_says_when_a_review_closed_by_its_end_date(
    drafter, v1, client, participant, monkeypatch
):
    ends = timezone.now() + datetime.timedelta(days=2)
    open_review(actor=drafter, version=v1, ends_at=ends, audience="verified")
    add_comment(actor=participant, version=v1, para_id=v1.paragraphs[0]["id"], body="Hm")
    page = client.get(reverse("guidebook:home")).content.decode()
    assert "In peer review" in page and "comments closed" not in page
    assert "<dt>Open review comments</dt><dd>1</dd>" in page
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=3))
    page = client.get(reverse("guidebook:home")).content.decode()
    assert f"In peer review (comments closed on {ends:%-d %b %Y})" in page
